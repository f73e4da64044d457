// The journal module's door: what the school may tell a parent about one pupil, computed from the journal.
// Each kind costs a fixed number of queries whatever the number of marks or lessons (bench/journal/run.ts).
import { KINDS, leftNote, type Kind, type RangeInput } from '#workflows/journal-rules'
import { loadPupilContext, rangeFor, type JournalOptions } from './context.server'
import { lessonLoader } from './lessons.server'
import { marksInformation } from './marks.server'
import { timetableInformation } from './timetable.server'
import { homeworkInformation } from './homework.server'
import { topicsInformation } from './topics.server'
import { attendanceInformation } from './attendance.server'
import { accessInformation } from './access.server'
import type { JournalInformation, KindResults } from './types'

export { KINDS, KIND_LABELS, isKind, type Kind, type RangeInput, type ResolvedRange, type Unavailable } from '#workflows/journal-rules'
export type * from './types'
export type { JournalOptions } from './context.server'
export { getForecast, yearPeriodCovering, type Forecast, type ForecastSubject } from './forecast.server'

/**
 * The requested kinds of information for one pupil over a range: `{from, to}` dates, `{periodId}` or 'current'
 * (the pupil's current quarter or half). Null when the pupil is not in this school. Throws RangeError for an
 * unknown period or reversed dates.
 */
export async function getJournalInformation(
  schoolId: string,
  pupilId: string,
  kinds: readonly Kind[],
  range: RangeInput,
  options: JournalOptions = {},
): Promise<JournalInformation | null> {
  const ctx = await loadPupilContext(schoolId, pupilId, options)
  if (!ctx) return null
  const resolved = rangeFor(ctx, range)
  const lessons = lessonLoader(ctx, resolved)
  const wanted = KINDS.filter((k) => kinds.includes(k))
  const build: { [K in Kind]: () => Promise<NonNullable<KindResults[K]>> } = {
    marks: () => marksInformation(ctx, resolved),
    timetable: () => timetableInformation(ctx),
    homework: () => homeworkInformation(ctx, resolved, lessons),
    topics: () => topicsInformation(ctx, resolved, lessons),
    attendance: () => attendanceInformation(ctx, resolved),
    access: () => accessInformation(ctx),
  }
  const results = await Promise.all(wanted.map(async (k) => [k, await build[k]()] as const))
  return {
    pupil: ctx.pupil,
    range: resolved,
    yearName: ctx.year.name,
    notes: resolved.leftOn ? [leftNote(resolved.leftOn)] : [],
    kinds: Object.fromEntries(results) as KindResults,
  }
}
