// Bytes of an uploaded file → a header and rows of text cells with their line numbers.
// CSV: UTF-8 when the bytes are valid UTF-8, else CP1251 (Excel «CSV (разделители — запятые)» on Russian Windows);
// `;` or `,` separators; a BOM is dropped. XLSX: the first worksheet, through exceljs.
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import Papa from 'papaparse'
import { looksLikeFormula } from './cells'
import { MAX_FILE_BYTES, MAX_ROWS } from './limits'
import type { Issue } from './types'
import { zipBombProblem } from '#app/utils/zip-limits.server'

export type Table = {
  format: string
  header: string[]
  headerLine: number
  rows: Array<{ line: number; cells: string[] }>
  warnings: Issue[]
}

export type ReadResult = { ok: true; table: Table } | { ok: false; error: string }

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
  if (zip || lower.endsWith('.xlsx')) return readXlsx(bytes)
  return readCsv(bytes)
}

function decode(bytes: Uint8Array): { text: string; encoding: string } {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'UTF-8' }
  } catch {
    return { text: iconv.decode(Buffer.from(body), 'win1251'), encoding: 'CP1251' }
  }
}

/** The separator of the first non-empty line, counting only outside quotes. */
function guessSeparator(text: string): ';' | ',' | '\t' {
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

function readCsv(bytes: Uint8Array): ReadResult {
  if (bytes.subarray(0, 8192).includes(0)) return fail('Файл не похож на CSV (в нём двоичные данные). Загрузите CSV или XLSX.')
  const decoded = decode(bytes)
  const text = decoded.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  if (text.trim() === '') return fail('Файл пуст.')
  const separator = guessSeparator(text)
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

function toTable(rows: Table['rows'], format: string): ReadResult {
  if (rows.length === 0) return fail('Файл пуст.')
  const [head, ...data] = rows
  if (data.length === 0) return fail('В файле только заголовок, строк с данными нет.')
  if (data.length > MAX_ROWS) return fail(`В файле больше ${ROWS} строк: разделите его на несколько файлов.`)
  const warnings: Issue[] = []
  for (const row of data) {
    row.cells.forEach((cell, i) => {
      if (looksLikeFormula(cell)) {
        warnings.push({ line: row.line, column: head.cells[i], message: `Значение «${cell.slice(0, 40)}» похоже на формулу: сохранено как текст, при выгрузке будет экранировано апострофом.` })
      }
    })
  }
  return { ok: true, table: { format, header: head.cells, headerLine: head.line, rows: data, warnings } }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (typeof value === 'string') return value
  if ('formula' in value || 'sharedFormula' in value) {
    // A formula is never evaluated: its text is kept, so the row is reported and stored as text.
    const f = 'formula' in value ? value.formula : value.sharedFormula
    return `=${f}`
  }
  if ('richText' in value) return value.richText.map((r) => r.text).join('')
  if ('text' in value) return String(value.text)
  if ('error' in value) return String(value.error)
  return ''
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
  const sheet = workbook.worksheets[0]
  if (!sheet) return fail('В книге XLSX нет листов.')
  if (sheet.actualRowCount > MAX_ROWS + 1) return fail(`В файле больше ${ROWS} строк: разделите его на несколько файлов.`)
  const rows: Table['rows'] = []
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = []
    for (let i = 1; i <= row.cellCount; i++) cells.push(cellText(row.getCell(i).value).trim())
    if (cells.some((c) => c !== '')) rows.push({ line: row.number, cells })
  })
  return toTable(rows, 'XLSX')
}
