// The PostgreSQL twin of migrations-in-step.test.ts (ADR 039, 040). prisma/postgres/migrations applied in order by the
// app's migrator must give the database that prisma/schema.prisma describes: the one Prisma's own script for the
// generated PostgreSQL schema (migrate diff --from-empty) builds. Compared table by table, column by column, index by
// index and constraint by constraint from PostgreSQL's catalogue. Needs a PostgreSQL server at PG_URL (CI starts one);
// without it the database part is skipped with a message, the file-name part still runs.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { migratePostgres, PG_MIGRATIONS_DIR } from '#app/utils/pg-migrate.server'
import { TMP_DIR } from '#tests/setup/paths'
import { PG_URL, pgReachable, pgUrlFor, quoteIdent, withPgAdmin } from '#tests/setup/test-db'
import { PG_SCHEMA, writePgSchema } from '../../scripts/db/gen-pg-schema'
import { PG_BASELINE_COVERS } from '../../scripts/db/new-migration-constants'

const ROOT = process.cwd()
const SQLITE_DIR = path.join(ROOT, 'prisma', 'migrations')
const reachable = await pgReachable()
if (!reachable)
  console.warn(
    'migrations-in-step-pg: PostgreSQL недоступен по PG_URL ' +
      `(${PG_URL.replace(/:[^:@/]*@/, ':***@')}) — сверка PostgreSQL-миграций пропущена.`,
  )

const stamp = `${process.pid}_${Date.now()}`
const fromMigrations = `pg_t_${process.pid}_instep_m_${Date.now()}`
const fromSchema = `pg_t_${process.pid}_instep_s_${Date.now()}`
const dirs = (dir: string) =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()

afterAll(async () => {
  if (!reachable) return
  await withPgAdmin(async (c) => {
    for (const name of [fromMigrations, fromSchema]) await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)
  })
})

type Shape = Record<string, { columns: string[]; indexes: string[]; constraints: string[] }>

async function shapeOf(database: string): Promise<Shape> {
  const c = new pg.Client({ connectionString: pgUrlFor(database) })
  await c.connect()
  try {
    const q = async (sql: string, ...params: unknown[]) => (await c.query(sql, params)).rows as Record<string, unknown>[]
    const tables = await q(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND ` +
        `table_type = 'BASE TABLE' AND table_name <> '_app_migrations' ORDER BY 1`,
    )
    const shape: Shape = {}
    for (const { name } of tables) {
      const columns = (
        await q(
          'SELECT column_name, data_type, character_maximum_length, datetime_precision, is_nullable, ' +
            `column_default FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
          name,
        )
      )
        .map(
          (r) =>
            `${r.column_name} ` +
            `${r.data_type}(${r.character_maximum_length ?? ''}${r.datetime_precision ?? ''}) ` +
            `null=${r.is_nullable} default=${r.column_default ?? ''}`,
        )
        .sort()
      const indexes = (await q(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1`, name))
        .map((r) => String(r.indexdef))
        .sort()
      const constraints = (
        await q(
          `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = format('public.%I', $1::text)::regclass`,
          name,
        )
      )
        .map((r) => `${r.conname}: ${r.def}`)
        .sort()
      shape[String(name)] = { columns, indexes, constraints }
    }
    return shape
  } finally {
    await c.end()
  }
}

describe('PostgreSQL migrations in step with prisma/schema.prisma', () => {
  it('every SQLite migration after the PostgreSQL baseline has a PostgreSQL twin of the same name, and back', () => {
    const sqlite = dirs(SQLITE_DIR).filter((n) => n > PG_BASELINE_COVERS)
    const postgres = dirs(PG_MIGRATIONS_DIR).slice(1)
    expect(dirs(SQLITE_DIR)).toContain(PG_BASELINE_COVERS)
    expect(postgres, 'PostgreSQL-двойники: npm run db:migration -- --sync').toEqual(sqlite)
  })

  it.skipIf(!reachable)(
    'every PostgreSQL migration applied in order gives the database the schema describes',
    async () => {
      writePgSchema()
      const diff = spawnSync(
        path.join(ROOT, 'node_modules', '.bin', 'prisma'),
        ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', PG_SCHEMA, '--script'],
        {
          cwd: ROOT,
          // A file: URL keeps prisma.config.ts on its offline side; the script is PostgreSQL's all the same.
          env: { ...process.env, DATABASE_URL: `file:${path.join(TMP_DIR, `instep-unused-${stamp}.db`)}` },
          encoding: 'utf8',
        },
      )
      expect(diff.status, `prisma migrate diff: ${diff.stdout}${diff.stderr}`).toBe(0)
      await withPgAdmin(async (c) => {
        await c.query(`CREATE DATABASE ${quoteIdent(fromMigrations)}`)
        await c.query(`CREATE DATABASE ${quoteIdent(fromSchema)}`)
      })
      const applied = await migratePostgres(pgUrlFor(fromMigrations))
      expect(applied).toEqual(dirs(PG_MIGRATIONS_DIR))
      const direct = new pg.Client({ connectionString: pgUrlFor(fromSchema) })
      await direct.connect()
      await direct.query(diff.stdout)
      await direct.end()

      const a = await shapeOf(fromMigrations)
      const b = await shapeOf(fromSchema)
      expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort())
      for (const table of Object.keys(b)) expect(a[table], `table ${table}`).toEqual(b[table])
      // Applying again changes nothing: the ledger knows every file.
      expect(await migratePostgres(pgUrlFor(fromMigrations))).toEqual([])
    },
    120_000,
  )
})
