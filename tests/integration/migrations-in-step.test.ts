// The migrations and prisma/schema.prisma describe the same database. A database built by applying every migration in
// order is compared, table by table, column by column, index by index and foreign key by foreign key, with one that
// `prisma db push` builds straight from the schema. It catches a schema edit without a migration, and a migration
// that rebuilds a table (SQLite "RedefineTables") written before another branch added a column to that table.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { TMP_DIR } from '#tests/setup/paths'

const ROOT = process.cwd()
const MIGRATIONS = path.join(ROOT, 'prisma', 'migrations')
const stamp = `${process.pid}-${Date.now()}`
const fromMigrations = path.join(TMP_DIR, `instep-migrations-${stamp}.db`)
const fromSchema = path.join(TMP_DIR, `instep-schema-${stamp}.db`)

afterAll(() => {
  for (const f of [fromMigrations, fromSchema]) for (const s of ['', '-wal', '-shm', '-journal']) fs.rmSync(f + s, { force: true })
})

type Shape = Record<string, { columns: string[]; indexes: string[]; foreignKeys: string[] }>

function shapeOf(file: string): Shape {
  const conn = new Database(file, { readonly: true })
  try {
    const tables = conn
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`,
      )
      .all() as { name: string }[]
    const shape: Shape = {}
    for (const { name } of tables) {
      const q = (sql: string) => conn.prepare(sql.replace('$T', `"${name}"`)).all() as Record<string, unknown>[]
      const columns = q(`PRAGMA table_info($T)`)
        .map((c) => `${c.name} ${c.type} notnull=${c.notnull} default=${c.dflt_value ?? ''} pk=${c.pk}`)
        .sort()
      const indexes = q(`PRAGMA index_list($T)`)
        .filter((i) => i.origin !== 'pk')
        .map((i) => {
          const cols = (conn.prepare(`PRAGMA index_info("${String(i.name)}")`).all() as { name: string }[]).map((c) => c.name)
          return `${i.name} unique=${i.unique} (${cols.join(', ')})`
        })
        .sort()
      const foreignKeys = q(`PRAGMA foreign_key_list($T)`)
        .map((f) => `${f.from} -> ${f.table}.${f.to} on delete ${f.on_delete} on update ${f.on_update}`)
        .sort()
      shape[name] = { columns, indexes, foreignKeys }
    }
    return shape
  } finally {
    conn.close()
  }
}

describe('migrations in step with prisma/schema.prisma', () => {
  it('every migration applied in order gives the database the schema describes', () => {
    fs.mkdirSync(TMP_DIR, { recursive: true })
    const conn = new Database(fromMigrations)
    const names = fs
      .readdirSync(MIGRATIONS)
      .filter((n) => fs.statSync(path.join(MIGRATIONS, n)).isDirectory())
      .sort()
    for (const name of names) conn.exec(fs.readFileSync(path.join(MIGRATIONS, name, 'migration.sql'), 'utf8'))
    conn.close()

    const push = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'prisma'), ['db', 'push', '--skip-generate'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: `file:${fromSchema}` },
      encoding: 'utf8',
    })
    expect(push.status, `prisma db push: ${push.stdout}${push.stderr}`).toBe(0)

    const a = shapeOf(fromMigrations)
    const b = shapeOf(fromSchema)
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort())
    for (const table of Object.keys(b)) expect(a[table], `table ${table}`).toEqual(b[table])
  }, 120_000)
})
