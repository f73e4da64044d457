// The two steps of an import: a dry run that reports every bad row and writes nothing, and an apply that
// re-checks the file inside ONE transaction and writes all of it or none of it.
import { db } from '#app/utils/db.server'
import { localDateOf } from '#workflows/time'
import type { ProductionCalendar } from '#workflows/calendar'
import { getCalendar } from '#app/models/calendar.server'
import { KIND_DEFS } from './kinds/index'
import { readTable, type Table, type TableRow } from './read-file.server'
import { norm } from './fields'
import { correctLookalikes, isRowNumber, mapColumns, toSourceRows } from './rows'
import { IMPORT_KIND_LABELS, type Client, type Column, type ImportKind, type ImportReport, type Issue, type SourceRow } from './types'

export type ImportInput = {
  schoolId: string
  kind: ImportKind
  fileName: string
  bytes: Uint8Array
  /** The school day of the import (movement dates default to it); defaults to today in the school's time zone. */
  today?: string
  userId?: string | null
  /** The importer's address, for the audit rows of what the import asks (ADR 093). */
  ip?: string
}

type Prepared = { report: ImportReport; rows: SourceRow[] | null }

async function prepare(input: ImportInput): Promise<Prepared> {
  const report: ImportReport = {
    kind: input.kind,
    kindLabel: IMPORT_KIND_LABELS[input.kind],
    fileName: input.fileName,
    format: '',
    rows: 0,
    errors: [],
    warnings: [],
    counts: { created: 0, updated: 0, unchanged: 0 },
    ok: false,
    applied: false,
  }
  const at = (issues: Issue[]) => issues.map((i) => ({ ...i, file: input.fileName }))
  const read = await readTable(input.bytes, input.fileName)
  if (!read.ok) {
    report.errors = at([{ line: null, message: read.error }])
    return { report, rows: null }
  }
  const def = KIND_DEFS[input.kind]
  const { table, skipped } = findHeader(read.table, def.columns)
  report.format = table.format
  report.rows = table.rows.length
  const { index, missing, unknown: others, wholeName, numbering } = mapColumns(table.header, def.columns)
  // A «№ п/п» column is skipped silently when it holds row numbers; one holding anything else is named as any other.
  const unknown = [
    ...others,
    ...numbering.filter((i) => !table.rows.every((r) => isRowNumber(r.cells[i] ?? ''))).map((i) => table.header[i]),
  ]
  report.warnings = at([
    ...(skipped ? [skipped] : []),
    ...(wholeName === null
      ? []
      : [
          {
            line: table.headerLine,
            column: table.header[wholeName],
            message:
              `Столбец «${table.header[wholeName]}» разделён по пробелам: первое слово — фамилия, второе — имя, ` +
              'остальное — отчество. Двойную фамилию пишите через дефис; фамилию из двух слов через пробел — ' +
              'в отдельном столбце «Фамилия» (с «Имя» и «Отчество»).',
          },
        ]),
    ...unknown.map((title) => ({
      line: table.headerLine,
      column: title,
      message: `Столбец «${title}» не относится к виду «${report.kindLabel}» и пропущен.`,
    })),
    ...table.warnings,
  ])
  // Missing columns first: a file of another kind, or one whose header was not found, has no cells to speak of.
  if (missing.length) {
    report.errors = at([
      {
        line: table.headerLine,
        message:
          `Нет обязательных столбцов: ${missing.map((c) => `«${c.title}»`).join(', ')}. Проверьте, что ` +
          `выбран верный вид файла («${report.kindLabel}») и первая строка — заголовок.`,
      },
    ])
    return { report, rows: null }
  }
  // A cell that cannot be read matters in a column the kind reads; one in a skipped column (a ВПР's «#Н/Д» beside
  // the list) is named with that column above and does not hold the file.
  const readColumns = new Set([...index.values(), ...(wholeName === null ? [] : [wholeName])])
  const grouping = new Set(def.grouping.flatMap((key) => (index.has(key) ? [index.get(key)!] : [])))
  const merged = filledDown(table, grouping, readColumns)
  const cellErrors = table.errors
    .filter((e) => readColumns.has(e.col))
    .map((e) => ({ line: e.line, col: e.col, ...(table.header[e.col] ? { column: table.header[e.col] } : {}), message: e.message }))
  const refusals = [...cellErrors, ...merged.refused]
    .sort((a, b) => a.line - b.line || a.col - b.col)
    .map((e) => ({ line: e.line, ...(e.column ? { column: e.column } : {}), message: e.message }))
  if (refusals.length) {
    report.errors = at(refusals)
    return { report, rows: null }
  }
  const rows = toSourceRows(merged.rows, index, wholeName)
  report.warnings.push(...at(correctLookalikes(rows, def.columns)))
  return { report, rows }
}

