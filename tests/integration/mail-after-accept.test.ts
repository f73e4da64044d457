// A letter the SMTP server has accepted is never sent again because recording it failed for a moment: a busy SQLite
// file (another process holding the write lock past the 10 s busy timeout) or a dropped PostgreSQL connection after
// the server said 250 used to take the «temporary failure» path — the row went back to 'pending' and the parent got
// the letter a second time a minute later.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '#app/utils/db.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { queueEmail } from '#app/mail/index.server'
import { sendDueEmails } from '#app/mail/send-email.server'
import { receive } from '#tests/helpers/applications'
import { startSmtpSink, type SmtpSink } from '#tests/setup/mail-servers'

let sink: SmtpSink
const later = (ms: number) => new Date(Date.now() + ms)
const busy = () => Object.assign(new Error('Operation has timed out'), { code: 'P1008' })

beforeAll(async () => {
  sink = await startSmtpSink()
  overrideMailSettings({ smtp: { host: '127.0.0.1', port: sink.port, secure: false }, messageIdDomain: 'school8.example.org' })
})
afterAll(async () => {
  overrideMailSettings({ smtp: null })
  await sink.close()
})
beforeEach(async () => {
  vi.restoreAllMocks()
  sink.messages.length = 0
  await db.outboxJob.updateMany({ where: { status: 'pending' }, data: { status: 'cancelled' } })
})

/** Makes the next `times` writes that would mark a letter sent fail as a busy database does. */
function failRecording(times: number) {
  const real = db.outboxJob.updateMany.bind(db.outboxJob)
  let left = times
  return vi.spyOn(db.outboxJob, 'updateMany').mockImplementation(((args: Parameters<typeof real>[0]) => {
    if ((args.data as { status?: string }).status === 'done' && left > 0) {
      left--
      return Promise.reject(busy())
    }
    return real(args)
  }) as unknown as typeof db.outboxJob.updateMany)
}

describe('after the SMTP server accepted a letter', () => {
  it('a busy database when recording it retries the record and never sends the letter again', async () => {
    const app = await receive('email', '5А')
    const delivery = await db.delivery.create({
      data: { applicationId: app.id, kind: 'extract', channel: 'email', idempotencyKey: `after-accept-${app.id}` },
    })
    const { jobId, messageId } = await queueEmail(db, {
      schoolId: app.schoolId,
      to: 'parent@example.ru',
      subject: 'Проверка записи после отправки',
      text: 'Текст',
      idempotencyKey: `after-accept-${app.id}`,
      applicationId: app.id,
      deliveryId: delivery.id,
    })
    failRecording(2)
    expect(await sendDueEmails(later(1000))).toMatchObject({ sent: 1, retry: 0 })
    vi.restoreAllMocks()
    const row = await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })
    expect([row.status, row.attempts, row.lastError]).toEqual(['done', 1, ''])
    expect(JSON.parse(row.result).response).toMatch(/^250/)
    expect(await db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: 'emailed' })
    // Later passes, well past any backoff: nothing goes out again.
    await sendDueEmails(later(10 * 60_000))
    await sendDueEmails(later(3_600_000))
    expect(sink.messages.map((m) => m.parsed.messageId)).toEqual([messageId])
  })

  it('when the database stays unreachable the row keeps its claim, then waits «unsure»: never a retry, never a second copy', async () => {
    const { jobId, messageId } = await queueEmail(db, {
      schoolId: (await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })).id,
      to: 'parent@example.ru',
      subject: 'Проверка недоступной базы',
      text: 'Текст',
      idempotencyKey: 'after-accept-down',
    })
    failRecording(1_000)
    // Not counted sent: nothing says so (the row is still 'running').
    expect(await sendDueEmails(later(1000))).toMatchObject({ sent: 0, unsure: 1, retry: 0 })
    vi.restoreAllMocks()
    const row = await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })
    // Not 'pending' with «temporary failure»: a live lease on a letter the server has, as if the process had died.
    expect([row.status, row.lastError]).toEqual(['running', ''])
    // While the lease lives (a minute from the claim), no pass takes the letter, however late it runs.
    expect(await sendDueEmails(later(30_000))).toMatchObject({ sent: 0, retry: 0 })
    expect(sink.messages.map((m) => m.parsed.messageId)).toEqual([messageId])
    // Once it has run out, the letter is not sent again (ADR 113): it was handed to the server, so it waits, «unsure»,
    // for its copy in the school's mailbox or the administrator's decision; nothing goes a second time by itself.
    expect(await sendDueEmails(later(2 * 60_000))).toMatchObject({ sent: 0, retry: 0 })
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: 'unsure', attempts: 1 })
    await sendDueEmails(later(3_600_000))
    expect(sink.messages.map((m) => m.parsed.messageId)).toEqual([messageId])
  })
})
