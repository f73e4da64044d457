// What /healthz reports (issue 18.2, ADR 025): everything an application needs, and what degrades without harm.
// `ok` is false — and the answer 503 — exactly when the product cannot take an application: the database does not
// answer, the disk of the SQLite database is full (reads go on, every write fails with SQLITE_FULL), or the data
// folder (scans, stored mail) cannot be written.
import fs from 'node:fs'
import path from 'node:path'
import { findSoffice } from '#app/documents/pdf.server'
import { workerInfo } from './index.server'
import { workerStatus } from './worker.server'
import { db } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'
import { dataDirProblem, databasePath } from '#app/utils/startup-checks.server'

type Health = {
  ok: boolean
  database: { ok: boolean; error?: string }
  dataDir: { ok: boolean; error?: string }
  worker: ReturnType<typeof workerInfo> & { enabled: boolean; running: boolean; lastPassEndedAt: string | null; stalled: boolean }
  libreOffice: { available: boolean }
  outbox: { pending: number; oldestPendingSeconds: number | null }
}

/** Less than this free on the SQLite database's disk: a transaction's pages no longer fit, writes fail. */
const DATABASE_MIN_FREE_BYTES = 1024 * 1024

/**
 * The SQLite database's disk is full (or nearly): the count below still reads, but no application, sign-in or letter
 * can be written. A database on another disk than DATA_DIR was reported healthy while every write failed. null when
 * there is room, on PostgreSQL (the city's server), or when the disk cannot be asked.
 */
function databaseDiskProblem(databaseUrl: string): string | null {
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

export async function checkHealth(now = new Date(), opts: { dataDir?: string } = {}): Promise<Health> {
  const env = getEnv()
  let database: Health['database'] = { ok: true }
  let outbox: Health['outbox'] = { pending: 0, oldestPendingSeconds: null }
  try {
    // Jobs due and not yet done: a queue that only grows means the worker or the mail server is stuck.
    const due = { status: { in: ['pending', 'running'] }, runAt: { lte: now } }
    const [pending, oldest] = await Promise.all([
      db.outboxJob.count({ where: due }),
      db.outboxJob.findFirst({ where: due, orderBy: { runAt: 'asc' }, select: { runAt: true } }),
    ])
    outbox = { pending, oldestPendingSeconds: oldest ? Math.round((now.getTime() - oldest.runAt.getTime()) / 1000) : null }
  } catch (error) {
    database = { ok: false, error: 'база данных не отвечает' }
    console.error('/healthz: база данных не отвечает:', error)
  }
  const diskProblem = database.ok ? databaseDiskProblem(env.DATABASE_URL) : null
  if (diskProblem) {
    // The page is public: the path goes to the server's log only.
    console.error(`/healthz: ${diskProblem}`)
    database = { ok: false, error: 'на диске с базой данных нет места' }
  }
  const dirProblem = dataDirProblem(opts.dataDir ?? env.DATA_DIR, { demo: false })
  // The page is public: the details (paths) go to the server's log only.
  if (dirProblem) console.error(`/healthz: ${dirProblem}`)
  const dataDir: Health['dataDir'] = dirProblem ? { ok: false, error: 'в папку данных нельзя записывать' } : { ok: true }
  const status = workerStatus()
  // A pass that has not ended for many intervals (and is not the first) means the worker is stuck.
  const stalePassMs = Math.max(10 * env.WORKER_INTERVAL_SECONDS * 1000, 5 * 60_000)
  const last = status.lastPassEndedAt ?? status.lastPassStartedAt
  const stalled = status.enabled && last !== null && now.getTime() - last.getTime() > stalePassMs
  return {
    ok: database.ok && dataDir.ok,
    database,
    dataDir,
    worker: {
      ...workerInfo(),
      enabled: status.enabled,
      running: status.running,
      lastPassEndedAt: status.lastPassEndedAt?.toISOString() ?? null,
      stalled,
    },
    libreOffice: { available: findSoffice() !== null },
    outbox,
  }
}
