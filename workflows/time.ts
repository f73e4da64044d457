import { TZDate } from '@date-fns/tz'

/**
 * School time helpers. Deadlines are counted in the school's calendar days, so every conversion between an
 * instant (Date) and a calendar day goes through the school's time zone, never the server's.
 *
 * A calendar day is written 'YYYY-MM-DD' (`LocalDay`); it carries no time zone of its own.
 */
export type LocalDay = string

/** МОУ «СОШ № 8» works on Saratov time (UTC+4, no DST). */
export const DEFAULT_TIME_ZONE = 'Europe/Saratov'

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const LOCAL_DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/
const checkedZones = new Set<string>()

/** Whether Intl (the system's tz database) knows the zone; each known one is asked once per process. */
export function isKnownTimeZone(timeZone: string): boolean {
  if (checkedZones.has(timeZone)) return true
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
  } catch {
    return false
  }
  checkedZones.add(timeZone)
  return true
}

function assertTimeZone(timeZone: string): void {
  if (!isKnownTimeZone(timeZone)) throw new RangeError(`Неизвестный часовой пояс: «${timeZone}»`)
}

function assertInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError('Неверная дата: ожидается корректный момент времени')
  }
}

function isValidYmd(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** Splits a 'YYYY-MM-DD' day into numbers, throwing on anything that is not a real calendar day. */
export function parseLocalDay(day: LocalDay): { year: number; month: number; day: number } {
  const match = DAY_RE.exec(day)
  const [year, month, dayOfMonth] = match ? match.slice(1).map(Number) : [0, 0, 0]
  if (!match || !isValidYmd(year, month, dayOfMonth)) {
    throw new RangeError(`Неверная дата: «${day}», ожидается ГГГГ-ММ-ДД`)
  }
  return { year, month, day: dayOfMonth }
}

const MONTHS = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря']

/** «сентября», «сент.», «сен», «мая», «май» → 1–12; null for anything else (three letters at least). */
export function monthNumber(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '')
  if (w === 'май') return 5
  const i = w.length >= 3 ? MONTHS.findIndex((m) => m.startsWith(w)) : -1
  return i < 0 ? null : i + 1
}

export function isLocalDay(value: string): boolean {
  const match = DAY_RE.exec(value)
  return match !== null && isValidYmd(Number(match[1]), Number(match[2]), Number(match[3]))
}

// The wall clock of an instant in a zone. date-fns' `format(…, { in: tz(zone) })` asked Intl for the zone's offset
// at every call — 30 µs, and a queue page of 50 rows with their deadlines made thousands of them (ADR 080). An
// offset is kept for each quarter of an hour in which it does not change (it is the same at both ends of it: no zone
// changes its offset twice within 15 minutes); a quarter holding a change is asked of Intl for each instant.
const QUARTER_MS = 15 * 60_000
const OFFSETS_KEPT = 20_000
const wallFormats = new Map<string, Intl.DateTimeFormat>()
const offsets = new Map<string, Map<number, number>>()

/** The zone's offset from UTC at `ms`, in milliseconds, as Intl (the system's tz database) gives it. */
function intlOffset(ms: number, timeZone: string): number {
  let formatter = wallFormats.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    wallFormats.set(timeZone, formatter)
  }
  const parts: Record<string, string> = {}
  for (const part of formatter.formatToParts(ms)) parts[part.type] = part.value
  const year = parts.era === 'BC' || parts.era === 'B' ? 1 - Number(parts.year) : Number(parts.year)
  const wall = new Date(0)
  wall.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day))
  wall.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), 0)
  return wall.getTime() - (ms - (((ms % 1000) + 1000) % 1000))
}

function offsetAt(ms: number, timeZone: string): number {
  let zone = offsets.get(timeZone)
  if (!zone) offsets.set(timeZone, (zone = new Map()))
  const quarter = Math.floor(ms / QUARTER_MS)
  const kept = zone.get(quarter)
  if (kept !== undefined) return kept
  const start = intlOffset(quarter * QUARTER_MS, timeZone)
  if (intlOffset(quarter * QUARTER_MS + QUARTER_MS - 1, timeZone) !== start) return intlOffset(ms, timeZone)
  if (zone.size >= OFFSETS_KEPT) zone.clear()
  zone.set(quarter, start)
  return start
}

type Wall = { year: number; month: number; day: number; hours: number; minutes: number; seconds: number; offset: number }

function wallOf(instant: Date, timeZone: string): Wall {
  assertInstant(instant)
  assertTimeZone(timeZone)
  const offset = offsetAt(instant.getTime(), timeZone)
  const wall = new Date(instant.getTime() + offset)
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hours: wall.getUTCHours(),
    minutes: wall.getUTCMinutes(),
    seconds: wall.getUTCSeconds(),
    offset,
  }
}

