import fs from 'node:fs'
import { afterAll, describe, expect, it, vi } from 'vitest'

// Uploads of this file go to its own folder (set before any module reads the environment).
const dataDir = vi.hoisted(() => {
  const dir = `${process.cwd()}/tests/.tmp/data-staff-routes-${process.pid}`
  process.env.DATA_DIR = dir
  return dir
})

import { db } from '#app/utils/db.server'
import { CONFLICT_MESSAGE } from '#app/operations/errors'
import { loader as queueLoader } from '#app/routes/staff.applications._index'
import { action as pageAction, loader as pageLoader } from '#app/routes/staff.applications.$id'
import { loader as documentLoader } from '#app/routes/staff.applications.$id.documents.$docId'
import { loader as uploadLoader } from '#app/routes/staff.applications.$id.uploads.$uploadId'
import { action as deskAction, loader as deskLoader } from '#app/routes/staff.intake._index'
import { action as postAction } from '#app/routes/staff.intake.post'
import { loader as searchLoader } from '#app/routes/staff.intake.search'
import { loader as decisionsLoader } from '#app/routes/staff.decisions'
import { action as logAction, loader as logLoader } from '#app/routes/staff.log'
import { loader as meetingLoader } from '#app/routes/staff.meeting._index'
import { action as meetingKitAction } from '#app/routes/staff.meeting.kit'
import { loader as logDownloadLoader } from '#app/routes/staff.log.download'
import { loader as slidesLoader } from '#app/routes/staff.meeting.slides'
import { loader as postListLoader } from '#app/routes/staff.delivery.post'
import { loader as groundsLoader } from '#app/routes/staff.settings.grounds'
import { loader as auditLoader } from '#app/routes/staff.audit'
import { loader as activityLoader } from '#app/routes/staff.activity'
import { loader as pupilCardLoader } from '#app/routes/staff.pupils.$pupilId'
import { loader as dashboardLoader } from '#app/routes/staff.dashboard'
import { loader as batchLoader } from '#app/routes/staff.delivery.batch'
import { demoLogins } from '../../prisma/seed/seed.server'
import { receive, staffActor } from '#tests/helpers/applications'
import { registerApplication } from '#app/operations/steps.server'
import { signIn } from '#tests/helpers/auth'
import PizZip from 'pizzip'
import { genitiveFullName } from '#workflows/declension'
import { ORIGIN, formRequest, getRequest, settle } from '#tests/helpers/http'

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

async function loginOf(role: string) {
  return (await demoLogins(db)).find((l) => l.role === role)!.login
}

async function familyOf(className: string) {
  const pupil = await db.pupil.findFirstOrThrow({
    where: { class: { name: className }, leftOn: null },
    orderBy: { lastName: 'desc' },
    include: { guardians: { include: { guardian: true } } },
  })
  const g = pupil.guardians[0].guardian
  return {
    'applicant.lastName': g.lastName,
    'applicant.firstName': g.firstName,
    'applicant.middleName': g.middleName,
    'applicant.identityDocument': 'паспорт 6310 123456, выдан 01.02.2015',
    'applicant.postalAddress': g.postalAddress,
    'applicant.email': g.email,
    'applicant.phone': g.phone,
    'pupil.lastName': pupil.lastName,
    'pupil.firstName': pupil.firstName,
    'pupil.middleName': pupil.middleName,
    'pupil.className': className,
    kinds: 'attendance',
    periodicity: 'once',
  } as Record<string, string>
}