/** How many rows above the header a title may take («Список обучающихся 5А класса на 01.09.2026», a blank line). */
const MAX_TITLE_ROWS = 5

/**
 * A row of column titles under the header: the second row of a two-row header, whose first row holds a title merged
 * over several columns («Обучающийся» over «Фамилия», «Имя», «Отчество») and titles merged down («Дата рождения»).
 */
function isSubHeader(cells: string[] | undefined, columns: Column[]): cells is string[] {
  if (!cells) return false
  const { index, unknown, wholeName } = mapColumns(cells, columns)
  return unknown.length === 0 && (index.size > 0 || wholeName !== null)
}

/** «1 | 2 | 3 | 4»: the numbers of the columns, in order from 1 (empty cells between them aside). */
function isColumnNumbering(cells: string[] | undefined): boolean {
  const filled = (cells ?? []).filter(Boolean)
  return filled.length >= 2 && filled.every((c, i) => c === String(i + 1))
}

/** The two rows of a two-row header as one: a title of the lower row, else the one above it (merged down). */
const joinHeader = (upper: string[], lower: string[]) =>
  Array.from({ length: Math.max(upper.length, lower.length) }, (_, i) => lower[i] || upper[i] || '')

/**
 * A title above the header (often merged across the columns) is skipped with one warning: the header is the first
 * of the first rows that names every required column of the kind — with the row under it when that row holds column
 * titles only (a two-row header). A file where none does is left as it is, so the missing columns are reported
 * against its first row.
 */
function findHeader(table: Table, columns: Column[]): { table: Table; skipped: Issue | null } {
  const all = [{ line: table.headerLine, cells: table.header }, ...table.rows]
  /** The header starting at row k: with the row under it, or alone; null when it lacks a required column. */
  const headerFrom = (k: number): { cells: string[]; height: number } | null => {
    const below = all[k + 1]?.cells
    // Joined only when the lower row needs the upper one: a full header under a title is a header of its own.
    if (isSubHeader(below, columns) && mapColumns(below, columns).missing.length > 0) {
      const joined = joinHeader(all[k].cells, below)
      if (mapColumns(joined, columns).missing.length === 0) return { cells: joined, height: 2 }
    }
    return mapColumns(all[k].cells, columns).missing.length === 0 ? { cells: all[k].cells, height: 1 } : null
  }
  const at = all.slice(0, MAX_TITLE_ROWS + 1).findIndex((_, k) => headerFrom(k) !== null)
  const found = at < 0 ? { cells: [], height: 1 } : headerFrom(at)!
  const header = found.cells
  // Official forms number their columns in a row under the header («1 | 2 | 3 | …»): that row is not a pupil.
  const numbered = at >= 0 && isColumnNumbering(all[at + found.height]?.cells)
  const height = found.height + (numbered ? 1 : 0)
  if (at < 0 || (at === 0 && height === 1))
    return { table: withoutRepeatedHeaders({ ...table, rows: dataMerges(table.rows, table.headerLine) }), skipped: null }
  const head = all[at]
  const title = () =>
    all
      .slice(0, at)
      .map((r) => r.cells.filter(Boolean).join(' '))
      .filter(Boolean)
      .join(' / ')
      .slice(0, 80)
  const skipped: Issue | null =
    at === 0
      ? null
      : {
          line: table.headerLine,
          message:
            `${at === 1 ? `Строка ${table.headerLine}` : `Строки ${table.headerLine}–${all[at - 1].line}`} над заголовком ` +
            `таблицы пропущен${at === 1 ? 'а' : 'ы'} («${title()}»): заголовок — строка ${head.line}.`,
        }
  const last = all[at + height - 1].line
  return {
    table: withoutRepeatedHeaders(
      {
        ...table,
        header,
        headerLine: head.line,
        rows: dataMerges(all.slice(at + height), last),
        // A note about the whole file (line null: other sheets of the book, a hidden first sheet) stays whatever the header.
        warnings: table.warnings.filter((w) => w.line === null || w.line >= head.line),
        errors: table.errors.filter((e) => e.line === null || e.line > last),
      },
      numbered,
    ),
    skipped,
  }
}

