import { tz } from '@date-fns/tz'
import { format } from 'date-fns'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_TIME_ZONE,
  addDays,
  endOfLocalDay,
  formatDate,
  formatDateTime,
  isLocalDay,
  localDateOf,
  parseLocalDateTime,
  parseLocalDay,
  startOfLocalDay,
  toIsoWithOffset,
  weekdayOf,
} from './time'

describe('school time zone', () => {
  it('defaults to Saratov time (UTC+4)', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Europe/Saratov')
    expect(toIsoWithOffset(new Date('2026-01-15T08:00:00Z'))).toBe('2026-01-15T12:00:00+04:00')
  })

  it('puts 23:50 local (19:50 UTC) on the same local day', () => {
    expect(localDateOf(new Date('2026-05-12T19:50:00Z'), 'Europe/Saratov')).toBe('2026-05-12')
  })

  it('puts 00:30 local on the next local day although UTC is still the previous day', () => {
    const instant = new Date('2026-05-12T20:30:00Z')
    expect(localDateOf(instant, 'Europe/Saratov')).toBe('2026-05-13')
    expect(localDateOf(instant, 'UTC')).toBe('2026-05-12')
    expect(localDateOf(new Date('2025-12-31T20:30:00Z'))).toBe('2026-01-01')
  })

  it('gives the start and the end (23:59:59) of a local day as instants', () => {
    expect(startOfLocalDay('2026-05-12', 'Europe/Saratov').toISOString()).toBe('2026-05-11T20:00:00.000Z')
    expect(endOfLocalDay('2026-05-12', 'Europe/Saratov').toISOString()).toBe('2026-05-12T19:59:59.000Z')
    expect(endOfLocalDay('2026-05-12', 'Europe/Moscow').toISOString()).toBe('2026-05-12T20:59:59.000Z')
    expect(endOfLocalDay('2025-12-31').toISOString()).toBe('2025-12-31T19:59:59.000Z')
  })

  it('returns plain Dates', () => {
    expect(endOfLocalDay('2026-05-12').constructor).toBe(Date)
    expect(parseLocalDateTime('2026-05-12T10:00').constructor).toBe(Date)
  })

  it('rejects an unknown time zone and an invalid instant', () => {
    expect(() => localDateOf(new Date(), 'Mars/Olympus')).toThrow('Неизвестный часовой пояс: «Mars/Olympus»')
    expect(() => endOfLocalDay('2026-05-12', 'Nope/Zone')).toThrow(RangeError)
    expect(() => localDateOf(new Date('garbage'))).toThrow('Неверная дата')
  })
})

describe('calendar days', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01')
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDays('2026-05-12', 30)).toBe('2026-06-11')
    expect(addDays('2026-05-12', 0)).toBe('2026-05-12')
  })

  it('numbers weekdays from Monday = 1 to Sunday = 7', () => {
    expect(weekdayOf('2026-05-11')).toBe(1)
    expect(weekdayOf('2026-05-08')).toBe(5)
    expect(weekdayOf('2025-11-01')).toBe(6)
    expect(weekdayOf('2026-05-10')).toBe(7)
    expect(weekdayOf('2027-01-01')).toBe(5)
  })

  it('validates days', () => {
    expect(parseLocalDay('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 })
    expect(isLocalDay('2026-02-29')).toBe(false)
    expect(isLocalDay('2026-13-01')).toBe(false)
    expect(isLocalDay('2026-5-1')).toBe(false)
    expect(() => addDays('2026-02-30', 1)).toThrow('Неверная дата: «2026-02-30», ожидается ГГГГ-ММ-ДД')
    expect(() => weekdayOf('12.05.2026')).toThrow(RangeError)
  })
})

describe('formatting', () => {
  it('writes ISO with the school offset and no milliseconds', () => {
    const instant = new Date('2026-05-12T19:59:59.999Z')
    expect(toIsoWithOffset(instant, 'Europe/Saratov')).toBe('2026-05-12T23:59:59+04:00')
    expect(toIsoWithOffset(instant, 'UTC')).toBe('2026-05-12T19:59:59+00:00')
  })

  it('formats dates the Russian way, in the school zone', () => {
    expect(formatDate('2026-05-12')).toBe('12.05.2026')
    expect(formatDate(new Date('2026-05-12T20:30:00Z'), 'Europe/Saratov')).toBe('13.05.2026')
    expect(formatDate(new Date('2026-05-12T20:30:00Z'), 'UTC')).toBe('12.05.2026')
    expect(formatDateTime(new Date('2026-05-12T20:30:00Z'), 'Europe/Saratov')).toBe('13.05.2026 00:30')
    expect(formatDateTime(new Date('2025-12-31T19:59:59Z'))).toBe('31.12.2025 23:59')
  })
})

