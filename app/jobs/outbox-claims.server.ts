// Claiming, leasing and finishing outbox rows (ADR 010, 042): shared by the outbox runner (outbox.server.ts) and
// the mail sender, which runs its own loop over 'send-email' rows (app/mail/send-email.server.ts).
import { db } from '#app/utils/db.server'
import type { Prisma } from '#app/generated/prisma/client'
import { WORKER_ID } from './lease.server'

/** 1 min, 2, 4 … capped at 6 h. */
export function backoffMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000)
}

/**
 * A claimed job is leased for a minute: claimedAt is the lease's last renewal, and a live worker renews it every
 * LEASE_RENEW_MS while the job runs (keepLease). A job whose lease ran out was caught by a crash: it goes back to
 * the queue (handlers are idempotent), except a letter already handed to the mail server: it becomes 'unsure' (ADR 113).
 * `now` is the pass's clock (tests move it past the lease).
 */
export const LEASE_MS = 60_000
const LEASE_RENEW_MS = 20_000

/**
 * A claim further ahead than this was written before the wall clock stepped back, not by another instance whose clock
 * runs a little ahead. The cut below writes this process's clock into claimedAt, and the live holder compares claimedAt
 * with its own: cut at a smaller lead, the holder of a running letter would judge its own lease run out and give the
 * letter back to the queue while still sending it (sent twice). Instances whose clocks differ by ten minutes are
 * already outside what the one-minute lease tolerates.
 */
export const CLOCK_STEP_MS = 10 * 60_000

/** The reason an 'unsure' letter shows before its mailbox is searched (app/mail/unsure-letters.server.ts reads it). */
const CUT_OFF_MESSAGE =
  'Неизвестно, ушло ли письмо: программа остановилась, когда письмо уже передавалось почтовому серверу. ' +
  'Ищем копию письма в почтовом ящике школы.'

export async function recoverStuckJobs(now = new Date(), olderThanMs = LEASE_MS): Promise<number> {
  // A lease renewed before the wall clock went back looks renewed in the future and would hold its job for as long as
  // the clock went back (a crashed worker's letters an hour late after an hour's step): it counts from now instead,
  // so that it runs out one lease length from now unless its holder, alive, renews it first (ADR 096).
  const wall = Date.now()
  const ahead = { status: 'running', claimedAt: { gt: new Date(wall + CLOCK_STEP_MS) } }
  const stale = { status: 'running', claimedAt: { lt: new Date(now.getTime() - olderThanMs) } }
  // Every pass of both loops asks; nearly always nothing is stuck. A read of the few running rows (the status index)
  // comes first: an UPDATE matching nothing still took SQLite's write lock — waiting behind any writer, holding up
  // requests' writes — and was a write transaction on PostgreSQL, twice a pass.
  const found = await db.outboxJob.findMany({ where: { OR: [ahead, stale] }, select: { claimedAt: true } })
  if (found.length === 0) return 0
  if (found.some((j) => j.claimedAt && j.claimedAt.getTime() > wall + CLOCK_STEP_MS)) {
    await db.outboxJob.updateMany({ where: ahead, data: { claimedAt: new Date(wall) } })
  }
  if (!found.some((j) => j.claimedAt && j.claimedAt.getTime() < now.getTime() - olderThanMs)) return 0
  // ADR 113: a letter already handed to the server when its holder died may have been accepted — it is not sent again
  // by itself but waits, 'unsure', for its copy to be found in the school's mailbox or for the administrator. Its holder
  // may be alive after all (a clock ahead of ours, renewals that failed on a busy database): its server's «250» still
  // settles the letter (send-email.server.ts), so the mailbox is searched only a lease length later, not in this pass.
  const handed = await db.outboxJob.updateMany({
    where: { ...stale, sendStartedAt: { not: null } },
    data: { status: 'unsure', leaseOwner: null, runAt: new Date(now.getTime() + LEASE_MS), lastError: CUT_OFF_MESSAGE },
  })
  const { count } = await db.outboxJob.updateMany({
    where: { ...stale, sendStartedAt: null },
    data: { status: 'pending', leaseOwner: null },
  })
  return count + handed.count
}

/**
 * Claims a pending job for this worker (ADR 042): the conditional update matches only while the row is still
 * pending, so of two instances racing for it exactly one gets count 1 — on SQLite (one writer) and on PostgreSQL
 * (the first UPDATE locks the row; the second re-reads it after the commit, sees 'running' and matches nothing).
 */
export async function claimJob(jobId: string, owner = WORKER_ID): Promise<boolean> {
  const { count } = await db.outboxJob.updateMany({
    where: { id: jobId, status: 'pending' },
    data: { status: 'running', attempts: { increment: 1 }, claimedAt: new Date(), leaseOwner: owner },
  })
  return count === 1
}

/** Ends a claimed job — only while this worker still holds it (a job taken over after its lease ran out is the
 * new holder's to finish). Returns false when the lease was lost. */
export async function finishJob(jobId: string, data: Prisma.OutboxJobUpdateManyMutationInput, owner = WORKER_ID): Promise<boolean> {
  const { count } = await db.outboxJob.updateMany({
    where: { id: jobId, status: 'running', OR: [{ leaseOwner: owner }, { leaseOwner: null }] },
    data: { ...data, leaseOwner: null },
  })
  if (count !== 1) console.error(`Задание ${jobId} выполнено, но его аренду уже взял другой обработчик: результат записан не будет.`)
  return count === 1
}

/** Runs `work` while renewing the job's lease, so a long job (a big letter, a slow SMTP server) is not taken twice. */
export async function keepLease<T>(jobId: string, work: () => Promise<T>, renewMs = LEASE_RENEW_MS, owner = WORKER_ID): Promise<T> {
  const timer = setInterval(() => {
    void db.outboxJob
      .updateMany({
        where: { id: jobId, status: 'running', OR: [{ leaseOwner: owner }, { leaseOwner: null }] },
        data: { claimedAt: new Date() },
      })
      .catch(() => {})
  }, renewMs)
  try {
    return await work()
  } finally {
    clearInterval(timer)
  }
}
