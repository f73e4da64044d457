import { FIXED_HOLIDAYS, SHIPPED_YEARS, type YearRules } from './calendar-data'
import { loadedYearToRules, validateLoadedYear, type LoadedYear } from './calendar-xml'
import { addDays, parseLocalDay, weekdayOf, type LocalDay } from './time'

export {
  CalendarFormatError,
  parseXmlCalendar,
  validateLoadedYear,
  type CalendarDayType,
  type LoadedDay,
  type LoadedYear,
} from './calendar-xml'

/**
 * How far ahead a missing year is warned about: an application received today is answered within about 45 days
 * (registration across the New Year holidays, then 30 calendar days, Порядок 2.3), and the decree on the next year's
 * transfers is usually out by October — a quarter ahead gives the administrator time to load it before the first
 * deadline falls into that year.
 */
const CALENDAR_NOTICE_DAYS = 92

/** Where the answer for a day came from; 'fallback' means no calendar for that year — show a warning. */
type CalendarSource = 'shipped' | 'loaded' | 'fallback'

type CalendarDay = {
  date: LocalDay
  working: boolean
  shortened: boolean
  source: CalendarSource
}

type YearLookup = {
  source: Exclude<CalendarSource, 'fallback'>
  nonWorking: Set<string>
  working: Set<string>
  shortened: Set<string>
}

const DAY_MS = 86_400_000
const DAYS_KEPT = 50_000

/** Days since 1970-01-01 (negative before); throws on anything that is not a real 'YYYY-MM-DD' day. */
function dayNumber(day: LocalDay): number {
  const { year, month, day: dayOfMonth } = parseLocalDay(day)
  return Date.UTC(year, month - 1, dayOfMonth) / DAY_MS
}

/** A search for a working day never needs to look this far; reaching it means the data is broken. */
const MAX_SCAN_DAYS = 366

function toLookup(rules: YearRules, source: YearLookup['source']): YearLookup {
  return {
    source,
    nonWorking: new Set(rules.nonWorkingWeekdays),
    working: new Set(rules.workingWeekends),
    shortened: new Set(rules.shortened),
  }
}

function isFixedHoliday(day: LocalDay): boolean {
  return FIXED_HOLIDAYS.includes(day.slice(5))
}

/**
 * ТК РФ ст. 112 ч. 2: «При совпадении выходного и нерабочего праздничного дней выходной день переносится на следующий
 * после праздничного рабочий день», except the January holidays (абзацы второй и третий части первой), whose weekend
 * days the Government moves by its decree. So without a decree a year still has these days off: 1 May 2027, a
 * Saturday, makes Monday 3 May a day off. The days are worked out once per year.
 */
const transfersByYear = new Map<number, Set<LocalDay>>()
function transferredDaysOff(year: number): Set<LocalDay> {
  let days = transfersByYear.get(year)
  if (!days) {
    days = new Set<LocalDay>()
    for (const monthDay of FIXED_HOLIDAYS.filter((d) => !d.startsWith('01-'))) {
      const holiday = `${year}-${monthDay}`
      if (weekdayOf(holiday) < 6) continue
      let next = addDays(holiday, 1)
      while (weekdayOf(next) >= 6 || isFixedHoliday(next) || days.has(next)) next = addDays(next, 1)
      days.add(next)
    }
    transfersByYear.set(year, days)
  }
  return days
}

/**
 * The Russian production calendar: the shipped years, overridden or extended by years the administrator loaded.
 * For a year with neither, it falls back to Saturdays/Sundays off plus the fixed holidays of ТК РФ ст. 112 and the
 * days off its part 2 moves by itself (a holiday on a weekend: the next working day) — not the decree's transfers, so
 * fallback deadlines come out earlier rather than later — and says so via `source`.
 */
export class ProductionCalendar {
  private readonly years = new Map<number, YearLookup>()
  /** Each day's answer, by its number since 1970-01-01: a queue page counts the working days to 50 deadlines. */
  private readonly working = new Map<number, boolean>()