const two = (n: number) => String(n).padStart(2, '0')
const yearOf = (year: number) => (year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0'))

/** The school calendar day on which `instant` falls. */
export function localDateOf(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): LocalDay {
  const wall = wallOf(instant, timeZone)
  return `${yearOf(wall.year)}-${two(wall.month)}-${two(wall.day)}`
}

function localInstant(day: LocalDay, hours: number, minutes: number, seconds: number, timeZone: string): Date {
  const { year, month, day: dayOfMonth } = parseLocalDay(day)
  assertTimeZone(timeZone)
  const zoned = new TZDate(year, month - 1, dayOfMonth, hours, minutes, seconds, 0, timeZone)
  return new Date(zoned.getTime())
}

export function startOfLocalDay(day: LocalDay, timeZone: string = DEFAULT_TIME_ZONE): Date {
  return localInstant(day, 0, 0, 0, timeZone)
}

/** 23:59:59 local: deadlines are shown to the second, and a document stamped 23:59:59 is on time. */
export function endOfLocalDay(day: LocalDay, timeZone: string = DEFAULT_TIME_ZONE): Date {
  return localInstant(day, 23, 59, 59, timeZone)
}

/** Calendar arithmetic on days; independent of any time zone. */
export function addDays(day: LocalDay, n: number): LocalDay {
  const { year, month, day: dayOfMonth } = parseLocalDay(day)
  return new Date(Date.UTC(year, month - 1, dayOfMonth + n)).toISOString().slice(0, 10)
}

/** ISO weekday: Monday = 1 … Sunday = 7. */
export function weekdayOf(day: LocalDay): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  const { year, month, day: dayOfMonth } = parseLocalDay(day)
  const jsDay = new Date(Date.UTC(year, month - 1, dayOfMonth)).getUTCDay()
  return (jsDay === 0 ? 7 : jsDay) as 1 | 2 | 3 | 4 | 5 | 6 | 7
}

/** '2026-05-12T23:59:59+04:00' — what the registration log and the API show. */
export function toIsoWithOffset(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const wall = wallOf(instant, timeZone)
  const minutes = Math.trunc(Math.abs(wall.offset) / 60_000)
  const sign = wall.offset < 0 ? '-' : '+'
  return (
    `${yearOf(wall.year)}-${two(wall.month)}-${two(wall.day)}T${two(wall.hours)}:${two(wall.minutes)}:${two(wall.seconds)}` +
    `${sign}${two(Math.trunc(minutes / 60))}:${two(minutes % 60)}`
  )
}

/** 'dd.MM.yyyy'; a 'YYYY-MM-DD' day is shown as is, an instant is shown as its school day. */
export function formatDate(instantOrDay: Date | LocalDay, timeZone: string = DEFAULT_TIME_ZONE): string {
  const day = typeof instantOrDay === 'string' ? instantOrDay : localDateOf(instantOrDay, timeZone)
  const { year, month, day: dayOfMonth } = parseLocalDay(day)
  return `${String(dayOfMonth).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`
}

export function formatDateTime(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const wall = wallOf(instant, timeZone)
  return `${two(wall.day)}.${two(wall.month)}.${yearOf(wall.year)} ${two(wall.hours)}:${two(wall.minutes)}`
}

/**
 * When an application arrived, as everyone is told: a letter's receipt is the day of the post office stamp, and a
 * stamp bears no time, so a post application shows the date alone; an earlier day stored as its 00:00 must not read as
 * a moment somebody noted (issue 19, item 6). Every other channel has its real moment: date and time.
 */
export function formatReceivedAt(instant: Date, channel: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  return channel === 'post' ? formatDate(instant, timeZone) : formatDateTime(instant, timeZone)
}

/** Reads an HTML datetime-local value ('YYYY-MM-DDTHH:mm', seconds optional) as school time. */
export function parseLocalDateTime(value: string, timeZone: string = DEFAULT_TIME_ZONE): Date {
  const match = LOCAL_DATE_TIME_RE.exec(value)
  const parts = match ? match.slice(1).map((part) => Number(part ?? 0)) : []
  const [year, month, day, hours, minutes, seconds] = parts
  if (!match || !isValidYmd(year, month, day) || hours > 23 || minutes > 59 || seconds > 59) {
    throw new RangeError(`Неверные дата и время: «${value}», ожидается ГГГГ-ММ-ДДTЧЧ:ММ`)
  }
  assertTimeZone(timeZone)
  return new Date(new TZDate(year, month - 1, day, hours, minutes, seconds, 0, timeZone).getTime())
}
