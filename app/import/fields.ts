// Reading one field of an imported row: dates, numbers, names, class names. Pure; messages in Russian.
import { SCHOOL_DAYS, readTypedDay, type TypedDay } from '#workflows/typed-day'
import { cleanName, clip, nameKey } from '#app/utils/text'

/**
 * A cell's day → 'YYYY-MM-DD', or null: every form readTypedDay takes (ADR 107) and an Excel date serial; a two-digit
 * year is refused (a birth year is not guessed).
 */
export function parseDay(value: string): string | null {
  return dayOf(readTypedDay(value, null, { serial: true }))
}

/** A day of the school's records (a lesson's): as parseDay, and «01.09.26» is 2026 (SCHOOL_DAYS). */
export function parseSchoolDay(value: string): string | null {
  return dayOf(readTypedDay(value, SCHOOL_DAYS, { serial: true }))
}

const dayOf = (read: TypedDay) => ('problem' in read ? null : read.day)

/** Lower case, «ё» as «е», single spaces: how names, subjects and groups are compared (app/utils/text.ts). */
export const norm = nameKey

export function personKey(p: { lastName: string; firstName: string; middleName?: string | null }, birthDate?: string): string {
  return [norm(p.lastName), norm(p.firstName), norm(p.middleName ?? ''), birthDate ?? ''].join('|')
}

type NameParts = { lastName: string; firstName: string; middleName: string }
const yoCount = (v: string) => (v.match(/[ёЁ]/g) ?? []).length

/**
 * The name parts a file corrects from «е» to «ё» («Семенов Петр» on file, «Семёнов Пётр» in the file): the same
 * name by norm() with more «ё». The reverse is not a correction — a file from a system that drops «ё» never
 * takes it out of a stored name.
 */
export function yoCorrections(stored: NameParts, file: NameParts): Partial<NameParts> {
  const out: Partial<NameParts> = {}
  for (const k of ['lastName', 'firstName', 'middleName'] as const) {
    if (file[k] !== stored[k] && norm(file[k]) === norm(stored[k]) && yoCount(file[k]) > yoCount(stored[k])) out[k] = file[k]
  }
  return out
}

/**
 * «Иванов Иван Иванович» → parts; the patronymic may be absent or have several words («Оглы»). Read as a name is
 * stored (cleanName): «Римская - Корсакова Анна» is a double surname and a first name, not «Римская», «-», ….
 */
export function splitFullName(value: string): { lastName: string; firstName: string; middleName: string } | null {
  const parts = cleanName(value).split(' ').filter(Boolean)
  if (parts.length < 2) return null
  return { lastName: parts[0], firstName: parts[1], middleName: parts.slice(2).join(' ') }
}

/** Where an extension begins: «доб. 12», «вн. 12», «ext. 12», «x12». */
const EXTENSION = /(?:доб|внутр|вн|ext|x)\.?(?=\s*\d)/iu

/**
 * Digits only, a leading 8 read as 7: '+7 (912) 345-67-89' and '89123456789' are one phone; so is ten digits with no
 * «+» — «912 345-67-89», «(8452) 33-33-33», as the e-journals' and Госуслуги's exports write a Russian number without
 * its 8 or +7 (a foreign number is written with its «+»; a Russian one's ten digits begin with 3, 4, 8 or 9). An
 * extension is kept apart, so «8 (8452) 33-33-33 доб. 12» and «+7 8452 333333 доб.12» are one phone too.
 */
export function phoneKey(value: string): string {
  const [main, ext] = value.split(EXTENSION, 2)
  const digits = main.replace(/\D/g, '')
  // A «+» anywhere before the first digit («(+49) 30 …», «папа: +49 …») is a country code; a Russian number's ten
  // digits begin with 3, 4, 8 (a city's code) or 9 (a mobile): «050 123 45 67» is not one.
  const plus = main.slice(0, Math.max(0, main.search(/\d/))).includes('+')
  const national = digits.length === 10 && !plus && /^[3489]/.test(digits)
  const key = national ? `7${digits}` : digits.length === 11 && digits.startsWith('8') ? `7${digits.slice(1)}` : digits
  const extension = (ext ?? '').replace(/\D/g, '')
  return extension ? `${key}#${extension}` : key
}

