import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'

// Uploads of this file go to its own folder, not to ./data (set before any module reads the environment).
const dataDir = vi.hoisted(() => {
  const dir = `${process.cwd()}/tests/.tmp/data-parent-apply-${process.pid}`
  process.env.DATA_DIR = dir
  return dir
})

import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { db } from '#app/utils/db.server'
import { StatusSummary } from '#app/components/parent/status-view'
import { getStatusView, STATUS_LINK_NOT_FOUND, type StatusView } from '#app/models/application-status.server'
import { reviewPrecheck } from '#app/models/review-precheck.server'
import { action as applyAction, loader as applyLoader } from '#app/routes/apply'
import { action as statusAction, loader as statusLoader } from '#app/routes/s.$token'
import { loader as documentLoader } from '#app/routes/s.$token.documents.$documentId'
import { loader as ownApplicationLoader } from '#app/routes/parent.applications.$applicationId'
import { loader as ownListLoader } from '#app/routes/parent.applications._index'
import { registerApplication, requestCorrection, startReview } from '#app/operations/steps.server'
import { receive, staffActor } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { ORIGIN, getRequest, settle } from '#tests/helpers/http'

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)])

async function validFields(className = '5А') {
  const pupil = await db.pupil.findFirstOrThrow({ where: { class: { name: className }, leftOn: null }, orderBy: { lastName: 'asc' } })
  return {
    'applicant.lastName': 'Сидорова',
    'applicant.firstName': 'Анна',
    'applicant.middleName': 'Петровна',
    'identity.kind': 'passport',
    'identity.number': '6310 123456',
    'identity.issuedBy': 'ГУ МВД России по Саратовской области',
    'identity.issuedOn': '2015-02-01',
    'applicant.postalAddress': 'г. Саратов, ул. Московская, д. 1, кв. 2',
    'applicant.email': 'anna@example.org',
    'applicant.phone': '+7 845 212-34-56',
    'pupil.lastName': pupil.lastName,
    'pupil.firstName': pupil.firstName,
    'pupil.middleName': pupil.middleName,
    'pupil.className': className,
    'applicant.role': 'guardian',
    periodicity: 'once',
    delivery: 'email',
    idempotencyKey: crypto.randomUUID(),
  } as Record<string, string>
}

function multipart(
  fields: Record<string, string>,
  {
    kinds = ['marks', 'attendance'],
    files = { 'documents.identity': PDF, 'documents.statusProof': PNG } as Record<string, Buffer | null>,
    ip = '10.0.0.1',
    cookie = '',
  } = {},
) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const k of kinds) form.append('kinds', k)
  for (const [k, bytes] of Object.entries(files))
    form.append(k, new File(bytes ? [new Uint8Array(bytes)] : [], bytes ? `${k}.bin` : '', { type: 'application/octet-stream' }))
  return new Request(`${ORIGIN}/apply`, {
    method: 'POST',
    body: form,
    headers: { Origin: ORIGIN, 'x-client-ip': ip, ...(cookie ? { Cookie: cookie } : {}) },
  })
}

const counts = async () => ({ applications: await db.application.count(), uploads: await db.upload.count() })
const tokenOf = (response: Response) => /\/apply\/received\/([A-Za-z0-9_-]{32})$/.exec(response.headers.get('Location') ?? '')?.[1]

