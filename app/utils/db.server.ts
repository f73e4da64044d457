import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '#app/generated/prisma/client'
import { getEnv } from './env.server'

export type Db = PrismaClient

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
