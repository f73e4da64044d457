import { describe, expect, it } from 'vitest'
import { runCredentialsJob } from '#app/jobs/generate-documents.server'
import { readJobPayload } from '#app/jobs/payloads'
import { auditRow } from '#app/models/audit.server'
import { forwardToDirector, registerApplication, startDelivery, startReview } from '#app/operations/steps.server'
import { transitionApplication } from '#app/operations/transition.server'
import { db } from '#app/utils/db.server'
import { hashPassword, verifyPassword } from '#app/utils/password.server'
import { receive, staffActor } from '#tests/helpers/applications'

// ADR 114: two runs of one credentials job at once (a lease taken over, two workers) reset the password once, and the
// letter queued carries the password the account has.
describe('two workers on one credentials job', () => {
  it('one reset, and the mailed password is the one set', async () => {
    const pupil = await db.pupil.findFirstOrThrow({
      where: { class: { name: '5А' }, leftOn: null },
      orderBy: { lastName: 'asc' },
      include: { guardians: { include: { guardian: true } } },
    })
    const link = pupil.guardians[0]
    await db.guardianLink.update({ where: { id: link.id }, data: { statusConfirmed: true, confirmedBy: 'свидетельство' } })
    let userId = link.guardian.userId
    if (!userId)
      userId = (
        await db.user.create({
          data: {
            schoolId: pupil.schoolId,
            login: 'roditel.race',
            passwordHash: await hashPassword('Parol-roditelya-1'),
            mustChangePassword: false,
            roles: { create: { role: 'parent' } },
          },
        })
      ).id
    await db.guardian.update({ where: { id: link.guardian.id }, data: { email: 'roditel.5a@example.org', userId } })
    await db.auditEvent.create({
      data: {
        ...auditRow({ schoolId: pupil.schoolId, userId, action: 'sign-in', entity: 'user', entityId: userId }),
        at: new Date(Date.now() - 86_400_000),
      },
    })
    const app = await receive('online', '5А', { kinds: ['access'], delivery: 'email' })
    const responsible = await staffActor('responsible')
    const t = { applicationId: app.id, schoolId: app.schoolId }
    await registerApplication({ ...t, actor: responsible })
    await startReview({ ...t, actor: responsible })
    await forwardToDirector({ ...t, actor: responsible, comment: 'Проверено', proposal: 'grant' })
    await transitionApplication({ ...t, actor: await staffActor('director'), event: { type: 'GRANT' } })
    await startDelivery({ ...t, actor: await staffActor('responsible') })
    const job = await db.outboxJob.findFirstOrThrow({ where: { kind: 'credentials', payload: { contains: app.id } } })
    const payload = readJobPayload('credentials', job.payload)
    const runs = await Promise.allSettled([runCredentialsJob(job, payload), runCredentialsJob(job, payload)])
    expect(runs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled'])
    const resets = await db.auditEvent.count({ where: { action: 'issue:credentials', entityId: app.id } })
    const mails = await db.outboxJob.count({ where: { kind: 'send-email', applicationId: app.id, payload: { contains: '"secret":true' } } })
    const mail = await db.outboxJob.findFirstOrThrow({
      where: { kind: 'send-email', applicationId: app.id, payload: { contains: '"secret":true' } },
    })
    const att = (JSON.parse(mail.payload).attachments as Array<{ contentBase64?: string }>).find((a) => a.contentBase64)!
    const { default: PizZip } = await import('pizzip')
    const xml = new PizZip(Buffer.from(att.contentBase64!, 'base64'))
      .file('word/document.xml')!
      .asText()
      .replace(/<[^>]+>/g, '')
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } })
    const candidates = xml.match(/[A-Za-z0-9-]{8,}/g) ?? []
    let works = false
    for (const c of candidates) if (await verifyPassword(user.passwordHash, c)) works = true
    expect(works).toBe(true)
    expect(resets).toBe(1)
    expect(mails).toBe(1)
    expect(await db.delivery.count({ where: { applicationId: app.id, kind: 'credentials' } })).toBe(1)
  }, 120_000)
})
