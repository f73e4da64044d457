// A SQLite migration cut short (kill -9, a power cut, a supervisor's start timeout — the first start after an upgrade
// migrated a big database for over a minute): Prisma applies a SQLite migration without a transaction, so the file was
// left half-migrated with the migration's row unfinished, and every later start stopped at Prisma's English P3009.
// Before migrations are applied, the database is copied beside itself (SQLite's online backup API); a start that finds
// a migration unfinished puts that copy back (the half-migrated file is kept aside) and migrates again. The copy is
// removed once the migrations are through.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

export const beforeMigrationCopy = (dbFile: string) => `${dbFile}.before-migration`

type Ledger = { finished: Set<string>; unfinished: string | null }

/** The migrations the file records: finished ones, and one started and never finished (nor rolled back). */
function ledgerOf(dbFile: string): Ledger | null {
  if (!fs.existsSync(dbFile)) return null
  const db = new Database(dbFile, { readonly: true, fileMustExist: true })
  try {
    const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get()
    if (!table) return null
    const rows = db.prepare('SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations').all() as Array<{
      migration_name: string
      finished_at: unknown
      rolled_back_at: unknown
    }>
    return {
      finished: new Set(rows.filter((r) => r.finished_at !== null).map((r) => r.migration_name)),
      unfinished: rows.find((r) => r.finished_at === null && r.rolled_back_at === null)?.migration_name ?? null,
    }
  } finally {
    db.close()
  }
}

async function copyDatabase(from: string, to: string): Promise<void> {
  const source = new Database(from, { readonly: true, fileMustExist: true })
  try {
    await source.backup(to)
  } finally {
    source.close()
  }
}

/**
 * Runs before `prisma migrate deploy`. Returns what it did, for the start's log; throws an Error with a Russian
 * paragraph when the database is half-migrated and there is no copy to put back.
 */
export async function guardSqliteMigrations(dbFile: string, migrationsDir: string): Promise<{ restored: string | null; copied: boolean }> {
  let restored: string | null = null
  let ledger = ledgerOf(dbFile)
  const copy = beforeMigrationCopy(dbFile)
  if (ledger?.unfinished) {
    if (!fs.existsSync(copy))
      throw new Error(
        `Обновление базы данных было прервано: миграция ${ledger.unfinished} начата и не закончена, база данных ${dbFile} ` +
          'осталась наполовину обновлённой. Копии, сделанной перед обновлением, нет. Восстановите базу из последней резервной ' +
          'копии (npm run restore -- <папка копии>; ночные копии — в BACKUP_DIR) и запустите сервер снова: миграции применятся заново.',
      )
    // One such file, whatever the number of attempts (a supervisor restarting a failing start must not fill the disk).
    const aside = `${dbFile}.half-migrated`
    fs.rmSync(aside, { force: true })
    await copyDatabase(dbFile, aside)
    // Through SQLite, not a file copy: the half-migrated file's -wal is overwritten with it.
    await copyDatabase(copy, dbFile)
    restored = ledger.unfinished
    ledger = ledgerOf(dbFile)
    console.log(
      `Прошлое обновление базы данных было прервано на миграции ${restored}. База данных возвращена к копии, сделанной ` +
        `перед ним; наполовину обновлённая база сохранена как ${aside}. Миграции применяются заново.`,
    )
  }
  const pending = fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(migrationsDir, d.name, 'migration.sql')))
    .some((d) => !ledger?.finished.has(d.name))
  // A new database (no ledger) has nothing to keep; a copy from an earlier run is replaced by this one.
  if (!ledger || !pending) return { restored, copied: false }
  fs.rmSync(copy, { force: true })
  try {
    await copyDatabase(dbFile, copy)
  } catch (error) {
    // No room for the copy (a database as big as the free space left): the migrations still go ahead, as they did
    // before this guard, and the operator is told what is at stake.
    fs.rmSync(copy, { force: true })
    console.warn(
      `Копия базы данных перед обновлением не сделана (${(error as Error).message}): вероятно, на диске мало места. ` +
        'Миграции применяются без неё; если обновление прервётся, базу придётся восстановить из резервной копии (npm run restore).',
    )
    return { restored, copied: false }
  }
  return { restored, copied: true }
}

/** The migrations are through: the copy made before them is not needed any more. */
export function migrationsDone(dbFile: string): void {
  fs.rmSync(beforeMigrationCopy(dbFile), { force: true })
}
