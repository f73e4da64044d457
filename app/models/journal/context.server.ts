import { db } from '#app/utils/db.server'
import { fullName } from '#app/models/school.server'
import { localDateOf } from '#workflows/time'
import { resolveRange, type Membership, type PeriodInfo, type RangeInput, type ResolvedRange } from '#workflows/journal-rules'
import type { JournalPupil } from './types'
import { scopeLessonWhere, type JournalScope } from '#workflows/journal-scope'

export type JournalOptions = {
  /** The school day to treat as today ('YYYY-MM-DD'); defaults to today in the school's time zone. */
  today?: string
  /** A subject teacher's part of the journal (ADR 108): marks and attendance of those lessons only, absences without their cause. */
  scope?: JournalScope | null
}

export type PupilContext = {
  schoolId: string
  today: string
  pupil: JournalPupil
  year: { id: string; name: string; startsOn: string; endsOn: string }
  periods: PeriodInfo[]
  memberships: Membership[]
  /** The class's shift (смена): which bell schedule its lessons follow. */
  shift: number
  /** The school's time zone: the day a comment was written is that day there. */
  timeZone: string
  /** A subject teacher's part of the journal; null — everything. */
  scope: JournalScope | null
}

/**
 * The pupil, their class, the academic year with its periods and the pupil's group memberships: one Prisma call
 * (a fixed handful of SQL statements). Null when the pupil is not in this school.
 */
export async function loadPupilContext(
  schoolId: string | undefined,
  pupilId: string,
  options: JournalOptions = {},
): Promise<PupilContext | null> {
  const row = await db.pupil.findFirst({
    where: { id: pupilId, ...(schoolId ? { schoolId } : {}) },
    include: {
      school: { select: { timeZone: true } },
      class: { include: { academicYear: { include: { periods: true } } } },
      memberships: { select: { groupId: true, fromDate: true, toDate: true } },
    },
  })
  if (!row) return null
  const year = row.class.academicYear
  return {
    schoolId: row.schoolId,
    today: options.today ?? localDateOf(new Date(), row.school.timeZone),
    pupil: {
      id: row.id,
      name: fullName(row),
      classId: row.classId,
      className: row.class.name,
      grade: row.class.grade,
      birthDate: row.birthDate,
      enrolledOn: row.enrolledOn,
      leftOn: row.leftOn,
    },
    year: { id: year.id, name: year.name, startsOn: year.startsOn, endsOn: year.endsOn },
    periods: year.periods.map((p) => ({
      id: p.id,
      name: p.name,
      kind: p.kind,
      ordinal: p.ordinal,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      closed: p.closed,
    })),
    memberships: row.memberships,
    shift: row.class.shift,
    timeZone: row.school.timeZone,
    scope: options.scope ?? null,
  }
}

export function rangeFor(ctx: PupilContext, input: RangeInput): ResolvedRange {
  return resolveRange(input, { periods: ctx.periods, grade: ctx.pupil.grade, today: ctx.today, leftOn: ctx.pupil.leftOn })
}

/** The lessons of a pupil's groups in the range a reader may see (a subject teacher's scope, ADR 108): marks, attendance. */
export function pupilLessonWhere(ctx: PupilContext, groupIds: string[], range: ResolvedRange) {
  return {
    groupId: { in: groupIds },
    date: { gte: range.from, lte: range.until },
    ...(ctx.scope ? scopeLessonWhere(ctx.scope) : {}),
  }
}
