// Throttle counters in the database (docs/decisions/023-throttles-and-limits.md). A counter is read and changed in
// the same transaction as the try it counts: its row is written first (SQLite's writer lock, PostgreSQL's row lock),
// so parallel tries wait for each other and every one is counted — on one app instance or on several.
import type { Prisma } from '#app/generated/prisma/client'
import { dbProvider } from './db.server'
import { plural } from './format'

type Tx = Prisma.TransactionClient

export type Counter = { key: string; count: number; resetAt: Date; blockedUntil: Date | null }

/**
 * Locks a counter's row for the rest of the transaction and returns it; a counter whose window has passed reads
 * as zero. The write (touchedAt) is what takes the lock: a plain read would let two transactions count alike.
 */
export async function lockCounter(tx: Tx, key: string, now: Date): Promise<Counter> {
  const row =
    dbProvider() === 'postgresql'
      ? await upsertLocked(tx, key, now)
      : await tx.throttleCounter.upsert({
          where: { key },
          create: { key, count: 0, resetAt: now, touchedAt: now },
          update: { touchedAt: now },
        })
  if (row.resetAt.getTime() <= now.getTime()) return { key, count: 0, resetAt: now, blockedUntil: null }
  return { key, count: row.count, resetAt: row.resetAt, blockedUntil: row.blockedUntil }
}

/**
 * PostgreSQL: one INSERT … ON CONFLICT DO UPDATE … RETURNING, so the row is locked before it is read. Prisma's
 * upsert there reads first and writes after (under READ COMMITTED two transactions read the same count, and two
 * first tries of a new key collide on the key): parallel tries were counted short (ADR 041).
 */
async function upsertLocked(tx: Tx, key: string, now: Date): Promise<{ count: number; resetAt: Date; blockedUntil: Date | null }> {
  const [row] = await tx.$queryRaw<Array<{ count: number; resetAt: Date; blockedUntil: Date | null }>>`
    INSERT INTO "ThrottleCounter" ("key", "count", "resetAt", "touchedAt") VALUES (${key}, 0, ${now}, ${now})
    ON CONFLICT ("key") DO UPDATE SET "touchedAt" = EXCLUDED."touchedAt"
    RETURNING "count", "resetAt", "blockedUntil"`
  return {
    count: Number(row.count),
    resetAt: new Date(row.resetAt),
    blockedUntil: row.blockedUntil === null ? null : new Date(row.blockedUntil),
  }
}

export async function saveCounter(tx: Tx, counter: Counter): Promise<void> {
  await tx.throttleCounter.update({
    where: { key: counter.key },
    data: { count: counter.count, resetAt: counter.resetAt, blockedUntil: counter.blockedUntil },
  })
}

/** The moment a blocked counter admits the next try, or null when it admits one now. */
export function blockedAt(counter: Counter | null, now: Date): Date | null {
  return counter?.blockedUntil && counter.blockedUntil.getTime() > now.getTime() ? counter.blockedUntil : null
}

/** Counters nobody has counted on for a day (their windows long over). */
export async function purgeOldCounters(tx: Tx, now: Date): Promise<number> {
  const { count } = await tx.throttleCounter.deleteMany({ where: { resetAt: { lt: new Date(now.getTime() - 86_400_000) } } })
  return count
}

/** «через 40 секунд», «через 3 минуты», «через 2 часа»: how long until a moment, rounded up, in Russian. */
export function waitText(until: Date, now: Date): string {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000))
  if (seconds < 60) return `через ${seconds} ${plural(seconds, 'секунду', 'секунды', 'секунд')}`
  const minutes = Math.ceil(seconds / 60)
  if (minutes < 60) return `через ${minutes} ${plural(minutes, 'минуту', 'минуты', 'минут')}`
  const hours = Math.ceil(minutes / 60)
  return `через ${hours} ${plural(hours, 'час', 'часа', 'часов')}`
}
