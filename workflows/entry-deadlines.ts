// Положение 4.4.1: when a mark is due in the journal. A lesson's marks on the day of the lesson, by 16:00; a written
// work's (сочинения included) within a week of the day it was written. A control work of the internal quality
// monitoring (ВШК) has 3 days, but nothing in the journal tells a ВШК work from a teacher's own control work, which
// is a written work too: the week applies to both, so nothing the Положение allows is ever called late.
// Регламент 2: «во время проведения урока или в течение текущего учебного дня» — a lesson that ends after 16:00
// (the second shift) is due by the end of its day.
import { addDays, endOfLocalDay, parseLocalDateTime, type LocalDay } from './time'

const SAME_DAY_UNTIL = '16:00'
const WRITTEN_WORK_DAYS = 7
/** Lesson kinds whose marks are for a written, laboratory, practical or control work. */
const WRITTEN_LESSON_KINDS = ['контрольная', 'лабораторная', 'практическая']

type MarkEntry = {
  lessonDate: LocalDay
  lessonKind: string
  /** The mark's work type is a written, laboratory, practical or control work («Виды оценок», WorkType.written). */
  writtenWork: boolean
  /** 'HH:MM' the lesson ends by the class's bells; null when the bells do not say. */
  lessonEndsAt: string | null
}

const isWrittenWork = (m: Pick<MarkEntry, 'lessonKind' | 'writtenWork'>) => m.writtenWork || WRITTEN_LESSON_KINDS.includes(m.lessonKind)

/** The last instant a mark is on time in the journal (Положение 4.4.1). */
export function markDueAt(m: MarkEntry, timeZone: string): Date {
  if (isWrittenWork(m)) return endOfLocalDay(addDays(m.lessonDate, WRITTEN_WORK_DAYS), timeZone)
  if (m.lessonEndsAt && m.lessonEndsAt > SAME_DAY_UNTIL) return endOfLocalDay(m.lessonDate, timeZone)
  return parseLocalDateTime(`${m.lessonDate}T${SAME_DAY_UNTIL}`, timeZone)
}

export const isLateMark = (m: MarkEntry, setAt: Date, timeZone: string) => setAt.getTime() > markDueAt(m, timeZone).getTime()