describe('parseLocalDateTime', () => {
  it('reads a datetime-local value as school time', () => {
    expect(parseLocalDateTime('2026-05-08T10:00', 'Europe/Saratov').toISOString()).toBe('2026-05-08T06:00:00.000Z')
    expect(parseLocalDateTime('2026-05-13T00:30').toISOString()).toBe('2026-05-12T20:30:00.000Z')
    expect(parseLocalDateTime('2026-05-08T10:00:15', 'UTC').toISOString()).toBe('2026-05-08T10:00:15.000Z')
  })

  it('round-trips with the formatters', () => {
    const instant = parseLocalDateTime('2025-12-31T23:50')
    expect(localDateOf(instant)).toBe('2025-12-31')
    expect(formatDateTime(instant)).toBe('31.12.2025 23:50')
  })

  it.each(['', '2026-05-08', '2026-05-08 10:00', '2026-02-30T10:00', '2026-05-08T24:00', '2026-05-08T10:60', '08.05.2026 10:00'])(
    'rejects %j',
    (value) => {
      expect(() => parseLocalDateTime(value)).toThrow(`Неверные дата и время: «${value}»`)
    },
  )
})

describe('the wall clock of an instant (kept offsets, ADR 080)', () => {
  // Zones with summer time (both hemispheres), half- and quarter-hour offsets, a half-hour summer shift (Lord Howe),
  // Russia's own changes (Saratov moved from +3 to +4 in December 2016; Moscow's +4 of 2011–2014), the date line.
  const ZONES = [
    'Europe/Saratov',
    'Europe/Moscow',
    'Asia/Vladivostok',
    'Europe/Kaliningrad',
    'Europe/Berlin',
    'America/New_York',
    'America/Sao_Paulo',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Asia/Kolkata',
    'Pacific/Chatham',
    'Pacific/Apia',
    'UTC',
  ]
  const reference = (instant: Date, zone: string) => ({
    day: format(instant, 'yyyy-MM-dd', { in: tz(zone) }),
    dateTime: format(instant, 'dd.MM.yyyy HH:mm', { in: tz(zone) }),
    iso: format(instant, "yyyy-MM-dd'T'HH:mm:ssxxx", { in: tz(zone) }),
  })
  const ours = (instant: Date, zone: string) => ({
    day: localDateOf(instant, zone),
    dateTime: formatDateTime(instant, zone),
    iso: toIsoWithOffset(instant, zone),
  })

  it.each(ZONES)('is what date-fns with the tz database says, in %s, at random instants of 1995–2045', (zone) => {
    let seed = 20261206
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const from = Date.UTC(1995, 0, 1)
    const to = Date.UTC(2045, 0, 1)
    for (let i = 0; i < 3000; i++) {
      const instant = new Date(Math.floor(from + random() * (to - from)))
      expect(ours(instant, zone)).toEqual(reference(instant, zone))
    }
  })

  it.each(ZONES)('around every change of offset of %s in 2005–2035, to the second', (zone) => {
    // A change is found where the offset at the two ends of a day differs, then narrowed to its millisecond.
    const offset = (ms: number) => format(new Date(ms), 'xxx', { in: tz(zone) })
    const DAY = 86_400_000
    let changes = 0
    for (let day = Date.UTC(2005, 0, 1); day < Date.UTC(2035, 0, 1); day += DAY) {
      if (offset(day) === offset(day + DAY)) continue
      changes++
      let [before, after] = [day, day + DAY]
      while (after - before > 1) {
        const middle = Math.floor((before + after) / 2)
        if (offset(middle) === offset(day)) before = middle
        else after = middle
      }
      for (const ms of [after - 3_600_001, after - 900_000, after - 1_001, after - 1, after, after + 999, after + 900_001]) {
        const instant = new Date(ms)
        expect(ours(instant, zone)).toEqual(reference(instant, zone))
      }
    }
    expect(changes > 0).toBe(!['UTC', 'Asia/Kolkata', 'Asia/Kathmandu'].includes(zone))
  })

  it('Saratov went from UTC+3 to UTC+4 at 02:00 on 4 December 2016', () => {
    expect(toIsoWithOffset(new Date('2016-12-03T22:59:59Z'), 'Europe/Saratov')).toBe('2016-12-04T01:59:59+03:00')
    expect(toIsoWithOffset(new Date('2016-12-03T23:00:00Z'), 'Europe/Saratov')).toBe('2016-12-04T03:00:00+04:00')
    expect(formatDateTime(new Date('2016-12-03T23:00:00Z'), 'Europe/Saratov')).toBe('04.12.2016 03:00')
  })

  it('a negative offset and a day before the epoch', () => {
    expect(toIsoWithOffset(new Date('1969-12-31T23:30:00Z'), 'America/New_York')).toBe('1969-12-31T18:30:00-05:00')
    expect(localDateOf(new Date('2026-03-01T04:59:59Z'), 'America/New_York')).toBe('2026-02-28')
  })
})
