// `npm run migrate-to-postgres`: moves one school's installation from its SQLite file to a PostgreSQL database
// (issue 21, ADR 054). The target is migrated with the app's own migrator (ADR 040); every table is copied in the
// order its foreign keys need, in batches, inside ONE transaction that also runs the verification — row counts of
// every table, the SHA-256 of every stored document and template, and the registration log's hash chain up to the
// source's newest row — so a copy that fails or does not verify leaves the target as it was. The files under
// DATA_DIR are copied (and re-hashed) or, when DATA_DIR is shared, checked in place. After the commit the product's
// own log check (checkRegistrationLog) reads the chain back through the Prisma client on PostgreSQL.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type pg from 'pg'
import { connectDb } from '#app/utils/db.server'
import { migratePostgres } from '#app/utils/pg-migrate.server'
import { checkRegistrationLog } from '#app/models/registration-log-check.server'
import { DB_FILE_RE, walk } from './backup.server'
import { databaseInUse } from './restore.server'
import {
  LEDGERS,
  MoveError,
  pgClient,
  q,
  sha256,
  sourceSchools,
  sourceTables,
  REBUILT,
  sqlitePathOf,
  verifyMove,
  type MoveReport,
} from './to-postgres-check.server'

export { MoveError, verifyExistingMove, type MoveReport } from './to-postgres-check.server'

/** Filled by the Application triggers as rows arrive; emptied for the moved schools and copied verbatim afterwards. */
const DERIVED = ['ApplicationTally', 'ApplicationStamp']
/**
 * Rows of the whole installation, not of one school: with --append, a row whose key the target already has keeps the
 * target's value (the city's calendar years, its leases and throttles, its own installation settings) and is
 * reported as kept; every other conflict stops the whole copy.
 */
function installationRow(table: string, row: Record<string, unknown>): boolean {
  return ['CalendarYear', 'TaskLease', 'ThrottleCounter'].includes(table) || (table === 'Setting' && row.schoolId === '')
}

type MoveOptions = {
  /** The SQLite file (a path, or a file: URL). */
  from: string
  /** postgresql://… */
  to: string
  /** The school's DATA_DIR. */
  dataDir: string
  /** Copy the files to this folder; or null with sharedDataDir when every instance reaches dataDir itself. */
  dataTo?: string | null
  sharedDataDir?: boolean
  /** Allow a target that already holds rows (another school of the city): every row is added, a conflict stops all. */
  append?: boolean
  batchSize?: number
  log?: (line: string) => void
}

type Column = { name: string; type: string }

async function targetShape(client: pg.Client): Promise<Map<string, Column[]>> {
  const { rows } = await client.query<{ table_name: string; column_name: string; data_type: string }>(
    'SELECT table_name, column_name, data_type FROM information_schema.columns WHERE ' +
      'table_schema = current_schema() ORDER BY table_name, ordinal_position',
  )
  const shape = new Map<string, Column[]>()
  for (const r of rows) {
    if (LEDGERS.has(r.table_name)) continue
    if (!shape.has(r.table_name)) shape.set(r.table_name, [])
    shape.get(r.table_name)!.push({ name: r.column_name, type: r.data_type })
  }
  return shape
}

