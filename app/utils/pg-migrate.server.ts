// Applies prisma/postgres/migrations/<name>/migration.sql in name order to a PostgreSQL database and keeps a ledger
// (ADR 040). `prisma migrate deploy` cannot be used on PostgreSQL through Prisma 6's WASM schema engine (it fails
// reading its own _prisma_migrations table), so this small migrator does the same job: each migration runs in one
// transaction together with its ledger row, an advisory lock keeps two instances that start at once from applying
// the same file twice, and a file changed after it was applied stops the run (its checksum differs).
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'

export const PG_MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', 'prisma', 'postgres', 'migrations')
/** Any constant shared by every instance of the product; the lock is held only while migrating. */
const LOCK_KEY = 7_390_211_021

export type PgMigration = { name: string; sql: string; checksum: string }

export function pgMigrations(dir = PG_MIGRATIONS_DIR): PgMigration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

/** Applies every migration not yet in the ledger; returns the names applied now. */
export async function migratePostgres(
  connectionString: string,
  opts: { dir?: string; log?: (line: string) => void } = {},
): Promise<string[]> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  const applied: string[] = []
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY])
    await client.query(`CREATE TABLE IF NOT EXISTS "_app_migrations" (
      "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())`)
    const done = new Map(
      (await client.query<{ name: string; checksum: string }>('SELECT "name", "checksum" FROM "_app_migrations"')).rows.map((r) => [
        r.name,
        r.checksum,
      ]),
    )
    for (const m of pgMigrations(opts.dir)) {
      const was = done.get(m.name)
      if (was !== undefined) {
        if (was !== m.checksum)
          throw new Error(
            `Миграция ${m.name} изменена после применения (контрольная сумма не ` +
              'совпадает). Изменять применённые миграции нельзя: добавьте новую.',
          )
        continue
      }
      await client.query('BEGIN')
      try {
        await client.query(m.sql)
        await client.query('INSERT INTO "_app_migrations" ("name", "checksum") VALUES ($1, $2)', [m.name, m.checksum])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw new Error(`Миграция ${m.name} не применена: ${(error as Error).message}`, { cause: error })
      }
      applied.push(m.name)
      opts.log?.(`Применена миграция ${m.name}`)
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {})
    await client.end()
  }
  return applied
}