describe('permissions', () => {
  it('closes every staff page to parents and teachers (403), and intake to staff who do not register', async () => {
    const app = await receive('post')
    const pages: Array<[string, (r: Request) => Promise<unknown>]> = [
      ['/staff/applications', (r) => queueLoader(args(r))],
      [`/staff/applications/${app.id}`, (r) => pageLoader(args(r, { id: app.id }))],
      ['/staff/intake', (r) => deskLoader(args(r))],
      ['/staff/intake/search?q=Ив', (r) => searchLoader(args(r))],
      ['/staff/decisions', (r) => decisionsLoader(args(r))],
      ['/staff/log', (r) => logLoader(args(r))],
      ['/staff/delivery/post', (r) => postListLoader(args(r))],
      ['/staff/settings/grounds', (r) => groundsLoader(args(r))],
    ]
    for (const login of ['parent', await loginOf('Учитель-предметник')]) {
      const cookie = await signIn(login)
      for (const [path, run] of pages) expect([path, (await settle(() => run(getRequest(path, cookie)))).status]).toEqual([path, 403])
      const post = await settle(() =>
        pageAction(args(formRequest(`/staff/applications/${app.id}`, { intent: 'REGISTER', version: '0' }, cookie), { id: app.id })),
      )
      expect(post.status).toBe(403)
    }
    // A class teacher may prepare the meeting but does not register applications.
    const classTeacher = await signIn(await loginOf('Классный руководитель 5А'))
    expect((await settle(() => meetingLoader(args(getRequest('/staff/meeting', classTeacher))))).status).toBe(200)
    expect((await settle(() => deskLoader(args(getRequest('/staff/intake', classTeacher))))).status).toBe(403)
    // The secretary registers but does not decide.
    const secretary = await signIn('secretary')
    expect((await settle(() => deskLoader(args(getRequest('/staff/intake', secretary))))).status).toBe(200)
    expect((await settle(() => decisionsLoader(args(getRequest('/staff/decisions', secretary))))).status).toBe(403)
    expect(await db.application.findUniqueOrThrow({ where: { id: app.id } })).toMatchObject({ status: 'received', version: 0 })
  })
})

describe('the application page’s actions', () => {
  it('lets one of two staff win; the other gets 409 with the Russian conflict message and nothing changes twice', async () => {
    const app = await receive('email', '7Б')
    const [a, b] = [await signIn('responsible'), await signIn('secretary')]
    const post = (cookie: string) =>
      settle(() =>
        pageAction(
          args(formRequest(`/staff/applications/${app.id}`, { intent: 'REGISTER', version: String(app.version) }, cookie), { id: app.id }),
        ),
      )
    const first = await post(a)
    expect(first.status).toBe(200)
    expect((await first.json()).message).toMatch(/зарегистрировано, регистрационный № \d+/)
    const second = await post(b)
    expect(second.status).toBe(409)
    expect(await second.json()).toMatchObject({ intent: 'REGISTER', ok: false, formError: CONFLICT_MESSAGE })
    expect(await db.applicationEvent.count({ where: { applicationId: app.id, event: 'REGISTER' } })).toBe(1)
  })

  it('assigns the application to whoever takes it; the queue’s «мои» filter finds it; a stale page gets 409', async () => {
    const app = await receive('online', '6А')
    const untouched = await receive('online', '6Б')
    const cookie = await signIn('responsible')
    const post = (fields: Record<string, string>) =>
      settle(() => pageAction(args(formRequest(`/staff/applications/${app.id}`, fields, cookie), { id: app.id })))
    const taken = await post({ intent: 'ASSIGN', assignee: 'me', version: String(app.version) })
    expect((await taken.json()).message).toBe('Вы назначены исполнителем по заявлению')
    const responsible = await db.staff.findFirstOrThrow({ where: { user: { login: 'responsible' } } })
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).assigneeId).toBe(responsible.id)
    expect(await db.applicationEvent.count({ where: { applicationId: app.id, event: 'ASSIGN' } })).toBe(1)
    const queue = await (await settle(() => queueLoader(args(getRequest('/staff/applications?assignee=me', cookie))))).json()
    expect(JSON.stringify(queue)).toContain(app.id)
    expect(JSON.stringify(queue)).not.toContain(untouched.id)
    const stale = await post({ intent: 'ASSIGN', assignee: '', version: String(app.version) })
    expect(stale.status).toBe(409)
    const parent = await signIn('parent')
    const denied = await settle(() =>
      pageAction(
        args(formRequest(`/staff/applications/${app.id}`, { intent: 'ASSIGN', assignee: 'me', version: String(app.version + 1) }, parent), {
          id: app.id,
        }),
      ),
    )
    expect(denied.status).toBe(403)
  })

  it('reports a missing field per field and a refused move in Russian', async () => {
    const app = await receive('post', '6А')
    const cookie = await signIn('responsible')
    const refuse = await settle(() =>
      pageAction(
        args(formRequest(`/staff/applications/${app.id}`, { intent: 'REFUSE_ACCEPTANCE', version: '0', form: 'written' }, cookie), {
          id: app.id,
        }),
      ),
    )
    expect(refuse.status).toBe(400)
    expect((await refuse.json()).fieldErrors).toEqual({ grounds: 'Отметьте или впишите основание отказа' })
    const early = await settle(() =>
      pageAction(args(formRequest(`/staff/applications/${app.id}`, { intent: 'START_REVIEW', version: '0' }, cookie), { id: app.id })),
    )
    expect(early.status).toBe(400)
    expect((await early.json()).formError).toMatch(/ещё не зарегистрировано/)
    const ok = await settle(() =>
      pageAction(
        args(
          formRequest(
            `/staff/applications/${app.id}`,
            {
              intent: 'REFUSE_ACCEPTANCE',
              version: '0',
              form: 'oral',
              grounds:
                'Не представлен документ, подтверждающий статус заявителя как законного представителя обучающегося (Порядок, п. 2.7)',
            },
            cookie,
          ),
          { id: app.id },
        ),
      ),
    )
    expect(ok.status).toBe(200)
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('acceptance_refused')
  })
})

