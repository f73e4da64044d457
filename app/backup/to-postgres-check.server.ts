// The checks of a move to PostgreSQL (ADR 054), and what they read of the SQLite source: run inside the copying
// transaction by to-postgres.server.ts before it commits, and alone by `npm run migrate-to-postgres -- --verify`.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { parseKinds } from '#app/models/json-columns'
import { verifyChain, type RegistrationLogRow } from '#workflows/registration-log'

export class MoveError extends Error {}

/** Tables of the database, not of the school: the SQLite migration ledger, and the PostgreSQL one the migrator keeps. */
export const LEDGERS = new Set(['_prisma_migrations', '_app_migrations'])
/**
 * The dashboard's days kept by the target itself (ADR 078, 083): not copied, not compared — the triggers log the copy's
 * own rows as changes, and the first view on PostgreSQL counts the days again. The stamp's moves are emptied for the
 * moved schools: the copy's triggers numbered them from the target's stamp, which the source's then replaces.
 */
export const REBUILT = new Set(['SettledDay', 'SettledChange', 'OpenDay', 'ApplicationChange'])
export const q = (name: string) => `"${name.replace(/"/g, '""')}"`
export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex')

export type MoveReport = {
  ok: boolean
  problems: string[]
  tables: Array<{ table: string; source: number; target: number }>
  files: number
  logRows: number
  /** --append: installation rows the target already had, kept as they were and not copied, per table. */
  kept: Record<string, number>
  /** Whether the rows are in the target now (false: the copy was rolled back, or --verify only read). */
  committed?: boolean
}

