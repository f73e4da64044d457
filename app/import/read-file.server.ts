// Bytes of an uploaded file → a header and rows of text cells with their line numbers.
// CSV: UTF-8 when the bytes are valid UTF-8, else CP1251 (Excel «CSV (разделители — запятые)» on Russian Windows),
// KOI8-R or CP866, whichever reads as Russian (app/utils/russian-charset.ts);
// `;` or `,` separators; a BOM is dropped. XLSX: the first worksheet, through exceljs.
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import Papa from 'papaparse'
import { cleanMultiline, describeControlChars, hasControlChars } from '#app/utils/text'
import { guessRussianCharset } from '#app/utils/russian-charset'
import { looksLikeFormula } from './cells'
import { MAX_FILE_BYTES, MAX_ROWS } from './limits'
import type { Issue } from './types'
import { zipBombProblem } from '#app/utils/zip-limits.server'

/**
 * A cell under the first row of a range merged down one column («5А» merged over the class's rows, a lesson's date
 * over its pupils): the merge's text, and the row it starts at. It is the row's value once the header is known
 * (run.server.ts): a merge inside a two-row header is a title, not data.
 */
type MergedDown = { col: number; from: number; text: string }

export type TableRow = { line: number; cells: string[]; mergedDown?: MergedDown[] }

/** A cell that cannot be read as it is; `col` is its index in the row (the header it falls under is known later). */
type CellError = { line: number; col: number; message: string }

export type Table = {
  format: string
  header: string[]
  headerLine: number
  rows: TableRow[]
  warnings: Issue[]
  /**
   * Cells that cannot be read as they are (a formula without its saved value, an Excel error «#Н/Д»): the file is
   * not written when such a cell is in a column the kind reads.
   */
  errors: CellError[]
}

type ReadResult = { ok: true; table: Table } | { ok: false; error: string }

const fail = (error: string): ReadResult => ({ ok: false, error })

const MB = (MAX_FILE_BYTES / 1024 / 1024).toFixed(0)
const ROWS = MAX_ROWS.toLocaleString('ru-RU')

export async function readTable(bytes: Uint8Array, fileName: string): Promise<ReadResult> {
  if (bytes.length === 0) return fail('Файл пуст.')
  if (bytes.length > MAX_FILE_BYTES) return fail(`Файл больше ${MB} МБ: разделите его на несколько файлов.`)
  const lower = fileName.toLowerCase()
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b
  if (lower.endsWith('.xls') || (bytes[0] === 0xd0 && bytes[1] === 0xcf)) {
    return fail('Формат XLS (Excel 97–2003) не поддерживается: сохраните файл как XLSX или CSV.')
  }
  // LibreOffice Calc and «МойОфис» (the schools' office suites on Russian Linux) save ODS, a zip too: said plainly,
  // not «damaged». An OpenDocument file names its type first, uncompressed (ODF 1.2, part 3, 3.3).
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1')
  if (lower.endsWith('.ods') || (zip && head.includes('application/vnd.oasis.opendocument.spreadsheet'))) {
    return fail('Формат ODS (LibreOffice Calc, МойОфис) не поддерживается: сохраните файл как XLSX (тип «Excel 2007–365») или CSV.')
  }
  if (zip || lower.endsWith('.xlsx')) return readXlsx(bytes)
  return readCsv(bytes)
}

/** Excel's «Текст Юникод» and Notepad's «Юникод» save UTF-16 with a byte order mark. */
function utf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  return null
}

function decode(bytes: Uint8Array): { text: string; encoding: string } {
  const wide = utf16(bytes)
  if (wide) return { text: new TextDecoder(wide).decode(bytes.subarray(2)), encoding: 'UTF-16' }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'UTF-8' }
  } catch {
    // Not UTF-8: windows-1251 (Excel on Russian Windows), KOI8-R (an old Linux or 1C export) or cp866 (a DOS-era
    // program), as the letters read best — the mail's reading of unlabelled Russian text too.
    const charset = guessRussianCharset(body)
    return { text: iconv.decode(Buffer.from(body), charset), encoding: CHARSET_NAMES[charset] }
  }
}

