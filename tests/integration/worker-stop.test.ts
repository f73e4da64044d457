// A clean stop with a backlog (ADR 025): the queue tasks finish the rows they hold and claim no other. Before, the
// letters' loop went on through all 200 due letters after SIGTERM; with a mail server taking a second or more a
// letter, the grace period (8 s) ran out, the process was cut mid-letter and those letters went out a second time
// after restart (seen with `npm start`, a slow SMTP server and 60 letters waiting: «не завершились … прерваны»).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { queueEmail } from '#app/mail/index.server'
import { mailSendTask } from '#app/mail/send-email.server'
import { outboxTask } from '#app/jobs/outbox.server'
import { runTasksOnce } from '#app/jobs/worker.server'
import { POOL_CONNECTIONS } from '#app/mail/transport.server'
import { receive } from '#tests/helpers/applications'
import { startSmtpSink, type SmtpSink } from '#tests/setup/mail-servers'

/** An SMTP server that holds every letter 300 ms before its 250, keeping the letters whose data arrived. */
let sink: SmtpSink
const received = () => sink.messages.length
const later = (ms: number) => new Date(Date.now() + ms)

beforeAll(async () => {
  sink = await startSmtpSink()
  sink.beforeAnswer = () => new Promise((resolve) => setTimeout(resolve, 300))
  overrideMailSettings({ smtp: { host: '127.0.0.1', port: sink.port, secure: false }, messageIdDomain: 'school8.example.org' })
})
afterAll(async () => {
  overrideMailSettings({ smtp: null })
  await sink.close()
})

describe('a clean stop during the worker’s queue tasks', () => {
  it('the letters in flight are finished, no further letter is claimed', async () => {
    await db.outboxJob.updateMany({ where: { status: 'pending' }, data: { status: 'cancelled' } })
    const schoolId = (await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })).id
    const letters = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        queueEmail(db, { schoolId, to: 'parent@example.ru', subject: `Очередь ${i}`, text: 'Текст', idempotencyKey: `stop-${i}` }),
      ),
    )
    // The stop comes while the first letters are at the server.
    const stopped = () => received() > 0
    await runTasksOnce([mailSendTask], later(1000), stopped)
    const rows = await db.outboxJob.findMany({ where: { id: { in: letters.map((l) => l.jobId) } } })
    const done = rows.filter((r) => r.status === 'done')
    expect(done.length).toBeGreaterThan(0)
    expect(done.length).toBeLessThanOrEqual(POOL_CONNECTIONS)
    expect(received()).toBe(done.length)
    // Nothing left half-done: every other letter waits untouched for the next start.
    expect(rows.filter((r) => r.status !== 'done').every((r) => r.status === 'pending' && r.attempts === 0)).toBe(true)
  })

  it('the outbox claims no job once the stop has begun', async () => {
    await db.outboxJob.updateMany({ where: { status: 'pending' }, data: { status: 'cancelled' } })
    await receive('email', '5А')
    const due = await db.outboxJob.findMany({ where: { status: 'pending', kind: { not: 'send-email' } } })
    expect(due.length).toBeGreaterThan(0)
    // The pass had begun (runTasksOnce asks only between tasks); the stop came before the outbox took its first row.
    expect(await outboxTask.run(later(1000), () => true)).toBe(0)
    expect(await db.outboxJob.findMany({ where: { id: { in: due.map((j) => j.id) } } })).toEqual(due)
  })
})