describe('desk intake', () => {
  it('answers an incomplete desk form with every problem at once, not one round per problem (the applicant waits)', async () => {
    const cookie = await signIn('secretary')
    const fields = {
      'applicant.lastName': 'Иванова',
      delivery: 'in_person',
      startedAt: new Date(Date.now() - 60_000).toISOString(),
      key: crypto.randomUUID(),
      intent: 'register',
    }
    const response = await settle(() => deskAction(args(formRequest('/staff/intake', fields, cookie))))
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.formError).toMatch(/^Не указаны вид и реквизиты документа, удостоверяющего личность заявителя/)
    expect(Object.keys(body.fieldErrors)).toEqual(
      expect.arrayContaining(['originalsShown', 'applicant.identityDocument', 'applicant.firstName', 'pupil.lastName', 'pupil.className']),
    )
    expect(body.fieldErrors['applicant.lastName']).toBeUndefined()
  })

  it('registers in person with the intake start as the receipt time and shows the number', async () => {
    const cookie = await signIn('secretary')
    const startedAt = new Date(Date.now() - 3 * 60_000)
    const fields = {
      ...(await familyOf('4А')),
      delivery: 'in_person',
      startedAt: startedAt.toISOString(),
      key: crypto.randomUUID(),
      intent: 'register',
    }
    const missing = await settle(() => deskAction(args(formRequest('/staff/intake', fields, cookie))))
    expect(missing.status).toBe(400)
    expect((await missing.json()).fieldErrors.originalsShown).toMatch(/оригиналы/)
    // Порядок 2.7 and the form: the passport shown is written down by its kind and details on every channel.
    const noDetails = await settle(() =>
      deskAction(
        args(
          formRequest(
            '/staff/intake',
            { ...fields, 'applicant.identityDocument': '', passportShown: 'on', statusProofShown: 'on' },
            cookie,
          ),
        ),
      ),
    )
    expect(noDetails.status).toBe(400)
    expect((await noDetails.json()).fieldErrors['applicant.identityDocument']).toMatch(/^Впишите вид и реквизиты документа/)
    const response = await settle(() =>
      deskAction(args(formRequest('/staff/intake', { ...fields, passportShown: 'on', statusProofShown: 'on' }, cookie))),
    )
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body.registrationNumber).toBeGreaterThan(0)
    expect(body.elapsedMs).toBeGreaterThanOrEqual(3 * 60_000)
    const app = await db.application.findUniqueOrThrow({ where: { id: body.applicationId } })
    expect(app).toMatchObject({ channel: 'in_person', status: 'registered', delivery: 'in_person' })
    expect(Math.abs(app.receivedAt.getTime() - startedAt.getTime())).toBeLessThan(1000)
    expect(app.registrationDue.getTime() - app.receivedAt.getTime()).toBe(10 * 60_000)
    // The same form again (a double click) does not make a second application.
    const again = await settle(() =>
      deskAction(args(formRequest('/staff/intake', { ...fields, passportShown: 'on', statusProofShown: 'on' }, cookie))),
    )
    expect((await again.json()).applicationId).toBe(app.id)
  })

  it(
    '«Распечатать заявление» receives the application and stores ' + 'its filled form; «Зарегистрировать» then registers that one',
    async () => {
      const cookie = await signIn('responsible')
      const fields = { ...(await familyOf('4Б')), delivery: 'in_person', startedAt: new Date().toISOString(), key: crypto.randomUUID() }
      const printed = await (
        await settle(() => deskAction(args(formRequest('/staff/intake', { ...fields, intent: 'print' }, cookie))))
      ).json()
      expect(printed).toMatchObject({ ok: true, printed: true, registrationNumber: null })
      const doc = await db.storedDocument.findUniqueOrThrow({ where: { id: printed.printDocumentId } })
      expect(doc).toMatchObject({ applicationId: printed.applicationId, kind: 'application' })
      const registered = await (
        await settle(() =>
          deskAction(
            args(formRequest('/staff/intake', { ...fields, intent: 'register', passportShown: 'on', statusProofShown: 'on' }, cookie)),
          ),
        )
      ).json()
      expect(registered).toMatchObject({ ok: true, applicationId: printed.applicationId })
      expect(registered.registrationNumber).toBeGreaterThan(0)
    },
  )
})

