import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '#app/generated/prisma/client'
import { getEnv } from './env.server'


function connect(url: string): PrismaClient {
  // WAL lets the worker and requests read while one writes; a busy timeout makes concurrent
  // writers wait instead of failing (docs/decisions/002-sqlite-default.md).
  const adapter = new PrismaBetterSQLite3({ url, timeout: 10_000 })
  return new PrismaClient({ adapter })
}

const globalForDb = globalThis as unknown as { __db?: PrismaClient; __dbReady?: Promise<void> }

export const db: PrismaClient = (globalForDb.__db ??= connect(getEnv().DATABASE_URL))

/** Pragmas once per process: WAL journal and enforced foreign keys. */
export function dbReady(): Promise<void> {
  globalForDb.__dbReady ??= (async () => {
    await db.$queryRawUnsafe('PRAGMA journal_mode = WAL')
    await db.$executeRawUnsafe('PRAGMA foreign_keys = ON')
    await db.$executeRawUnsafe('PRAGMA busy_timeout = 10000')
  })()
  return globalForDb.__dbReady
}

export { connect as connectDb }

/** SQLite answers SQLITE_BUSY (or BUSY_SNAPSHOT in WAL) when another process wrote between our read and write. */
export function isBusyError(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${(error as { code?: string }).code ?? ''}` : String(error)
  // Prisma's driver adapter reports SQLite's busy state as P1008 «Operation has timed out», or inside an interactive
  // transaction as the driver error kind «SocketTimeout» (adapter-better-sqlite3 maps SQLITE_BUSY to it).
  return /SQLITE_BUSY|database is locked|P1008|Operation has timed out|SocketTimeout/i.test(text)
}

/**
 * Runs a transaction again when SQLite reports a busy database. A deferred transaction that read a snapshot
 * cannot wait its way into a write (the busy timeout does not apply to BUSY_SNAPSHOT), but everything it did was
 * rolled back, so running it again from the start is safe.
 */
export async function withBusyRetry<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run()
    } catch (error) {
      if (i >= attempts || !isBusyError(error)) throw error
      await new Promise((resolve) => setTimeout(resolve, 20 * i + Math.random() * 30))
    }
  }
}
