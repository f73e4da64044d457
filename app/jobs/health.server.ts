// What /healthz reports (issue 18.2, ADR 025): everything an application needs, and what degrades without harm.
// `ok` is false — and the answer 503 — exactly when the product cannot take an application: the database does not
// answer, the disk of the SQLite database is full (reads go on, every write fails with SQLITE_FULL), or the data
// folder or one of the folders written under it (scans, stored mail, imports) cannot be written. A nightly copy's
// folder that cannot be written is reported on its own (`backup`): applications are still taken, and a load
// balancer must not take the server out of service for it.
import fs from 'node:fs'
import path from 'node:path'
import { findSoffice } from '#app/documents/pdf.server'
import { workerInfo } from './index.server'
import { workerStatus } from './worker.server'
import { db } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'
import { PENDING_FOLDER } from '#app/import/pending.server'
import { databaseDiskProblem } from '#app/utils/disk-full.server'
import { backupDirProblem } from './nightly-backup.server'
import { dataDirProblem, writeProbe } from '#app/utils/startup-checks.server'

type Health = {
  ok: boolean
  database: { ok: boolean; error?: string }
  dataDir: { ok: boolean; error?: string; folder?: string }
  backup: { nightly: boolean; ok: boolean; error?: string }
  worker: ReturnType<typeof workerInfo> & { enabled: boolean; running: boolean; lastPassEndedAt: string | null; stalled: boolean }
  libreOffice: { available: boolean }
  outbox: { pending: number; oldestPendingSeconds: number | null }
}

/**
 * The folders the product writes into, relative to DATA_DIR: a scan goes to uploads/<month>, a letter's attachments
 * to uploads/mail, the raw letter to mail/<year>/<month>, an import waits in import-pending. A `restore` run as root
 * leaves them owned by root: DATA_DIR itself took the probe file while every /apply with scans failed (EACCES).
 * A folder not made yet is made by the first write inside one already checked.
 */
function writtenFolders(now: Date): string[] {
  const [year, month] = [String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0')]
  return ['uploads', `uploads/${year}-${month}`, 'uploads/mail', 'mail', `mail/${year}`, `mail/${year}/${month}`, PENDING_FOLDER]
}

/** The first of `folders` that exists and cannot be written, logged with its path and reason; null when none. */
function unwritable(folders: Array<{ name: string; dir: string }>): string | null {
  for (const { name, dir } of folders) {
    if (!fs.existsSync(dir)) continue
    try {
      writeProbe(dir)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error)
      console.error(
        `/healthz: в папку ${dir} нельзя записывать (${code}). Дайте права на запись пользователю, от имени которого запускается сервер.`,
      )
      return name
    }
  }
  return null
}

/**
 * DATA_DIR and the folders under it that get written. The answer names the folder that fails, relative to DATA_DIR —
 * the page is public, the full path and the reason go to the server's log only.
 */
function checkWrittenFolders(dataDirSetting: string, now: Date): Health['dataDir'] {
  const dirProblem = dataDirProblem(dataDirSetting, { demo: false, running: true })
  if (dirProblem) {
    console.error(`/healthz: ${dirProblem}`)
    return { ok: false, error: 'в папку данных нельзя записывать' }
  }
  const root = path.resolve(dataDirSetting)
  const folder = unwritable(writtenFolders(now).map((name) => ({ name, dir: path.join(root, name) })))
  return folder ? { ok: false, error: `в папку ${folder} нельзя записывать`, folder } : { ok: true }
}

let lastBackupLog = { text: '', at: 0 }

/** The nightly copy's folder (BACKUP_DIR, by default DATA_DIR/backups), when the nightly backup is on. */
function checkBackupFolder(dataDirSetting: string, backupDir: string | undefined | false): Health['backup'] {
  if (backupDir === false) return { nightly: false, ok: true }
  // A BACKUP_DIR set on purpose is another disk or a share: missing, or on the data's own disk, it is not mounted.
  const problem = backupDir ? backupDirProblem(backupDir, dataDirSetting) : null
  if (problem) {
    // A lasting state (a share not mounted, a copy folder on the data's own disk by choice): said once an hour, not
    // at every probe of a load balancer.
    const now = Date.now()
    if (problem.log !== lastBackupLog.text || now - lastBackupLog.at >= 3_600_000) {
      console.error(`/healthz: ${problem.log}`)
      lastBackupLog = { text: problem.log, at: now }
    }
    return { nightly: true, ok: false, error: problem.error }
  }
  const name = backupDir ? 'BACKUP_DIR' : 'backups'
  const folder = unwritable([{ name, dir: path.resolve(backupDir || path.join(path.resolve(dataDirSetting), 'backups')) }])
  return folder
    ? { nightly: true, ok: false, error: `в папку ${folder} нельзя записывать: ночная копия не будет сделана` }
    : { nightly: true, ok: true }
}

export async function checkHealth(
  now = new Date(),
  opts: { dataDir?: string; backupNightly?: boolean; backupDir?: string } = {},
): Promise<Health> {
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
  const dataDirSetting = opts.dataDir ?? env.DATA_DIR
  const dataDir = checkWrittenFolders(dataDirSetting, now)
  const backup = checkBackupFolder(
    dataDirSetting,
    (opts.backupNightly ?? env.BACKUP_NIGHTLY === 'true') ? (opts.backupDir ?? env.BACKUP_DIR) : false,
  )
  const status = workerStatus()
  // A pass that has not ended for many intervals (and is not the first) means the worker is stuck.
  const stalePassMs = Math.max(10 * env.WORKER_INTERVAL_SECONDS * 1000, 5 * 60_000)
  const last = status.lastPassEndedAt ?? status.lastPassStartedAt
  const stalled = status.enabled && last !== null && now.getTime() - last.getTime() > stalePassMs
  return {
    ok: database.ok && dataDir.ok,
    database,
    dataDir,
    backup,
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
