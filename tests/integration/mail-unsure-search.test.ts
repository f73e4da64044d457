// ADR 119: the search of the school's mailbox for a letter in doubt. A connection that dropped after the whole letter
// went out is searched for a minute later (the server files its copy a little after accepting), and once more ten
// minutes after a first search found nothing, before the administrator is asked. A mailbox that greets and then only
// trickles bytes is given up within the search's budget, and the worker's letters' pass never waits for the search.
// A real SMTP server, a real Dovecot and a stalling IMAP server on 127.0.0.1.
import net from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { queueEmail } from '#app/mail/index.server'
import { mailSendTask, sendDueEmails } from '#app/mail/send-email.server'
import { IMAP_KEY, setSchoolMailbox } from '#app/mail/mailboxes.server'
import { settleUnsureLetters, UNSURE_NOT_FOUND } from '#app/mail/unsure-letters.server'
import { closeTransport } from '#app/mail/transport.server'
import {
  dovecotAvailable,
  imapSettings,
  startDovecot,
  startSmtpSink,
  withImap,
  type Dovecot,
  type SmtpSink,
} from '#tests/setup/mail-servers'

const later = (ms: number) => new Date(Date.now() + ms)
let sink: SmtpSink
let schoolId = ''
/** Every letter whose data the server received in full, by its Message-ID. */
const arrivedWith = (id: string) => sink.messages.filter((m) => m.parsed.messageId === id)
/** From now on the server takes each letter whole and then the line goes dead: no answer at all. */
const dropAfterData = () => (sink.beforeAnswer = async () => 'drop')

beforeAll(async () => {
  sink = await startSmtpSink()
  overrideMailSettings({ smtp: { host: '127.0.0.1', port: sink.port, secure: false }, messageIdDomain: 'school8.example.org' })
  schoolId = (await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })).id
})
afterAll(async () => {
  overrideMailSettings({ smtp: null })
  await sink.close()
})
afterEach(async () => {
  sink.messages.length = 0
  sink.beforeAnswer = null
  closeTransport()
  await db.outboxJob.updateMany({ where: { status: { in: ['pending', 'unsure', 'running'] } }, data: { status: 'cancelled' } })
  await db.setting.deleteMany({ where: { key: IMAP_KEY } })
})

const letter = (key: string) =>
  queueEmail(db, { schoolId, to: 'parent@example.ru', subject: `Письмо ${key}`, text: 'Текст письма', idempotencyKey: key })
const rowOf = (id: string) => db.outboxJob.findUniqueOrThrow({ where: { id } })

describe.runIf(dovecotAvailable())('a dropped connection’s letter, with a mailbox that files its copy late', () => {
  let dovecot: Dovecot
  beforeAll(async () => {
    dovecot = await startDovecot()
    await withImap(dovecot, (client) => client.mailboxCreate('Sent'))
  })
  afterAll(() => dovecot?.close())

  it('is not searched at once, is searched again after a first miss, and is settled by the copy filed later', async () => {
    await setSchoolMailbox(schoolId, imapSettings(dovecot))
    dropAfterData()
    const { jobId, messageId } = await letter(`search-late-${Date.now()}`)
    const t0 = Date.now()
    expect(await sendDueEmails(new Date(t0))).toMatchObject({ unsure: 1, sent: 0, retry: 0 })
    sink.beforeAnswer = null
    // The pass that saw the line drop did not search (the copy could not be there yet): still looking.
    let row = await rowOf(jobId)
    expect(row.status).toBe('unsure')
    expect(row.lastError).toMatch(/Ищем копию письма в почтовом ящике школы\.$/)
    expect(row.runAt.getTime()).toBeGreaterThanOrEqual(t0 + 55_000)
    // A minute later: searched, no copy yet — but not handed to the administrator: searched again later.
    expect(await settleUnsureLetters(new Date(t0 + 2 * 60_000))).toEqual({ found: 0, left: 1 })
    row = await rowOf(jobId)
    expect(row.status).toBe('unsure')
    expect(row.lastError).not.toContain(UNSURE_NOT_FOUND)
    expect(row.lastError).toMatch(/пока нет.*Ищем копию письма в почтовом ящике школы\.$/)
    expect(row.runAt.getTime()).toBeGreaterThan(t0 + 10 * 60_000)
    // The server files its copy of what it accepted.
    const [copy] = arrivedWith(messageId)
    await withImap(dovecot, (client) => client.append('Sent', copy.raw, ['\\Seen']))
    expect(await settleUnsureLetters(new Date(t0 + 13 * 60_000))).toEqual({ found: 1, left: 0 })
    row = await rowOf(jobId)
    expect(row.status).toBe('done')
    expect(JSON.parse(row.result).response).toMatch(/найдена в папке «Sent»/)
    await sendDueEmails(new Date(t0 + 3_600_000))
    expect(arrivedWith(messageId)).toHaveLength(1)
  }, 60_000)

  it('with no copy at either search, it waits for the administrator and is never sent again by itself', async () => {
    await setSchoolMailbox(schoolId, imapSettings(dovecot))
    dropAfterData()
    const { jobId, messageId } = await letter(`search-none-${Date.now()}`)
    const t0 = Date.now()
    await sendDueEmails(new Date(t0))
    sink.beforeAnswer = null
    await sendDueEmails(new Date(t0 + 2 * 60_000))
    expect((await rowOf(jobId)).lastError).not.toContain(UNSURE_NOT_FOUND)
    await sendDueEmails(new Date(t0 + 13 * 60_000))
    const row = await rowOf(jobId)
    expect(row.status).toBe('unsure')
    expect(row.lastError).toMatch(/^Неизвестно, ушло ли письмо: связь с почтовым сервером оборвалась/)
    expect(row.lastError).toContain(UNSURE_NOT_FOUND)
    await sendDueEmails(new Date(t0 + 3_600_000))
    expect(arrivedWith(messageId)).toHaveLength(1)
  }, 60_000)
})