/** Tables ordered so that every table comes after the tables its foreign keys point to. */
async function dependencyOrder(client: pg.Client, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = current_schema()`,
  )
  const parents = new Map(tables.map((t) => [t, new Set<string>()]))
  for (const r of rows) if (r.child !== r.parent) parents.get(r.child)?.add(r.parent)
  const order: string[] = []
  const placed = new Set<string>()
  while (order.length < tables.length) {
    const next = tables.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p)))
    if (!next.length) throw new MoveError(`Внешние ключи образуют цикл: ${tables.filter((t) => !placed.has(t)).join(', ')}`)
    for (const t of next.sort()) {
      order.push(t)
      placed.add(t)
    }
  }
  return order
}

/** A SQLite value as the PostgreSQL column takes it: Prisma keeps DateTime as ISO text, Boolean as 0/1. */
function convert(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null
  if (type.startsWith('timestamp')) return new Date(typeof value === 'number' ? value : String(value)).toISOString()
  if (type === 'boolean') return value === 1 || value === true || value === '1' || value === 'true'
  return value
}

/** The school's files under DATA_DIR, relative paths: everything but database files and the backups folder. */
function dataFiles(dataDir: string): string[] {
  const root = path.resolve(dataDir)
  const backups = path.join(root, 'backups')
  return [...walk(root, (full) => full === backups || DB_FILE_RE.test(full))].map((f) => path.relative(root, f))
}

/** Copies the files of DATA_DIR to dataTo, each re-read and compared by SHA-256; returns how many and the problems. */
function copyFiles(from: string, to: string): { copied: number; problems: string[] } {
  const problems: string[] = []
  const files = dataFiles(from)
  for (const rel of files) {
    const source = path.join(from, rel)
    const target = path.join(to, rel)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.copyFileSync(source, target)
    if (sha256(fs.readFileSync(source)) !== sha256(fs.readFileSync(target))) problems.push(`Файл ${rel}: копия отличается от исходного.`)
  }
  return { copied: files.length, problems }
}

export async function moveToPostgres(opts: MoveOptions): Promise<MoveReport> {
  const log = opts.log ?? (() => {})
  const file = sqlitePathOf(opts.from)
  if (!/^postgres(ql)?:\/\//i.test(opts.to)) throw new MoveError(`--to: ожидается адрес postgresql://…, получено «${opts.to}».`)
  if (!fs.existsSync(file)) throw new MoveError(`Файл базы данных SQLite не найден: ${file}`)
  const dataDir = path.resolve(opts.dataDir)
  if (!opts.sharedDataDir && !opts.dataTo)
    throw new MoveError(
      'Укажите, где будут файлы школы: --data-to <папка> (скопировать их туда) или ' +
        '--shared-data-dir (папка DATA_DIR уже общая для всех экземпляров).',
    )
  const targetDataDir = opts.sharedDataDir ? dataDir : path.resolve(opts.dataTo!)

  // A running server would go on writing after the copy: the school's server is stopped for the move.
  if (databaseInUse(file)) throw new MoveError(`База ${file} открыта запущенным сервером школы. Остановите его и повторите перенос.`)
  const src = new Database(file, { readonly: true, fileMustExist: true })
  try {
    // The source must be at the code's schema: its tables and columns are what the target gets.
    const shipped = fs
      .readdirSync(path.resolve(__dirname, '..', '..', 'prisma', 'migrations'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
    const applied = new Set(
      (
        src.prepare('SELECT "migration_name" AS n FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL').all() as Array<{ n: string }>
      ).map((r) => r.n),
    )
    const missing = shipped.filter((m) => !applied.has(m))
    if (missing.length)
      throw new MoveError(
        `База SQLite не обновлена (не применено миграций: ${missing.length}, первая — ` +
          `${missing[0]}). Сначала: DATABASE_URL=file:${file} npm run db:migrate`,
      )

    log('Схема базы PostgreSQL: применяю миграции приложения…')
    const applied2 = await migratePostgres(opts.to)
    log(applied2.length ? `Применено миграций: ${applied2.length}.` : 'Схема уже в актуальном состоянии.')

    const client = pgClient(opts.to)
    await client.connect()
    let report!: MoveReport
    let fileProblems: string[] = []
    let copiedFiles = 0
    try {
      const shape = await targetShape(client)
      const tables = sourceTables(src)
      const strange = tables.filter((t) => !shape.has(t))
      if (strange.length)
        throw new MoveError(`В базе PostgreSQL нет таблиц ${strange.join(', ')}: версии программы у источника и у цели различаются.`)
      const order = await dependencyOrder(client, tables)

      const before = new Map<string, number>()
      for (const t of order) before.set(t, Number((await client.query(`SELECT COUNT(*) AS n FROM ${q(t)}`)).rows[0].n))
      const filled = order.filter((t) => before.get(t)! > 0)
      if (filled.length && !opts.append) {
        throw new MoveError(
          `База PostgreSQL не пуста (есть строки в таблицах: ${filled.join(', ')}). Перенос в пустую базу — по ` +
            'умолчанию; чтобы добавить школу в базу, где уже есть другие школы, укажите --append.',
        )
      }

      if (opts.sharedDataDir)
        log(`Файлы школы остаются в общей папке DATA_DIR (${dataDir}): все экземпляры читают её; проверяю каждый файл на месте.`)
      else {
        log(`Копирую файлы из ${dataDir} в ${targetDataDir}…`)
        const c = copyFiles(dataDir, targetDataDir)
        copiedFiles = c.copied
        fileProblems = c.problems
        log(`Скопировано файлов: ${c.copied}.`)
      }

      await client.query('BEGIN')
      try {
        const schools = sourceSchools(src).map((s) => s.id)
        const kept: Record<string, number> = {}
        for (const table of order) {
          const columns = shape.get(table)!
          const srcColumns = new Set((src.prepare(`PRAGMA table_info(${q(table)})`).all() as Array<{ name: string }>).map((c) => c.name))
          const absent = columns.filter((c) => !srcColumns.has(c.name))
          if (absent.length) throw new MoveError(`Таблица ${table}: в SQLite нет столбцов ${absent.map((c) => c.name).join(', ')}.`)
          if (DERIVED.includes(table)) continue
          const per = Math.max(1, Math.min(opts.batchSize ?? 500, Math.floor(60_000 / columns.length)))
          const select = src.prepare(`SELECT ${columns.map((c) => q(c.name)).join(', ')} FROM ${q(table)} ORDER BY rowid`)
          let batch: unknown[][] = []
          let keepBatch: unknown[][] = []
          let copied = 0
          const insert = async (rows: unknown[][], keepTarget: boolean) => {
            if (!rows.length) return 0
            const params: unknown[] = []
            const values = rows.map((row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`)
            const r = await client.query(
              `INSERT INTO ${q(table)} (${columns.map((c) => q(c.name)).join(', ')}) VALUES ` +
                `${values.join(', ')}${keepTarget ? ' ON CONFLICT DO NOTHING' : ''}`,
              params,
            )
            return r.rowCount ?? 0
          }
          const flush = async () => {
            copied += await insert(batch, false)
            const added = await insert(keepBatch, true)
            copied += added
            if (keepBatch.length - added) kept[table] = (kept[table] ?? 0) + keepBatch.length - added
            batch = []
            keepBatch = []
          }
          for (const row of select.iterate() as Iterable<Record<string, unknown>>) {
            const values = columns.map((c) => convert(row[c.name], c.type))
            if (opts.append && installationRow(table, row)) keepBatch.push(values)
            else batch.push(values)
            if (batch.length + keepBatch.length >= per) await flush()
          }
          await flush()
          if (kept[table]) log(`  ${table}: строк базы оставлено как было: ${kept[table]}`)
          if (copied) log(`  ${table}: ${copied}`)
        }
        for (const table of REBUILT) await client.query(`DELETE FROM ${q(table)} WHERE "schoolId" = ANY($1)`, [schools])
        // The Application triggers rebuilt the tally and the stamps while the applications arrived; the source's own rows replace them.
        for (const table of DERIVED) {
          await client.query(`DELETE FROM ${q(table)} WHERE "schoolId" = ANY($1)`, [schools])
          const shapeOf = shape.get(table)!
          for (const row of src.prepare(`SELECT * FROM ${q(table)}`).all() as Array<Record<string, unknown>>) {
            await client.query(
              `INSERT INTO ${q(table)} (${shapeOf.map((c) => q(c.name)).join(', ')}) ` +
                `VALUES (${shapeOf.map((_, i) => `$${i + 1}`).join(', ')})`,
              shapeOf.map((c) => convert(row[c.name], c.type)),
            )
          }
        }

        log('Проверяю перенос: число строк каждой таблицы, контрольные суммы документов, цепочку журнала регистрации, файлы…')
        report = await verifyMove({
          src,
          query: async (sql, params) => (await client.query(sql, params)).rows,
          before,
          kept,
          sourceDataDir: dataDir,
          targetDataDir,
        })
        report.problems.unshift(...fileProblems)
        report.ok = report.problems.length === 0
        report.files = Math.max(report.files, copiedFiles)
        if (!report.ok) {
          await client.query('ROLLBACK')
          return report
        }
        await client.query('COMMIT')
        report.committed = true
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        if (error instanceof MoveError) throw error
        throw new MoveError(
          `Копирование прервано, база PostgreSQL оставлена как была: ${error instanceof Error ? error.message : String(error)}`,
        )
      }
    } finally {
      await client.end()
    }

    // After the commit: the product's own check of every log, through the Prisma client on PostgreSQL.
    const app = connectDb(opts.to)
    try {
      for (const school of sourceSchools(src)) {
        const { check } = await checkRegistrationLog(school.id, app)
        if (!check.ok) report.problems.push(`${school.shortName}: ${check.messageRu}`)
      }
    } finally {
      await app.$disconnect()
    }
    report.ok = report.problems.length === 0
    return report
  } finally {
    src.close()
  }
}
