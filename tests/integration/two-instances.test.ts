// Several app instances on one database (ADR 042, 043): two real Node processes on the same SQLite file race as two
// server.js workers would. Every letter reaches the SMTP sink on 127.0.0.1 exactly once, every periodic extract is
// made once, and registrations made by both at once get gapless numbers, each once.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db, dbReady } from '#app/utils/db.server'
import { queueEmail } from '#app/mail/queue-email.server'
import { receive } from '#tests/helpers/applications'
import { activePeriodic } from '#tests/helpers/periodic'
import { startSmtpSink, type SmtpSink } from '#tests/setup/mail-servers'
import { acquireTaskLease, releaseTaskLease, withTaskLease } from '#app/jobs/lease.server'
import { claimJob, finishJob } from '#app/jobs/outbox-claims.server'
import { addDays, parseLocalDateTime } from '#workflows/time'

const TZ = 'Europe/Saratov'
const at = (day: string, time = '10:00') => parseLocalDateTime(`${day}T${time}`, TZ)
const ROOT = process.cwd()
let sink: SmtpSink

beforeAll(async () => {
  await dbReady()
  sink = await startSmtpSink()
})
afterAll(() => sink.close())

/** Starts one instance (tests/helpers/instance-child.ts): `ready` once it has loaded, `done` with its JSON summary. */
function instance(mode: 'worker' | 'register', env: Record<string, string>) {
  let markReady = () => {}
  const ready = new Promise<void>((resolve) => (markReady = resolve))
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['tests/helpers/instance-child.ts', mode], {
    cwd: ROOT,
    env: { ...process.env, DISABLE_WORKER: 'true', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port), SMTP_SECURE: 'false', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const done = new Promise<Record<string, number>>((resolve, reject) => {
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      if (out.includes('ready')) markReady()
    })
    child.stderr.on('data', (c: Buffer) => (err += c.toString()))
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`instance ${mode} exited ${code}: ${err}`))
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, number>)
    })
  })
  return { ready, done, go: () => child.stdin.end('go\n') }
}

/** Two instances, started together once both have loaded. */
async function race(mode: 'worker' | 'register', envA: Record<string, string>, envB: Record<string, string>) {
  const a = instance(mode, envA)
  const b = instance(mode, envB)
  await Promise.all([a.ready, b.ready])
  a.go()
  b.go()
  return Promise.all([a.done, b.done])
}

/** A weekly periodic application by e-mail, taken to its first hand-over on `firstDay`. */
const activeWeekly = (firstDay: string, className: string) => activePeriodic('weekly', firstDay, className, 'email')

