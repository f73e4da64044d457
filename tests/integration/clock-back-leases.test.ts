// The wall clock stepped back (NTP correcting a clock that ran fast, a virtual machine restored from a snapshot, an
// administrator's `date`) while a worker held leases, and that worker then crashed (ADR 096). A lease stored as an
// absolute time stayed valid for as long as the clock went back: an hour's step held a singleton task, or a letter
// claimed by the dead worker, an hour longer. Now a lease further ahead than its full length is cut to one length from
// now: a dead holder loses it then, a live one renews it first. Date alone is moved here; the database is real.
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterEach, expect, it, vi } from 'vitest'
import { db } from '#app/utils/db.server'
import { acquireTaskLease, CLOCK_SKEW_MS, releaseTaskLease } from '#app/jobs/lease.server'
import { claimJob, CLOCK_STEP_MS, LEASE_MS, recoverStuckJobs } from '#app/jobs/outbox-claims.server'
import { queueEmail } from '#app/mail/queue-email.server'
import { onPostgres } from '#tests/setup/test-db'

const HOUR = 3_600_000
const TASK_LEASE_MS = 5 * 60_000

afterEach(() => vi.useRealTimers())

/** From here on Date says `ms` later than it did; timers and the database's own clock are left alone. */
function clockForward(ms: number) {
  const at = Date.now() + ms
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(at)
}

it('a task lease written an hour ahead of the clock is cut to its length: taken over after 5 min, not 65', async () => {
  // A took the lease at what its clock said was an hour later, then died; the clock has since gone back an hour.
  await db.taskLease.create({ data: { name: 'test:clock', owner: 'A', leaseUntil: new Date(Date.now() + HOUR + TASK_LEASE_MS) } })
  expect(await acquireTaskLease('test:clock', { owner: 'B' })).toBe(false)
  const cut = (await db.taskLease.findUniqueOrThrow({ where: { name: 'test:clock' } })).leaseUntil.getTime()
  expect(cut).toBeLessThanOrEqual(Date.now() + TASK_LEASE_MS)
  expect(cut).toBeGreaterThan(Date.now() + TASK_LEASE_MS - 10_000)
  clockForward(TASK_LEASE_MS + 1_000)
  expect(await acquireTaskLease('test:clock', { owner: 'B' })).toBe(true)
  await releaseTaskLease('test:clock', { owner: 'B' })
})

it('a live holder keeps a lease cut that way, and one ahead only by the instances’ skew is left as it is', async () => {
  await db.taskLease.create({ data: { name: 'test:clock-live', owner: 'A', leaseUntil: new Date(Date.now() + HOUR) } })
  expect(await acquireTaskLease('test:clock-live', { owner: 'B' })).toBe(false)
  // A is alive: its next renewal (acquire as the owner) keeps it, and B still cannot take it.
  expect(await acquireTaskLease('test:clock-live', { owner: 'A' })).toBe(true)
  expect(await acquireTaskLease('test:clock-live', { owner: 'B' })).toBe(false)
  // Another instance's clock a little ahead: its lease is its own to keep.
  const skewed = new Date(Date.now() + TASK_LEASE_MS + CLOCK_SKEW_MS / 2)
  await db.taskLease.create({ data: { name: 'test:clock-skew', owner: 'A', leaseUntil: skewed } })
  expect(await acquireTaskLease('test:clock-skew', { owner: 'B' })).toBe(false)
  expect((await db.taskLease.findUniqueOrThrow({ where: { name: 'test:clock-skew' } })).leaseUntil).toEqual(skewed)
})