describe('online application (/apply)', () => {
  it('stores one application with both uploads outside public/, and a retry of the same form changes nothing', async () => {
    const before = await counts()
    const fields = await validFields()
    const first = await settle(() => applyAction(args(multipart(fields))))
    expect(first.status).toBe(302)
    const token = tokenOf(first)!
    const app = await db.application.findUniqueOrThrow({ where: { statusToken: token }, include: { uploads: true } })
    expect(app).toMatchObject({ channel: 'online', status: 'received', applicantLastName: 'Сидорова', delivery: 'email' })
    expect(app.applicantIdentityDocument).toBe(
      'паспорт гражданина Российской Федерации 6310 123456, выдан ГУ МВД России по Саратовской области 01.02.2015',
    )
    expect(app.uploads.map((u) => [u.kind, u.mime]).sort()).toEqual([
      ['identity', 'application/pdf'],
      ['status-proof', 'image/png'],
    ])
    for (const u of app.uploads) expect(fs.existsSync(path.resolve(dataDir, u.storagePath))).toBe(true)
    expect(app.uploads.every((u) => !u.storagePath.includes('public'))).toBe(true)

    const again = await settle(() => applyAction(args(multipart(fields))))
    expect(tokenOf(again)).toBe(token)
    expect(await counts()).toEqual({ applications: before.applications + 1, uploads: before.uploads + 2 })
    // Written with the application (one transaction), once: not again by the retry.
    expect(await db.auditEvent.count({ where: { action: 'apply:online', entityId: app.id } })).toBe(1)

    const page = await statusLoader(args(getRequest(`/s/${token}`), { token }))
    const { view } = await page.json()
    expect(view.history[0].text).toBe('Заявление получено')
    expect(view.deadlines.map((d: { label: string }) => d.label)).toEqual([
      'Регистрация заявления',
      'Рассмотрение заявления',
      'Предоставление информации',
    ])
    expect(view.canWithdraw).toBe(true)
  })

  it("accepts an application with the identity document's kind and details and no copy (Порядок 3.2), keeping no file", async () => {
    const before = await counts()
    const fields = { ...(await validFields()), 'applicant.role': 'parent' }
    const response = await settle(() =>
      applyAction(args(multipart(fields, { files: { 'documents.identity': null, 'documents.statusProof': null } }))),
    )
    expect(response.status).toBe(302)
    const app = await db.application.findUniqueOrThrow({ where: { statusToken: tokenOf(response)! }, include: { uploads: true } })
    expect(app.applicantIdentityDocument).toMatch(/^паспорт гражданина Российской Федерации 6310 123456, выдан/)
    expect(app.uploads).toEqual([])
    expect(await counts()).toEqual({ applications: before.applications + 1, uploads: before.uploads })
    // The review's pre-check does not ask an electronic application for a copy either.
    const { identityDocumentGaps } = await import('#workflows/identity-document')
    expect(identityDocumentGaps({ channel: app.channel, details: app.applicantIdentityDocument, copy: false })).toEqual([])
  })

  it('answers bad input with Russian messages per field and stores nothing', async () => {
    const before = await counts()
    const fields = { ...(await validFields()), 'applicant.lastName': '', 'pupil.className': '13Я', 'applicant.email': '' }
    const response = await settle(() =>
      applyAction(
        args(
          multipart(fields, { kinds: [], files: { 'documents.identity': Buffer.from('not a pdf at all'), 'documents.statusProof': null } }),
        ),
      ),
    )
    expect(response.status).toBe(400)
    const { errors } = await response.json()
    expect(errors['applicant.lastName']).toBe('Укажите фамилию')
    expect(errors['pupil.className']).toBe('Класс — номер и буква, например 5А')
    expect(errors['applicant.email']).toBe('Укажите адрес электронной почты: ответ придёт на него')
    expect(errors.kinds).toBe('Отметьте хотя бы один вид информации')
    expect(errors['documents.statusProof']).toBe(
      'Приложите копию документа, подтверждающего статус законного представителя (опекуна, попечителя)',
    )
    expect(await counts()).toEqual(before)

    const fieldsOk = await validFields()
    const wrongType = await settle(() =>
      applyAction(
        args(multipart(fieldsOk, { files: { 'documents.identity': Buffer.from('MZ executable'), 'documents.statusProof': PNG } })),
      ),
    )
    expect(wrongType.status).toBe(400)
    expect((await wrongType.json()).errors['documents.identity']).toMatch(/PDF, JPEG или PNG/)
    expect(await counts()).toEqual(before)
  })

  it('refuses an issue date of the school’s tomorrow, which the form lets pass for the latest day anywhere (UTC+14)', async () => {
    const school = await db.school.findFirstOrThrow()
    expect(school.timeZone).toBe('Europe/Saratov')
    // The limits' counters this test moves are dated by its fixed clock: put back as they were. Shared with the other
    // tests, a run up to an hour before that moment found the page-less sender's three applications spent (429).
    const counters = await db.throttleCounter.findMany()
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(new Date('2026-12-07T20:30:00+04:00')) // 20:30 in Saratov: 08.12 already at UTC+14
      const before = await counts()
      const fields = await validFields()
      // An address of its own: the counters of the other tests' address are dated by the real clock, not this one.
      const tomorrow = await settle(() =>
        applyAction(args(multipart({ ...fields, 'identity.issuedOn': '08.12.2026' }, { ip: '10.0.0.166' }))),
      )
      expect(tomorrow.status).toBe(400)
      expect((await tomorrow.json()).errors['identity.issuedOn']).toBe(
        'Дата выдачи не может быть позже сегодняшнего дня (07.12.2026 по времени школы)',
      )
      expect(await counts()).toEqual(before)
      const today = await settle(() =>
        applyAction(
          args(multipart({ ...fields, idempotencyKey: crypto.randomUUID(), 'identity.issuedOn': '07.12.2026' }, { ip: '10.0.0.166' })),
        ),
      )
      expect(today.status).toBe(302)
    } finally {
      vi.useRealTimers()
      await db.throttleCounter.deleteMany()
      await db.throttleCounter.createMany({ data: counters })
    }
  })

  // Порядок 2.7: «документ, подтверждающий статус заявителя (оригинал представляется для просмотра при личном
  // обращении законных представителей, копия - при обращении с помощью почтовой связи)»: the памятка asks it only of
  // representatives who are not parents; a parent is checked against the journal's guardian records instead.
  it('asks the status document only from a guardian or another representative, never from «я родитель»', async () => {
    const before = await counts()
    const f = await validFields()
    // Two applications of its own, from an address of its own: the page-less sender's limit is three an hour (ADR 023).
    const noRole = await settle(() => applyAction(args(multipart({ ...f, idempotencyKey: crypto.randomUUID(), 'applicant.role': '' }))))
    expect(noRole.status).toBe(400)
    expect((await noRole.json()).errors['applicant.role']).toBe('Укажите, кем вы приходитесь обучающемуся')
    const representative = await settle(() =>
      applyAction(
        args(
          multipart(
            { ...f, idempotencyKey: crypto.randomUUID(), 'applicant.role': 'representative' },
            { files: { 'documents.identity': PDF, 'documents.statusProof': null }, ip: '10.0.0.192' },
          ),
        ),
      ),
    )
    expect((await representative.json()).errors['documents.statusProof']).toBe(
      'Приложите копию документа, подтверждающего статус законного представителя (опекуна, попечителя)',
    )
    expect(await counts()).toEqual(before)

    const parent = await settle(() =>
      applyAction(
        args(
          multipart(
            { ...f, idempotencyKey: crypto.randomUUID(), 'applicant.role': 'parent' },
            { files: { 'documents.identity': PDF, 'documents.statusProof': null }, ip: '10.0.0.192' },
          ),
        ),
      ),
    )
    expect(parent.status).toBe(302)
    const app = await db.application.findUniqueOrThrow({ where: { statusToken: tokenOf(parent)! }, include: { uploads: true } })
    expect(app.applicantRole).toBe('parent')
    expect(app.uploads.map((u) => u.kind)).toEqual(['identity'])
    // A parent's status document sent anyway is not kept: the form does not ask it of them.
    const extra = await settle(() =>
      applyAction(
        args(
          multipart(
            {
              ...f,
              idempotencyKey: crypto.randomUUID(),
              'applicant.role': 'parent',
              'identity.number': '6310 654321',
              'applicant.email': 'other@example.org',
            },
            { ip: '10.0.0.192' },
          ),
        ),
      ),
    )
    const second = await db.application.findUniqueOrThrow({ where: { statusToken: tokenOf(extra)! }, include: { uploads: true } })
    expect(second.uploads.map((u) => u.kind)).toEqual(['identity'])
  })

  // 152-ФЗ ст. 6 ч. 1 п. 4: «обработка персональных данных необходима для … предоставления государственной или
  // муниципальной услуги»: no consent is asked; the form informs (operator, purpose, legal basis) and never blocks.
  it('informs about personal-data processing instead of demanding a consent', async () => {
    const page = await (await applyLoader(args(getRequest('/apply')))).json()
    const f = await validFields()
    const school = await db.school.findFirstOrThrow()
    expect(page.operator).toEqual({ fullName: school.fullName, address: school.address, phone: school.phone })
    const sent = await settle(() =>
      applyAction(
        args(
          multipart(
            {
              ...f,
              idempotencyKey: crypto.randomUUID(),
              'applicant.email': 'notice@example.org',
              'identity.number': '6310 777777',
              consent: '',
            },
            { ip: '10.0.0.77' },
          ),
        ),
      ),
    )
    expect(sent.status).toBe(302)
  })

  it('drops a robot that fills the hidden field, and refuses a sender without a page token after three applications an hour', async () => {
    const before = await counts()
    const botFields = await validFields()
    const bot = await settle(() => applyAction(args(multipart({ ...botFields, website: 'http://spam.example' }))))
    expect(bot.status).toBe(400)
    expect(await counts()).toEqual(before)

    // No form token: a script (ADR 023). Three go through, the fourth is refused with the time to come back.
    for (let i = 0; i < 3; i++) {
      const ok = await settle(() =>
        applyAction(
          args(
            multipart(
              {
                ...botFields,
                idempotencyKey: crypto.randomUUID(),
                'applicant.email': `script${i}@example.org`,
                'identity.number': `6310 00000${i}`,
              },
              { ip: '10.9.9.9' },
            ),
          ),
        ),
      )
      expect(ok.status).toBe(302)
    }
    const afterThree = await counts()
    const throttled = await settle(() =>
      applyAction(
        args(
          multipart(
            {
              ...botFields,
              idempotencyKey: crypto.randomUUID(),
              'applicant.email': 'script9@example.org',
              'identity.number': '6310 000009',
            },
            { ip: '10.9.9.9' },
          ),
        ),
      ),
    )
    expect(throttled.status).toBe(429)
    expect(Number(throttled.headers.get('Retry-After'))).toBeGreaterThan(3000)
    expect((await throttled.json()).formError).toMatch(
      new RegExp(
        String.raw`^Без открытой страницы заявления подано слишком много заявлений\. Попробуйте снова после ` +
          String.raw`\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} или подайте заявление в школе лично\.$`,
      ),
    )
    expect(await counts()).toEqual(afterThree)
  })

  it('prefills from the signed-in parent and only from their own child', async () => {
    const cookie = await signIn('parent')
    const user = await db.user.findUniqueOrThrow({
      where: { login: 'parent' },
      include: { guardian: { include: { links: { include: { pupil: true } } } } },
    })
    const own = user.guardian!.links[0].pupil
    const stranger = await db.pupil.findFirstOrThrow({ where: { guardians: { none: { guardianId: user.guardian!.id } } } })
    const mine = await (await applyLoader(args(getRequest(`/apply?pupil=${own.id}`, cookie)))).json()
    expect(mine.defaults.applicant.lastName).toBe(user.guardian!.lastName)
    expect(mine.defaults.pupil.firstName).toBe(own.firstName)
    const theirs = await (await applyLoader(args(getRequest(`/apply?pupil=${stranger.id}`, cookie)))).json()
    expect(theirs.defaults.pupil).toEqual({ lastName: '', firstName: '', middleName: '', className: '' })
    const anonymous = await (await applyLoader(args(getRequest(`/apply?pupil=${own.id}`)))).json()
    expect(anonymous.defaults.applicant.lastName).toBe('')
  })
})

