import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '#app/generated/prisma/client'
import { PrismaClient as PrismaPgClient } from '#app/generated/prisma-pg/client'
import { getEnv } from './env.server'
import { errorText } from './error-text'
import { keepQueryPlans } from './query-plans.server'
import { asTransactionWork, keptStatementsAdapter } from './sqlite-statements.server'
import { withoutNulParameters } from './pg-text.server'
import { commitReportingAdapter } from './request-commits.server'

/** A postgresql:// (or postgres://) DATABASE_URL selects PostgreSQL; anything else (file:…) is SQLite, the default. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url)
}

export type DbProvider = 'sqlite' | 'postgresql'

function connect(url: string): PrismaClient {
  keepQueryPlans(isPostgresUrl(url) ? 'postgresql' : 'sqlite') // ADR 080
  if (isPostgresUrl(url)) {
    // The PostgreSQL client is generated from prisma/postgres/schema.prisma, itself generated from
    // prisma/schema.prisma (ADR 039): the same models and the same API, so the app keeps one client type.
    // A transaction waits up to 10 s for a pooled connection, as SQLite's busy timeout lets a writer wait 10 s: a
    // burst of parallel transactions on one row (30 tries of one password) queues instead of failing.
    // Parameters go without the NUL character PostgreSQL's text cannot hold (pg-text.server.ts).
    // Each commit is reported to the request that made it (ADR 104).
    const adapter = withoutNulParameters(commitReportingAdapter(new PrismaPg({ connectionString: url })))
    return new PrismaPgClient({ adapter, transactionOptions: { maxWait: 10_000 } }) as unknown as PrismaClient
  }
  // WAL lets the worker and requests read while one writes; a busy timeout makes concurrent
  // writers wait instead of failing (docs/decisions/002-sqlite-default.md). Each statement is compiled once per
  // connection (ADR 084).
  const adapter = commitReportingAdapter(keptStatementsAdapter({ url, timeout: 10_000 }))
  const client = new PrismaClient({ adapter })
  // A statement the callback sends through this client, not its `tx`, belongs to the open transaction (ADR 112).
  const transaction = client.$transaction.bind(client) as (...args: unknown[]) => Promise<unknown>
  ;(client as unknown as { $transaction: typeof transaction }).$transaction = (work, ...rest) =>
    typeof work === 'function'
      ? transaction((tx: unknown) => asTransactionWork(() => (work as (tx: unknown) => unknown)(tx)), ...rest)
      : transaction(work, ...rest)
  return client
}

const globalForDb = globalThis as unknown as { __db?: PrismaClient; __dbReady?: Promise<void> }

export const db: PrismaClient = (globalForDb.__db ??= connect(getEnv().DATABASE_URL))

/** Which database the process's DATABASE_URL names; raw SQL that differs between the two branches on it. */
export function dbProvider(): DbProvider {
  return isPostgresUrl(getEnv().DATABASE_URL) ? 'postgresql' : 'sqlite'
}

/** Pragmas once per process on SQLite: WAL journal and enforced foreign keys (PostgreSQL needs none). */
export function dbReady(): Promise<void> {
  globalForDb.__dbReady ??= (async () => {
    if (dbProvider() === 'postgresql') return
    await db.$queryRawUnsafe('PRAGMA journal_mode = WAL')
    await db.$executeRawUnsafe('PRAGMA foreign_keys = ON')
    await db.$executeRawUnsafe('PRAGMA busy_timeout = 10000')
    await refreshPlannerStats()
  })().catch((error: unknown) => {
    // The database away or locked at start (ADR 095): the next call (the worker's next pass) tries again, rather than
    // every pass failing on this one rejection until a restart.
    globalForDb.__dbReady = undefined
    throw error
  })
  return globalForDb.__dbReady
}