describe('a mailbox that greets and then stalls', () => {
  it('is given up within the search’s budget, and the worker’s pass sends its letters without waiting for the search', async () => {
    // Greets, then answers nothing — only an untagged line every 3 s, which keeps a socket's own timeout from firing.
    const held: net.Socket[] = []
    const timers: NodeJS.Timeout[] = []
    const stalling = net.createServer((socket) => {
      held.push(socket)
      socket.on('error', () => {})
      socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n')
      timers.push(setInterval(() => socket.write('* OK still here\r\n'), 3_000))
    })
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve))
    try {
      const stallPort = (stalling.address() as net.AddressInfo).port
      await setSchoolMailbox(schoolId, { host: '127.0.0.1', port: stallPort, secure: false, user: 'u', password: 'p', mailbox: 'INBOX' })
      const doubtful = await letter(`stall-u-${Date.now()}`)
      await db.outboxJob.update({
        where: { id: doubtful.jobId },
        data: { status: 'unsure', lastError: 'Неизвестно, ушло ли письмо. Ищем копию письма в почтовом ящике школы.', runAt: new Date() },
      })
      // The worker's pass: the due letter goes and the pass ends while the search still waits on the mailbox.
      const due = await letter(`stall-p-${Date.now()}`)
      const start = Date.now()
      expect(await mailSendTask.run(later(1000), () => false)).toMatchObject({ sent: 1 })
      expect(Date.now() - start).toBeLessThan(3_000)
      expect(arrivedWith(due.messageId)).toHaveLength(1)
      // The next pass does not start a second search beside it, and does not wait for the first either.
      const next = await letter(`stall-q-${Date.now()}`)
      const again = Date.now()
      expect(await mailSendTask.run(later(2000), () => false)).toMatchObject({ sent: 1 })
      expect(Date.now() - again).toBeLessThan(3_000)
      expect(arrivedWith(next.messageId)).toHaveLength(1)
      expect(held.length).toBe(1)
      // The search itself ends within its budget, however the mailbox trickles: searched again in ten minutes.
      const until = Date.now() + 25_000
      while ((await rowOf(doubtful.jobId)).runAt.getTime() < Date.now() + 5 * 60_000 && Date.now() < until)
        await new Promise((r) => setTimeout(r, 250))
      expect(Date.now() - start).toBeLessThan(20_000)
      const row = await rowOf(doubtful.jobId)
      expect(row.status).toBe('unsure')
      expect(row.runAt.getTime()).toBeGreaterThan(Date.now() + 5 * 60_000)
      // Called directly (a test, a tool) it is bounded the same way.
      await db.outboxJob.update({ where: { id: doubtful.jobId }, data: { runAt: new Date() } })
      const direct = Date.now()
      expect(await settleUnsureLetters(later(1000))).toEqual({ found: 0, left: 1 })
      expect(Date.now() - direct).toBeLessThan(20_000)
    } finally {
      for (const t of timers) clearInterval(t)
      for (const socket of held) socket.destroy()
      await new Promise<void>((resolve) => stalling.close(() => resolve()))
    }
  }, 90_000)
})