const CHARSET_NAMES = { 'windows-1251': 'CP1251', 'koi8-r': 'KOI8-R', ibm866: 'CP866' } as const

type Separator = ';' | ',' | '\t'
const SEPARATORS: Separator[] = [';', ',', '\t']

/** The separator of the first non-empty line, counting only outside quotes. */
function firstLineSeparator(text: string): Separator {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? ''
  const count = { ';': 0, ',': 0, '\t': 0 }
  let quoted = false
  for (const ch of first) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && ch in count) count[ch as keyof typeof count]++
  }
  if (count['\t'] > count[';'] && count['\t'] > count[',']) return '\t'
  return count[','] > count[';'] ? ',' : ';'
}

/**
 * The one separator that splits the first lines into the same number of cells (more than one): a «;» file whose
 * header title holds commas («Фамилия, имя, отчество (при наличии)» — Excel quotes a cell only for «;») is read by
 * «;». When none or several do, the first line decides.
 */
function guessSeparator(text: string): Separator {
  const consistent = SEPARATORS.filter((delimiter) => {
    const widths = Papa.parse<string[]>(text, { delimiter, preview: 20 })
      .data.filter((row) => row.some((cell) => cell.trim() !== ''))
      .map((row) => row.length)
    return widths.length > 1 && widths[0] > 1 && widths.every((w) => w === widths[0])
  })
  return consistent.length === 1 ? consistent[0] : firstLineSeparator(text)
}

function readCsv(bytes: Uint8Array): ReadResult {
  if (!utf16(bytes) && bytes.subarray(0, 8192).includes(0))
    return fail('Файл не похож на CSV (в нём двоичные данные). Загрузите CSV или XLSX.')
  const decoded = decode(bytes)
  const typed = decoded.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  // Excel's «sep=;» first line names the separator; it is not a row of the table (the line numbers stay the file's).
  const hint = /^sep=([;,\t])\n/i.exec(typed)
  const text = hint ? `\n${typed.slice(hint[0].length)}` : typed
  if (text.trim() === '') return fail('Файл пуст.')
  const separator = hint ? (hint[1] as Separator) : guessSeparator(text)
  const rows: Table['rows'] = []
  let previous = 0
  let line = 1
  let error = null as string | null
  Papa.parse<string[]>(text, {
    delimiter: separator,
    step: (result, parser) => {
      // Physical line of the record's start: quoted cells may span several lines.
      const start = line
      const cursor = result.meta.cursor
      for (let i = previous; i < cursor; i++) if (text.charCodeAt(i) === 10) line++
      previous = cursor
      const quote = result.errors.find((e) => e.type === 'Quotes')
      if (quote) {
        error = `Файл повреждён: в строке ${start} не закрыта кавычка.`
        parser.abort()
        return
      }
      const cells = result.data.map((c) => c.trim())
      if (cells.every((c) => c === '')) return
      if (rows.length >= MAX_ROWS + 1) {
        error = `В файле больше ${ROWS} строк: разделите его на несколько файлов.`
        parser.abort()
        return
      }
      rows.push({ line: start, cells })
    },
  })
  if (error) return fail(error)
  const sepName = separator === '\t' ? 'табуляция' : `«${separator}»`
  return toTable(rows, `CSV, ${decoded.encoding}, разделитель ${sepName}`)
}