/**
 * The query planner's statistics (ADR 079). SQLite keeps none until ANALYZE runs, and without them it takes every index
 * for equally selective: «this school's applications with these 50 ids» was read through a (schoolId, …) index — every
 * application of the school — instead of 50 primary-key lookups. Sampled (analysis_limit: at most 10 000 rows of
 * each index), so it takes milliseconds on a small school and 0.3 s on the million-application copy of bench/scale;
 * at start and once a day (the worker's «planner-stats» task). PostgreSQL's autovacuum keeps its own.
 */
export async function refreshPlannerStats(): Promise<void> {
  if (dbProvider() === 'postgresql') return
  try {
    await db.$queryRawUnsafe('PRAGMA analysis_limit = 10000')
    await db.$executeRawUnsafe('ANALYZE')
  } catch (error) {
    console.warn('Статистика планировщика запросов не обновлена:', error) // pages work without it, slower
  }
}

export { connect as connectDb }

/**
 * SQLite answers SQLITE_BUSY (or BUSY_SNAPSHOT in WAL) when another process wrote between our read and write;
 * PostgreSQL answers a serialization failure or a deadlock (40001, 40P01; Prisma's P2034) in the same situations.
 */
export function isBusyError(error: unknown): boolean {
  const text = errorText(error)
  // Prisma's driver adapter reports SQLite's busy state as P1008 «Operation has timed out», or inside an interactive
  // transaction as the driver error kind «SocketTimeout» (adapter-better-sqlite3 maps SQLITE_BUSY to it); PostgreSQL's
  // write conflicts and deadlocks as P2034 / SQLSTATE 40001, 40P01.
  return isLockedError(error) || /P2034|40001|40P01|could not serialize access|deadlock detected/i.test(text)
}

/** SQLite's busy state alone (a lock another connection holds): not PostgreSQL's write conflicts, which a retry solves. */
export function isLockedError(error: unknown): boolean {
  return /SQLITE_BUSY|database is locked|P1008|Operation has timed out|SocketTimeout/i.test(errorText(error))
}

/**
 * The database server cannot be reached: PostgreSQL stopped, restarted, or the network to it down (Prisma's P1001
 * «Can't reach database server», P1002, P1017 «Server has closed the connection»; the driver adapter's
 * DatabaseNotReachable / ConnectionClosed; PostgreSQL's shutdown SQLSTATEs 57P01–57P03).
 * Nothing was written; the same work succeeds once the server is back, without a restart.
 */
export function isUnreachableError(error: unknown): boolean {
  const text = errorText(error)
  // Only the database's own words: an SMTP server's ECONNREFUSED in the mail task is not the database's.
  return (
    /\bP100[12]\b|\bP1017\b|DatabaseNotReachable|ConnectionClosed|Can't reach database server/.test(text) ||
    /Connection terminated unexpectedly|\b57P0[123]\b|terminating connection due to administrator command/i.test(text)
  )
}

/** An attempt that took this long before SQLite said busy has waited for a lock (the busy timeout is 10 s). */
const BUSY_WAITED_MS = 5_000

/**
 * Runs a transaction again when the database reports a busy database or a write conflict. A deferred transaction that read a snapshot
 * cannot wait its way into a write (the busy timeout does not apply to BUSY_SNAPSHOT), but everything it did was
 * rolled back, so running it again from the start is safe.
 */
export async function withBusyRetry<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    const started = Date.now()
    try {
      return await run()
    } catch (error) {
      // Busy after waiting out (most of) the busy timeout is a lock another program holds, not a snapshot gone stale:
      // another try waits it out again — five of them kept a form 50 s before its answer (ADR 095).
      // A write conflict or deadlock is retried however long the transaction took before it (review of ADR 095).
      if (i >= attempts || !isBusyError(error) || (isLockedError(error) && Date.now() - started >= BUSY_WAITED_MS)) throw error
      await new Promise((resolve) => setTimeout(resolve, 20 * i + Math.random() * 30))
    }
  }
}