/** A merge that starts in the header (a title merged down over a two-row header) is not data: it is forgotten. */
function dataMerges(rows: TableRow[], headerEnd: number): TableRow[] {
  return rows.map((row) => {
    if (!row.mergedDown) return row
    const mergedDown = row.mergedDown.filter((m) => m.from > headerEnd)
    return mergedDown.length ? { ...row, mergedDown } : { line: row.line, cells: row.cells }
  })
}

/**
 * A cell merged down a grouping column the kind declares («5А» over the class's rows, a lesson's date over its pupils)
 * holds the merge's value, as Excel shows it in every row. One merged down another column the kind reads (a mark
 * «5» over two pupils, a pupil over two marks) is refused: the value is one cell's, whose rows nobody said.
 */
function filledDown(
  table: Table,
  grouping: Set<number>,
  read: Set<number>,
): { rows: TableRow[]; refused: Array<{ line: number; col: number; column: string; message: string }> } {
  // The merge's first cell as the reading cleaned it (control characters, an error cell).
  const byLine = new Map(table.rows.map((r) => [r.line, r.cells]))
  const ranges = new Map<string, { col: number; from: number; to: number }>()
  for (const row of table.rows)
    for (const m of row.mergedDown ?? []) {
      const key = `${m.col}:${m.from}`
      const range = ranges.get(key) ?? { col: m.col, from: m.from, to: m.from }
      ranges.set(key, { ...range, to: Math.max(range.to, row.line) })
    }
  const refused = [...ranges.values()]
    .filter((r) => read.has(r.col) && !grouping.has(r.col))
    .sort((a, b) => a.from - b.from || a.col - b.col)
    .map((r) => {
      const column = table.header[r.col] || `№ ${r.col + 1}`
      return {
        line: r.from,
        col: r.col,
        column,
        message:
          `Ячейка «${column}» объединена на строки ${r.from}–${r.to}: у каждой строки своё значение — ` +
          'разъедините ячейки и заполните каждую строку, затем загрузите файл снова.',
      }
    })
  const rows = table.rows.map((row) => {
    const fills = (row.mergedDown ?? []).filter((m) => grouping.has(m.col) && !row.cells[m.col])
    if (fills.length === 0) return row
    const cells = [...row.cells]
    for (const m of fills) cells[m.col] = byLine.get(m.from)?.[m.col] ?? m.text
    return { ...row, cells }
  })
  return { rows, refused }
}

const rowKey = (cells: string[]) =>
  cells
    .map((c) => norm(c))
    .join('\u0000')
    .replace(/\u0000+$/, '')

/**
 * A report made for printing (1С, an e-journal's «Печать») repeats the table's header — and the numbers of its
 * columns — at the top of every page: such a row is not data («Фамилия» is not a pupil) and is skipped, with one
 * warning naming the lines.
 */
