// The two mail screens through their loaders and actions: the administrator's outbox viewer and the
// responsible employee's inbound mail (.eml upload → application). No mail servers needed here.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { queueEmail } from '#app/mail/queue-email.server'
import { HELD_MESSAGE, sendDueEmails } from '#app/mail/send-email.server'
import * as adminList from '#app/routes/admin.mail._index'
import * as adminLetter from '#app/routes/admin.mail.$id'
import * as staffList from '#app/routes/staff.mail._index'
import * as staffItem from '#app/routes/staff.mail.$id'
import * as staffFile from '#app/routes/staff.mail_.$id.files.$n'
import * as staffApp from '#app/routes/staff.applications.$id'
import { runOutbox } from '#app/jobs/outbox.server'
import { staffLetter } from '#app/mail/compose-staff.server'
import { renderText } from '#app/mail/letter'
import { loadLetterContext } from '#app/mail/letter-context.server'
import { APPLICANT_ACTOR } from '#app/operations/actor'
import { receiveApplication } from '#app/operations/receive-application.server'
import { formatDateTime, toIsoWithOffset } from '#workflows/time'
import { applicationFor } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { ORIGIN, formRequest, getRequest, settle } from '#tests/helpers/http'
import { SCAN_PDF, composeRaw } from '#tests/setup/mail-servers'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mail-routes-'))
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })

/** The responsible employee uploads a letter saved as .eml, received at `receivedAt` (the school's time). */
function uploadEml(cookie: string, raw: Buffer, fileName: string, receivedAt: Date) {
  const form = new FormData()
  form.append('file', new File([new Uint8Array(raw)], fileName, { type: 'message/rfc822' }))
  form.append('receivedAt', toIsoWithOffset(receivedAt, 'Europe/Saratov').slice(0, 16))
  const headers = { Cookie: cookie, Origin: ORIGIN, 'x-client-ip': '127.0.0.1' }
  return settle(() => staffList.action(args(new Request(`${ORIGIN}/staff/mail`, { method: 'POST', body: form, headers }))))
}

beforeAll(() => overrideMailSettings({ smtp: null, imap: null, dataDir }))
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

describe('the administrator’s outbox viewer', () => {
  it('shows a held letter with its reason and text, and cancels it', async () => {
    const { jobId } = await queueEmail(db, {
      schoolId: (await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })).id,
      to: 'parent@example.ru',
      subject: 'Заявление (квитанция 20261129-AAAAAA) получено',
      text: 'Текст для проверки',
      html: '<p>Текст</p>',
      idempotencyKey: 'routes-held',
    })
    await sendDueEmails(new Date(Date.now() + 1000))
    const cookie = await signIn('admin')
    const list = await (await settle(() => adminList.loader(args(getRequest('/admin/mail', cookie))))).json()
    expect(list.smtp).toBeNull()
    expect(list.letters.find((l: { id: string }) => l.id === jobId)).toMatchObject({ status: 'held', lastError: HELD_MESSAGE })
    const page = await (await settle(() => adminLetter.loader(args(getRequest(`/admin/mail/${jobId}`, cookie), { id: jobId })))).json()
    expect(page.letter).toMatchObject({ text: 'Текст для проверки', to: ['parent@example.ru'] })
    const cancelled = await settle(() =>
      adminLetter.action(args(formRequest(`/admin/mail/${jobId}`, { intent: 'cancel' }, cookie), { id: jobId })),
    )
    expect(cancelled.status).toBe(302)
    expect((await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe('cancelled')
  })

  it('never shows the applicant’s status link: whoever holds it acts as the applicant', async () => {
    const school = await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })
    const { application } = await receiveApplication({
      schoolId: school.id,
      channel: 'online',
      data: await applicationFor(),
      actor: APPLICANT_ACTOR,
    })
    await runOutbox(new Date(Date.now() + 1000)) // the acknowledgement is composed into a letter
    const letters = await db.outboxJob.findMany({ where: { applicationId: application.id, kind: 'send-email' } })
    const receipt = letters.find((l) => l.payload.includes(`/s/${application.statusToken}`))
    expect(receipt).toBeDefined()
    const cookie = await signIn('admin')
    const response = await settle(() => adminLetter.loader(args(getRequest(`/admin/mail/${receipt!.id}`, cookie), { id: receipt!.id })))
    const body = await response.text()
    expect(body).not.toContain(application.statusToken)
    const { letter } = JSON.parse(body)
    expect(letter.text).toContain('/s/••••••')
    expect(letter.html).toContain('/s/••••••')
  })

  it('queues a letter to the address as the reader cleans it; refuses one it cannot read', async () => {
    const schoolId = (await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })).id
    const letter = { schoolId, subject: 'Проверка', text: 'Текст', html: '<p>Текст</p>' }
    const { jobId } = await queueEmail(db, { ...letter, to: 'mailto:Petrova@Mail.RU.\u00a0', idempotencyKey: 'routes-cleaned' })
    expect(JSON.parse((await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).payload).to).toEqual(['Petrova@mail.ru'])
    await expect(queueEmail(db, { ...letter, to: 'ivan@ьфшд.ру', idempotencyKey: 'routes-layout' })).rejects.toThrow(
      'Неверный адрес получателя: ivan@ьфшд.ру',
    )
    expect(await db.outboxJob.count({ where: { idempotencyKey: { contains: 'routes-layout' } } })).toBe(0)
  })

  it('is closed to staff without the administrator’s permission', async () => {
    const cookie = await signIn('responsible')
    const response = await settle(() => adminList.loader(args(getRequest('/admin/mail', cookie))))
    expect([302, 403]).toContain(response.status)
  })
})

