// From a table to rows keyed by column, and a reader that checks one row's fields, collecting Russian messages.
import { norm, parseYesNo, splitFullName } from './fields'
import { bornDays, readTypedDay, russianDay, type TwoDigitYears } from '#workflows/typed-day'
import { localDateOf } from '#workflows/time'
import type { Column, Issue, SourceRow } from './types'
import {
  NAME_MAX,
  NAME_PATTERN,
  cleanLine,
  cleanName,
  cyrillicLookalikes,
  describeLookalikes,
  mixedScriptsMessage,
  mixesScripts,
} from '#workflows/text'

/**
 * A remark in brackets after a column's title, as school templates write them: the date's format («(ДД.ММ.ГГГГ)»,
 * «(дд/мм/гггг)», «(dd.mm.yyyy)»), «(при наличии)», «(если есть)», «(обязательно)», «(необязательно)», «(полностью)»,
 * «(в формате …)», «(например, …)». Any other bracket («Класс (старый)», «Класс (новый)») names another column and stays.
 */
const TITLE_REMARK = new RegExp(
  String.raw`\s*\((?:[дмгчdmy]+(?:\s*[./-]\s*[дмгчdmy]+)+|при наличии|если (?:есть|имеется)|(?:не)?обязательн[а-я]*(?: поле)?|` +
    String.raw`полностью|(?:в формате|формат|например)[^()]*)\)\s*$`,
  'u',
)

const headerKey = (title: string) =>
  norm(title)
    .replace(/[*:.]+$/g, '')
    .replace(/\s*\*\s*$/, '')
    .replace(TITLE_REMARK, '')
    .replace(/[*:.]+$/g, '')
    .trim()

/**
 * The titles of a person's column with the person named after it, as lists title them: «Фамилия ученика», «Дата
 * рождения обучающегося», «Имя родителя». `whose` are the genitives that name the kind's person.
 */
export const titledFor = (title: string, whose: readonly string[]) => whose.map((w) => `${title} ${w}`)

/** Who a pupils' list names in its titles: «Фамилия обучающегося», «Дата рождения ребёнка». */
export const PUPIL_WHOSE = ['обучающегося', 'обучающейся', 'ученика', 'ученицы', 'учащегося', 'ребёнка']

/** How a column holding the whole name is titled in any file; kinds add their own («ФИО обучающегося»). */
export const WHOLE_NAME_TITLES = [
  'ФИО',
  'Ф.И.О.',
  'Ф. И. О.',
  'Фамилия, имя, отчество',
  'Фамилия имя отчество',
  'Фамилия, имя, отчество (при наличии)',
]

/** Other titles of a file's «Обучающийся» column (the pupil's whole name in one cell). */
export const PUPIL_ALIASES = ['ФИО обучающегося', 'ФИО ученика', 'ФИО учащегося', 'Ученик']

/** The three columns a «ФИО» column stands for. */
const NAME_KEYS = ['lastName', 'firstName', 'middleName']

/**
 * The title of a column of row numbers, as lists are printed: «№», «№ п/п», «№п/п», «N», «No.», «#», «п/п», «Номер»,
 * «Номер п/п», «Порядковый номер», «№ по порядку» (a Latin «N» or «No» for «№» too).
 */