function withoutRepeatedHeaders(table: Table, numbered = false): Table {
  const header = rowKey(table.header)
  const repeated = table.rows.filter((r) => rowKey(r.cells) === header || (numbered && isColumnNumbering(r.cells)))
  if (repeated.length === 0) return table
  const lines = repeated.map((r) => r.line)
  const named = lines.length > 10 ? `${lines.slice(0, 10).join(', ')}, … (всего ${lines.length})` : lines.join(', ')
  return {
    ...table,
    rows: table.rows.filter((r) => !repeated.includes(r)),
    warnings: [
      ...table.warnings,
      {
        line: lines[0],
        message:
          `${lines.length === 1 ? 'Строка' : 'Строки'} ${named} ${lines.length === 1 ? 'повторяет' : 'повторяют'} заголовок ` +
          `таблицы (отчёт для печати повторяет его на каждой странице) и ${lines.length === 1 ? 'пропущена' : 'пропущены'}.`,
      },
    ],
    errors: table.errors.filter((e) => e.line === null || !lines.includes(e.line)),
  }
}

async function schoolToday(client: Client, schoolId: string, today?: string): Promise<string> {
  if (today) return today
  const school = await client.school.findUniqueOrThrow({ where: { id: schoolId }, select: { timeZone: true } })
  return localDateOf(new Date(), school.timeZone)
}

async function planInto(report: ImportReport, input: ImportInput, rows: SourceRow[], client: Client, calendar: ProductionCalendar) {
  const plan = await KIND_DEFS[input.kind].plan(rows, {
    client,
    schoolId: input.schoolId,
    today: await schoolToday(client, input.schoolId, input.today),
    calendar,
    importerId: input.userId ?? null,
    ip: input.ip ?? '',
  })
  const sort = (a: Issue, b: Issue) => (a.line ?? 0) - (b.line ?? 0)
  report.errors.push(...plan.errors.sort(sort).map((i) => ({ ...i, file: input.fileName })))
  report.warnings.push(...plan.warnings.map((i) => ({ ...i, file: input.fileName })))
  report.warnings.sort(sort)
  report.counts = { created: plan.created, updated: plan.updated, unchanged: plan.unchanged }
  report.ok = report.errors.length === 0
  return plan
}

/** Checks a file against the journal and reports what it would change. Writes nothing. */
export async function dryRunImport(input: ImportInput): Promise<ImportReport> {
  const { report, rows } = await prepare(input)
  if (rows) await planInto(report, input, rows, db, await getCalendar())
  return report
}

class Rejected extends Error {}

/**
 * Writes the file in one transaction: the check is repeated inside it (the journal may have changed since the
 * dry run), and any bad row — or any failure while writing — leaves the journal exactly as it was.
 */
export async function applyImport(input: ImportInput, hooks: { beforeCommit?: (tx: Client) => Promise<void> } = {}): Promise<ImportReport> {
  const { report, rows } = await prepare(input)
  if (!rows) return report
  const calendar = await getCalendar()
  // What the write found that the check could not: set by the attempt that commits (a retried one starts again).
  let late: Issue[] = []
  try {
    await db.$transaction(
      async (tx) => {
        const plan = await planInto(report, input, rows, tx, calendar)
        if (!report.ok) throw new Rejected()
        late = (await plan.write(tx)) ?? []
        await tx.auditEvent.create({
          data: {
            schoolId: input.schoolId,
            userId: input.userId ?? null,
            action: 'import',
            entity: 'import',
            ip: input.ip ?? '',
            entityId: input.kind,
            data: JSON.stringify({ fileName: input.fileName, rows: report.rows, ...report.counts }),
          },
        })
        await hooks.beforeCommit?.(tx)
      },
      { timeout: 300_000, maxWait: 30_000 },
    )
  } catch (error) {
    if (error instanceof Rejected) return report
    throw error
  }
  report.applied = true
  if (late.length) {
    report.warnings.push(...late.map((i) => ({ ...i, file: input.fileName })))
    report.warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
  }
  return report
}
