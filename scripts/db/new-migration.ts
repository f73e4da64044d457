// `npm run db:migration -- <name>`: after an edit of prisma/schema.prisma, writes the SQLite migration
// prisma/migrations/<stamp>_<name>/migration.sql and its PostgreSQL twin prisma/postgres/migrations/<stamp>_<name>/
// migration.sql (ADR 039). `npm run db:migration -- --sync` writes the PostgreSQL twin of every SQLite migration that
// has none yet (after merging a branch that added only the SQLite one). Options: --stamp YYYYMMDDHHMMSS (default: now,
// UTC). Offline: no database server is needed.
//
// How: the SQLite history is applied to a scratch file and read back with `prisma db pull` — that is the schema
// «before». Prisma's diff of before → prisma/schema.prisma gives the SQLite migration; the same two schemas with the
// provider switched give the PostgreSQL one. Raw SQL (triggers, backfills) is not in any schema: when a SQLite
// migration has some, its PostgreSQL twin gets a marked place where a person writes the PL/pgSQL equivalent.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { PG_SCHEMA, SQLITE_SCHEMA, toPostgres, writePgSchema } from './gen-pg-schema'
import { PG_BASELINE_COVERS } from './new-migration-constants'

const ROOT = path.resolve(__dirname, '..', '..')
const SQLITE_DIR = path.join(ROOT, 'prisma', 'migrations')
const PG_DIR = path.join(ROOT, 'prisma', 'postgres', 'migrations')
const TMP = path.join(ROOT, 'tests', '.tmp', `db-migration-${process.pid}`)

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

