// Incoming mail against a real Dovecot (started here with its own config) and the whole e-mail path of the
// procedure: a parent's letter → poll → InboundMessage → application → register → decide → letter with the
// notice attached → the SMTP sink.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { runOutbox } from '#app/jobs/outbox.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { queueDocumentEmail } from '#app/mail/index.server'
import { STORED_KEYWORD, pollMailbox } from '#app/mail/mailbox.server'
import { sendDueEmails } from '#app/mail/send-email.server'
import { createApplicationFromInbound } from '#app/mail/inbound-actions.server'
import { uploadEml } from '#app/mail/eml-upload.server'
import { forwardToDirector, registerApplication, startReview } from '#app/operations/steps.server'
import { transitionApplication } from '#app/operations/transition.server'
import { formatDate } from '#workflows/time'
import { applicationFor, staffActor } from '#tests/helpers/applications'
import {
  SCAN_PDF,
  clearFlags,
  composeRaw,
  deliver,
  dovecotAvailable,
  flagsOf,
  imapSettings,
  startDovecot,
  startSmtpSink,
  type Dovecot,
  type SmtpSink,
} from '#tests/setup/mail-servers'

const available = dovecotAvailable()
if (!available) console.warn('ПРОПУСК mail-inbound: нет программы dovecot (apt-get install -y dovecot-imapd); в CI она установлена.')

let dovecot: Dovecot
let sink: SmtpSink
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mail-in-'))
const later = (ms: number) => new Date(Date.now() + ms)
const SCHOOL = 'school8@example.org'

/** Stand-in for the lead's document generator: stores the notice and queues its letter, as it will. */
async function generateDocuments() {
  const jobs = await db.outboxJob.findMany({ where: { kind: 'document', status: 'pending' } })
  for (const job of jobs) {
    const p = JSON.parse(job.payload) as { applicationId: string; template: string }
    await db.$transaction(async (tx) => {
      const doc = await tx.storedDocument.create({
        data: {
          applicationId: p.applicationId,
          kind: p.template,
          fileName: 'Уведомление об отказе в предоставлении информации.docx',
          mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          sha256: 'test',
          content: fs.readFileSync(path.resolve(`templates/${p.template}.docx`)),
        },
      })
      await queueDocumentEmail(tx, {
        applicationId: p.applicationId,
        kind: p.template,
        storedDocumentIds: [doc.id],
        idempotencyKey: `${job.idempotencyKey}:email`,
      })
      await tx.outboxJob.update({ where: { id: job.id }, data: { status: 'done' } })
    })
  }
}

