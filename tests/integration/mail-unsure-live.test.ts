// ADR 113's doubt about a letter, seen from the sender that is still alive (a review of the first version): another
// instance may turn a live send 'unsure' (its clock ahead, this one's lease renewals failing on a busy database) — the
// server's «250» must still settle it; the mark «the whole letter went out» must not outlive its attempt; and a school
// mailbox that does not answer must not hold up the outgoing letters while the doubtful ones are searched for.
import net from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { queueEmail } from '#app/mail/index.server'
import { sendDueEmails } from '#app/mail/send-email.server'
import { recoverStuckJobs } from '#app/jobs/outbox-claims.server'
import { IMAP_KEY, setSchoolMailbox } from '#app/mail/mailboxes.server'
import { resendUnsureLetter, settleUnsureLetters } from '#app/mail/unsure-letters.server'
import { closeTransport, takeStreamed } from '#app/mail/transport.server'
import { receive } from '#tests/helpers/applications'
import { freePort, startSmtpSink, type SmtpSink } from '#tests/setup/mail-servers'

const later = (ms: number) => new Date(Date.now() + ms)
let sink: SmtpSink
let port = 0
let schoolId = ''
const smtpAt = (p: number) =>
  overrideMailSettings({ smtp: { host: '127.0.0.1', port: p, secure: false }, messageIdDomain: 'school8.example.org' })

beforeAll(async () => {
  sink = await startSmtpSink()
  port = sink.port
  smtpAt(port)
  schoolId = (await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })).id
})
afterAll(async () => {
  overrideMailSettings({ smtp: null })
  await sink.close()
})
afterEach(async () => {
  sink.messages.length = 0
  sink.beforeAnswer = null
  smtpAt(port)
  await db.outboxJob.updateMany({ where: { status: { in: ['pending', 'unsure', 'running'] } }, data: { status: 'cancelled' } })
  await db.setting.deleteMany({ where: { key: IMAP_KEY } })
})

const letter = (key: string, extra: Partial<Parameters<typeof queueEmail>[1]> = {}) =>
  queueEmail(db, { schoolId, to: 'parent@example.ru', subject: `Письмо ${key}`, text: 'Текст письма', idempotencyKey: key, ...extra })
/** How many times the server received the letter's data in full. */
const count = (id: string) => sink.messages.filter((m) => m.parsed.messageId === id).length

describe('a letter in doubt while its sender is alive', { timeout: 60_000 }, () => {
  it('turned «unsure» by another instance mid-send, it is settled by its server’s «250»: done, delivery e-mailed', async () => {
    const app = await receive('email', '5А')
    const delivery = await db.delivery.create({
      data: { applicationId: app.id, kind: 'extract', channel: 'email', idempotencyKey: `live-${app.id}` },
    })
    const { jobId, messageId } = await letter(`live-1-${app.id}`, { applicationId: app.id, deliveryId: delivery.id })
    let release!: () => void
    const answer = new Promise<void>((resolve) => (release = resolve))
    let dataIn!: () => void
    const hasData = new Promise<void>((resolve) => (dataIn = resolve))
    sink.beforeAnswer = async () => {
      dataIn()
      await answer
    }
    const pass = sendDueEmails(new Date())
    await hasData
    // Another instance, its clock two minutes ahead, sees the lease run out while the server holds the letter.
    await recoverStuckJobs(later(2 * 60_000))
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: 'unsure' })
    // Its mailbox search waits a lease length: the search in that instance's own pass does not tell the
    // administrator to send again before the «250» could be recorded.
    expect(await settleUnsureLetters(later(2 * 60_000))).toEqual({ found: 0, left: 0 })
    release()
    expect(await pass).toMatchObject({ sent: 1, unsure: 0 })
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: 'done', lastError: '' })
    expect(await db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: 'emailed' })
    await sendDueEmails(later(3_600_000))
    expect(count(messageId)).toBe(1)
  })

  it('a «250» for a letter the administrator already sent again is not counted sent and does not end the new attempt', async () => {
    const { jobId } = await letter(`live-2-${Date.now()}`)
    let release!: () => void
    const answer = new Promise<void>((resolve) => (release = resolve))
    let dataIn!: () => void
    const hasData = new Promise<void>((resolve) => (dataIn = resolve))
    sink.beforeAnswer = async () => {
      dataIn()
      await answer
    }
    const pass = sendDueEmails(new Date())
    await hasData
    await recoverStuckJobs(later(2 * 60_000))
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    await resendUnsureLetter({ schoolId, userId: admin.id }, jobId)
    release()
    expect(await pass).toMatchObject({ sent: 0 })
    // The administrator's decision stands: the row is queued again, not marked done by the older attempt.
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: 'pending', sendStartedAt: null })
  })

  it('the mark «the whole letter went out» ends with its attempt: a later send that fails before any byte is a clean retry', async () => {
    const { jobId, messageId } = await letter(`live-3-${Date.now()}`)
    expect(await sendDueEmails(new Date())).toMatchObject({ sent: 1 })
    expect(takeStreamed(messageId)).toBe(false)
    // The same letter once more (the administrator's word after a doubt); this time nothing listens on the port.
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    await db.outboxJob.update({ where: { id: jobId }, data: { status: 'unsure', lastError: 'проверка' } })
    await resendUnsureLetter({ schoolId, userId: admin.id }, jobId)
    closeTransport()
    smtpAt(await freePort())
    expect(await sendDueEmails(later(1000))).toMatchObject({ retry: 1, unsure: 0 })
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: 'pending', sendStartedAt: null })
  })

  it('a school mailbox that never answers holds up neither the due letters nor the pass for long', async () => {
    const held: net.Socket[] = []
    const silent = net.createServer((socket) => void held.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    try {
      const silentPort = (silent.address() as net.AddressInfo).port
      await setSchoolMailbox(schoolId, {
        host: '127.0.0.1',
        port: silentPort,
        secure: false,
        user: 'u',
        password: 'p',
        mailbox: 'INBOX',
      })
      const doubtful = await letter(`live-4u-${Date.now()}`)
      await db.outboxJob.update({
        where: { id: doubtful.jobId },
        data: { status: 'unsure', lastError: 'Неизвестно, ушло ли письмо. Ищем копию письма в почтовом ящике школы.' },
      })
      const due = await letter(`live-4p-${Date.now()}`)
      const start = Date.now()
      expect(await sendDueEmails(later(1000))).toMatchObject({ sent: 1 })
      const took = Date.now() - start
      // The letter went before the search began; the search gave up after the short greeting timeout.
      expect(sink.messages.find((m) => m.parsed.messageId === due.messageId)!.at - start).toBeLessThan(3_000)
      expect(took).toBeLessThan(10_000)
      // Searched again later, not given up: still waiting for its copy.
      const row = await db.outboxJob.findUniqueOrThrow({ where: { id: doubtful.jobId } })
      expect(row.status).toBe('unsure')
      expect(row.runAt.getTime()).toBeGreaterThan(Date.now() + 5 * 60_000)
    } finally {
      for (const socket of held) socket.destroy()
      await new Promise<void>((resolve) => silent.close(() => resolve()))
    }
  })
})