function toTable(rows: Table['rows'], format: string, errors: CellError[] = [], notes: Issue[] = []): ReadResult {
  if (rows.length === 0) return fail('Файл пуст.')
  const warnings: Issue[] = [...notes]
  for (const row of rows) cleanRow(row, warnings)
  const [head, ...data] = rows
  if (data.length === 0) return fail('В файле только заголовок, строк с данными нет.')
  if (data.length > MAX_ROWS) return fail(`В файле больше ${ROWS} строк: разделите его на несколько файлов.`)
  for (const row of rows) {
    // An error Excel shows in a cell («#Н/Д» of a ВПР that found nothing) is not a value: in XLSX as an error cell, in
    // CSV as the text Excel saved. The row's other cells are read; the file is refused when the kind reads that column.
    row.cells.forEach((cell, i) => {
      const shown = excelErrorShown(cell)
      if (shown) {
        errors.push({ line: row.line, col: i, message: `В ячейке ошибка Excel «${shown}»: ${EXCEL_ERROR_FIX}` })
        row.cells[i] = ''
      }
    })
    for (const merged of row.mergedDown ?? []) if (excelErrorShown(merged.text)) merged.text = ''
  }
  for (const row of data) {
    row.cells.forEach((cell, i) => {
      if (looksLikeFormula(cell)) {
        warnings.push({
          line: row.line,
          column: head.cells[i],
          message: `Значение «${cell.slice(0, 40)}» похоже на формулу: сохранено как текст, при выгрузке будет экранировано апострофом.`,
        })
      }
    })
  }
  return { ok: true, table: { format, header: head.cells, headerLine: head.line, rows: data, warnings, errors } }
}

/**
 * ADR 027: text pasted from Word carries U+000B (a manual line break) and other control characters that no
 * stored text may hold. They are normalised here, for every kind — U+000B and U+000C become a line break, the rest
 * is removed — with one warning per row naming what was found (the row's other cells are read as they are).
 */
function cleanRow(row: Table['rows'][number], warnings: Issue[]): void {
  let found = ''
  row.cells = row.cells.map((cell) => {
    if (!hasControlChars(cell)) return cell
    found += describeControlChars(cell) + ', '
    return cleanMultiline(cell).trim()
  })
  if (!found) return
  const codes = [...new Set(found.split(', ').filter(Boolean))]
  const breaks: string[] = codes.filter((c) => c === 'U+000B' || c === 'U+000C')
  const removed = codes.filter((c) => !breaks.includes(c))
  const done = [
    ...(breaks.length ? [`разрыв строки Word (${breaks.join(', ')}) заменён переводом строки`] : []),
    ...(removed.length ? [`${removed.join(', ')} удалён${removed.length > 1 ? 'ы' : ''}`] : []),
  ]
  warnings.push({ line: row.line, message: `В строке невидимые управляющие символы: ${done.join(', ')}.` })
}

/** Excel's error values (ECMA-376, 18.17.3), stored in English, and as Russian Excel shows them in the cell. */
const EXCEL_ERRORS: Record<string, string> = {
  '#N/A': '#Н/Д',
  '#VALUE!': '#ЗНАЧ!',
  '#REF!': '#ССЫЛКА!',
  '#DIV/0!': '#ДЕЛ/0!',
  '#NAME?': '#ИМЯ?',
  '#NUM!': '#ЧИСЛО!',
  '#NULL!': '#ПУСТО!',
  '#SPILL!': '#ПЕРЕНОС!',
  '#CALC!': '#ВЫЧИСЛ!',
  '#GETTING_DATA': '#GETTING_DATA',
}
const SHOWN_ERRORS = new Map(
  Object.entries(EXCEL_ERRORS).flatMap(([english, russian]) => [
    [english, russian],
    [russian, russian],
  ]),
)

/** «#Н/Д» for a cell that holds (or a CSV saved from Excel writes) an error value «#N/A» or «#Н/Д»; else null. */
function excelErrorShown(text: string): string | null {
  return SHOWN_ERRORS.get(text.trim().toUpperCase()) ?? null
}

const EXCEL_ERROR_FIX = 'исправьте формулу или данные, из которых она считает, или очистите ячейку — и загрузите файл снова.'

/** A cell's text, or a Russian problem with it. */
type CellRead = { text: string; problem?: string }

