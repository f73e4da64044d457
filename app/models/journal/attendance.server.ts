import { db } from '#app/utils/db.server'
import {
  ATTENDANCE_KIND_LABELS,
  attendanceTotals,
  emptyReason,
  isMemberOn,
  membershipGroupIds,
  rangeUnavailable,
  type ResolvedRange,
} from '#workflows/journal-rules'
import { pupilLessonWhere, type PupilContext } from './context.server'
import { withoutCause } from '#workflows/journal-scope'
import type { AttendanceRow, KindResults } from './types'

/** «О посещаемости занятий обучающимся», with totals by subject and by month: one Prisma call (two without absences). */
export async function attendanceInformation(ctx: PupilContext, range: ResolvedRange): Promise<NonNullable<KindResults['attendance']>> {
  const blocked = rangeUnavailable(range)
  if (blocked) return blocked
  const groupIds = membershipGroupIds(ctx.memberships, range.from, range.until)
  const records =
    groupIds.length === 0
      ? []
      : await db.attendance.findMany({
          where: {
            pupilId: ctx.pupil.id,
            lesson: pupilLessonWhere(ctx, groupIds, range),
          },
          select: {
            kind: true,
            reason: true,
            validReason: true,
            lesson: { select: { groupId: true, date: true, period: true, subject: { select: { name: true } } } },
          },
        })
  const rows: AttendanceRow[] = records
    .filter((a) => isMemberOn(ctx.memberships, a.lesson.groupId, a.lesson.date))
    .sort((a, b) => a.lesson.date.localeCompare(b.lesson.date) || a.lesson.period - b.lesson.period)
    // A subject teacher reads whether an absence is excused, not its cause (health data, 152-ФЗ ст. 10; ADR 108).
    .map((a) => (ctx.scope ? withoutCause(a) : a))
    .map((a) => ({
      date: a.lesson.date,
      subject: a.lesson.subject.name,
      kind: a.kind,
      kindLabel: ATTENDANCE_KIND_LABELS[a.kind] ?? a.kind,
      reason: a.reason,
      valid: a.validReason,
    }))
  if (rows.length === 0) {
    // The journal records absences and lateness only: with lessons held and nothing recorded, the pupil missed
    // none — that is information («пропусков нет»), not its absence. Without lessons in the period there is none.
    const held =
      groupIds.length === 0
        ? 0
        : await db.lesson.count({
            where: pupilLessonWhere(ctx, groupIds, range),
          })
    if (held === 0) return emptyReason(range)
  }
  return {
    available: true,
    rows,
    totals: attendanceTotals(rows.map((r) => ({ date: r.date, subject: r.subject, kind: r.kind, valid: r.valid }))),
  }
}