describe('post intake and downloads', () => {
  it('keeps the stamped receipt date and the scan (checked by content), served to staff only with its name', async () => {
    const cookie = await signIn('responsible')
    const form = new FormData()
    const key = crypto.randomUUID()
    // Порядок 2.7: «копия - при обращении с помощью почтовой связи»; 3.2: «с приложением копий документов». A letter
    // without the passport's details or its copy is not registered: the desk is told to ask or to refuse acceptance.
    const bare = new FormData()
    for (const [k, v] of Object.entries({
      ...(await familyOf('10А')),
      'applicant.identityDocument': '',
      delivery: 'post',
      receivedOn: '2026-11-20',
      key,
      intent: 'register',
    }))
      bare.append(k, v)
    const unregistered = await settle(() =>
      postAction(
        args(new Request(`${ORIGIN}/staff/intake/post`, { method: 'POST', body: bare, headers: { Origin: ORIGIN, Cookie: cookie } })),
      ),
    )
    expect(unregistered.status).toBe(400)
    const proposal = await unregistered.json()
    expect(proposal.formError).toMatch(
      /^Не указаны вид и реквизиты документа, удостоверяющего личность заявителя \(Порядок, п\. 2\.7, 3\.2\); Не приложена копия/,
    )
    expect(proposal.formError).toContain(
      'оформите отказ в приёме документов по основанию «Не представлен документ, удостоверяющий личность заявителя»',
    )
    expect(Object.keys(proposal.fieldErrors).sort()).toEqual(['applicant.identityDocument', 'identityCopy'])
    expect(await db.application.count({ where: { idempotencyKey: `post:${key}` } })).toBe(0)

    for (const [k, v] of Object.entries({
      ...(await familyOf('10А')),
      delivery: 'post',
      receivedOn: '2026-11-20',
      key,
      intent: 'register',
      identityCopy: 'on',
    }))
      form.append(k, v)
    form.append('scan', new File([PDF], 'скан заявления.pdf', { type: 'application/octet-stream' }))
    const request = () =>
      new Request(`${ORIGIN}/staff/intake/post`, {
        method: 'POST',
        body: form,
        headers: { Origin: ORIGIN, Cookie: cookie, 'x-client-ip': '127.0.0.1' },
      })
    const response = await settle(() => postAction(args(request())))
    expect(response.status).toBe(200)
    const { applicationId, registrationNumber, elapsedMs, receivedOn, atDesk } = await response.json()
    expect(registrationNumber).toBeGreaterThan(0)
    // Nobody waited at a desk (issue 19, item 6): no «с начала приёма» count; the result names the stamp's day.
    expect({ elapsedMs, receivedOn, atDesk }).toEqual({ elapsedMs: null, receivedOn: '20.11.2026', atDesk: false })
    const app = await db.application.findUniqueOrThrow({ where: { id: applicationId }, include: { uploads: true } })
    expect(app.channel).toBe('post')
    expect(app.receivedAt.toISOString()).toBe('2026-11-19T20:00:00.000Z') // 20.11.2026 00:00 Saratov
    // …which is the stamp's day, not a moment: shown as the date alone, with no invented «00:00».
    const shown = await (await pageLoader(args(getRequest(`/staff/applications/${app.id}`, cookie), { id: app.id }))).json()
    expect(shown.page.receivedAt).toBe('20.11.2026')
    expect(shown.page.timeline.find((t: { action: string }) => t.action === 'Заявление получено')?.at).toBe('20.11.2026')
    // Each file under its kind: two uploads of one name («doc.pdf») are told apart.
    expect(shown.page.uploads).toEqual([
      expect.objectContaining({ kind: 'scan', kindLabel: 'Скан заявления', fileName: 'скан заявления.pdf' }),
    ])
    expect(app.uploads).toHaveLength(1)
    expect(app.uploads[0]).toMatchObject({ kind: 'scan', mime: 'application/pdf', fileName: 'скан заявления.pdf' })
    expect(fs.existsSync(`${dataDir}/${app.uploads[0].storagePath}`)).toBe(true)

    const download = await settle(() => uploadLoader(args(getRequest(`/x`, cookie), { id: app.id, uploadId: app.uploads[0].id })))
    expect(download.status).toBe(200)
    expect(download.headers.get('Content-Disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('скан заявления.pdf')}`)
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true)
    const parent = await signIn('parent')
    expect((await settle(() => uploadLoader(args(getRequest('/x', parent), { id: app.id, uploadId: app.uploads[0].id })))).status).toBe(403)

    const fake = new FormData()
    for (const [k, v] of Object.entries({
      ...(await familyOf('10Б')),
      delivery: 'post',
      receivedOn: '2026-11-20',
      key: crypto.randomUUID(),
      intent: 'register',
    }))
      fake.append(k, v)
    fake.append('scan', new File([Buffer.from('MZ not a scan')], 'scan.pdf'))
    const refused = await settle(() =>
      postAction(
        args(new Request(`${ORIGIN}/staff/intake/post`, { method: 'POST', body: fake, headers: { Origin: ORIGIN, Cookie: cookie } })),
      ),
    )
    expect(refused.status).toBe(400)
    expect((await refused.json()).fieldErrors.scan).toMatch(/PDF, JPEG или PNG/)
  })

  it('streams a stored document with its name, and writes the download to the audit trail', async () => {
    const app = await receive('email', '5А')
    const doc = await db.storedDocument.create({
      data: {
        applicationId: app.id,
        kind: 'extract',
        fileName: 'Выписка № 1.docx',
        mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        sha256: 'x',
        content: Buffer.from('PK demo'),
      },
    })
    const cookie = await signIn('director')
    const response = await settle(() => documentLoader(args(getRequest('/x', cookie), { id: app.id, docId: doc.id })))
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/)
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    expect(await db.auditEvent.count({ where: { action: 'download:document', entityId: app.id } })).toBe(1)
    const other = await receive('email', '5Б')
    expect((await settle(() => documentLoader(args(getRequest('/x', cookie), { id: other.id, docId: doc.id })))).status).toBe(404)
  })
})