function cellText(value: ExcelJS.CellValue): CellRead {
  if (value === null || value === undefined) return { text: '' }
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10) }
  if (typeof value === 'number' || typeof value === 'boolean') return { text: String(value) }
  if (typeof value === 'string') return { text: value }
  if ('formula' in value || 'sharedFormula' in value) {
    // A formula is never evaluated here; Excel saved its value with it (the cached result), and that is the data
    // the school sees in the cell. Without a saved value (a file made by a program, never opened in Excel) the
    // cell cannot be read as it looks: the file is refused with the formula named.
    const f = 'formula' in value ? value.formula : value.sharedFormula
    const result = (value as { result?: unknown }).result
    if (result === undefined || result === null)
      return {
        text: '',
        problem:
          `В ячейке формула «=${String(f).slice(0, 60)}» без сохранённого значения: откройте файл в ` +
          'Excel, сохраните его и загрузите снова (или вставьте значения вместо формул).',
      }
    if (typeof result === 'object' && !(result instanceof Date) && 'error' in result) {
      const shown = excelErrorShown(String(result.error)) ?? String(result.error)
      return { text: '', problem: `Формула «=${String(f).slice(0, 60)}» даёт ошибку «${shown}»: ${EXCEL_ERROR_FIX}` }
    }
    return cellText(result as ExcelJS.CellValue)
  }
  if ('richText' in value) return { text: value.richText.map((r) => r.text).join('') }
  // A hyperlink's text is a string, or rich text when part of it is formatted: read as the cell it would be.
  if ('text' in value) return typeof value.text === 'string' ? { text: value.text } : cellText(value.text as ExcelJS.CellValue)
  if ('error' in value) return { text: String(value.error) }
  return { text: '' }
}

/** «2 листа», «5 листов», «21 лист». */
function sheetsWord(n: number): string {
  const d = n % 10
  const dd = n % 100
  if (d === 1 && dd !== 11) return 'лист'
  if (d >= 2 && d <= 4 && (dd < 12 || dd > 14)) return 'листа'
  return 'листов'
}

/** «Строки 5, 8 скрыты … и не загружены: 5 — «Петров Пётр», …». */
function hiddenRowsNote(hidden: Array<{ line: number; text: string }>, filtered: boolean): string {
  const one = hidden.length === 1
  const named = hidden
    .slice(0, 10)
    .map((h) => `${h.line} — «${h.text.slice(0, 60)}»`)
    .join(', ')
  return (
    `${one ? 'Строка' : 'Строки'} ${named}${hidden.length > 10 ? `, … (всего ${hidden.length})` : ''} ` +
    `${one ? 'скрыта' : 'скрыты'} в Excel${filtered ? ' (на листе фильтр)' : ''} и не ${one ? 'загружена' : 'загружены'}. ` +
    `Если ${one ? 'она нужна' : 'они нужны'}, ${filtered ? 'снимите фильтр, ' : ''}покажите скрытые строки и загрузите файл снова.`
  )
}

/** «Столбец D «СНИЛС» скрыт … и не загружен», «Столбцы C «Класс (старый)», F скрыты …». */
function hiddenColumnsNote(hidden: Array<{ letter: string; title: string }>): string {
  const one = hidden.length === 1
  const named = hidden.map((h) => (h.title ? `${h.letter} «${h.title.slice(0, 60)}»` : h.letter)).join(', ')
  return (
    `${one ? 'Столбец' : 'Столбцы'} ${named} ${one ? 'скрыт' : 'скрыты'} в Excel и не ${one ? 'загружен' : 'загружены'}. ` +
    `Если ${one ? 'он нужен' : 'они нужны'}, покажите скрытые столбцы и загрузите файл снова.`
  )
}

