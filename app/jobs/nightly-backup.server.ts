// The nightly backup (issue 18.8, ADR 025): once a day, at BACKUP_HOUR in the school's time zone or at the first
// pass after it, a consistent copy of the database and the stored files goes to BACKUP_DIR as `nightly-<time>`,
// is restored into a temporary folder and checked (verifyBackup), and only the newest BACKUP_KEEP nightly copies
// are kept. Copies made by hand (`npm run backup`, named `backup-…`) are never deleted by it.
import fs from 'node:fs'
import path from 'node:path'
import { backup, fsyncPath } from '#app/backup/backup.server'
import { verifyBackup } from '#app/backup/restore.server'
import { db } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'
import type { Task } from './worker.server'

type NightlyBackupSettings = {
  enabled: boolean
  databaseUrl: string
  dataDir: string
  dir: string
  /** BACKUP_DIR was set: another disk or a share, which the copy never makes (it would land on the data's disk). */
  explicit?: boolean
  hour: number
  keep: number
  timeZone: string
}

const PREFIX = 'nightly'
/**
 * A copy is made under this name and named `nightly-…` only once the drill has passed: a kill -9 or a power cut
 * during the drill leaves it under this name, which nothing counts as the day's checked copy (the next pass removes
 * it and makes and checks another).
 */
const UNCHECKED = `unchecked-${PREFIX}`

function localParts(now: Date, timeZone: string): { day: string; hour: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  )
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) }
}

/** A copy failed by its drill is kept for inspection under this name (`failed-nightly-<time>`). */
const FAILED = `failed-${PREFIX}`
/** After a copy that could not be made (the backup disk full, gone, refused), the next try waits this long. */
const RETRY_AFTER_FAILURE_MS = 60 * 60_000
/** When this process's last copy could not be made, per folder: a pass every few seconds must not copy everything again. */
const lastFailure = new Map<string, number>()

/**
 * What stops a nightly copy into a BACKUP_DIR that was set on purpose — another disk or a mounted share: the folder
 * is missing or not a folder (the share is not mounted; the copy does not make it on the data's own disk), or it is on
 * the same disk as DATA_DIR (an empty mount point: the share is not mounted, and a copy there dies with that disk).
 * `error` is for the public /healthz (no path), `log` for the server's log. null when the folder is fit.
 */
export function backupDirProblem(
  backupDir: string,
  dataDir: string,
): { kind: 'missing' | 'notFolder' | 'sameDisk'; error: string; log: string } | null {
  const dir = path.resolve(backupDir)
  let stat: fs.Stats
  try {
    stat = fs.statSync(dir)
  } catch {
    return {
      kind: 'missing',
      error: 'папки BACKUP_DIR нет (диск для копий не подключён?): ночная копия не будет сделана',
      log:
        `папки BACKUP_DIR (${dir}) нет: ночная копия не будет сделана. Подключите диск или сетевую папку для копий ` +
        'или создайте эту папку; сервер продолжит работу сам, перезапуск не нужен.',
    }
  }
  if (!stat.isDirectory())
    return {
      kind: 'notFolder',
      error: 'BACKUP_DIR — не папка: ночная копия не будет сделана',
      log: `BACKUP_DIR (${dir}) — не папка: ночная копия не будет сделана. Укажите в BACKUP_DIR папку на другом диске.`,
    }
  let dataDev: number | null = null
  try {
    dataDev = fs.statSync(path.resolve(dataDir)).dev
  } catch {
    // No data folder: /healthz says so under dataDir.
  }
  if (dataDev !== null && dataDev === stat.dev)
    return {
      kind: 'sameDisk',
      error: 'папка BACKUP_DIR на том же диске, что и данные (диск для копий не подключён?)',
      log:
        `папка BACKUP_DIR (${dir}) на том же диске, что и папка данных ${path.resolve(dataDir)}: сетевая папка или диск ` +
        'для копий не подключён, или BACKUP_DIR указывает не туда. Копия на том же диске пропадёт вместе с ним. ' +
        'Подключите диск для копий (или уберите BACKUP_DIR, чтобы копии шли в папку данных).',
    }
  return null
}

/** When the copy's manifest says it was made; null when there is none or it cannot be read. */
function madeAt(copy: string): Date | null {
  try {
    const createdAt = new Date((JSON.parse(fs.readFileSync(path.join(copy, 'manifest.json'), 'utf8')) as { createdAt: string }).createdAt)
    return Number.isNaN(createdAt.getTime()) ? null : createdAt
  } catch {
    return null
  }
}

/**
 * Complete nightly copies (with a readable manifest), newest first. A manifest cut short (a power cut while it was
 * written, a damaged backup disk) makes its copy incomplete — it used to stop every later nightly copy with a JSON
 * error.
 */
export function nightlyCopies(dir: string): Array<{ name: string; createdAt: Date }> {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(`${PREFIX}-`))
    .flatMap((name) => {
      const createdAt = madeAt(path.join(dir, name))
      return createdAt ? [{ name, createdAt }] : []
    })
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
}

/** Copies failed by their drill, newest first (their manifest is whole: the drill found the data wrong). */
function failedCopies(dir: string): Array<{ name: string; createdAt: Date }> {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(`${FAILED}-`))
    .flatMap((name) => {
      const createdAt = madeAt(path.join(dir, name))
      return createdAt ? [{ name, createdAt }] : []
    })
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
}

/**
 * Keeps the newest `keep` complete nightly copies; removes older ones and unfinished ones older than the newest.
 * Failed copies are kept for inspection, the newest `keep` of them: a log whose chain is broken fails every night's drill.
 */
