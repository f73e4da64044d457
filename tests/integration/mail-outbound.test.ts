// Outgoing mail against a real SMTP server on 127.0.0.1 (smtp-server as the sink).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { runOutbox } from '#app/jobs/outbox.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { queueDocumentEmail, queueEmail, messageIdFor } from '#app/mail/index.server'
import { HELD_MESSAGE, sendDueEmails } from '#app/mail/send-email.server'
import { cancelLetter, getLetter, listLetters, retryLetter } from '#app/mail/outbox-admin.server'
import { registerApplication } from '#app/operations/steps.server'
import { formatDate } from '#workflows/time'
import { receive, staffActor } from '#tests/helpers/applications'
import { startSmtpSink, type SmtpSink } from '#tests/setup/mail-servers'

let sink: SmtpSink
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mail-out-'))
const later = (ms: number) => new Date(Date.now() + ms)
const smtp = () => ({ host: '127.0.0.1', port: sink.port, secure: false })
const schoolId = async () => (await db.school.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } })).id

beforeAll(async () => {
  sink = await startSmtpSink()
  overrideMailSettings({ smtp: smtp(), dataDir, messageIdDomain: 'school8.example.org' })
})
afterAll(async () => {
  overrideMailSettings({ smtp: null })
  await sink.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})
beforeEach(async () => {
  sink.messages.length = 0
  sink.refuse = null
  // Each test sees only its own letters.
  await db.outboxJob.updateMany({ where: { status: 'pending' }, data: { status: 'cancelled' } })
})

async function letter(key: string, extra: Partial<Parameters<typeof queueEmail>[1]> = {}) {
  return queueEmail(db, {
    schoolId: await schoolId(),
    to: 'parent@example.ru',
    subject: `Проверка ${key}`,
    text: 'Текст письма',
    idempotencyKey: key,
    ...extra,
  })
}