  constructor(loadedYears: readonly LoadedYear[] = []) {
    for (const rules of SHIPPED_YEARS) this.years.set(rules.year, toLookup(rules, 'shipped'))
    for (const loaded of loadedYears) {
      const valid = validateLoadedYear(loaded)
      this.years.set(valid.year, toLookup(loadedYearToRules(valid), 'loaded'))
    }
  }

  hasDataFor(year: number): boolean {
    return this.years.has(year)
  }

  /**
   * Years from `today`'s to the one `days` later with no data (their deadlines use the ст. 112 fallback, without the
   * decree's transfers), ascending: what staff and the administrator are warned about (CALENDAR_NOTICE_DAYS).
   */
  missingYearsAhead(today: LocalDay, days: number = CALENDAR_NOTICE_DAYS): number[] {
    return this.fallbackYearsBetween(today, addDays(today, days))
  }

  /** Years with real data, ascending. */
  dataYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b)
  }

  describeDay(day: LocalDay): CalendarDay {
    const { year } = parseLocalDay(day)
    const weekend = weekdayOf(day) >= 6
    const lookup = this.years.get(year)
    if (!lookup) {
      // ТК РФ ст. 112 holidays and the days off its part 2 moves from a holiday on a weekend; ст. 95: the working day
      // right before a holiday is one hour shorter.
      const working = !weekend && !isFixedHoliday(day) && !transferredDaysOff(year).has(day)
      return { date: day, working, shortened: working && isFixedHoliday(addDays(day, 1)), source: 'fallback' }
    }
    const working = weekend ? lookup.working.has(day) : !lookup.nonWorking.has(day)
    return { date: day, working, shortened: working && lookup.shortened.has(day), source: lookup.source }
  }

  isWorkingDay(day: LocalDay): boolean {
    return this.isWorkingDayNumber(dayNumber(day))
  }

  private isWorkingDayNumber(n: number): boolean {
    let working = this.working.get(n)
    if (working === undefined) {
      working = this.describeDay(new Date(n * DAY_MS).toISOString().slice(0, 10)).working
      if (this.working.size >= DAYS_KEPT) this.working.clear()
      this.working.set(n, working)
    }
    return working
  }

  isShortened(day: LocalDay): boolean {
    return this.describeDay(day).shortened
  }

  /** The first working day strictly after `day`. */
  nextWorkingDay(day: LocalDay): LocalDay {
    return this.scan(day, 1)
  }

  /** The last working day strictly before `day`. */
  previousWorkingDay(day: LocalDay): LocalDay {
    return this.scan(day, -1)
  }

  /** Days strictly between `from` and `to` (either order) that are not working days. */
  nonWorkingDaysBetween(from: LocalDay, to: LocalDay): LocalDay[] {
    return this.daysBetween(from, to).filter((day) => !this.isWorkingDay(day))
  }

  /** Working days after `from` up to and including `to`; 0 when `to` is not after `from`. */
  countWorkingDays(from: LocalDay, to: LocalDay): number {
    const [first, last] = [dayNumber(from), dayNumber(to)]
    let count = 0
    for (let n = first + 1; n <= last; n++) if (this.isWorkingDayNumber(n)) count++
    return count
  }

  /** Years in [from, to] (either order) answered by the fallback rules, ascending. */
  fallbackYearsBetween(from: LocalDay, to: LocalDay): number[] {
    const [first, last] = [parseLocalDay(from).year, parseLocalDay(to).year].sort((a, b) => a - b)
    const years: number[] = []
    for (let year = first; year <= last; year++) if (!this.hasDataFor(year)) years.push(year)
    return years
  }

  private daysBetween(from: LocalDay, to: LocalDay): LocalDay[] {
    parseLocalDay(from)
    parseLocalDay(to) // validated: a malformed bound would never stop the loop below
    const [first, last] = from <= to ? [from, to] : [to, from]
    const days: LocalDay[] = []
    for (let day = addDays(first, 1); day < last; day = addDays(day, 1)) days.push(day)
    return days
  }

  private scan(day: LocalDay, step: 1 | -1): LocalDay {
    let candidate = day
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      candidate = addDays(candidate, step)
      if (this.isWorkingDay(candidate)) return candidate
    }
    throw new Error(`В производственном календаре нет рабочих дней рядом с ${day}`)
  }
}
