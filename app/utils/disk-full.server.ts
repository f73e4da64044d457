// A full disk under the database (ADR 025): reads go on, every write fails. /healthz says so, and the worker says it
// once a pass instead of an error's stack for every task (issue 18.2).
import fs from 'node:fs'
import path from 'node:path'
import { getEnv } from './env.server'
import { errorText } from './error-text'
import { databasePath } from './startup-checks.server'

/** Less than this free on the SQLite database's disk: a transaction's pages no longer fit, writes fail. */
const DATABASE_MIN_FREE_BYTES = 1024 * 1024

/**
 * The SQLite database's disk is full (or nearly): reads still answer, but no application, sign-in or letter can be
 * written. A database on another disk than DATA_DIR was reported healthy while every write failed. null when
 * there is room, on PostgreSQL (the city's server), or when the disk cannot be asked.
 */
export function databaseDiskProblem(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith('file:')) return null
  const dir = path.dirname(databasePath(databaseUrl))
  let free: number
  try {
    const disk = fs.statfsSync(dir)
    // root may use the blocks kept for it; anyone else only the available ones.
    free = (process.getuid?.() === 0 ? disk.bfree : disk.bavail) * disk.bsize
  } catch {
    return null
  }
  if (free >= DATABASE_MIN_FREE_BYTES) return null
  return (
    `на диске с базой данных (${dir}) свободно ${Math.floor(free / 1024)} КБ: заявления, входы и письма не записываются. ` +
    'Освободите место на диске — сервер продолжит работу сам, перезапуск не нужен.'
  )
}

/**
 * A write refused for want of space. SQLite's SQLITE_FULL reaches Prisma's driver adapter mostly as P2028 «Transaction
 * already closed: A rollback cannot be executed on a committed transaction» (the failed commit rolled itself back):
 * that code alone is any transaction's trouble, so it counts only while the database's disk is in fact full.
 * PostgreSQL says «could not extend file … No space left on device» (SQLSTATE 53100).
 */
export function isDiskFullError(error: unknown): boolean {
  const text = errorText(error)
  if (/SQLITE_FULL|database or disk is full|ENOSPC|No space left on device|53100/i.test(text)) return true
  return /P2028/.test(text) && databaseDiskProblem(getEnv().DATABASE_URL) !== null
}