describe('outgoing mail', () => {
  it('holds letters while SMTP is not configured: pending, no attempt spent, readable with the reason', async () => {
    overrideMailSettings({ smtp: null })
    const { jobId } = await letter('held-1')
    const summary = await sendDueEmails(later(60_000))
    overrideMailSettings({ smtp: smtp() })
    expect(summary.held).toBe(1)
    const row = await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })
    expect([row.status, row.attempts, row.lastError]).toEqual(['pending', 0, HELD_MESSAGE])
    expect((await getLetter(await schoolId(), jobId))!.status).toBe('held')
    // Once SMTP is there, the held letter goes out.
    expect((await sendDueEmails(later(1000))).sent).toBe(1)
    expect(sink.messages).toHaveLength(1)
  })

  it('acknowledges and confirms registration: receipt and then the number in the subject, stable Message-ID', async () => {
    const app = await receive('online')
    await runOutbox(later(1000))
    await sendDueEmails(later(1000))
    const ack = sink.messages.find((m) => m.parsed.subject === `Заявление (квитанция ${app.receiptNumber}) получено`)
    expect(ack, sink.messages.map((m) => m.parsed.subject).join(' | ')).toBeTruthy()
    expect(ack!.parsed.messageId).toBe(messageIdFor(`${app.id}:v0:acknowledge`))
    expect(ack!.parsed.headers.get('auto-submitted')).toBe('auto-generated')
    expect(ack!.parsed.text).toContain(app.receiptNumber)
    expect(ack!.parsed.html).toContain(`/s/${app.statusToken}`)
    expect(ack!.envelopeTo).toEqual([app.applicantEmail])
    // The administrator's letter page names the application by its receipt, not by an internal id.
    expect(
      (await getLetter(
        await schoolId(),
        (await db.outboxJob.findFirstOrThrow({ where: { kind: 'send-email', idempotencyKey: { contains: app.id } } })).id,
      ))!.application,
    ).toBe(`квитанция ${app.receiptNumber}`)

    const registered = await registerApplication({ applicationId: app.id, schoolId: app.schoolId, actor: await staffActor('responsible') })
    await runOutbox(later(1000))
    await sendDueEmails(later(1000))
    const subject = `Заявление № ${registered.registrationNumber} от ${formatDate(registered.registeredAt!)} — зарегистрировано`
    expect(sink.messages.map((m) => m.parsed.subject)).toContain(subject)
    // The job ran twice (a retry after a crash) still queues one letter.
    const before = await db.outboxJob.count({ where: { kind: 'send-email' } })
    await db.outboxJob.updateMany({
      where: { kind: 'notify-applicant', payload: { contains: app.id } },
      data: { status: 'pending', runAt: new Date(0) },
    })
    await runOutbox(later(1000))
    expect(await db.outboxJob.count({ where: { kind: 'send-email' } })).toBe(before)
  })

  it('retries after 4xx with backoff; when the server recovers every letter arrives exactly once', async () => {
    sink.refuse = { code: 451, message: '4.3.0 Попробуйте позже' }
    const queued = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((k) => letter(`retry-${k}`)))
    const t0 = later(1000)
    expect(await sendDueEmails(t0)).toMatchObject({ sent: 0, retry: 5 })
    const rows = await db.outboxJob.findMany({ where: { id: { in: queued.map((q) => q.jobId) } } })
    for (const row of rows) {
      expect([row.status, row.attempts]).toEqual(['pending', 1])
      expect(row.lastError).toMatch(/451/)
      expect(row.runAt.getTime()).toBeGreaterThanOrEqual(t0.getTime() + 60_000)
    }
    expect((await sendDueEmails(t0)).sent).toBe(0) // not due yet: backoff
    expect(await sendDueEmails(new Date(t0.getTime() + 61_000))).toMatchObject({ retry: 5 }) // still refusing
    sink.refuse = null
    expect((await sendDueEmails(new Date(t0.getTime() + 10 * 60_000))).sent).toBe(5)
    expect((await sendDueEmails(new Date(t0.getTime() + 3_600_000))).sent).toBe(0)
    const ids = sink.messages.map((m) => m.parsed.messageId)
    expect(ids.sort()).toEqual(queued.map((q) => q.messageId).sort())
    const done = await db.outboxJob.findMany({ where: { id: { in: queued.map((q) => q.jobId) } } })
    expect(done.every((r) => r.status === 'done' && r.attempts === 3 && JSON.parse(r.result).response.startsWith('250'))).toBe(true)
  })

  // Issue 20: a delivery counts as e-mailed only once the SMTP server has accepted the letter (Порядок 3.1.2: the
  // answer «направляется заявителю указанным им в заявлении способом» — a letter refused by our own server was not sent).
  it('records the delivery as e-mailed only when the SMTP server accepts the letter, not when it is queued or refused', async () => {
    const app = await receive('email', '5А')
    const delivery = await db.delivery.create({
      data: { applicationId: app.id, kind: 'extract', channel: 'email', idempotencyKey: `mutation-${app.id}` },
    })
    await letter(`delivery-${app.id}`, { deliveryId: delivery.id, applicationId: app.id })
    sink.refuse = { code: 451, message: '4.3.0 Попробуйте позже' }
    const t0 = later(1000)
    expect(await sendDueEmails(t0)).toMatchObject({ sent: 0, retry: 1 })
    expect(await db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      status: 'prepared',
      deliveredAt: null,
      recipient: '',
    })
    sink.refuse = null
    const accepted = new Date()
    expect((await sendDueEmails(new Date(t0.getTime() + 10 * 60_000))).sent).toBe(1)
    const done = await db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })
    expect(done).toMatchObject({ status: 'emailed', recipient: 'parent@example.ru', lastError: '' })
    expect(done.deliveredAt!.getTime()).toBeGreaterThanOrEqual(accepted.getTime() - 1000)
  })

  it('fails at once on a permanent 5xx refusal and shows the server reply; the administrator can retry or cancel', async () => {
    sink.refuse = { code: 550, message: '5.1.1 Нет такого ящика' }
    const { jobId } = await letter('perm-1')
    expect((await sendDueEmails(later(1000))).failed).toBe(1)
    const row = await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })
    expect([row.status, row.attempts]).toEqual(['failed', 1])
    expect(row.lastError).toMatch(/550/)
    const listed = await listLetters(await schoolId(), { status: 'failed' })
    expect(listed.letters.some((l) => l.id === jobId && /550/.test(l.lastError))).toBe(true)

    sink.refuse = null
    await retryLetter(await schoolId(), jobId)
    expect((await sendDueEmails(later(1000))).sent).toBe(1)
    await expect(retryLetter(await schoolId(), jobId)).rejects.toThrow(/уже отправлено/)
    await expect(cancelLetter(await schoolId(), jobId)).rejects.toThrow(/отменить нельзя/)
    const { jobId: other } = await letter('perm-2')
    await cancelLetter(await schoolId(), other)
    expect((await sendDueEmails(later(1000))).sent).toBe(0)
  })

  it('a crash between «sent» and «recorded» sends no second copy: the letter becomes «unsure» (ADR 113)', async () => {
    const { jobId, messageId } = await letter('crash-1')
    await sendDueEmails(later(1000))
    // As if the process died after the server said 250 but before the row was marked done (the attempt on record):
    await db.outboxJob.update({
      where: { id: jobId },
      data: { status: 'running', claimedAt: new Date(Date.now() - 11 * 60_000), sendStartedAt: new Date(Date.now() - 11 * 60_000) },
    })
    await sendDueEmails(later(1000))
    expect(sink.messages.map((m) => m.parsed.messageId)).toEqual([messageId])
    expect((await getLetter(await schoolId(), jobId))?.status).toBe('unsure')
    // The same key never queues a second row.
    expect((await letter('crash-1')).created).toBe(false)
  })

  it('queues a document letter with the DOCX and its stored PDF copy; Cyrillic file names round-trip', async () => {
    const app = await receive('online')
    const docx = fs.readFileSync(path.resolve('templates/vypiska.docx'))
    const [d1] = await db.$transaction([
      db.storedDocument.create({
        data: {
          applicationId: app.id,
          kind: 'vypiska',
          fileName: 'Выписка из электронного журнала.docx',
          mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          sha256: 'x',
          content: docx,
        },
      }),
      db.storedDocument.create({
        data: {
          applicationId: app.id,
          kind: 'vypiska',
          fileName: 'Выписка из электронного журнала.pdf',
          mime: 'application/pdf',
          sha256: 'y',
          content: Buffer.from('%PDF-1.4\n%%EOF\n'),
        },
      }),
    ])
    await db.$transaction((tx) =>
      queueDocumentEmail(tx, { applicationId: app.id, kind: 'vypiska', storedDocumentIds: [d1.id], idempotencyKey: `${app.id}:doc-test` }),
    )
    // The payload names the application as queueEffects' cancelPendingDelivery looks for it.
    expect(
      await db.outboxJob.count({ where: { kind: 'send-email', status: 'pending', payload: { contains: `"applicationId":"${app.id}"` } } }),
    ).toBeGreaterThan(0)
    await sendDueEmails(later(1000))
    const sent = sink.messages.find((m) => m.parsed.subject?.endsWith('выписка из электронного журнала'))!
    expect(sent.parsed.subject).toBe(`Заявление (квитанция ${app.receiptNumber}) — выписка из электронного журнала`)
    expect(sent.parsed.attachments.map((a) => a.filename)).toEqual([
      'Выписка из электронного журнала.docx',
      'Выписка из электронного журнала.pdf',
    ])
    expect(Buffer.compare(sent.parsed.attachments[0].content, docx)).toBe(0)
  })

  it('sends deadline notices to the director and the responsible employee', async () => {
    const app = await receive('post')
    const due = new Date(Date.now() - 3_600_000)
    await db.outboxJob.createMany({
      data: [
        {
          kind: 'notify-staff',
          payload: JSON.stringify({
            applicationId: app.id,
            role: 'director',
            reason: 'deadline:registration:overdue',
            due: due.toISOString(),
          }),
          idempotencyKey: `${app.id}:deadline:registration:overdue`,
        },
        {
          kind: 'notify-staff',
          payload: JSON.stringify({
            applicationId: app.id,
            role: 'responsible',
            reason: 'deadline:registration:due_soon',
            due: due.toISOString(),
          }),
          idempotencyKey: `${app.id}:deadline:registration:due_soon`,
        },
      ],
    })
    await runOutbox(later(1000))
    await sendDueEmails(later(1000))
    const byTo = Object.fromEntries(sink.messages.map((m) => [m.envelopeTo[0], m.parsed.subject]))
    expect(byTo['director@school8.example.org']).toBe(
      `Просрочено: регистрация (Порядок 3.1.1) — Заявление (квитанция ${app.receiptNumber})`,
    )
    expect(byTo['responsible@school8.example.org']).toBe(
      `Истекает срок: регистрация (Порядок 3.1.1) — Заявление (квитанция ${app.receiptNumber})`,
    )
  })
})