/**
 * Words around a number, as people write it in a cell or a form: «тел. », «моб.: », «мама: »; « (мама)», « — папа».
 * A leading apostrophe is a spreadsheet's «text» mark (our own export writes «'+7 …», escapeForExport).
 */
const PHONE_LEAD = /^(?:[([]?\p{L}[\p{L}\s.]*[)\]]?\s*[:.\-–—]?\s*)(?=[+\d(])/u
const PHONE_NOTE = /\s*(?:[([][^()[\]\d]*\p{L}[^()[\]\d]*[)\]]|[,;:\-–—]?\s*\p{L}[\p{L}\s.]*)$/u
/** The longest text phoneProblem reads (see there). */
const PHONE_READ_MAX = 100
/** The number itself: digits, brackets, separators (a dash autocorrected to «–» too) and an extension. */
const PHONE_CHARS = /^[+\d(][\d\s().,;+\-‐‑‒–—]*(?:(?:доб|внутр|вн|ext|x)\.?\s*\d{1,6})?$/iu

/**
 * What is wrong with a phone, or null — the one reading of the import (a person's key) and of the forms (/apply,
 * the desk): «тел. 8 912 345-67-89», «+7 912 345 67 89 (мама)», «8(912)3456789 доб. 12» are phones; words around
 * the number are a note, words inside it are not a phone. Several numbers in one cell («+7 912 …, 8 (8452) …») are
 * refused: one of them would be stored and the other lost, and the next file listing them apart would not find the
 * person.
 */
export function phoneProblem(value: string): string | null {
  // Longer than any phone with its note (the forms and the import take 50): refused before the patterns, whose
  // backtracking grows with the cube of the length (a 40 000-character «phone» posted to /apply held the server).
  if (value.length > PHONE_READ_MAX) return `Неверный телефон «${clip(value, 40)}…».`
  const main = value.split(EXTENSION, 1)[0]
  const numbers = main.split(/[,;/\\]|\sили\s/iu).filter((part) => part.replace(/\D/g, '').length >= 5)
  if (numbers.length > 1) return `В ячейке несколько телефонов («${value}»): укажите один.`
  // «7,91235E+10»: a CSV saved from Excel with the phone column in the «Общий» format — the last digits are gone.
  if (/^\s*'?\+?\d+(?:[.,]\d+)?E\+?\d+\s*$/i.test(value))
    return (
      `Телефон «${value}» записан Excel в экспоненциальном виде, последние цифры номера потеряны. Задайте столбцу ` +
      'телефонов формат «Текстовый», введите номера заново (или выгрузите список из программы ещё раз) и сохраните файл.'
    )
  const digits = main.replace(/\D/g, '').length
  const number = value
    .trim()
    .replace(/^'/, '')
    .replace(PHONE_LEAD, '')
    .replace(PHONE_NOTE, '')
    .replace(/[\s,;.]+$/, '')
  if (digits < 5 || digits > 15 || !PHONE_CHARS.test(number)) return `Неверный телефон «${value}».`
  return null
}

const YES = new Set(['да', 'д', 'yes', 'y', '1', 'true', '+', 'истина'])
const NO = new Set(['нет', 'н', 'no', 'n', '0', 'false', '-', 'ложь', ''])

export function parseYesNo(value: string): boolean | null {
  const v = norm(value)
  if (YES.has(v)) return true
  if (NO.has(v)) return false
  return null
}

const WEEKDAY_NAMES: Array<[number, string[]]> = [
  [1, ['понедельник', 'пн']],
  [2, ['вторник', 'вт']],
  [3, ['среда', 'ср']],
  [4, ['четверг', 'чт']],
  [5, ['пятница', 'пт']],
  [6, ['суббота', 'сб']],
  [7, ['воскресенье', 'вс']],
]

/** 1–7 or the Russian name / abbreviation of the day. */
export function parseWeekday(value: string): number | null {
  const v = norm(value).replace(/\.$/, '')
  if (/^[1-7]$/.test(v)) return Number(v)
  return WEEKDAY_NAMES.find(([, names]) => names.includes(v))?.[0] ?? null
}