describe('status page by private link (/s/<token>)', () => {
  it('answers a wrong token with 404 and nothing else', async () => {
    for (const token of ['x', 'A'.repeat(32), "' OR 1=1 --", 'a'.repeat(500)]) {
      const response = await settle(() => statusLoader(args(getRequest(`/s/${encodeURIComponent(token)}`), { token })))
      expect(response.status).toBe(404)
      // The same words for every reason (nothing about why), saying what to do rather than repeating the heading.
      expect(await response.text()).toBe(STATUS_LINK_NOT_FOUND)
    }
  })

  it(
    'never shows the applicant the school’s own reminder margin «срок истекает»: ' +
      'within the term is «в срок», past it «просрочено» (issue 19, item 7)',
    async () => {
      const app = await receive('online')
      const stateAt = async (now: Date) => Object.fromEntries((await getStatusView(app, now)).deadlines.map((d) => [d.key, d.state]))
      // A minute before the registration term ends: inside the school's margin, yet still within the term for the applicant.
      const justBefore = await stateAt(new Date(app.registrationDue.getTime() - 60_000))
      expect(justBefore.registration).toBe('в срок')
      expect(Object.values(justBefore)).not.toContain('срок истекает')
      expect((await stateAt(new Date(app.registrationDue.getTime() + 60_000))).registration).toBe('просрочено')
    },
  )

  it('withdraws after confirmation, with the portal wording in the history', async () => {
    const app = await receive('online')
    const post = (fields: Record<string, string>) =>
      new Request(`${ORIGIN}/s/${app.statusToken}`, { method: 'POST', body: new URLSearchParams(fields), headers: { Origin: ORIGIN } })
    const response = await settle(() =>
      statusAction(args(post({ intent: 'withdraw', version: String(app.version) }), { token: app.statusToken })),
    )
    expect(response.headers.get('Location')).toBe(`/s/${app.statusToken}?done=withdrawn`)
    const { view } = await (await statusLoader(args(getRequest(`/s/${app.statusToken}`), { token: app.statusToken }))).json()
    expect(view.status).toBe('withdrawn')
    expect(view.history.map((h: { text: string }) => h.text)).toEqual(['Заявление получено', 'Заявление отменено'])
    expect(view.canWithdraw).toBe(false)
    const again = await settle(() => statusAction(args(post({ intent: 'withdraw' }), { token: app.statusToken })))
    expect(again.status).toBe(400)
    expect((await again.json()).error).toMatch(/недоступно/)
  })

  it('answers a correction request with the missing document', async () => {
    const responsible = await staffActor('responsible')
    const app = await receive('online')
    const t = { applicationId: app.id, schoolId: app.schoolId, actor: responsible }
    await registerApplication(t)
    await startReview(t)
    await requestCorrection({ ...t, items: ['Приложите копию свидетельства о рождении'] })
    const { view } = await (await statusLoader(args(getRequest(`/s/${app.statusToken}`), { token: app.statusToken }))).json()
    expect(view.correctionItems).toEqual(['Приложите копию свидетельства о рождении'])
    expect(view.history.map((h: { text: string }) => h.text)).toEqual([
      'Заявление получено',
      expect.stringMatching(/^Заявление зарегистрировано № \d+ от \d\d\.\d\d\.\d{4}$/),
      'Заявление принято к рассмотрению',
      'Заявление требует исправления',
    ])

    const form = new FormData()
    form.append('intent', 'correction')
    form.append('note', 'Прилагаю свидетельство')
    form.append('file', new File([new Uint8Array(PDF)], 'свидетельство.pdf', { type: 'application/pdf' }))
    const response = await settle(() =>
      statusAction(args(new Request(`${ORIGIN}/s/${app.statusToken}`, { method: 'POST', body: form }), { token: app.statusToken })),
    )
    expect(response.headers.get('Location')).toBe(`/s/${app.statusToken}?done=corrected`)
    const after = await db.application.findUniqueOrThrow({ where: { id: app.id }, include: { uploads: true } })
    expect(after.status).toBe('in_review')
    expect(after.uploads.map((u) => [u.kind, u.fileName])).toEqual([['correction', 'свидетельство.pdf']])
  })

  it('lists a document once, its Word file and PDF copy as two links, and names the room once', async () => {
    const doc = (applicationId: string, sourceKey: string, fileName: string, mime: string) =>
      db.storedDocument.create({
        data: { applicationId, kind: 'acceptance-refusal-notice', fileName, mime, sha256: 'x', content: PDF, sourceKey },
      })
    const viewOf = async (token: string) =>
      (await (await statusLoader(args(getRequest(`/s/${token}`), { token }))).json()).view as StatusView
    const byEmail = await receive('online')
    await doc(
      byEmail.id,
      `${byEmail.id}:notice`,
      'Уведомление.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    )
    await doc(byEmail.id, `${byEmail.id}:notice:pdf`, 'Уведомление.pdf', 'application/pdf')
    const view = await viewOf(byEmail.statusToken)
    expect(view.documents).toHaveLength(1)
    expect(view.documents[0].files.map((f) => [f.format, f.fileName])).toEqual([
      ['Word', 'Уведомление.docx'],
      ['PDF', 'Уведомление.pdf'],
    ])
    const emailHtml = renderToStaticMarkup(createElement(StatusSummary, { view, token: byEmail.statusToken }))
    expect(emailHtml.match(/Уведомление об отказе в приёме документов/g)).toHaveLength(3) // the item and its two links' names

    const inPerson = await receive('online', '5А', { delivery: 'in_person' })
    await doc(
      inPerson.id,
      `${inPerson.id}:notice`,
      'Уведомление.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    )
    await doc(inPerson.id, `${inPerson.id}:notice:pdf`, 'Уведомление.pdf', 'application/pdf')
    await db.school.update({ where: { id: inPerson.schoolId }, data: { responsibleRoom: 'каб. 105' } })
    const html = renderToStaticMarkup(
      createElement(StatusSummary, { view: await viewOf(inPerson.statusToken), token: inPerson.statusToken }),
    )
    expect(html.match(/уведомление об отказе в приёме документов/g)).toHaveLength(1)
    expect(html).toContain('кабинет 105')
    expect(html).not.toContain('кабинет каб')
  })

  it('serves a document addressed to the applicant only through its own link and only for e-mail delivery', async () => {
    const mine = await receive('online')
    const other = await receive('online')
    const byPost = await receive('online', '5А', { delivery: 'post' })
    const doc = (applicationId: string) =>
      db.storedDocument.create({
        data: { applicationId, kind: 'extract', fileName: 'выписка.pdf', mime: 'application/pdf', sha256: 'x', content: PDF },
      })
    const [d1, d2, d3] = [await doc(mine.id), await doc(other.id), await doc(byPost.id)]
    const get = (token: string, documentId: string) =>
      settle(() => documentLoader(args(getRequest(`/s/${token}/documents/${documentId}`), { token, documentId })))
    const ok = await get(mine.statusToken, d1.id)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('Content-Disposition')).toContain("filename*=UTF-8''%D0%B2%D1%8B%D0%BF%D0%B8%D1%81%D0%BA%D0%B0.pdf")
    expect(Buffer.from(await ok.arrayBuffer()).equals(PDF)).toBe(true)
    expect((await get(mine.statusToken, d2.id)).status).toBe(404)
    expect((await get(byPost.statusToken, d3.id)).status).toBe(404)
    expect((await get('B'.repeat(32), d1.id)).status).toBe(404)
  })
})

/** The demo parent signed in, their guardian record and their first child. */
async function demoParent() {
  const cookie = await signIn('parent')
  const user = await db.user.findUniqueOrThrow({
    where: { login: 'parent' },
    include: { guardian: { include: { links: { include: { pupil: { include: { class: true } } } } } } },
  })
  const g = user.guardian!
  return { cookie, g, child: g.links[0].pupil }
}

describe('the parent’s own applications', () => {
  it('opens their own application and answers 404 for another family’s', async () => {
    const { cookie, g, child } = await demoParent()
    const own = await receive('online', child.class.name, {
      applicant: {
        lastName: g.lastName,
        firstName: g.firstName,
        middleName: g.middleName,
        identityDocument: 'паспорт 6310 000001',
        postalAddress: g.postalAddress,
        email: 'p@example.org',
        phone: '',
      },
      pupil: { lastName: child.lastName, firstName: child.firstName, middleName: child.middleName, className: child.class.name },
    })
    const foreign = await receive('online', child.class.name, {
      applicant: {
        lastName: 'Чужова',
        firstName: 'Вера',
        middleName: '',
        identityDocument: 'паспорт 6310 000002',
        postalAddress: 'г. Саратов',
        email: 'v@example.org',
        phone: '',
      },
      pupil: { lastName: child.lastName, firstName: child.firstName, middleName: child.middleName, className: child.class.name },
    })
    const open = await settle(() =>
      ownApplicationLoader(args(getRequest(`/parent/applications/${own.id}`, cookie), { applicationId: own.id })),
    )
    expect(open.headers.get('Location')).toBe(`/s/${own.statusToken}`)
    const denied = await settle(() =>
      ownApplicationLoader(args(getRequest(`/parent/applications/${foreign.id}`, cookie), { applicationId: foreign.id })),
    )
    expect(denied.status).toBe(404)
    expect(await denied.text()).not.toContain(foreign.statusToken)
  })

  it('lists their own applications a page at a time, newest first, and never another family’s', async () => {
    const { cookie, g, child } = await demoParent()
    const pupil = { lastName: child.lastName, firstName: child.firstName, middleName: child.middleName, className: child.class.name }
    const applicant = { lastName: g.lastName, firstName: g.firstName, middleName: g.middleName, postalAddress: g.postalAddress, phone: '' }
    const base = Date.parse('2026-11-02T09:00:00Z')
    for (let i = 0; i < 52; i++) {
      const at = new Date(base + Math.floor(i / 2) * 60_000) // two at each minute: the id orders them
      await receive(
        'online',
        child.class.name,
        { applicant: { ...applicant, identityDocument: `паспорт 6310 ${i}`, email: 'p@example.org' }, pupil },
        at,
      )
    }
    const foreign = await receive(
      'online',
      child.class.name,
      { applicant: { ...applicant, lastName: 'Чужова', identityDocument: 'паспорт 6310 9', email: 'v@example.org' }, pupil },
      new Date(base + 5 * 60_000),
    )
    type Page = { applications: { rows: Array<{ id: string }>; next: string | null }; paged: boolean }
    const page = async (query: string) =>
      (await settle(() => ownListLoader(args(getRequest(`/parent/applications${query}`, cookie))))).json() as Promise<Page>
    const first = await page('')
    expect(first.applications.rows).toHaveLength(50)
    expect(first.applications.next).not.toBeNull()
    const second = await page(`?after=${encodeURIComponent(first.applications.next!)}`)
    expect(second.paged).toBe(true)
    const all = [...first.applications.rows, ...second.applications.rows].map((r) => r.id)
    expect(new Set(all).size).toBe(all.length) // no row on both pages
    const own = await db.application.findMany({
      where: { applicantLastName: g.lastName, applicantFirstName: g.firstName, pupilId: child.id },
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      select: { id: true },
    })
    expect(all).toEqual(own.map((a) => a.id).slice(0, all.length))
    expect(all.length).toBe(Math.min(own.length, 100))
    expect(all).not.toContain(foreign.id)
    // A cursor of another shape is the first page, not an error.
    expect((await page('?after=%27%20OR%201%3D1')).applications.rows.map((r) => r.id)).toEqual(first.applications.rows.map((r) => r.id))
  }, 60_000)
})

describe('an application filed from the parent’s account', () => {
  it('keeps the signed-in guardian only when they are the applicant and the pupil’s guardian', async () => {
    const { cookie, g, child } = await demoParent()
    let n = 0
    const mine = async (changes: Record<string, string>, signedIn = cookie) => {
      const fields = {
        ...(await validFields(child.class.name)),
        'applicant.lastName': g.lastName,
        'applicant.firstName': g.firstName,
        'applicant.middleName': g.middleName,
        'applicant.role': 'parent',
        'applicant.email': 'new-address@example.org', // not the journal's: the account, not the address, says who it is
        'pupil.lastName': child.lastName,
        'pupil.firstName': child.firstName,
        'pupil.middleName': child.middleName,
        ...changes,
      }
      const response = await settle(() =>
        applyAction(args(multipart(fields, { cookie: signedIn, files: { 'documents.identity': PDF }, ip: `10.7.0.${++n}` }))),
      )
      if (!tokenOf(response)) throw new Error(await response.text())
      return db.application.findUniqueOrThrow({ where: { statusToken: tokenOf(response)! } })
    }
    const own = await mine({})
    expect(own.guardianId).toBe(g.id)
    const pre = (await reviewPrecheck(own.schoolId, own.id))!
    expect(pre.items).toContainEqual(expect.objectContaining({ label: 'Адрес для ответа известен школе', ok: true }))
    expect(pre.concerns).toEqual([])

    // Signed in, but in another person's name; or not signed in at all: a name is not the account.
    expect((await mine({ 'applicant.firstName': 'Другая' })).guardianId).toBeNull()
    expect((await mine({}, '')).guardianId).toBeNull()
    // Signed in, applying about a child who is not theirs.
    const other = await db.pupil.findFirstOrThrow({
      where: { guardians: { none: { guardianId: g.id } }, class: { name: child.class.name }, leftOn: null },
    })
    const foreign = await mine({
      'pupil.lastName': other.lastName,
      'pupil.firstName': other.firstName,
      'pupil.middleName': other.middleName,
    })
    expect(foreign.pupilId).toBe(other.id)
    expect(foreign.guardianId).toBeNull()
  })
})
