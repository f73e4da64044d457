import { db } from '#app/utils/db.server'
import {
  emptyReason,
  gradeOneReason,
  isMemberOn,
  kindAllowedForGrade,
  membershipGroupIds,
  rangeUnavailable,
  type ResolvedRange,
} from '#workflows/journal-rules'
import { pupilLessonWhere, type PupilContext } from './context.server'
import type { KindResults, MarkRow } from './types'

/** «О темах и видах занятий и работ, по результатам которых получены оценки»: one Prisma call. */
export async function marksInformation(ctx: PupilContext, range: ResolvedRange): Promise<NonNullable<KindResults['marks']>> {
  if (!kindAllowedForGrade('marks', ctx.pupil.grade)) return gradeOneReason('marks')
  const blocked = rangeUnavailable(range)
  if (blocked) return blocked
  const groupIds = membershipGroupIds(ctx.memberships, range.from, range.until)
  const marks =
    groupIds.length === 0
      ? []
      : await db.mark.findMany({
          where: {
            pupilId: ctx.pupil.id,
            lesson: pupilLessonWhere(ctx, groupIds, range),
          },
          select: {
            value: true,
            workType: { select: { name: true, weight: true } },
            lesson: { select: { groupId: true, date: true, period: true, topic: true, kind: true, subject: { select: { name: true } } } },
          },
        })
  const rows: Array<MarkRow & { period: number }> = marks
    .filter((m) => isMemberOn(ctx.memberships, m.lesson.groupId, m.lesson.date))
    .map((m) => ({
      date: m.lesson.date,
      period: m.lesson.period,
      subject: m.lesson.subject.name,
      topic: m.lesson.topic,
      lessonKind: m.lesson.kind,
      workType: m.workType.name,
      weight: m.workType.weight,
      mark: m.value,
    }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.period - b.period || a.subject.localeCompare(b.subject, 'ru'))
  if (rows.length === 0) return emptyReason(range)
  return { available: true, rows: rows.map(({ period: _period, ...row }) => row) }
}
