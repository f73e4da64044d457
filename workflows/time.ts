import { TZDate, tz } from '@date-fns/tz'
import { format } from 'date-fns'

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

function assertTimeZone(timeZone: string): void {
  if (checkedZones.has(timeZone)) return
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
  } catch {
    throw new RangeError(`Неизвестный часовой пояс: «${timeZone}»`)
  }
  checkedZones.add(timeZone)
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

export function isLocalDay(value: string): boolean {
  const match = DAY_RE.exec(value)
  return match !== null && isValidYmd(Number(match[1]), Number(match[2]), Number(match[3]))
}

/** The school calendar day on which `instant` falls. */
export function localDateOf(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): LocalDay {
  assertInstant(instant)
  assertTimeZone(timeZone)
  return format(instant, 'yyyy-MM-dd', { in: tz(timeZone) })
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
  assertInstant(instant)
  assertTimeZone(timeZone)
  return format(instant, "yyyy-MM-dd'T'HH:mm:ssxxx", { in: tz(timeZone) })
}

/** 'dd.MM.yyyy'; a 'YYYY-MM-DD' day is shown as is, an instant is shown as its school day. */
export function formatDate(instantOrDay: Date | LocalDay, timeZone: string = DEFAULT_TIME_ZONE): string {
  const day = typeof instantOrDay === 'string' ? instantOrDay : localDateOf(instantOrDay, timeZone)
  const { year, month, day: dayOfMonth } = parseLocalDay(day)
  return `${String(dayOfMonth).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`
}

export function formatDateTime(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  assertInstant(instant)
  assertTimeZone(timeZone)
  return format(instant, 'dd.MM.yyyy HH:mm', { in: tz(timeZone) })
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
