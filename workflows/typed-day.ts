// A calendar day as people in Russia type it — in an import file, on a form — read one way (ADR 107). Pure; no
// server imports: the browser's forms read the same.
import { isLocalDay, monthNumber, type LocalDay } from './time'

/**
 * The days a two-digit year may stand for: «01.09.15» is read when exactly one century puts it between `from` and
 * `to`. A lesson or a timetable (a school day: 2000–2099), a pupil's birth (2000 to today: «15» is 2015, «98» is
 * neither 2098 nor, for a pupil, 1998), a document's issue (1940 to today). null: a two-digit year is refused.
 */
export type TwoDigitYears = { from: LocalDay; to: LocalDay } | null

/** The days of a school's records: a two-digit year is this century's. */
export const SCHOOL_DAYS: TwoDigitYears = { from: '2000-01-01', to: '2099-12-31' }
/** A pupil's birth: this century's, up to today. */
export const bornDays = (today: LocalDay): TwoDigitYears => ({ from: '2000-01-01', to: today })

/**
 * 'format': not a date; 'year': a two-digit year whose century cannot be told; 'month-first': «09/13/2015», the
 * month before the day as an American Excel writes it (the day is in `day`, for the message).
 */
export type TypedDay = { day: LocalDay } | { problem: 'format' | 'year' } | { problem: 'month-first'; day: LocalDay }

/** A time after the day, as 1C, Excel and databases write it: «01.09.2026 0:00:00», «2026-09-01T08:30» (no zone). */
const TIME = /(?:\s+|(?<=\d)T)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?$/
/** Spaces a cell or a paste carries: no-break, thin, zero-width, a byte order mark. */
const ODD_SPACES = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g

const pad = (n: number) => String(n).padStart(2, '0')
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`

/**
 * An Excel date serial («42248» = 01.09.2015): what a date cell shows when its format was lost (a CSV saved from a
 * «Общий»-formatted column). Day 1 is 01.01.1900 and Excel counts a 29.02.1900 that never was, so serials from 61 on
 * are days since 30.12.1899. Five digits only: 10000–99999 is 1927–2173.
 */
function excelSerialDay(serial: number): LocalDay | null {
  if (!Number.isFinite(serial) || serial < 10_000 || serial >= 100_000) return null
  return new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10)
}

/**
 * «01.09.2015», «1.9.2015», «01/09/2015» and «01-09-2015» (the day first: Russian order), «01. 09. 2015»,
 * «2015-09-01», «2015/09/01», «01.09.2015 г.», «1 сентября 2015 года», «1 сент. 2015», «"01" сентября 2015 г.» as a
 * form writes it, any of them with a time after it (1C, Excel) or with no-break and zero-width spaces around it; a
 * two-digit year («01.09.15») as `years` allows. `serial`: an Excel date serial (an import's cell); `packed`:
 * «01092015» (a phone's digit keypad has no dot; a form's field).
 */
export function readTypedDay(
  typed: string,
  years: TwoDigitYears = null,
  { serial = false, packed = false }: { serial?: boolean; packed?: boolean } = {},
): TypedDay {
  const v = typed
    .replace(INVISIBLE, '')
    .replace(ODD_SPACES, ' ')
    .trim()
    .replace(TIME, '')
    .replace(/(\d)\s*(?:г\.?|года?)$/iu, '$1')
    .replace(/^[«"„“']\s*(\d{1,2})\s*[»"“”']/u, '$1')
    .trim()
  if (serial && /^\d{5}(?:[.,]\d+)?$/.test(v)) {
    const day = excelSerialDay(Number(v.replace(',', '.')))
    return day ? { day } : { problem: 'format' }
  }
  const iso = /^(\d{4})\s*([-./])\s*(\d{1,2})\s*\2\s*(\d{1,2})$/.exec(v)
  if (iso) return real(Number(iso[1]), Number(iso[3]), Number(iso[4]))
  const words = /^(\d{1,2})\s+(\p{L}+\.?)\s+(\d{4}|\d{2})$/u.exec(v)
  const parts = /^(\d{1,2})\s*([-./,]|\s)\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})$/.exec(v)
  const digits = packed ? /^(\d{2})(\d{2})(\d{4}|\d{2})$/.exec(v) : null
  const month = words ? monthNumber(words[2]) : null
  const [d, m, y] = words ? [words[1], month, words[3]] : parts ? [parts[1], parts[3], parts[4]] : (digits?.slice(1) ?? [])
  if (!d || !m || !y) return { problem: 'format' }
  const [day, mon] = [Number(d), Number(m)]
  // «09/13/2015»: no 13th month, and a day first would be a month — an American order, not a Russian one.
  if (parts?.[2] === '/' && mon > 12 && day <= 12 && y.length === 4) {
    const read = real(Number(y), day, mon)
    return 'day' in read ? { problem: 'month-first', day: read.day } : read
  }
  if (y.length === 4) return real(Number(y), mon, day)
  const candidates = [1900, 2000].map((century) => ymd(century + Number(y), mon, day)).filter(isLocalDay)
  if (candidates.length === 0) return { problem: 'format' }
  const inRange = years ? candidates.filter((c) => c >= years.from && c <= years.to) : []
  return inRange.length === 1 ? { day: inRange[0] } : { problem: 'year' }
}

function real(y: number, m: number, d: number): TypedDay {
  const day = ymd(y, m, d)
  return y >= 1000 && isLocalDay(day) ? { day } : { problem: 'format' }
}

/** «dd.MM.yyyy» of a day, for a message. */
export const russianDay = (day: LocalDay) => day.split('-').reverse().join('.')
