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

/** Keeps the newest `keep` complete nightly copies; removes older ones and unfinished ones older than the newest. */
function pruneNightlyCopies(dir: string, keep: number): string[] {
  const complete = nightlyCopies(dir)
  if (complete.length === 0) return []
  const kept = new Set(complete.slice(0, keep).map((c) => c.name))
  const newest = complete[0].name
  const removed = fs.readdirSync(dir).filter((name) => name.startsWith(`${PREFIX}-`) && !kept.has(name) && name < newest)
  for (const name of removed) fs.rmSync(path.join(dir, name), { recursive: true, force: true })
  return removed
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
  const done = nightlyCopies(settings.dir).some((c) => localParts(c.createdAt, settings.timeZone).day === today.day)
  if (done) return { made: null, removed: [] }
  // A copy whose drill never ended (killed, a power cut) is never of use: removed before the next is made, so a drill
  // killed night after night (out of memory) does not fill the backup disk with whole unchecked copies.
  for (const name of fs.existsSync(settings.dir) ? fs.readdirSync(settings.dir) : [])
    if (name.startsWith(`${UNCHECKED}-`)) fs.rmSync(path.join(settings.dir, name), { recursive: true, force: true })
  const made = await backup({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir, outDir: settings.dir, now, prefix: UNCHECKED })
  const name = path.basename(made.dir).slice(UNCHECKED.length - PREFIX.length)
  const check = await verifyBackup(made.dir)
  if (!check.ok) {
    // Kept for inspection under a name the rotation ignores, and said loudly in the log.
    renameDurably(made.dir, path.join(path.dirname(made.dir), `failed-${name}`))
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