describe('registration log and meeting', () => {
  it('checks the chain and names the first broken row in Russian', async () => {
    const cookie = await signIn('secretary')
    const ok = await (await settle(() => logAction(args(formRequest('/staff/log', {}, cookie))))).json()
    expect(ok).toMatchObject({ ok: true })
    const row = await db.registrationLogEntry.findFirstOrThrow({ orderBy: { sequence: 'asc' } })
    await db.registrationLogEntry.update({ where: { id: row.id }, data: { applicantName: 'Подменённое Имя' } })
    const broken = await (await settle(() => logAction(args(formRequest('/staff/log', {}, cookie))))).json()
    expect(broken).toEqual({
      ok: false,
      message: `Журнал регистрации нарушен: запись с порядковым номером ${row.sequence} — запись изменена после внесения в журнал`,
    })
  })

  it('shows a registration number as the notices do (ADR 004): «1», with its date beside it, never «1/2026»', async () => {
    const app = await receive('email', '6А')
    await registerApplication({ applicationId: app.id, schoolId: app.schoolId, actor: await staffActor('responsible') })
    const registered = await db.application.findUniqueOrThrow({ where: { id: app.id } })
    const cookie = await signIn('secretary')
    const { rows } = await (await settle(() => logLoader(args(getRequest('/staff/log', cookie))))).json()
    const row = rows.find((r: { applicationId: string }) => r.applicationId === app.id)
    expect(row.number).toBe(String(registered.registrationNumber))
    expect(row).not.toHaveProperty('year')
    expect(row.registeredAt).toMatch(/^\d{2}\.\d{2}\.\d{4}/)
  })

  it('gives the log for a period and the meeting kit of a class as Word files', async () => {
    const cookie = await signIn('director')
    const log = await settle(() => logDownloadLoader(args(getRequest('/staff/log/download', cookie))))
    expect(log.status).toBe(200)
    expect(log.headers.get('Content-Disposition')).toContain(encodeURIComponent('Журнал регистрации'))
    const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '2А' } })
    const kit = await settle(() => meetingKitAction(args(formRequest('/staff/meeting/kit', { classId: cls.id }, cookie))))
    expect(kit.status).toBe(200)
    const kitBytes = Buffer.from(await kit.arrayBuffer())
    expect(kitBytes.subarray(0, 2).toString()).toBe('PK')
    // The pre-filled forms name the parent and the child in the genitive (issue 19, item 4).
    const kitText = new PizZip(kitBytes)
      .file('word/document.xml')!
      .asText()
      .replace(/<[^>]+>/g, '')
    const first = await db.pupil.findFirstOrThrow({
      where: { classId: cls.id, leftOn: null },
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
      include: { guardians: { include: { guardian: true } } },
    })
    const parent = first.guardians[0].guardian
    expect(kitText).toContain(`от ${genitiveFullName(parent)}`)
    expect(kitText).toContain(genitiveFullName(first))
    expect(kitText).not.toContain(`от ${parent.lastName} ${parent.firstName} ${parent.middleName}`)
    const teacher = await signIn(await loginOf('Классный руководитель 5А'))
    // not their class
    expect((await settle(() => meetingKitAction(args(formRequest('/staff/meeting/kit', { classId: cls.id }, teacher))))).status).toBe(404)
  })

  it('draws the slides with a QR code of the online form', async () => {
    const cookie = await signIn('responsible')
    const body = await (await settle(() => slidesLoader(args(getRequest('/staff/meeting/slides', cookie))))).json()
    expect(body.applyUrl).toBe(`${ORIGIN}/apply`)
    expect(body.qr).toMatch(/^<svg/)
    expect(body.contacts.responsibleName).not.toBe('')
  })

  it('shows a class teacher the slides of their own class only, as the kit (404 «Класс не найден» otherwise)', async () => {
    const [own, other] = await Promise.all(['5А', '2А'].map((name) => db.schoolClass.findFirstOrThrow({ where: { name } })))
    const teacher = await signIn(await loginOf('Классный руководитель 5А'))
    const slides = (classId: string, cookie = teacher) =>
      settle(() => slidesLoader(args(getRequest(`/staff/meeting/slides?classId=${classId}`, cookie))))
    const mine = await slides(own.id)
    expect(mine.status).toBe(200)
    expect((await mine.json()).className).toBe('5А')
    const foreign = await slides(other.id)
    expect(foreign.status).toBe(404)
    expect(await foreign.text()).toBe('Класс не найден')
    expect((await slides('нет-такого')).status).toBe(404)
    // The responsible employee presents any class.
    const responsible = await signIn('responsible')
    expect((await (await slides(other.id, responsible)).json()).className).toBe('2А')
  })
})