describe('an empty mail list says where letters come from', () => {
  it('the inbound list: the school’s mailbox read on its own, or the .eml uploads when there is none', async () => {
    const school = await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })
    const cookie = await signIn('responsible')
    const list = async (query: string) =>
      (await (await settle(() => staffList.loader(args(getRequest(`/staff/mail${query}`, cookie))))).json()) as { emptyNote: string }
    expect((await list('')).emptyNote).toBe(
      'Новых писем нет. Почтовый ящик школы не подключён: здесь появляются только письма, загруженные вручную (ниже).',
    )
    overrideMailSettings({
      imap: { host: 'imap.example.org', port: 993, secure: true, user: 'school8', password: 'x', mailbox: 'INBOX', pollSeconds: 300 },
    })
    try {
      expect((await list('?status=all')).emptyNote).toBe(
        `Писем нет. Сюда сами приходят письма на адрес школы ${school.email}: ящик проверяется каждые 5 мин. ` +
          'Письмо, пришедшее на другой адрес, загрузите вручную (ниже).',
      )
      expect((await list('?status=attached')).emptyNote).toMatch(/^Ответов по заявлениям нет\. Сюда сами приходят/)
      expect((await list('?status=toString')).emptyNote).toMatch(/^Писем нет\. /)
      // A mailbox of the school's own (ADR 056) is named, not the school's general address.
      await db.setting.create({ data: { schoolId: school.id, key: 'mail.mailbox', value: 'zayavleniya@school8.example.org' } })
      expect((await list('?status=all')).emptyNote).toContain('на адрес школы zayavleniya@school8.example.org:')
    } finally {
      overrideMailSettings({ imap: null })
    }
  })

  it('the outbox: which letters the program writes; a filter names its state', async () => {
    const cookie = await signIn('admin')
    const list = async (query: string) =>
      (await (await settle(() => adminList.loader(args(getRequest(`/admin/mail${query}`, cookie))))).json()) as { emptyNote: string }
    expect((await list('')).emptyNote).toMatch(/^Писем пока нет\. Их пишет сама программа: заявителям — о получении/)
    expect((await list('?status=failed')).emptyNote).toBe('Писем в состоянии «не доставлено» нет.')
    expect((await list('?status=constructor')).emptyNote).toBe('Писем в этом состоянии нет.')
  })
})

