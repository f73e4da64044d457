// ADR 124 (on ADR 119): the search of the school's mailbox for the copies of 'unsure' letters runs beside the worker's
// passes; a clean stop (SIGTERM) waits for it as for the pass — bounded. Before, stop() returned as soon as the pass
// ended: the server exited (or closed the database) under a search still talking to the mailbox. Here a real worker
// (startWorker) runs the letters' task against a real Dovecot reached through a slow line, and is stopped mid-search.
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

// The worker on, with a short interval (read once, before any module reads the environment).
vi.hoisted(() => {
  process.env.DISABLE_WORKER = 'false'
  process.env.WORKER_INTERVAL_SECONDS = '60'
})

import { db } from '#app/utils/db.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { queueEmail } from '#app/mail/index.server'
import { setSchoolMailbox } from '#app/mail/mailboxes.server'
import { mailSendTask } from '#app/mail/send-email.server'
import { DROPPED_MESSAGE } from '#app/mail/unsure-letters.server'
import { STOP_DRAIN_MS, startWorker } from '#app/jobs/worker.server'
import {
  dovecotAvailable,
  imapSettings,
  startDovecot,
  startSmtpSink,
  withImap,
  type Dovecot,
  type SmtpSink,
} from '#tests/setup/mail-servers'

/** A line to the mailbox that holds every chunk `delayMs` each way; counts its connections and keeps what clients said. */
async function slowLine(port: number, delayMs: number) {
  const line = { port: 0, opened: 0, said: '', close: async () => {} }
  const server = net.createServer((client) => {
    line.opened++
    client.on('data', (chunk: Buffer) => (line.said += chunk.toString('latin1')))
    const upstream = net.connect(port, '127.0.0.1')
    const relay = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk: Buffer) => setTimeout(() => to.writable && to.write(chunk), delayMs))
    relay(client, upstream)
    relay(upstream, client)
    const end = () => {
      client.destroy()
      upstream.destroy()
    }
    client.once('close', end)
    upstream.once('close', () => setTimeout(() => client.destroy(), delayMs))
    client.on('error', end)
    upstream.on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  line.port = (server.address() as net.AddressInfo).port
  line.close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  return line
}

describe.runIf(dovecotAvailable())('a clean stop while the worker searches the school’s mailbox', () => {
  let dovecot: Dovecot
  let sink: SmtpSink
  beforeAll(async () => {
    ;[dovecot, sink] = await Promise.all([startDovecot(), startSmtpSink()])
    await withImap(dovecot, (client) => client.mailboxCreate('Sent'))
    overrideMailSettings({ smtp: { host: '127.0.0.1', port: sink.port, secure: false }, messageIdDomain: 'school8.example.org' })
  })
  afterAll(async () => {
    overrideMailSettings({ smtp: null })
    await Promise.all([dovecot?.close(), sink?.close()])
  })

  it('waits for the search to end before it returns, no longer than its bound', async () => {
    const schoolId = (await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })).id
    const line = await slowLine(dovecot.port, 80)
    await setSchoolMailbox(schoolId, { ...imapSettings(dovecot), port: line.port })
    const { jobId } = await queueEmail(db, {
      schoolId,
      to: 'parent@example.ru',
      subject: 'Письмо',
      text: 'Текст',
      idempotencyKey: 'stop-1',
    })
    await db.outboxJob.update({
      where: { id: jobId },
      data: { status: 'unsure', lastError: DROPPED_MESSAGE, runAt: new Date(Date.now() - 60_000), sendStartedAt: new Date() },
    })

    const worker = startWorker([mailSendTask])
    // The search has begun: its connection to the mailbox is open (the first pass starts half a second after start).
    const started = Date.now()
    while (line.opened === 0 && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 20))
    expect(line.opened).toBe(1)
    const stopAt = Date.now()
    await worker.stop()
    const took = Date.now() - stopAt
    // Returned only once the search had ended and said LOGOUT (its answer came back): nothing of it runs after the stop.
    expect(line.said).toMatch(/ LOGOUT\r\n/i)
    expect(took).toBeLessThan(STOP_DRAIN_MS + 1_000)
    const row = await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })
    await new Promise((r) => setTimeout(r, 1_500))
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).toEqual(row)
    await line.close()
  }, 60_000)
})