export function sqlitePathOf(from: string): string {
  if (/^postgres(ql)?:\/\//i.test(from)) throw new MoveError('Источник должен быть файлом SQLite (file:… или путь), а не PostgreSQL.')
  return path.resolve(from.startsWith('file:') ? from.slice('file:'.length).split('?')[0] : from)
}

/** A pg client whose timestamps (without time zone, as Prisma stores them) are read as UTC, as Prisma reads them. */
export function pgClient(url: string): pg.Client {
  return new pg.Client({
    connectionString: url,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 1114
          ? (s: string) => new Date(`${s.replace(' ', 'T')}Z`)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  })
}

export function sourceTables(src: Database.Database): string[] {
  return (
    src.prepare(`SELECT "name" FROM sqlite_master WHERE "type" = 'table' AND "name" NOT LIKE 'sqlite_%' ORDER BY "name"`).all() as Array<{
      name: string
    }>
  )
    .map((r) => r.name)
    .filter((t) => !LEDGERS.has(t) && !REBUILT.has(t))
}

function sourceCount(src: Database.Database, table: string): number {
  return (src.prepare(`SELECT COUNT(*) AS n FROM ${q(table)}`).get() as { n: number }).n
}

/** The school(s) the source holds, each with its registration log's newest row (the anchor the target must reach). */
export function sourceSchools(src: Database.Database) {
  const schools = src.prepare('SELECT "id", "shortName" FROM "School" ORDER BY "id"').all() as Array<{ id: string; shortName: string }>
  return schools.map((s) => ({
    ...s,
    head:
      (src
        .prepare('SELECT "sequence", "hash" FROM "RegistrationLogEntry" WHERE "schoolId" = ? ORDER BY "sequence" DESC LIMIT 1')
        .get(s.id) as { sequence: number; hash: string } | undefined) ?? null,
  }))
}

type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>

/**
 * Everything the move promises, checked on the target: per table the rows the copy added equal the source's (with
 * `before`, the counts the target had before an --append copy), every stored document's and template's bytes still
 * hash to their sha256, every school's registration log verifies up to the source's newest row, and every file an
 * upload or an inbound letter names is in the target DATA_DIR with the same SHA-256 as in the source.
 */
export async function verifyMove(opts: {
  src: Database.Database
  query: Query
  before?: Map<string, number>
  kept?: Record<string, number>
  sourceDataDir: string
  targetDataDir: string
}): Promise<MoveReport> {
  const { src, query } = opts
  const problems: string[] = []
  const tables: MoveReport['tables'] = []
  for (const table of sourceTables(src)) {
    const source = sourceCount(src, table) - (opts.kept?.[table] ?? 0)
    let target: number
    try {
      target = Number((await query(`SELECT COUNT(*) AS n FROM ${q(table)}`))[0].n) - (opts.before?.get(table) ?? 0)
    } catch {
      problems.push(`Таблицы ${table} нет в базе PostgreSQL.`)
      continue
    }
    tables.push({ table, source, target })
    if (source !== target)
      problems.push(
        `Таблица ${table}: в SQLite строк ` +
          `${source}${opts.kept?.[table] ? ` (без оставленных строк базы: ${opts.kept[table]})` : ''}, перенесено ${target}.`,
      )
  }
  for (const table of ['StoredDocument', 'TemplateVersion']) {
    for (const r of await query(`SELECT "id", "sha256", "content" FROM ${q(table)}`)) {
      if (sha256(r.content as Buffer) !== r.sha256) problems.push(`${table} ${String(r.id)}: содержимое не совпадает с контрольной суммой.`)
    }
  }
  let logRows = 0
  for (const school of sourceSchools(src)) {
    const rows = (await query('SELECT * FROM "RegistrationLogEntry" WHERE "schoolId" = $1 ORDER BY "sequence"', [school.id])).map(
      (r) => ({ ...r, kinds: parseKinds(String(r.kinds)) }) as unknown as RegistrationLogRow,
    )
    logRows += rows.length
    const check = verifyChain(rows, school.head ? { anchor: school.head } : {})
    if (!check.ok) problems.push(`${school.shortName}: ${check.messageRu}`)
  }
  // Every file a row names, where the instances will read it, with the bytes the source had.
  const named = [
    ...(src.prepare('SELECT "storagePath" AS p, "sha256" AS h FROM "Upload"').all() as Array<{ p: string; h: string }>),
    ...(src.prepare(`SELECT "rawPath" AS p, NULL AS h FROM "InboundMessage" WHERE "rawPath" <> ''`).all() as Array<{
      p: string
      h: string | null
    }>),
  ]
  for (const f of named) {
    const at = path.resolve(opts.targetDataDir, f.p)
    if (!fs.existsSync(at)) {
      problems.push(`Файл ${f.p} не найден в ${opts.targetDataDir}.`)
      continue
    }
    const hash = sha256(fs.readFileSync(at))
    if (f.h && hash !== f.h) problems.push(`Файл ${f.p}: контрольная сумма не совпадает с записанной в базе.`)
    else if (!f.h && path.resolve(opts.sourceDataDir) !== path.resolve(opts.targetDataDir)) {
      const from = path.resolve(opts.sourceDataDir, f.p)
      if (fs.existsSync(from) && sha256(fs.readFileSync(from)) !== hash) problems.push(`Файл ${f.p}: копия отличается от исходного.`)
    }
  }
  return { ok: problems.length === 0, problems, tables, files: named.length, logRows, kept: opts.kept ?? {} }
}

/** `--verify`: the checks of a move done before, on the target as it is now (committed). */
export async function verifyExistingMove(opts: { from: string; to: string; dataDir: string; dataTo?: string | null }): Promise<MoveReport> {
  const src = new Database(sqlitePathOf(opts.from), { readonly: true, fileMustExist: true })
  const client = pgClient(opts.to)
  await client.connect()
  try {
    const dataDir = path.resolve(opts.dataDir)
    return await verifyMove({
      src,
      query: async (sql, params) => (await client.query(sql, params)).rows,
      sourceDataDir: dataDir,
      targetDataDir: opts.dataTo ? path.resolve(opts.dataTo) : dataDir,
    })
  } finally {
    await client.end()
    src.close()
  }
}