function prisma(args: string[], env: Record<string, string> = {}): string {
  // A file: URL keeps prisma.config.ts on the SQLite side, where migrate diff and db pull work offline.
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'prisma'), args, {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `file:${path.join(TMP, 'unused.db')}`, ...env },
    encoding: 'utf8',
  })
  if (r.status !== 0) fail(`prisma ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}

const dirs = (dir: string) =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()

/** The datamodel the SQLite migrations up to and including `upTo` (all when undefined) build. */
function schemaOfHistory(upTo?: string): string {
  const file = path.join(TMP, `history-${upTo ?? 'all'}.db`)
  fs.rmSync(file, { force: true })
  const conn = new Database(file)
  for (const name of dirs(SQLITE_DIR).filter((n) => !upTo || n <= upTo))
    conn.exec(fs.readFileSync(path.join(SQLITE_DIR, name, 'migration.sql'), 'utf8'))
  conn.close()
  const out = prisma(['db', 'pull', '--print'], { DATABASE_URL: `file:${file}` })
  const start = out.search(/^generator /m)
  if (start < 0) fail(`prisma db pull не вернул схему:\n${out}`)
  return unAutoincrement(out.slice(start))
}

/**
 * SQLite reads every INTEGER PRIMARY KEY back as @default(autoincrement()); on PostgreSQL that would be a sequence.
 * Where prisma/schema.prisma has the same field without it, the pulled schema drops it too.
 */
function unAutoincrement(pulled: string): string {
  const plain = new Set<string>()
  let model = ''
  for (const line of fs.readFileSync(SQLITE_SCHEMA, 'utf8').split('\n')) {
    const m = /^model (\w+)/.exec(line)
    if (m) model = m[1]
    const f = /^\s+(\w+)\s+Int\b.*@id/.exec(line)
    if (f && !line.includes('autoincrement()')) plain.add(`${model}.${f[1]}`)
  }
  model = ''
  return pulled
    .split('\n')
    .map((line) => {
      const m = /^model (\w+)/.exec(line)
      if (m) model = m[1]
      const f = /^\s+(\w+)\s+Int\b/.exec(line)
      return f && plain.has(`${model}.${f[1]}`) ? line.replace(/\s*@default\(autoincrement\(\)\)/, '') : line
    })
    .join('\n')
}

/** Prisma's migration from one datamodel (text, SQLite provider) to another (a schema file, or a text to switch too). */
function diff(from: string, to: { file: string } | { text: string }, pg: boolean): string {
  const a = path.join(TMP, `from-${pg ? 'pg' : 'sqlite'}.prisma`)
  fs.writeFileSync(a, pg ? toPostgres(from) : from)
  let b: string
  if ('file' in to) b = to.file
  else {
    b = path.join(TMP, `to-${pg ? 'pg' : 'sqlite'}.prisma`)
    fs.writeFileSync(b, pg ? toPostgres(to.text) : to.text)
  }
  const sql = prisma(['migrate', 'diff', '--from-schema-datamodel', a, '--to-schema-datamodel', b, '--script'])
  return /^-- This is an empty migration\.\s*$/.test(sql.trim()) ? '' : sql
}

/** Statements a schema diff cannot reproduce: their PostgreSQL equivalent is a person's job. */
function rawParts(sqliteSql: string): string[] {
  const found = new Set<string>()
  for (const [re, what] of [
    [/CREATE TRIGGER/i, 'триггер (CREATE TRIGGER → функция PL/pgSQL и CREATE TRIGGER … EXECUTE FUNCTION)'],
    [/^\s*(UPDATE|INSERT INTO|DELETE FROM)\b/im, 'перенос данных (UPDATE/INSERT/DELETE)'],
    [/json_extract|json_valid|datetime\(|strftime|ifnull|\bmin\(|\bmax\(/i, 'функции SQLite (json_extract, datetime, min/max…)'],
  ] as const) {
    // Prisma's own table rebuilds copy rows with INSERT INTO "new_…" SELECT: those are not raw SQL of a person.
    const text = sqliteSql.replace(/INSERT INTO "new_\w+"[^;]*;/g, '')
    if (re.test(text)) found.add(what)
  }
  return [...found]
}

function write(dir: string, sql: string) {
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, 'migration.sql'), sql)
  console.log(`Записано: ${path.relative(ROOT, path.join(dir, 'migration.sql'))}`)
}

function pgTwinText(name: string, schemaSql: string, sqliteSql: string): string {
  const raw = rawParts(sqliteSql)
  let text = `-- PostgreSQL twin of prisma/migrations/${name} (npm run db:migration).\n${schemaSql}`
  if (raw.length) {
    text += `\n-- TODO PostgreSQL: в SQLite-миграции есть ${raw.join('; ')}. Напишите здесь их PostgreSQL-вариант.\n`
    console.warn(
      `Внимание: в ${name} есть ${raw.join('; ')} — допишите их PostgreSQL-вариант в ` +
        `prisma/postgres/migrations/${name}/migration.sql (ищите TODO PostgreSQL).`,
    )
  }
  return text
}

function stampNow(): string {
  return new Date().toISOString().replace(/\D/g, '').slice(0, 14)
}

function main() {
  const args = process.argv.slice(2)
  const stampAt = args.indexOf('--stamp')
  const stamp = stampAt >= 0 ? args[stampAt + 1] : stampNow()
  if (!/^\d{14}$/.test(stamp)) fail('--stamp: ожидается YYYYMMDDHHMMSS')
  fs.mkdirSync(TMP, { recursive: true })
  writePgSchema()
  try {
    if (args.includes('--sync')) return sync()
    const name = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--stamp')
    if (!name || !/^[a-z0-9_]+$/.test(name))
      fail(
        'Использование: npm run db:migration -- имя_миграции   (латиница в нижнем ' +
          'регистре, цифры, _)\n  или: npm run db:migration -- --sync',
      )
    const unsynced = dirs(SQLITE_DIR).filter((n) => n > PG_BASELINE_COVERS && !fs.existsSync(path.join(PG_DIR, n)))
    if (unsynced.length)
      fail(`Сначала PostgreSQL-двойники уже существующих миграций: ${unsynced.join(', ')} — npm run db:migration -- --sync`)
    const dirName = `${stamp}_${name}`
    const before = schemaOfHistory()
    const sqliteSql = diff(before, { file: SQLITE_SCHEMA }, false)
    const pgSql = diff(before, { file: PG_SCHEMA }, true)
    if (!sqliteSql && !pgSql) fail('prisma/schema.prisma совпадает с историей миграций: новая миграция не нужна.')
    write(path.join(SQLITE_DIR, dirName), sqliteSql || '-- This is an empty migration.\n')
    write(path.join(PG_DIR, dirName), pgTwinText(dirName, pgSql || '-- This is an empty migration.\n', sqliteSql))
  } finally {
    fs.rmSync(TMP, { recursive: true, force: true })
  }
}

/** The PostgreSQL twin of every SQLite migration after the baseline that has none, each from the history before it. */
function sync() {
  const all = dirs(SQLITE_DIR)
  const missing = all.filter((n) => n > PG_BASELINE_COVERS && !fs.existsSync(path.join(PG_DIR, n)))
  if (!missing.length) return console.log('У каждой SQLite-миграции есть PostgreSQL-двойник.')
  for (const name of missing) {
    const prev = all.filter((n) => n < name).at(-1)
    const pgSql = diff(schemaOfHistory(prev), { text: schemaOfHistory(name) }, true)
    const sqliteSql = fs.readFileSync(path.join(SQLITE_DIR, name, 'migration.sql'), 'utf8')
    write(path.join(PG_DIR, name), pgTwinText(name, pgSql || '-- This is an empty migration.\n', sqliteSql))
  }
}

main()
