// Итоговые отметки (Положение об ЭЖ, разд. 5): when they are due and which period a class's final marks belong to.
import type { ProductionCalendar } from './calendar'
import { formatDate, type LocalDay } from './time'

/** Положение 5.4: «Итоговые отметки выставляются не позднее 2-х рабочих дней до окончания учебного периода». */
const FINAL_MARKS_LEAD_WORKING_DAYS = 2

/**
 * The last day final marks of a period ending on `endsOn` are on time: two working days of the production calendar
 * before the end (a period ending on Friday 24.10 → Wednesday 22.10; before a holiday the days off are skipped).
 */
export function finalMarksDeadline(calendar: ProductionCalendar, endsOn: LocalDay): LocalDay {
  let day = endsOn
  for (let i = 0; i < FINAL_MARKS_LEAD_WORKING_DAYS; i++) day = calendar.previousWorkingDay(day)
  return day
}

/** The warning for final marks written after the deadline, naming the date; null when on time. */
export function lateFinalMarksWarning(
  calendar: ProductionCalendar,
  period: { name: string; endsOn: LocalDay },
  today: LocalDay,
): string | null {
  const deadline = finalMarksDeadline(calendar, period.endsOn)
  if (today <= deadline) return null
  return (
    `Итоговые отметки за период «${period.name}» выставляются не позднее ${formatDate(deadline)} — ` +
    `за 2 рабочих дня до окончания периода ${formatDate(period.endsOn)} (Положение об ЭЖ, п. 5.4). ` +
    `Сегодня ${formatDate(today)}: отметки будут загружены, но с опозданием.`
  )
}

/** «год», «за год», «годовая» name the year's own period (kind 'year'); anything else is matched by the period's name. */
export function isYearWord(value: string): boolean {
  return /^(за\s+)?(учебный\s+)?год(овая|овые)?(\s+отметка)?$/i.test(value.trim())
}