describe('two instances on one database', () => {
  it('send every letter once and make every periodic extract once', async () => {
    const school = await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })
    const year = await db.academicYear.findFirstOrThrow({ where: { schoolId: school.id, current: true } })
    const firstDay = addDays(year.startsOn, 8)
    const classes = ['5А', '6А', '7А', '8А']
    const periodic = []
    for (const c of classes) periodic.push(await activeWeekly(firstDay, c))
    for (let i = 1; i <= 60; i++) {
      await queueEmail(db, {
        schoolId: school.id,
        to: `parent${i}@example.ru`,
        subject: `Письмо ${i} из очереди`,
        text: `Текст ${i}`,
        idempotencyKey: `two-instances:${i}`,
      })
    }
    const now = at(addDays(firstDay, 24), '20:00')

    const [a, b] = await race('worker', { INSTANCE_NOW: now.toISOString() }, { INSTANCE_NOW: now.toISOString() })

    // Both instances worked the same queue at the same time (which of them sends more is the scheduler's choice).
    expect(a.startedAt).toBeLessThan(b.endedAt)
    expect(b.startedAt).toBeLessThan(a.endedAt)
    expect(a.sent + b.sent).toBe(sink.messages.length)
    const done = await db.outboxJob.findMany({ where: { kind: 'send-email', status: 'done' } })
    expect(
      await db.outboxJob.count({
        where: { kind: 'send-email', status: { in: ['pending', 'running', 'failed'] }, runAt: { lte: new Date() } },
      }),
    ).toBe(0)
    const ids = sink.messages.map((m) => m.parsed.messageId)
    // Each letter exactly once: as many letters at the sink as rows sent, and no Message-ID twice.
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.length).toBe(done.length)
    for (let i = 1; i <= 60; i++) expect(sink.messages.filter((m) => m.parsed.subject === `Письмо ${i} из очереди`)).toHaveLength(1)

    // Every periodic extract once: each ended week (three or four, by the weekday the year starts on) has one
    // Delivery and one document, none failed on a lost race, and its letter reached the sink.
    for (const app of periodic) {
      const rows = await db.delivery.findMany({ where: { applicationId: app.id, kind: 'periodic-extract' } })
      expect(rows.length).toBeGreaterThanOrEqual(3)
      expect(
        rows.every((r) => r.status === 'emailed'),
        JSON.stringify(rows.map((r) => [r.status, r.lastError])),
      ).toBe(true)
      expect(new Set(rows.map((r) => r.periodFrom)).size).toBe(rows.length)
      const docs = await db.storedDocument.findMany({
        where: { applicationId: app.id, sourceKey: { contains: ':periodic:' } },
        select: { sourceKey: true },
      })
      expect(docs.map((d) => d.sourceKey).sort()).toEqual(rows.map((r) => r.idempotencyKey).sort())
      const letters = sink.messages.filter((m) => m.envelopeTo.includes(app.applicantEmail) && /[Вв]ыписк/.test(m.parsed.subject ?? ''))
      expect(letters.length).toBeGreaterThanOrEqual(rows.length)
    }
  }, 180_000)

  it('register at once with gapless numbers, each application once', async () => {
    const school = await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })
    const classes = await db.schoolClass.findMany({
      where: { schoolId: school.id },
      orderBy: { name: 'asc' },
      take: 20,
      select: { name: true },
    })
    const received = []
    for (const c of classes) received.push(await receive('post', c.name))
    const before = await db.application.count({ where: { schoolId: school.id, registrationNumber: { not: null } } })
    const list = received.map((r) => r.id).join(',')

    const [a, b] = await race('register', { INSTANCE_APPS: list }, { INSTANCE_APPS: list.split(',').reverse().join(',') })

    expect(a.registered + b.registered).toBe(received.length)
    const rows = await db.application.findMany({
      where: { id: { in: received.map((r) => r.id) } },
      select: { registrationNumber: true, registrationYear: true },
    })
    const numbers = rows.map((r) => r.registrationNumber!).sort((x, y) => x - y)
    expect(new Set(numbers).size).toBe(received.length)
    // Gapless: the numbers of this year run on from the ones issued before, with no hole.
    const year = rows[0].registrationYear!
    const all = (
      await db.application.findMany({ where: { schoolId: school.id, registrationYear: year }, select: { registrationNumber: true } })
    )
      .map((r) => r.registrationNumber!)
      .sort((x, y) => x - y)
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1))
    expect(all.length).toBeGreaterThanOrEqual(before > 0 ? received.length : received.length)
    // The log has one registration row per application and its chain is whole.
    const log = await db.registrationLogEntry.findMany({ where: { schoolId: school.id }, orderBy: { sequence: 'asc' } })
    expect(log.map((r) => r.sequence)).toEqual(Array.from({ length: log.length }, (_, i) => i + 1))
    for (const r of received) expect(log.filter((l) => l.applicationId === r.id && l.correctsSequence === null)).toHaveLength(1)
    const counter = await db.registrationCounter.findUniqueOrThrow({ where: { schoolId_year: { schoolId: school.id, year } } })
    expect(counter.last).toBe(all.at(-1))
  }, 180_000)
})

describe('leases', () => {
  it('a singleton task runs on one instance at a time and is taken over after its lease runs out', async () => {
    expect(await acquireTaskLease('test:sweep', { owner: 'A' })).toBe(true)
    expect(await acquireTaskLease('test:sweep', { owner: 'B' })).toBe(false)
    expect(await withTaskLease('test:sweep', async () => 'ran', { owner: 'B' })).toBeNull()
    // A died: its lease ends, B takes over.
    await db.taskLease.update({ where: { name: 'test:sweep' }, data: { leaseUntil: new Date(Date.now() - 1) } })
    expect(await withTaskLease('test:sweep', async () => 'ran', { owner: 'B' })).toBe('ran')
    // Spaced across instances: ran just now on B, so A with a one-hour spacing does not run it.
    expect(await withTaskLease('test:sweep', async () => 'ran', { owner: 'A', everyMs: 3_600_000 })).toBeNull()
    await releaseTaskLease('test:sweep', { owner: 'B' })
  })

  it("only the holder of a job finishes it; a job taken over after expiry is the new holder's", async () => {
    const school = await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })
    const { jobId } = await queueEmail(db, {
      schoolId: school.id,
      to: 'lease@example.ru',
      subject: 'Аренда',
      text: 'Текст',
      idempotencyKey: 'lease-owner-1',
      runAt: new Date(Date.now() + 3_600_000),
    })
    expect(await claimJob(jobId, 'A')).toBe(true)
    expect(await claimJob(jobId, 'B')).toBe(false)
    // A stalls past its lease; the job goes back to the queue and B claims it.
    await db.outboxJob.update({ where: { id: jobId }, data: { status: 'pending', leaseOwner: null } })
    expect(await claimJob(jobId, 'B')).toBe(true)
    expect(await finishJob(jobId, { status: 'done' }, 'A')).toBe(false)
    expect((await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe('running')
    expect(await finishJob(jobId, { status: 'done' }, 'B')).toBe(true)
    expect((await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe('done')
  })
})
