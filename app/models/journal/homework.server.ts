import { emptyReason, gradeOneReason, kindAllowedForGrade, rangeUnavailable, type ResolvedRange } from '#workflows/journal-rules'
import type { PupilContext } from './context.server'
import type { PupilLesson } from './lessons.server'
import type { HomeworkRow, KindResults } from './types'

/** «О задаваемых обучающемуся домашних заданиях в течение текущего учебного периода»: the shared lesson read, no query of its own. */
export async function homeworkInformation(
  ctx: PupilContext,
  range: ResolvedRange,
  lessons: () => Promise<PupilLesson[]>,
): Promise<NonNullable<KindResults['homework']>> {
  if (!kindAllowedForGrade('homework', ctx.pupil.grade)) return gradeOneReason('homework')
  const blocked = rangeUnavailable(range)
  if (blocked) return blocked
  const rows: HomeworkRow[] = (await lessons())
    .filter((l) => l.homework.trim() !== '')
    .map((l) => ({ date: l.date, subject: l.subject, text: l.homework, dueOn: l.homeworkDueOn }))
  return rows.length ? { available: true, rows } : emptyReason(range)
}