describe('links only to pages the role may open', () => {
  it('gives the secretary no links to the paper extracts, the refusal grounds or the pupil card, which answer 403 to them', async () => {
    const app = await receive('post', '6А')
    const queue = (cookie: string) => settle(() => queueLoader(args(getRequest('/staff/applications', cookie)))).then((r) => r.json())
    const page = (cookie: string) =>
      settle(() => pageLoader(args(getRequest(`/staff/applications/${app.id}`, cookie), { id: app.id }))).then((r) => r.json())
    const secretary = await signIn('secretary')
    expect((await queue(secretary)).links).toEqual({ deliveryBatch: false, grounds: false })
    const secretaryPage = await page(secretary)
    expect(secretaryPage.page.pupil.id).toBeTruthy()
    expect(secretaryPage.links).toEqual({ pupilCard: false })
    // …and those pages are indeed closed to them, so the links would have led to 403.
    expect((await settle(() => batchLoader(args(getRequest('/staff/delivery/batch', secretary))))).status).toBe(403)
    expect((await settle(() => groundsLoader(args(getRequest('/staff/settings/grounds', secretary))))).status).toBe(403)
    const pupilPath = `/staff/pupils/${secretaryPage.page.pupil.id}`
    expect(
      (await settle(() => pupilCardLoader(args(getRequest(pupilPath, secretary), { pupilId: secretaryPage.page.pupil.id })))).status,
    ).toBe(403)
    for (const login of ['responsible', 'director']) {
      const cookie = await signIn(login)
      expect((await queue(cookie)).links).toEqual({ deliveryBatch: true, grounds: true })
      expect((await page(cookie)).links).toEqual({ pupilCard: true })
      expect(
        (await settle(() => pupilCardLoader(args(getRequest(pupilPath, cookie), { pupilId: secretaryPage.page.pupil.id })))).status,
      ).toBe(200)
    }
  })

  it('leads the administrator back from the access audit and the activity report to /admin, the director to the dashboard', async () => {
    const admin = await signIn('admin')
    const director = await signIn('director')
    for (const [path, run] of [
      ['/staff/audit', auditLoader],
      ['/staff/activity', activityLoader],
    ] as const) {
      expect((await (await settle(() => run(args(getRequest(path, admin))))).json()).back).toEqual({
        to: '/admin',
        label: 'Администрирование',
      })
      expect((await (await settle(() => run(args(getRequest(path, director))))).json()).back).toEqual({
        to: '/staff/dashboard',
        label: 'Контроль',
      })
    }
    expect((await settle(() => dashboardLoader(args(getRequest('/staff/dashboard', admin))))).status).toBe(403)
    expect((await settle(() => dashboardLoader(args(getRequest('/staff/dashboard', director))))).status).toBe(200)
  })
})
