// The parent's e-diary (Порядок 2.5, Положение 2.5): which week and which period a request asks for.
// Pure rules, tested date by date in diary.test.ts; a bad parameter never fails the page, it falls back with a
// Russian message.
import { addDays, formatDate, isLocalDay, weekdayOf, type LocalDay } from './time'

/** The Monday of the week that holds `day`. */
export function mondayOf(day: LocalDay): LocalDay {
  return addDays(day, 1 - weekdayOf(day))
}

type WeekChoice = { monday: LocalDay; error: string | null }

/**
 * `?week=YYYY-MM-DD` (any day of the week) → its Monday; absent → this week; malformed or outside the academic
 * year → this week (clamped to the year) with a Russian message.
 */
export function chooseWeek(param: string | null, today: LocalDay, year: { startsOn: string; endsOn: string; name: string }): WeekChoice {
  const clamp = (d: LocalDay) => mondayOf(d < year.startsOn ? year.startsOn : d > year.endsOn ? year.endsOn : d)
  if (param === null || param === '') return { monday: clamp(today), error: null }
  if (!isLocalDay(param))
    return { monday: clamp(today), error: 'Неделя указана неверно: нужна дата в виде ГГГГ-ММ-ДД. Показана текущая неделя.' }
  if (param < mondayOf(year.startsOn) || param > year.endsOn) {
    return { monday: clamp(today), error: `Неделя ${formatDate(param)} вне ${year.name} учебного года. Показана текущая неделя.` }
  }
  return { monday: mondayOf(param), error: null }
}

/** The seven days of the week starting on `monday`. */
export function weekDays(monday: LocalDay): LocalDay[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i))
}

type HolidaySpan = { name: string; startsOn: string; endsOn: string }

/** The holiday (каникулы or a public holiday) a day falls in, or null. */
export function holidayOn(holidays: readonly HolidaySpan[], day: LocalDay): HolidaySpan | null {
  return holidays.find((h) => h.startsOn <= day && day <= h.endsOn) ?? null
}

const LESSON_KIND_LABELS: Record<string, string> = {
  контрольная: 'Контрольная работа',
  лабораторная: 'Лабораторная работа',
  практическая: 'Практическая работа',
}

/** The work a lesson is marked as in the journal (Положение 4.4.8: control, laboratory, practical works); null for «урок». */
export function lessonKindLabel(kind: string): string | null {
  return Object.hasOwn(LESSON_KIND_LABELS, kind) ? LESSON_KIND_LABELS[kind] : kind && kind !== 'урок' ? kind : null
}

/** The choices of the period switch: the reporting periods of the pupil's grade, the year, and «весь период» (Положение 2.5). */
type PeriodChoice = { kind: 'period'; periodId: string } | { kind: 'year' } | { kind: 'all' }

export const YEAR_CHOICE = 'year'
export const ALL_CHOICE = 'all'

/**
 * `?period=` → a choice. Absent → the current period (null: the caller resolves it); an unknown value → the current
 * period with a Russian message.
 */
export function choosePeriod(param: string | null, periodIds: readonly string[]): { choice: PeriodChoice | null; error: string | null } {
  if (param === null || param === '') return { choice: null, error: null }
  if (param === YEAR_CHOICE) return { choice: { kind: 'year' }, error: null }
  if (param === ALL_CHOICE) return { choice: { kind: 'all' }, error: null }
  if (periodIds.includes(param)) return { choice: { kind: 'period', periodId: param }, error: null }
  return { choice: null, error: 'Учебный период не найден. Показан текущий период.' }
}

type TimetableSlot = { groupId: string; weekday: number; period: number }

/**
 * The timetable's lessons of a day the journal has not recorded yet, as a paper diary has the week's timetable written
 * in ahead (Порядок 2.5: the timetable is part of the diary). Only for today and later (a past day without a lesson
 * in the journal is not guessed), never on a holiday, and never for a period the journal already has a lesson in (a
 * lesson given, replaced or moved into it). `inForce` is the timetable in force that day for the pupil's own groups.
 */
export function plannedLessons<T extends TimetableSlot>(
  inForce: readonly T[],
  day: { date: LocalDay; today: LocalDay; holiday: boolean; recordedPeriods: readonly number[] },
): T[] {
  if (day.holiday || day.date < day.today) return []
  const weekday = weekdayOf(day.date)
  return inForce
    .filter((e) => e.weekday === weekday && !day.recordedPeriods.includes(e.period))
    .sort((a, b) => a.period - b.period || a.groupId.localeCompare(b.groupId))
}
