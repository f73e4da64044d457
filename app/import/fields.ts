// Reading one field of an imported row: dates, numbers, names, class names. Pure; messages in Russian.
import { isLocalDay } from '#workflows/time'
import { nameKey } from '#app/utils/text'

/** 'дд.мм.гггг' (also 'д.м.гггг') or 'гггг-мм-дд' → 'YYYY-MM-DD'; null when it is not a real calendar day. */
export function parseDay(value: string): string | null {
  const v = value.trim()
  let day: string | null = null
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v)
  if (ru) day = `${ru[3]}-${ru[2].padStart(2, '0')}-${ru[1].padStart(2, '0')}`
  else if (/^\d{4}-\d{2}-\d{2}$/.test(v)) day = v
  else if (/^\d{5}(?:[.,]\d+)?$/.test(v)) day = excelSerialDay(Number(v.replace(',', '.')))
  return day && isLocalDay(day) ? day : null
}

/**
 * An Excel date serial («46359» = 03.12.2026): what a date cell shows when its format was lost (a CSV saved from
 * a «Общий»-formatted column, a cell typed as a number). Day 1 is 01.01.1900 and Excel counts a 29.02.1900 that
 * never was, so serials from 61 on are days since 30.12.1899. Five digits only: 10000–99999 is 1927–2173.
 */
function excelSerialDay(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 10_000 || serial >= 100_000) return null
  return new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10)
}

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

/** «Иванов Иван Иванович» → parts; the patronymic may be absent or have several words («Оглы»). */
export function splitFullName(value: string): { lastName: string; firstName: string; middleName: string } | null {
  const parts = value.trim().split(/\s+/).filter(Boolean)
  if (parts.length < 2) return null
  return { lastName: parts[0], firstName: parts[1], middleName: parts.slice(2).join(' ') }
}

/** Digits only, a leading 8 read as 7: '+7 (912) 345-67-89' and '89123456789' are one phone. */
export function phoneKey(value: string): string {
  const digits = value.replace(/\D/g, '')
  return digits.length === 11 && digits.startsWith('8') ? `7${digits.slice(1)}` : digits
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
