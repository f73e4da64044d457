// The credentials letter is made by whoever issues credentials — the class teacher, the ЭЖ administrator (ADR 019) —
// who does not read the application. Its data holds the applicant's name only: a template uploaded by the
// administrator that asks for the identity document, e-mail or phone prints nothing there. Before, the whole
// applicant block (passport details included) was handed to the template.
import PizZip from 'pizzip'
import { describe, expect, it } from 'vitest'
import { runOutbox } from '#app/jobs/outbox.server'
import { loadTemplate } from '#app/documents/render.server'
import { uploadTemplateVersion } from '#app/models/templates.server'
import { forwardToDirector, registerApplication, startDelivery, startReview } from '#app/operations/steps.server'
import { transitionApplication } from '#app/operations/transition.server'
import { action as credentialsAction } from '#app/routes/classes.$classId.credentials'
import { db } from '#app/utils/db.server'
import { receive, staffActor } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { docxText } from '#tests/helpers/docx'
import { ORIGIN, settle } from '#tests/helpers/http'

const PROBE = 'ПАСПОРТ:{applicant.identityDocument}|ТЕЛЕФОН:{applicant.phone}|ПОЧТА:{applicant.email}|ИМЯ:{applicant.fullName}'

/** The shipped credentials letter with one more paragraph that asks for the applicant's details. */
function probingTemplate(): Buffer {
  const zip = new PizZip(loadTemplate('rekvizity-dostupa'))
  const xml = zip.file('word/document.xml')!.asText()
  zip.file('word/document.xml', xml.replace(/<w:sectPr\b/, `<w:p><w:r><w:t xml:space="preserve">${PROBE}</w:t></w:r></w:p><w:sectPr`))
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' })
}

describe('the credentials letter’s data', () => {
  it('a template asking for the applicant’s identity document, phone and e-mail gets nothing; the name prints', async () => {
    const pupil = await db.pupil.findFirstOrThrow({
      where: { class: { name: '5А' }, leftOn: null },
      orderBy: { lastName: 'asc' },
      include: { guardians: true },
    })
    await db.guardianLink.update({
      where: { id: pupil.guardians[0].id },
      data: { statusConfirmed: true, confirmedBy: 'свидетельство о рождении' },
    })
    const app = await receive('online', '5А', { kinds: ['access'], delivery: 'in_person' })
    expect(app.applicantIdentityDocument).toMatch(/6310 123456/)
    const t = { applicationId: app.id, schoolId: app.schoolId }
    const responsible = await staffActor('responsible')
    await registerApplication({ ...t, actor: responsible })
    await startReview({ ...t, actor: responsible })
    await forwardToDirector({ ...t, actor: responsible, comment: 'Проверено', proposal: 'grant' })
    await transitionApplication({ ...t, actor: await staffActor('director'), event: { type: 'GRANT' } })
    await startDelivery({ ...t, actor: responsible })
    await runOutbox(new Date(Date.now() + 1000))

    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    expect(await uploadTemplateVersion('rekvizity-dostupa', probingTemplate(), admin.id)).toMatchObject({ ok: true })

    const request = new Request(`${ORIGIN}/classes/${pupil.classId}/credentials`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: ORIGIN,
        'x-client-ip': '127.0.0.1',
        Cookie: await signIn('popova.ym'),
      },
      body: new URLSearchParams({ from: 'teacher', intent: 'letter', applicationId: app.id }),
    })
    const response = await settle(() => credentialsAction({ request, params: { classId: pupil.classId }, context: {} }))
    expect(response.status).toBe(200)
    const text = docxText(Buffer.from(await response.arrayBuffer()))
    const name = [app.applicantLastName, app.applicantFirstName, app.applicantMiddleName].filter(Boolean).join(' ')
    expect(text).toContain(`ПАСПОРТ:|ТЕЛЕФОН:|ПОЧТА:|ИМЯ:${name}`)
    expect(text).not.toContain('6310 123456')
  })
})
