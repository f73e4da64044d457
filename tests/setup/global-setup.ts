// Builds the seeded template database once per test run; each test file then copies it (setup-db.ts),
// so every file works on its own fresh SQLite file. Several runs at once each build their own template.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { TMP_DIR } from './paths'
import { onPostgres, pgUrlFor, quoteIdent, withPgAdmin } from './test-db'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Removes databases left by runs that died (their pid is gone). */
function sweepStale() {
  for (const f of fs.readdirSync(TMP_DIR)) {
    const m = /^(?:test|template)-(\d+)-/.exec(f)
    if (m && !alive(Number(m[1]))) fs.rmSync(path.join(TMP_DIR, f), { force: true })
  }
}

/** Databases left on the PostgreSQL server by runs that died (the pid in their name is gone). */
async function sweepStalePg() {
  await withPgAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^pg_t(pl)?_[0-9]+_'`)
    for (const { datname } of rows) {
      const pid = Number(/^pg_t(?:pl)?_(\d+)_/.exec(datname)?.[1])
      if (!alive(pid)) await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`)
    }
  })
}

/** TEST_DB=postgres: a template database migrated by the app's migrator and seeded once per run. */
async function postgresTemplate(root: string) {
  await sweepStalePg()
  const name = `pg_tpl_${process.pid}_${Date.now()}`
  await withPgAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`))
  const url = pgUrlFor(name)
  const { migratePostgres } = await import('../../app/utils/pg-migrate.server')
  await migratePostgres(url)
  const env = { ...process.env, DATABASE_URL: url }
  const seed = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['prisma/seed/index.ts'], { cwd: root, env, encoding: 'utf8' })
  if (seed.status !== 0) throw new Error(`seed: ${seed.stdout}${seed.stderr}`)
  process.env.TEMPLATE_PG_DB = name
  console.log(`Тесты на PostgreSQL (шаблон ${name})`)
  return async () => {
    await withPgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`))
  }
}

export default async function globalSetup() {
  fs.mkdirSync(TMP_DIR, { recursive: true })
  sweepStale()
  if (onPostgres) return postgresTemplate(path.resolve(__dirname, '..', '..'))
  const template = path.join(TMP_DIR, `template-${process.pid}-${Date.now()}.db`)
  const root = path.resolve(__dirname, '..', '..')
  const env = { ...process.env, DATABASE_URL: `file:${template}` }
  const migrate = spawnSync(path.join(root, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], { cwd: root, env, encoding: 'utf8' })
  if (migrate.status !== 0) throw new Error(`prisma migrate deploy: ${migrate.stdout}${migrate.stderr}`)
  const seed = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['prisma/seed/index.ts'], { cwd: root, env, encoding: 'utf8' })
  if (seed.status !== 0) throw new Error(`seed: ${seed.stdout}${seed.stderr}`)
  // Fold any WAL back so a plain file copy is complete.
  const Database = (await import('better-sqlite3')).default
  const conn = new Database(template)
  conn.pragma('wal_checkpoint(TRUNCATE)')
  conn.pragma('journal_mode = DELETE')
  conn.close()
  process.env.TEMPLATE_DB = template
  return () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(template + suffix, { force: true })
  }
}
