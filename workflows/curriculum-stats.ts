// Lessons given against the curriculum (Порядок 2.5 ¶6 «статистическая оценка проведенных занятий на соответствие
// учебному плану», Положение 4.4.7, 4.6.4 «учет пройденного материала»): how many lessons the timetable plans over
// a range of school days, to be set against the lessons the journal holds. Pure.
import { addDays, weekdayOf, type LocalDay } from './time'

type Span = { startsOn: string; endsOn: string }

/** The days from `from` to `to` that are working days of the production calendar and not school holidays. */
export function schoolDaysBetween(
  from: LocalDay,
  to: LocalDay,
  isWorkingDay: (day: LocalDay) => boolean,
  holidays: readonly Span[],
): LocalDay[] {
  const days: LocalDay[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (!isWorkingDay(d) || holidays.some((h) => h.startsOn <= d && d <= h.endsOn)) continue
    days.push(d)
  }
  return days
}

/** Planned lessons per key over the days: each timetable entry (key, weekday) counts once on each of its weekdays. */
export function plannedLessons<K extends string>(
  entries: ReadonlyArray<{ key: K; weekday: number }>,
  days: readonly LocalDay[],
): Map<K, number> {
  const perWeekday = new Map<number, number>()
  for (const d of days) perWeekday.set(weekdayOf(d), (perWeekday.get(weekdayOf(d)) ?? 0) + 1)
  const planned = new Map<K, number>()
  for (const e of entries) planned.set(e.key, (planned.get(e.key) ?? 0) + (perWeekday.get(e.weekday) ?? 0))
  return planned
}