describe.skipIf(!available)('incoming mail through a real IMAP server', () => {
  let parentMessageId = ''
  let applicationId = ''
  let parentEmail = ''

  beforeAll(async () => {
    ;[dovecot, sink] = await Promise.all([startDovecot(), startSmtpSink()])
    overrideMailSettings({
      imap: imapSettings(dovecot),
      smtp: { host: '127.0.0.1', port: sink.port, secure: false },
      dataDir,
      messageIdDomain: 'school8.example.org',
    })
  })
  afterAll(async () => {
    overrideMailSettings({ imap: null, smtp: null })
    await Promise.all([dovecot?.close(), sink?.close()])
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('a parent’s letter with a scan becomes one item, received at INTERNALDATE, flagged only after it is stored', async () => {
    const data = await applicationFor('5А')
    parentEmail = data.applicant.email
    const internalDate = new Date(Math.floor((Date.now() - 2 * 3_600_000) / 1000) * 1000)
    const raw = await composeRaw({
      from: { name: `${data.applicant.lastName} ${data.applicant.firstName} ${data.applicant.middleName}`, address: parentEmail },
      to: SCHOOL,
      subject: 'Заявление о предоставлении информации об успеваемости',
      text:
        'Прошу предоставить информацию об оценках и посещаемости. Обучающийся: ' +
        `${data.pupil.lastName} ${data.pupil.firstName}, 5А класс.\nСкан заявления во вложении.`,
      attachments: [
        { filename: 'Заявление — скан.pdf', content: SCAN_PDF, contentType: 'application/pdf' },
        { filename: 'программа.exe', content: Buffer.from('MZ\x90\x00') },
      ],
    })
    const uid = await deliver(dovecot, raw, internalDate)
    const summary = await pollMailbox(new Date())
    expect(summary).toMatchObject({ fetched: 1, created: 1, failed: 0 })
    const item = await db.inboundMessage.findFirstOrThrow({ where: { fromAddress: parentEmail } })
    parentMessageId = item.messageId
    expect(item).toMatchObject({
      kind: 'message',
      status: 'new',
      source: 'imap',
      subject: 'Заявление о предоставлении информации об успеваемости',
    })
    expect(item.internalDate.toISOString()).toBe(internalDate.toISOString())
    expect(fs.readFileSync(path.join(dataDir, item.rawPath)).equals(raw)).toBe(true)
    const uploads = await db.upload.findMany({ where: { storagePath: { startsWith: `uploads/mail/${item.id}/` } } })
    expect(uploads.map((u) => [u.fileName, u.mime])).toEqual([['Заявление — скан.pdf', 'application/pdf']]) // the .exe is refused
    expect(await flagsOf(dovecot, uid)).toEqual(expect.arrayContaining(['\\Seen', STORED_KEYWORD]))
  })

  it('the same letter fetched again (re-delivered, or unflagged after a crash) stays one item', async () => {
    const item = await db.inboundMessage.findFirstOrThrow({ where: { messageId: parentMessageId } })
    const raw = fs.readFileSync(path.join(dataDir, item.rawPath))
    const again = await deliver(dovecot, raw, item.internalDate)
    expect(await pollMailbox(new Date())).toMatchObject({ fetched: 1, created: 0, duplicates: 1 })
    await clearFlags(dovecot, again, ['\\Seen', STORED_KEYWORD]) // stored, but the flag never reached the server
    expect(await pollMailbox(new Date())).toMatchObject({ fetched: 1, created: 0, duplicates: 1 })
    expect(await pollMailbox(new Date())).toMatchObject({ fetched: 0 })
    expect(await db.inboundMessage.count({ where: { messageId: parentMessageId } })).toBe(1)
    // And uploaded by hand as .eml: still the same item.
    expect((await uploadEml({ raw, receivedAt: item.internalDate })).created).toBe(false)
  })

  it('the employee creates the application; it is registered, decided, and the notice goes out by e-mail', async () => {
    const item = await db.inboundMessage.findFirstOrThrow({ where: { messageId: parentMessageId } })
    const responsible = await staffActor('responsible')
    const app = await createApplicationFromInbound({
      schoolId: item.schoolId,
      inboundId: item.id,
      data: await applicationFor('5А'),
      actor: responsible,
    })
    applicationId = app.id
    expect(app).toMatchObject({ channel: 'email', inboundMessageId: item.id })
    expect(app.receivedAt.toISOString()).toBe(item.internalDate.toISOString()) // the registration clock started then
    expect(await db.inboundMessage.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({
      status: 'application',
      applicationId: app.id,
    })
    expect(await db.upload.count({ where: { applicationId: app.id } })).toBe(1)

    const t = { applicationId: app.id, schoolId: app.schoolId }
    const registered = await registerApplication({ ...t, actor: responsible })
    await startReview({ ...t, actor: responsible })
    await forwardToDirector({
      ...t,
      actor: responsible,
      comment: 'Обучающийся не найден в журнале',
      proposal: 'refuse',
      proposedGrounds: ['Запрошенная информация отсутствует в электронном журнале'],
    })
    await transitionApplication({
      ...t,
      actor: await staffActor('director'),
      event: { type: 'REFUSE', grounds: ['Запрошенная информация отсутствует в электронном журнале'] },
    })
    await generateDocuments()
    await runOutbox(later(1000))
    expect((await sendDueEmails(later(1000))).failed).toBe(0)

    const subjects = sink.messages.map((m) => m.parsed.subject)
    expect(subjects).toContain(`Заявление (квитанция ${app.receiptNumber}) получено`)
    const base = `Заявление № ${registered.registrationNumber} от ${formatDate(registered.registeredAt!)}`
    const notice = sink.messages.find((m) => m.parsed.subject === `${base} — уведомление об отказе в предоставлении информации`)
    expect(notice, subjects.join(' | ')).toBeTruthy()
    expect(notice!.envelopeTo).toEqual([parentEmail])
    expect(notice!.parsed.attachments.map((a) => a.filename)).toEqual(['Уведомление об отказе в предоставлении информации.docx'])
    expect(notice!.parsed.inReplyTo).toBe(parentMessageId) // threads with the parent's letter
    expect(notice!.parsed.text).toContain('Запрошенная информация отсутствует в электронном журнале')
  })

  it('a reply to our letter attaches to the application; the subject number counts only from the applicant', async () => {
    const ours = sink.messages.find((m) => m.parsed.subject?.includes('получено'))!
    const reply = await composeRaw({
      from: parentEmail,
      to: SCHOOL,
      subject: `Re: ${ours.parsed.subject}`,
      text: 'Спасибо!',
      inReplyTo: ours.parsed.messageId,
      references: [ours.parsed.messageId!],
    })
    const app = await db.application.findUniqueOrThrow({ where: { id: applicationId } })
    const bySubject = await composeRaw({
      from: parentEmail,
      to: SCHOOL,
      subject: `Вопрос по заявлению № ${app.registrationNumber} от ${formatDate(app.registeredAt!)}`,
      text: 'Когда?',
    })
    const stranger = await composeRaw({
      from: 'stranger@example.com',
      to: SCHOOL,
      subject: `Заявление № ${app.registrationNumber} от ${formatDate(app.registeredAt!)}`,
      text: 'Чужое',
    })
    for (const raw of [reply, bySubject, stranger]) await deliver(dovecot, raw, new Date())
    expect(await pollMailbox(new Date())).toMatchObject({ created: 3 })
    const rows = await db.inboundMessage.findMany({
      where: { subject: { contains: String(app.registrationNumber) } },
      orderBy: { createdAt: 'asc' },
    })
    const attached = rows.filter((r) => r.status === 'attached')
    expect(attached.map((r) => [r.kind, r.applicationId])).toEqual([
      ['reply', applicationId],
      ['reply', applicationId],
    ])
    expect(rows.find((r) => r.fromAddress === 'stranger@example.com')).toMatchObject({
      kind: 'message',
      status: 'new',
      applicationId: null,
    })
    expect(await db.outboxJob.count({ where: { kind: 'notify-staff', payload: { contains: 'INBOUND_REPLY' } } })).toBe(2)
  })

  it('auto-replies and bounces are recognised, never become applications, and a bounce fails our letter', async () => {
    const ours = sink.messages.find((m) => m.parsed.subject?.includes('уведомление об отказе'))!
    const auto1 = await composeRaw({
      from: parentEmail,
      to: SCHOOL,
      subject: `Автоответ: ${ours.parsed.subject}`,
      text: 'Я в отпуске',
      inReplyTo: ours.parsed.messageId,
      headers: { 'Auto-Submitted': 'auto-replied' },
    })
    const auto2 = await composeRaw({
      from: parentEmail,
      to: SCHOOL,
      subject: 'Out of office',
      text: 'Away',
      headers: { 'X-Autoreply': 'yes', Precedence: 'auto_reply' },
    })
    const bounce = Buffer.from(
      [
        'From: Mail Delivery System <MAILER-DAEMON@mx.example.ru>',
        `To: ${SCHOOL}`,
        'Subject: Undelivered Mail Returned to Sender',
        'Message-ID: <bounce-1@mx.example.ru>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Письмо не доставлено.',
        '',
        '--b1',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.ru',
        '',
        `Final-Recipient: rfc822; ${parentEmail}`,
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
        '',
        '--b1',
        'Content-Type: text/rfc822-headers',
        '',
        `Message-ID: ${ours.parsed.messageId}`,
        'Subject: (original subject)',
        '',
        '--b1--',
        '',
      ].join('\r\n'),
    )
    for (const raw of [auto1, auto2, bounce]) await deliver(dovecot, raw, new Date())
    const appsBefore = await db.application.count()
    expect(await pollMailbox(new Date())).toMatchObject({ created: 3 })
    const autos = await db.inboundMessage.findMany({ where: { kind: 'auto_reply' } })
    expect(autos.map((a) => a.status)).toEqual(['ignored', 'ignored'])
    const dsn = await db.inboundMessage.findFirstOrThrow({ where: { messageId: '<bounce-1@mx.example.ru>' } })
    expect(dsn).toMatchObject({ kind: 'bounce', status: 'ignored', applicationId })
    const letter = await db.outboxJob.findFirstOrThrow({
      where: { kind: 'send-email', payload: { contains: `"messageId":"${ours.parsed.messageId}"` } },
    })
    expect(letter.status).toBe('failed')
    expect(letter.lastError).toMatch(/Возврат.*5\.1\.1.*User unknown/)
    expect(await db.application.count()).toBe(appsBefore)
  })
})