function pruneNightlyCopies(dir: string, keep: number): string[] {
  const complete = nightlyCopies(dir)
  const failedRemoved = failedCopies(dir)
    .slice(keep)
    .map((c) => c.name)
  for (const name of failedRemoved) fs.rmSync(path.join(dir, name), { recursive: true, force: true })
  if (complete.length === 0) return failedRemoved
  const kept = new Set(complete.slice(0, keep).map((c) => c.name))
  const newest = complete[0].name
  const removed = fs.readdirSync(dir).filter((name) => name.startsWith(`${PREFIX}-`) && !kept.has(name) && name < newest)
  for (const name of removed) fs.rmSync(path.join(dir, name), { recursive: true, force: true })
  return [...removed, ...failedRemoved]
}

/** Renames a copy and puts the new name on the disk (the folder's entry is fsync'd): a power cut keeps one of the two. */
function renameDurably(from: string, to: string): void {
  fs.renameSync(from, to)
  fsyncPath(path.dirname(to))
}

/** Runs the nightly backup if it is due; returns what it did. */
export async function runNightlyBackup(now: Date, settings: NightlyBackupSettings): Promise<{ made: string | null; removed: string[] }> {
  if (!settings.enabled) return { made: null, removed: [] }
  // On PostgreSQL the database's copies are the city's job (pg_dump, PITR: README «Муниципальное развёртывание»);
  // this copy reads a SQLite file.
  if (/^postgres(ql)?:\/\//i.test(settings.databaseUrl)) return { made: null, removed: [] }
  const today = localParts(now, settings.timeZone)
  if (today.hour < settings.hour) return { made: null, removed: [] }
  // A copy failed by its drill is the day's try: the data it found wrong (a broken log chain) is wrong in every copy
  // until someone looks, and a new whole copy every pass filled the backup disk in minutes.
  const tried = [...nightlyCopies(settings.dir), ...failedCopies(settings.dir)]
  if (tried.some((c) => localParts(c.createdAt, settings.timeZone).day === today.day)) return { made: null, removed: [] }
  const failedAt = lastFailure.get(settings.dir)
  if (failedAt !== undefined && now.getTime() - failedAt < RETRY_AFTER_FAILURE_MS && now.getTime() >= failedAt)
    return { made: null, removed: [] }
  if (settings.explicit) {
    const problem = backupDirProblem(settings.dir, settings.dataDir)
    // The share not mounted: the folder is never made on the data's disk, said once an hour. A folder on the data's
    // own disk still gets the copy (better than none); /healthz says what is wrong with it.
    if (problem && problem.kind !== 'sameDisk') {
      lastFailure.set(settings.dir, now.getTime())
      throw new Error(`Ночная резервная копия не сделана: ${problem.log}`)
    }
  }
  // A copy whose drill never ended (killed, a power cut) is never of use: removed before the next is made, so a drill
  // killed night after night (out of memory) does not fill the backup disk with whole unchecked copies.
  for (const name of fs.existsSync(settings.dir) ? fs.readdirSync(settings.dir) : [])
    if (name.startsWith(`${UNCHECKED}-`)) fs.rmSync(path.join(settings.dir, name), { recursive: true, force: true })
  let made: Awaited<ReturnType<typeof backup>>
  try {
    made = await backup({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir, outDir: settings.dir, now, prefix: UNCHECKED })
  } catch (error) {
    // The backup disk full or refusing: what was copied is removed at once, and the next try is in an hour — a pass
    // every few seconds copied the whole data folder again each time, holding the server's event loop.
    lastFailure.set(settings.dir, now.getTime())
    for (const name of fs.existsSync(settings.dir) ? fs.readdirSync(settings.dir) : [])
      if (name.startsWith(`${UNCHECKED}-`)) fs.rmSync(path.join(settings.dir, name), { recursive: true, force: true })
    throw error
  }
  lastFailure.delete(settings.dir)
  const name = path.basename(made.dir).slice(UNCHECKED.length - PREFIX.length)
  const check = await verifyBackup(made.dir)
  if (!check.ok) {
    // Kept for inspection under a name the rotation ignores, and said loudly in the log.
    renameDurably(made.dir, path.join(path.dirname(made.dir), `failed-${name}`))
    pruneNightlyCopies(settings.dir, settings.keep)
    throw new Error(`Ночная резервная копия не прошла проверку: ${check.problems.join('; ')}`)
  }
  const dir = path.join(path.dirname(made.dir), name)
  renameDurably(made.dir, dir)
  return { made: dir, removed: pruneNightlyCopies(settings.dir, settings.keep) }
}

export const nightlyBackupTask: Task = {
  name: 'nightly-backup',
  async run(now) {
    const env = getEnv()
    const school = await db.school.findFirst({ select: { timeZone: true }, orderBy: { id: 'asc' } })
    const result = await runNightlyBackup(now, {
      enabled: env.BACKUP_NIGHTLY === 'true',
      databaseUrl: env.DATABASE_URL,
      dataDir: env.DATA_DIR,
      dir: path.resolve(env.BACKUP_DIR ?? path.join(env.DATA_DIR, 'backups')),
      explicit: env.BACKUP_DIR !== undefined,
      hour: env.BACKUP_HOUR,
      keep: env.BACKUP_KEEP,
      timeZone: school?.timeZone ?? 'Europe/Saratov',
    })
    if (result.made)
      console.log(
        'Ночная резервная копия сделана и проверена: ' +
          `${result.made}${result.removed.length ? `; удалены старые: ${result.removed.join(', ')}` : ''}`,
      )
    return result
  },
}