async function readXlsx(bytes: Uint8Array): Promise<ReadResult> {
  const bomb = zipBombProblem(bytes)
  if (bomb) return fail(bomb)
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  } catch {
    return fail('Не удалось прочитать файл XLSX: он повреждён или это не книга Excel.')
  }
  // The first visible sheet with anything on it: a book whose first sheet was left empty (the data on «Лист2») is
  // read; a hidden sheet (a template's lists for drop-downs) is not the data.
  const filled = workbook.worksheets.filter((ws) => ws.actualRowCount > 0)
  const visible = filled.filter((ws) => ws.state !== 'hidden' && ws.state !== 'veryHidden')
  const sheet = visible[0] ?? filled[0] ?? workbook.worksheets[0]
  if (!sheet) return fail('В книге XLSX нет листов.')
  const first = workbook.worksheets[0]
  const notes: Issue[] =
    sheet === first
      ? []
      : [{ line: null, message: `Первый лист книги ${filled.includes(first) ? 'скрыт' : 'пуст'}: прочитан лист «${sheet.name}».` }]
  // A book of one sheet per class («5А», «5Б», …): only one sheet is read, and the others are named, never dropped
  // in silence.
  const others = visible.filter((ws) => ws !== sheet)
  if (others.length)
    notes.push({
      line: null,
      message:
        `В книге ${others.length === 1 ? 'ещё один лист' : `ещё ${others.length} ${sheetsWord(others.length)}`} с данными ` +
        `(${others
          .slice(0, 10)
          .map((ws) => `«${ws.name}»`)
          .join(', ')}${others.length > 10 ? ', …' : ''}): прочитан только лист «${sheet.name}». ` +
        'Загрузите остальные листы отдельными файлами или соберите строки на один лист.',
    })
  if (sheet.actualRowCount > MAX_ROWS + 1) return fail(`В файле больше ${ROWS} строк: разделите его на несколько файлов.`)
  const rows: Table['rows'] = []
  const problems: CellError[] = []
  const hidden: Array<{ line: number; text: string }> = []
  // A column hidden in Excel (an old class column beside the new one, a column of notes) is not what the school sees
  // in the list, as a hidden row is not: its cells are read as empty, and the note names it when it holds data.
  const hiddenColumns = new Map<number, { title: string | null; filled: boolean }>()
  for (let i = 1; i <= sheet.columnCount; i++) if (sheet.getColumn(i).hidden) hiddenColumns.set(i, { title: null, filled: false })
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = []
    const mergedDown: MergedDown[] = []
    const rowProblems: typeof problems = []
    const hiddenCells: Array<[number, string]> = []
    for (let i = 1; i <= row.cellCount; i++) {
      const cell = row.getCell(i)
      if (hiddenColumns.has(i)) {
        hiddenCells.push([i, cellText(cell.value).text.trim()])
        cells.push('')
        continue
      }
      // A merged range holds its value once, in its first cell; exceljs repeats it in the others. Across columns the
      // value is the first column's («ФИО» over three); down a column it is every row's (mergedDown).
      if (cell.isMerged && cell.master !== cell) {
        const master = cell.master
        // A merge whose first row is hidden shows nothing in Excel (its value is in that row): its rows read empty.
        if (Number(master.col) === i && Number(master.row) !== row.number && !sheet.getRow(Number(master.row)).hidden) {
          const text = cellText(master.value).text.trim()
          if (text) mergedDown.push({ col: i - 1, from: Number(master.row), text })
        }
        cells.push('')
        continue
      }
      const read = cellText(cell.value)
      if (read.problem) rowProblems.push({ line: row.number, col: i - 1, message: read.problem })
      cells.push(read.text.trim())
    }
    if (!cells.some((c) => c !== '')) return
    if (!row.hidden)
      for (const [i, text] of hiddenCells) {
        const column = hiddenColumns.get(i)!
        if (column.title === null)
          column.title = text // the first visible row is the header
        else if (text) column.filled = true
      }
    // A row hidden in Excel (by «Скрыть», a filter or a collapsed group — a secretary hides the pupils who left) is
    // not what the school sees in the list: it is not read, and the note names it.
    // A cell's problem in such a row (a «#ССЫЛКА!» of a pupil who left) is not the school's concern either.
    if (row.hidden) hidden.push({ line: row.number, text: cells.filter(Boolean).slice(0, 3).join(' ') })
    else {
      rows.push({ line: row.number, cells, ...(mergedDown.length ? { mergedDown } : {}) })
      problems.push(...rowProblems)
    }
  })
  if (hidden.length) notes.push({ line: null, message: hiddenRowsNote(hidden, Boolean(sheet.autoFilter)) })
  const hiddenFilled = [...hiddenColumns].filter(([, c]) => c.filled || c.title)
  if (hiddenFilled.length)
    notes.push({
      line: null,
      message: hiddenColumnsNote(hiddenFilled.map(([i, c]) => ({ letter: sheet.getColumn(i).letter, title: c.title ?? '' }))),
    })
  return toTable(rows, 'XLSX', problems, notes)
}