it('a letter claimed an hour ahead of the clock by a worker that died goes back to the queue a lease length later', async () => {
  const school = await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })
  const queue = (key: string) =>
    queueEmail(db, { schoolId: school.id, to: 'clock@example.ru', subject: 'Часы', text: 'Текст', idempotencyKey: key, runAt: new Date() })
  const { jobId: dead } = await queue('clock-back-dead')
  const { jobId: live } = await queue('clock-back-live')
  expect(await claimJob(dead, 'A')).toBe(true)
  expect(await claimJob(live, 'B')).toBe(true)
  await db.outboxJob.update({ where: { id: dead }, data: { claimedAt: new Date(Date.now() + HOUR) } })
  expect(await recoverStuckJobs(new Date())).toBe(0)
  clockForward(LEASE_MS + 1_000)
  // B renews its own job as a live worker does; A's is not renewed: it goes back to the queue, not an hour later.
  await db.outboxJob.update({ where: { id: live }, data: { claimedAt: new Date() } })
  expect(await recoverStuckJobs(new Date())).toBe(1)
  expect((await db.outboxJob.findUniqueOrThrow({ where: { id: dead } })).status).toBe('pending')
  expect((await db.outboxJob.findUniqueOrThrow({ where: { id: live } })).status).toBe('running')
  expect(await claimJob(dead, 'B')).toBe(true)
})

it('a letter claimed by a live instance whose clock runs 2 min ahead is not cut by another, nor given back by its holder', async () => {
  // Review of ADR 096: B cut A's claim to B's clock; A then read it with its own clock as a lease run out and put its
  // running letter back in the queue while still sending it — the letter would go out twice.
  const school = await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })
  const real = Date.now()
  const ahead = 2 * 60_000
  expect(ahead).toBeLessThan(CLOCK_STEP_MS)
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(real + ahead) // A's clock
  const { jobId } = await queueEmail(db, {
    schoolId: school.id,
    to: 'skew@example.ru',
    subject: 'Часы',
    text: 'Текст',
    idempotencyKey: 'clock-skew-live',
    runAt: new Date(),
  })
  expect(await claimJob(jobId, 'A')).toBe(true)
  const claimedAt = (await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).claimedAt
  vi.setSystemTime(real + 1_000) // B's clock, a second later
  expect(await recoverStuckJobs(new Date())).toBe(0)
  expect((await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).claimedAt).toEqual(claimedAt)
  vi.setSystemTime(real + ahead + 2_000) // A's clock, before its renewal (the earlier tests' letters may go back)
  await recoverStuckJobs(new Date())
  const row = await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })
  expect([row.status, row.leaseOwner]).toEqual(['running', 'A'])
})

it('with nothing stuck, a pass only reads: another connection holding the write lock does not hold it up', async () => {
  await db.outboxJob.updateMany({ where: { status: 'running' }, data: { status: 'done' } })
  // Another connection holds what an UPDATE needs (SQLite's write lock; PostgreSQL's SHARE lock on the table, which
  // lets reads through and makes any UPDATE of it wait): two passes of both loops finish at once all the same.
  const release = await holdWrites('OutboxJob')
  try {
    const started = Date.now()
    const passes = Promise.all([recoverStuckJobs(new Date()), recoverStuckJobs(new Date())])
    const timeout = new Promise<'held'>((resolve) => setTimeout(() => resolve('held'), 3_000))
    expect(await Promise.race([passes, timeout])).toEqual([0, 0])
    expect(Date.now() - started).toBeLessThan(3_000)
  } finally {
    await release()
  }
  // And a stuck one is still recovered.
  const school = await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })
  const { jobId } = await queueEmail(db, {
    schoolId: school.id,
    to: 'stuck@example.ru',
    subject: 'Застряло',
    text: 'Текст',
    idempotencyKey: 'recover-read-first',
    runAt: new Date(),
  })
  expect(await claimJob(jobId, 'dead')).toBe(true)
  await db.outboxJob.update({ where: { id: jobId }, data: { claimedAt: new Date(Date.now() - LEASE_MS - 1_000) } })
  expect(await recoverStuckJobs(new Date())).toBe(1)
  expect(await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: 'pending', leaseOwner: null })
}, 30_000)

/** Another connection to the test's database that blocks writes to `table` until released. */
async function holdWrites(table: string): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL as string
  if (onPostgres) {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query('BEGIN')
    await client.query(`LOCK TABLE "${table}" IN SHARE MODE`)
    return async () => {
      await client.query('ROLLBACK')
      await client.end()
    }
  }
  const lock = new Database(url.slice('file:'.length), { timeout: 10_000 })
  lock.exec('BEGIN IMMEDIATE')
  return async () => {
    lock.exec('ROLLBACK')
    lock.close()
  }
}