const ROW_NUMBER_TITLE = /^(?:(?:№|№№|n|no|#|номер|порядковый номер)\s*(?:п\s*[/.]?\s*п\.?|по порядку)?|п\s*[/.]\s*п\.?)$/u

/** A row number as such a column holds it: «1», «1.», «1)», or nothing. */
export const isRowNumber = (cell: string) => /^(?:\d{1,6}[.)]?)?$/.test(cell.trim())

export function mapColumns(
  header: string[],
  columns: Column[],
): { index: Map<string, number>; missing: Column[]; unknown: string[]; wholeName: number | null; numbering: number[] } {
  const index = new Map<string, number>()
  const unknown: string[] = []
  // Columns of row numbers: not the kind's and not a problem — skipped without a word (run.server.ts checks their cells).
  const numbering: number[] = []
  const whole = columns.find((c) => c.wholeName)?.wholeName ?? []
  let wholeName: number | null = null
  header.forEach((title, i) => {
    const key = headerKey(title)
    if (key === '') return
    const column = columns.find((c) => [c.title, ...(c.aliases ?? [])].some((t) => headerKey(t) === key))
    if (column && !index.has(column.key)) index.set(column.key, i)
    else if (!column && wholeName === null && whole.some((t) => headerKey(t) === key)) wholeName = i
    else if (!column && ROW_NUMBER_TITLE.test(key)) numbering.push(i)
    else unknown.push(title)
  })
  // «ФИО» stands for the three only in a file that has none of them: beside «Фамилия» it would be a second source.
  if (wholeName !== null && NAME_KEYS.some((k) => index.has(k))) {
    unknown.push(header[wholeName])
    wholeName = null
  }
  const named = wholeName !== null
  return {
    index,
    missing: columns.filter((c) => c.required && !index.has(c.key) && !(named && NAME_KEYS.includes(c.key))),
    unknown,
    wholeName,
    numbering,
  }
}

/**
 * «Иванова Анна Сергеевна» → the three name cells: the first word the surname, the second the first name, the rest
 * the patronymic («Рашид оглы»), as the «Обучающийся» column of other files is read (splitFullName); one word is a
 * surname without a first name (reported as such).
 */
function splitWholeName(value: string): Record<string, string> {
  return splitFullName(value) ?? { lastName: value.trim(), firstName: '', middleName: '' }
}

export function toSourceRows(
  rows: Array<{ line: number; cells: string[] }>,
  index: Map<string, number>,
  wholeName: number | null = null,
): SourceRow[] {
  return rows.map((r) => {
    const cells: Record<string, string> = Object.fromEntries([...index].map(([key, i]) => [key, r.cells[i] ?? '']))
    return { line: r.line, cells: wholeName === null ? cells : { ...cells, ...splitWholeName(r.cells[wholeName] ?? '') } }
  })
}

/**
 * The columns that hold names people and lists are found by — a person's name, a pupil or teacher named in full, a
 * class, group, subject, period, position, relationship, an address: a Latin look-alike in a Russian word is read as
 * the Russian letter in them (ADR 097). Free text (topics, comments, notes) is stored as typed.
 */
const RUSSIAN_WORD_KEYS = new Set([
  'lastName',
  'firstName',
  'middleName',
  'pupil',
  'teacher',
  'class',
  'group',
  'groups',
  'subject',
  'name',
  'shortName',
  'period',
  'position',
  'relationship',
  'address',
  'workType',
  'kind',
])

/**
 * «Ивaнов» with a Latin «a», «COШ» with Latin «C» and «O», in the columns above: corrected in the row (cyrillicLookalikes),
 * with one warning per cell naming each word as it was and as it is read, so the school can fix its own list too.
 */
export function correctLookalikes(rows: SourceRow[], columns: Column[]): Issue[] {
  const warnings: Issue[] = []
  for (const row of rows) {
    for (const [key, cell] of Object.entries(row.cells)) {
      if (!RUSSIAN_WORD_KEYS.has(key)) continue
      const changed = describeLookalikes(cell)
      if (!changed) continue
      // The text the warning describes (cleanLine's), corrected: «Ивaн\u200bo» is «Ивано», not «Иван\u200bo».
      row.cells[key] = cyrillicLookalikes(cleanLine(cell))
      warnings.push({
        line: row.line,
        column: columns.find((c) => c.key === key)?.title ?? key,
        message: `Латинские буквы в русском слове заменены русскими: ${changed}. Исправьте слово и в своём файле.`,
      })
    }
  }
  return warnings
}

export class RowReader {
  readonly issues: Issue[] = []
  constructor(
    readonly row: SourceRow,
    private readonly columns: Column[],
  ) {}

  get line(): number {
    return this.row.line
  }

  get ok(): boolean {
    return this.issues.length === 0
  }

  private title(key: string): string {
    return this.columns.find((c) => c.key === key)?.title ?? key
  }

  error(key: string | null, message: string): void {
    this.issues.push({ line: this.row.line, ...(key ? { column: this.title(key) } : {}), message })
  }

  raw(key: string): string {
    return (this.row.cells[key] ?? '').trim()
  }

  text(key: string, { required = false, max = 500 } = {}): string {
    const v = this.raw(key)
    if (required && v === '') this.error(key, 'Не заполнено обязательное поле.')
    else if (v.length > max) this.error(key, `Слишком длинное значение: больше ${max} символов.`)
    return v
  }

  /** A person's name part, cleaned and checked as the forms do (cleanName, NAME_PATTERN): «=HYPERLINK(…)» is refused. */
  name(key: string, { required = true } = {}): string {
    const v = cleanName(this.text(key, { required, max: NAME_MAX }))
    if (v !== '' && !NAME_PATTERN.test(v)) this.error(key, `Недопустимые символы в «${v}»: ожидаются буквы, пробел или дефис.`)
    else if (mixesScripts(v)) this.error(key, mixedScriptsMessage(v))
    return v
  }

  /**
   * A day as readTypedDay reads it (ADR 107). `years`: what a two-digit year may be — SCHOOL_DAYS for a lesson, a
   * timetable or a move, 'born' for a pupil's birth (this century, up to today); none: refused.
   */
  day(key: string, { required = false, years = null }: { required?: boolean; years?: TwoDigitYears | 'born' } = {}): string | null {
    const v = this.raw(key)
    if (v === '') {
      if (required) this.error(key, 'Не заполнена обязательная дата.')
      return null
    }
    const read = readTypedDay(v, years === 'born' ? bornDays(localDateOf(new Date())) : years, { serial: true })
    if (!('problem' in read)) return read.day
    if (read.problem === 'month-first')
      this.error(
        key,
        `В дате «${v}» месяц записан перед днём (порядок американского Excel): укажите ДД.ММ.ГГГГ — ${russianDay(read.day)}. ` +
          'Проверьте и другие даты файла: в таком порядке «01/09/2015» — это 9 января.',
      )
    else if (read.problem === 'year')
      this.error(
        key,
        years === 'born'
          ? `Год рождения в «${v}» записан двумя цифрами и не читается как год этого века до нынешнего: укажите год полностью (ДД.ММ.ГГГГ).`
          : `Год в дате «${v}» записан двумя цифрами: укажите год полностью (ДД.ММ.ГГГГ).`,
      )
    else this.error(key, `Неверная дата «${v}»: ожидается ДД.ММ.ГГГГ (например, 05.11.2026).`)
    return null
  }

  int(key: string, { required = false, min, max }: { required?: boolean; min: number; max: number }): number | null {
    const v = this.raw(key)
    if (v === '') {
      if (required) this.error(key, 'Не заполнено обязательное поле.')
      return null
    }
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      this.error(key, `Неверное число «${v}»: ожидается целое от ${min} до ${max}.`)
      return null
    }
    return Number(v)
  }

  yesNo(key: string, fallback: boolean): boolean {
    const v = this.raw(key)
    if (v === '') return fallback
    const parsed = parseYesNo(v)
    if (parsed === null) this.error(key, `Неверное значение «${v}»: ожидается «да» или «нет».`)
    return parsed ?? fallback
  }
}
