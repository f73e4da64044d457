import { emptyReason, rangeUnavailable, type ResolvedRange } from '#workflows/journal-rules'
import type { PupilContext } from './context.server'
import type { PupilLesson } from './lessons.server'
import type { KindResults, TopicRow } from './types'

/** «О темах и видах занятий в текущем учебном периоде» (kept in the 1st grade too, Положение 3.7). */
export async function topicsInformation(
  _ctx: PupilContext,
  range: ResolvedRange,
  lessons: () => Promise<PupilLesson[]>,
): Promise<NonNullable<KindResults['topics']>> {
  const blocked = rangeUnavailable(range)
  if (blocked) return blocked
  const rows: TopicRow[] = (await lessons())
    .filter((l) => l.topic.trim() !== '')
    .map((l) => ({ date: l.date, subject: l.subject, topic: l.topic, kind: l.kind }))
  return rows.length ? { available: true, rows } : emptyReason(range)
}