describe('the responsible employee’s inbound mail', () => {
  it('uploads an .eml, shows it with the scan, and makes it an application received at the stated time', async () => {
    const data = await applicationFor('6Б')
    const raw = await composeRaw({
      from: { name: `${data.applicant.lastName} ${data.applicant.firstName}`, address: data.applicant.email },
      to: 'school8@example.org',
      subject: 'Заявление',
      text: 'Прошу предоставить оценки.',
      attachments: [{ filename: 'Скан.pdf', content: SCAN_PDF }],
    })
    const cookie = await signIn('responsible')
    const receivedAt = new Date(Math.floor((Date.now() - 3 * 3_600_000) / 60_000) * 60_000)
    const uploaded = await uploadEml(cookie, raw, 'letter.eml', receivedAt)
    expect(uploaded.status).toBe(302)
    const id = uploaded.headers.get('Location')!.split('/').pop()!

    const view = await (await settle(() => staffItem.loader(args(getRequest(`/staff/mail/${id}`, cookie), { id })))).json()
    expect(view.item).toMatchObject({ source: 'upload', status: 'new', fromAddress: data.applicant.email })
    expect(view.uploads.map((u: { fileName: string }) => u.fileName)).toEqual(['Скан.pdf'])
    expect(view.prefill.applicant).toMatchObject({ lastName: data.applicant.lastName, email: data.applicant.email })
    expect(view.prefill.kinds).toEqual(['marks'])

    const file = await settle(() => staffFile.loader(args(getRequest(`/staff/mail/${id}/files/1`, cookie), { id, n: '1' })))
    expect(file.headers.get('Content-Disposition')).toMatch(/^attachment; .*filename\*=UTF-8''%D0%A1%D0%BA%D0%B0%D0%BD\.pdf/)
    expect(file.headers.get('X-Content-Type-Options')).toBe('nosniff')

    const fields: Record<string, string> = { intent: 'register', periodicity: 'once', delivery: 'email' }
    for (const [k, v] of Object.entries(data.applicant)) fields[`applicant.${k}`] = String(v)
    for (const [k, v] of Object.entries(data.pupil)) fields[`pupil.${k}`] = String(v)
    const post = (extra: Record<string, string>) => {
      const body = new URLSearchParams({ ...fields, ...extra })
      body.append('kinds', 'marks')
      return staffItem.action(
        args(
          new Request(`${ORIGIN}/staff/mail/${id}`, {
            method: 'POST',
            body,
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, Origin: ORIGIN, 'x-client-ip': '127.0.0.1' },
          }),
          { id },
        ),
      )
    }
    // Порядок 3.2: «с помощью электронной почты заявитель заполняет форму заявления с указанием вида и реквизитов
    // документов». Without them the letter is not registered: correction or refusal. A copy is asked by post only
    // (2.7 «копия - при обращении с помощью почтовой связи»): nobody is asked to tick that one is attached.
    const noDetails = await settle(() => post({ 'applicant.identityDocument': '' }))
    expect(noDetails.status).toBe(400)
    const refusedBody = await noDetails.json()
    expect(refusedBody.formError).toContain(
      'Не указаны вид и реквизиты документа, удостоверяющего личность заявителя (Порядок, п. 2.7, 3.2)',
    )
    expect(refusedBody.formError).not.toContain('копия')
    expect(refusedBody.formError).toContain(
      'отказ в приёме документов по основанию «Не представлен документ, удостоверяющий личность заявителя»',
    )
    expect(Object.keys(refusedBody.fieldErrors).sort()).toEqual(['applicant.identityDocument'])
    expect(await db.application.count({ where: { inboundMessageId: id } })).toBe(0)
    const body = new URLSearchParams({ ...fields })
    body.append('kinds', 'marks')
    const created = await settle(() =>
      staffItem.action(
        args(
          new Request(`${ORIGIN}/staff/mail/${id}`, {
            method: 'POST',
            body,
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, Origin: ORIGIN, 'x-client-ip': '127.0.0.1' },
          }),
          { id },
        ),
      ),
    )
    expect(created.status).toBe(302)
    const appId = created.headers.get('Location')!.split('/').pop()!
    const app = await db.application.findUniqueOrThrow({ where: { id: appId } })
    expect(app).toMatchObject({ channel: 'email', status: 'registered', inboundMessageId: id })
    expect(app.receivedAt.toISOString()).toBe(receivedAt.toISOString())

    // The letter is seen from the application too (those who read applications all open the inbound mail).
    const card = async (who: string) =>
      (
        await (
          await settle(async () => staffApp.loader(args(getRequest(`/staff/applications/${appId}`, await signIn(who)), { id: appId })))
        ).json()
      ).page as { letters: Array<Record<string, string>>; opensMail: boolean }
    const seen = await card('responsible')
    expect(seen.letters).toEqual([{ id, at: formatDateTime(receivedAt, 'Europe/Saratov'), subject: 'Заявление', kindLabel: 'письмо' }])
    expect((await card('director')).letters).toEqual(seen.letters)
    // The employee's letter about an applicant's reply names that section, not a «Почта» the card does not have.
    const notice = staffLetter((await loadLetterContext(db, appId))!, 'INBOUND_REPLY')
    expect(renderText(notice)).toContain('в карточке заявления, раздел «Письма по заявлению»')
  })

  it('never shows the status link a reply quotes from the school’s letter: whoever holds it acts as the applicant', async () => {
    const school = await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })
    const { application } = await receiveApplication({
      schoolId: school.id,
      channel: 'online',
      data: await applicationFor('7А'),
      actor: APPLICANT_ACTOR,
    })
    const raw = await composeRaw({
      from: { name: application.applicantLastName, address: application.applicantEmail },
      to: 'school8@example.org',
      subject: `Re: Заявление (квитанция ${application.receiptNumber}) получено`,
      text: `Спасибо.\n\n> Состояние заявления: http://localhost:3000/s/${application.statusToken}\n`,
    })
    const cookie = await signIn('responsible')
    const uploaded = await uploadEml(cookie, raw, 'reply.eml', new Date(Date.now() - 3_600_000))
    expect(uploaded.status).toBe(302)
    const id = uploaded.headers.get('Location')!.split('/').pop()!
    expect((await db.inboundMessage.findUniqueOrThrow({ where: { id } })).text).toContain(application.statusToken)
    const body = await (await settle(() => staffItem.loader(args(getRequest(`/staff/mail/${id}`, cookie), { id })))).text()
    expect(body).not.toContain(application.statusToken)
    expect(JSON.parse(body).item.text).toContain('/s/••••••')
  })

  it('a forward answers to the parent only when the school forwarded it: the refusal goes where the form’s address points', async () => {
    const school = await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })
    const secretary = await db.staff.findFirstOrThrow({ where: { schoolId: school.id }, orderBy: { id: 'asc' } })
    await db.staff.update({ where: { id: secretary.id }, data: { email: 'Secretary.Forward@mail.ru' } })
    const forwarded =
      '---------- Forwarded message ---------\nFrom: Зайцева Елена <zaitseva.fwd@mail.ru>\nTo: <secretary.forward@mail.ru>\n\nПрошу оценки.'
    const { uploadEml } = await import('#app/mail/eml-upload.server')
    const cookie = await signIn('responsible')
    const open = async (from: string, messageId: string) => {
      const raw = await composeRaw({ from, to: 'school8@example.org', subject: 'Fwd: Заявление', text: forwarded, messageId })
      const { message } = await uploadEml({ raw, receivedAt: new Date() })
      const page = await (
        await settle(() => staffItem.loader(args(getRequest(`/staff/mail/${message.id}`, cookie), { id: message.id })))
      ).json()
      await settle(() =>
        staffItem.action(
          args(formRequest(`/staff/mail/${message.id}`, { intent: 'refuse', grounds: 'Не указан обучающийся' }, cookie), {
            id: message.id,
          }),
        ),
      )
      const letter = await db.outboxJob.findUnique({ where: { idempotencyKey: `email:inbound:${message.id}:refusal` } })
      return { page, to: letter ? JSON.parse(letter.payload).to : null }
    }
    // The school's secretary forwarded it: the parent is the applicant and is answered.
    const bySchool = await open('secretary.forward@mail.ru', '<fwd-school@mail.ru>')
    expect(bySchool.page.prefill.applicant).toMatchObject({ lastName: 'Зайцева', email: 'zaitseva.fwd@mail.ru' })
    expect(bySchool.to).toEqual(['zaitseva.fwd@mail.ru'])
    // Anyone else's «From:» line is a hint: the answer goes to the envelope sender, as the form's address.
    const byOther = await open('other.parent@example.ru', '<fwd-other@example.ru>')
    expect(byOther.page.prefill.applicant.email).toBe('other.parent@example.ru')
    expect(byOther.page.forwarded).toMatchObject({ address: 'zaitseva.fwd@mail.ru' })
    expect(byOther.to).toEqual(['other.parent@example.ru'])
    // The school's mailbox forwarding it (a rule on the mail server) is the school's forward too.
    const byMailbox = await open('school8@example.org', '<fwd-mailbox@example.org>')
    expect(byMailbox.page.prefill.applicant.email).toBe('zaitseva.fwd@mail.ru')
    await db.staff.update({ where: { id: secretary.id }, data: { email: secretary.email } })
  })

  it('a parent’s forward from their own other address: one checked box answers the forwarded sender, audited', async () => {
    const forwarded =
      '---------- Forwarded message ---------\nFrom: Зайцева Елена <zaitseva.own@mail.ru>\nTo: <school8@example.org>\n\nПрошу оценки.'
    const { uploadEml } = await import('#app/mail/eml-upload.server')
    const cookie = await signIn('responsible')
    const letter = async (text: string, messageId: string) => {
      const raw = await composeRaw({
        from: 'zaitseva.work@firm.example',
        to: 'school8@example.org',
        subject: 'Fwd: Заявление',
        text,
        messageId,
      })
      return (await uploadEml({ raw, receivedAt: new Date() })).message.id
    }
    const post = (id: string, fields: Record<string, string>) =>
      settle(() => staffItem.action(args(formRequest(`/staff/mail/${id}`, fields, cookie), { id })))
    const audits = (id: string) =>
      db.auditEvent.findMany({ where: { entity: 'InboundMessage', entityId: id, action: 'choose:forwarded-applicant' } })

    // The refusal: to the forwarded sender, with the choice and both addresses in the audit log.
    const refused = await letter(forwarded, '<own-fwd-1@firm.example>')
    expect((await post(refused, { intent: 'refuse', grounds: 'Не указан обучающийся', answerTo: 'forwarded' })).status).toBe(302)
    const refusal = await db.outboxJob.findUniqueOrThrow({ where: { idempotencyKey: `email:inbound:${refused}:refusal` } })
    expect(JSON.parse(refusal.payload).to).toEqual(['zaitseva.own@mail.ru'])
    expect((await audits(refused)).map((a) => JSON.parse(a.data))).toEqual([
      { envelope: 'zaitseva.work@firm.example', forwarded: 'zaitseva.own@mail.ru' },
    ])

    // The application: its e-mail is the forwarded sender's, whatever the form's field held.
    const created = await letter(forwarded, '<own-fwd-2@firm.example>')
    const data = await applicationFor('6Б')
    const fields: Record<string, string> = { intent: 'receive', periodicity: 'once', delivery: 'email', answerTo: 'forwarded' }
    for (const [k, v] of Object.entries(data.applicant)) fields[`applicant.${k}`] = String(v)
    for (const [k, v] of Object.entries(data.pupil)) fields[`pupil.${k}`] = String(v)
    fields['applicant.email'] = 'zaitseva.work@firm.example'
    const body = new URLSearchParams(fields)
    body.append('kinds', 'marks')
    const made = await settle(() =>
      staffItem.action(
        args(
          new Request(`${ORIGIN}/staff/mail/${created}`, {
            method: 'POST',
            body,
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, Origin: ORIGIN, 'x-client-ip': '127.0.0.1' },
          }),
          { id: created },
        ),
      ),
    )
    expect(made.status).toBe(302)
    const application = await db.application.findFirstOrThrow({ where: { inboundMessageId: created } })
    expect(application.applicantEmail).toBe('zaitseva.own@mail.ru')
    expect((await audits(created)).map((a) => JSON.parse(a.data))).toEqual([
      { envelope: 'zaitseva.work@firm.example', forwarded: 'zaitseva.own@mail.ru', applicationId: application.id },
    ])

    // A letter with no forwarded sender: the box (posted by hand) is refused in Russian, nothing is sent.
    const plain = await letter('Прошу оценки.', '<own-fwd-3@firm.example>')
    const wrong = await post(plain, { intent: 'refuse', grounds: 'Не указан обучающийся', answerTo: 'forwarded' })
    expect(wrong.status).toBe(400)
    expect((await wrong.json()).formError).toBe('В письме нет пересланного письма с другим адресом: ответ уйдёт отправителю письма')
    expect(await db.outboxJob.findUnique({ where: { idempotencyKey: `email:inbound:${plain}:refusal` } })).toBeNull()
    expect((await db.inboundMessage.findUniqueOrThrow({ where: { id: plain } })).status).toBe('new')
  })

  it('a letter’s pages keep the letter’s order on the employee’s and the parent’s pages, though saved at one time', async () => {
    const school = await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })
    const { application } = await receiveApplication({
      schoolId: school.id,
      channel: 'online',
      data: await applicationFor('7А'),
      actor: APPLICANT_ACTOR,
    })
    // One transaction: one createdAt (PostgreSQL's now()); written in an order that is not the pages'.
    const createdAt = new Date('2026-12-07T09:00:00Z')
    for (const n of [10, 2, 1])
      await db.upload.create({
        data: {
          schoolId: school.id,
          applicationId: application.id,
          kind: 'scan',
          fileName: `Скан ${n}.jpg`,
          mime: 'image/jpeg',
          size: 1,
          sha256: String(n),
          storagePath: `uploads/mail/order-test/${n}-abc.jpg`,
          createdAt,
        },
      })
    const { listApplicationUploads } = await import('#app/models/applications.server')
    const { getStatusView } = await import('#app/models/application-status.server')
    const pages = ['Скан 1.jpg', 'Скан 2.jpg', 'Скан 10.jpg']
    expect((await listApplicationUploads(application.id)).map((u) => u.fileName)).toEqual(pages)
    expect((await getStatusView(application)).uploads.map((u) => u.fileName)).toEqual(pages)
  })

  it('refuses acceptance with grounds and queues the letter to the sender', async () => {
    const raw = await composeRaw({ from: 'someone@example.ru', to: 'school8@example.org', subject: 'Справка', text: 'Дайте справку' })
    const { uploadEml } = await import('#app/mail/eml-upload.server')
    const { message } = await uploadEml({ raw, receivedAt: new Date() })
    const cookie = await signIn('responsible')
    const missing = await settle(() =>
      staffItem.action(args(formRequest(`/staff/mail/${message.id}`, { intent: 'refuse', grounds: ' ' }, cookie), { id: message.id })),
    )
    expect(missing.status).toBe(400)
    const refused = await settle(() =>
      staffItem.action(
        args(formRequest(`/staff/mail/${message.id}`, { intent: 'refuse', grounds: 'Не указаны сведения об обучающемся' }, cookie), {
          id: message.id,
        }),
      ),
    )
    expect(refused.status).toBe(302)
    expect((await db.inboundMessage.findUniqueOrThrow({ where: { id: message.id } })).status).toBe('refused')
    const letter = await db.outboxJob.findUniqueOrThrow({ where: { idempotencyKey: `email:inbound:${message.id}:refusal` } })
    expect(JSON.parse(letter.payload)).toMatchObject({ to: ['someone@example.ru'], subject: 'Re: Справка — отказ в приёме документов' })
    expect(JSON.parse(letter.payload).text).toContain('Не указаны сведения об обучающемся')
  })
})
