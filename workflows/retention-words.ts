// The words of the retention screen (/admin/retention): what the administrator confirms, the keeping period and what a
// run removed of the journals — the same names in the run table as in the purge's message (review rev-law10).
import { count } from './plural'

/** The keeping period: «1 год», «3 года», «5 лет». */
export const retentionYears = (n: number) => count(n, 'год', 'года', 'лет')

/** The confirmation's label: what goes — the records' personal data, the school's events, or both. */
export function retentionConfirmLabel(total: number, events: number): string {
  const what = [
    total > 0 ? `персональные данные ${count(total, 'записи', 'записей', 'записей')}` : '',
    events > 0 ? count(events, 'событие школы', 'события школы', 'событий школы') : '',
  ].filter(Boolean)
  const verb = total === 0 && events % 10 === 1 && events % 100 !== 11 ? 'будет удалено' : 'будут удалены'
  return `Понимаю: ${what.join(' и ')} ${verb} без возможности восстановления`
}

/** What a run removed of the journals: its row's columns (ADR 120), added class by class as they go. */
export type RunJournalCounts = {
  journalClasses: number
  journalLessons: number
  journalMarks: number
  journalAttendance: number
  journalComments: number
  journalTimetable: number
  journalPlannedHours: number
}

/** What a run removed of the journals, in words: «0» when nothing. */
export function runJournalsText(r: RunJournalCounts): string {
  const any = r.journalLessons + r.journalMarks + r.journalAttendance + r.journalComments + r.journalTimetable + r.journalPlannedHours
  if (r.journalClasses === 0 && any === 0) return '0'
  return (
    `классов: ${r.journalClasses}; ${count(r.journalLessons, 'урок', 'урока', 'уроков')}, отметок: ${r.journalMarks}, ` +
    `отметок о посещаемости: ${r.journalAttendance}, комментариев: ${r.journalComments}, строк расписания: ${r.journalTimetable}, ` +
    `планируемых часов: ${r.journalPlannedHours}`
  )
}
