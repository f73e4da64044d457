// Several app instances on one database (ADR 042). Queue jobs (the outbox, letters) are claimed one row at a time
// by a conditional update; every other task is a singleton that runs on one instance at a time under a lease row.
// Both are plain conditional updates — `updateMany` whose count says who won — so they are the same statements on
// SQLite (one writer at a time) and PostgreSQL (the row is locked by the first UPDATE until it commits, READ
// COMMITTED re-checks the condition for the second one, which then matches nothing).
import { hostname } from 'node:os'
import { randomBytes } from 'node:crypto'
import { db } from '#app/utils/db.server'

/** This process: host, pid and a random tail (a restarted process with a recycled pid is another owner). */
export const WORKER_ID = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`

const TASK_LEASE_MS = 5 * 60_000
const TASK_LEASE_RENEW_MS = 60_000

/**
 * How far the clocks of two instances may differ. A lease that ends later than its full length from now (plus this)
 * was written before the wall clock went back (NTP stepping a clock that ran fast, a virtual machine restored, an
 * administrator's `date`): its holder's time, not ours. Kept as it is, a crashed holder's lease would last as long as
 * the clock went back — an hour's step held the nightly tasks an hour. It is cut to one full length from now
 * (ADR 096): a live holder renews it within a third of that, a dead one loses it then.
 */
export const CLOCK_SKEW_MS = 60_000

function isUniqueViolation(error: unknown): boolean {
  return !!error && typeof error === 'object' && 'code' in error && (error as { code: string }).code === 'P2002'
}

/**
 * Takes the task's lease when nobody holds it (or the holder's lease ran out) and, with `everyMs`, when the task
 * last ran at least that long ago on any instance. Returns false when another instance has it or it is not due.
 */
export async function acquireTaskLease(name: string, opts: { owner?: string; leaseMs?: number; everyMs?: number } = {}): Promise<boolean> {
  const owner = opts.owner ?? WORKER_ID
  // The wall clock, not a task's `now` (tests drive that one): leases and spacing are about this machine's time.
  const leaseUntil = new Date(Date.now() + (opts.leaseMs ?? TASK_LEASE_MS))
  const due = opts.everyMs ? { OR: [{ lastRunAt: null }, { lastRunAt: { lte: new Date(Date.now() - opts.everyMs) } }] } : {}
  const { count } = await db.taskLease.updateMany({
    where: { name, AND: [{ OR: [{ leaseUntil: { lt: new Date() } }, { owner }] }, due] },
    data: { owner, leaseUntil },
  })
  if (count === 1) return true
  const held = await db.taskLease.findUnique({ where: { name }, select: { leaseUntil: true } })
  if (held) {
    const longest = Date.now() + (opts.leaseMs ?? TASK_LEASE_MS)
    if (held.leaseUntil.getTime() > longest + CLOCK_SKEW_MS) {
      // Written before the clock went back: cut to one full length (only if nobody renewed it meanwhile).
      await db.taskLease.updateMany({ where: { name, leaseUntil: held.leaseUntil }, data: { leaseUntil: new Date(longest) } })
    }
    return false
  }
  try {
    await db.taskLease.create({ data: { name, owner, leaseUntil } })
    return true
  } catch (error) {
    if (isUniqueViolation(error)) return false // another instance made the row first: it runs the task
    throw error
  }
}

/** Ends the lease: the task ran (lastRunAt) and any instance may take it on its next pass. */
export async function releaseTaskLease(name: string, opts: { owner?: string; ranAt?: Date } = {}): Promise<void> {
  await db.taskLease.updateMany({
    where: { name, owner: opts.owner ?? WORKER_ID },
    data: { leaseUntil: new Date(0), ...(opts.ranAt ? { lastRunAt: opts.ranAt } : {}) },
  })
}

/**
 * Runs `work` under the task's lease, renewing it while the work lasts; returns null without running when another
 * instance holds it. `everyMs` spaces the runs across all instances (the mailbox poll, the hourly sweep).
 */
export async function withTaskLease<T>(
  name: string,
  work: () => Promise<T>,
  opts: { owner?: string; everyMs?: number; leaseMs?: number } = {},
): Promise<T | null> {
  const owner = opts.owner ?? WORKER_ID
  if (!(await acquireTaskLease(name, { ...opts, owner }))) return null
  const leaseMs = opts.leaseMs ?? TASK_LEASE_MS
  const timer = setInterval(
    () => {
      void db.taskLease.updateMany({ where: { name, owner }, data: { leaseUntil: new Date(Date.now() + leaseMs) } }).catch(() => {})
    },
    Math.min(TASK_LEASE_RENEW_MS, leaseMs / 3),
  )
  let ran = false
  try {
    const result = await work()
    ran = true
    return result
  } finally {
    clearInterval(timer)
    // A failed run does not count as a run: the next pass (on any instance) tries again.
    await releaseTaskLease(name, { owner, ranAt: ran ? new Date() : undefined }).catch(() => {})
  }
}
