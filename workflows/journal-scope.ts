// What of a class's journal a subject teacher reads (ADR 100, ADR 108): the lessons of a group's subject over the
// dates they taught it by the timetable, and the lessons they gave themselves (a substitute, Положение 4.4.3).
// Pure: the database reads the rows, this decides.
import { periodKindForGrade } from './journal-rules'
import { addDays } from './time'

/** A group's subject the teacher keeps over a span of school days ('YYYY-MM-DD'); `to` null — still teaching it. */
type ScopeWindow = { groupId: string; subjectId: string; from: string; to: string | null }

/** A subject teacher's part of a class's journal; null in its place means the whole class. */
export type JournalScope = { staffId: string; windows: ScopeWindow[] }

type Period = { kind: string; startsOn: string; endsOn: string }

/**
 * The windows of a teacher's timetable rows in a class. A row read from its first day to its last («Действует по»);
 * a teacher who takes a group over mid-period reads the period from its start, since they set and justify its
 * final mark (Положение 4.4.6, 5.1). Overlapping windows of a pair are merged.
 */
export function scopeWindows(
  rows: ReadonlyArray<{ groupId: string; subjectId: string; validFrom: string; validTo: string | null }>,
  periods: readonly Period[],
  grade: number,
): ScopeWindow[] {
  const own = periods.filter((p) => p.kind === periodKindForGrade(grade))
  const windows = rows.map((r) => {
    const period = own.find((p) => p.startsOn <= r.validFrom && r.validFrom <= p.endsOn)
    const from = period && period.startsOn < r.validFrom ? period.startsOn : r.validFrom
    return { groupId: r.groupId, subjectId: r.subjectId, from, to: r.validTo }
  })
  windows.sort((a, b) => a.groupId.localeCompare(b.groupId) || a.subjectId.localeCompare(b.subjectId) || a.from.localeCompare(b.from))
  const merged: ScopeWindow[] = []
  for (const w of windows) {
    const last = merged.at(-1)
    if (last && last.groupId === w.groupId && last.subjectId === w.subjectId && (last.to === null || last.to >= w.from)) {
      if (last.to !== null && (w.to === null || w.to > last.to)) last.to = w.to
    } else merged.push({ ...w })
  }
  return merged
}

/** Whether a lesson is in the teacher's part of the journal. */
export function lessonInScope(
  scope: JournalScope,
  lesson: { groupId: string; subjectId: string; date: string; teacherId: string | null },
): boolean {
  if (lesson.teacherId === scope.staffId) return true
  return scope.windows.some(
    (w) =>
      w.groupId === lesson.groupId && w.subjectId === lesson.subjectId && w.from <= lesson.date && (w.to === null || lesson.date <= w.to),
  )
}

/**
 * Whether a subject teacher opens a pupil's card (ADR 115): the pupil was a member of a group of their windows during
 * it, or of the group of a lesson they gave on its day — a substitute who gave one lesson to a group reads that
 * group's pupils, not every pupil of the class (Положение 4.4.3; 152-ФЗ ст. 5 ч. 5). `given` are the (group, day) of
 * the lessons they gave in the class; `traced` — the pupil has a mark or an attendance record on a lesson in their part
 * of the journal (a pupil the journal names with no membership kept).
 */
export function pupilInScope(
  scope: JournalScope,
  memberships: ReadonlyArray<{ groupId: string; fromDate: string; toDate: string | null }>,
  given: ReadonlyArray<{ groupId: string; date: string }>,
  traced = false,
): boolean {
  if (traced) return true
  const overlaps = (m: { fromDate: string; toDate: string | null }, from: string, to: string | null) =>
    m.fromDate <= (to ?? '\uffff') && (m.toDate ?? '\uffff') >= from
  return memberships.some(
    (m) =>
      scope.windows.some((w) => w.groupId === m.groupId && overlaps(m, w.from, w.to)) ||
      given.some((l) => l.groupId === m.groupId && overlaps(m, l.date, l.date)),
  )
}

/** The same as a database filter on lessons (Prisma's LessonWhereInput shape). */
export function scopeLessonWhere(scope: JournalScope) {
  return {
    OR: [
      { teacherId: scope.staffId },
      ...scope.windows.map((w) => ({ groupId: w.groupId, subjectId: w.subjectId, date: { gte: w.from, ...(w.to ? { lte: w.to } : {}) } })),
    ],
  }
}

/**
 * The subjects whose forecast or final mark for a period the teacher reads: those they teach a group the pupil
 * belongs to, by the timetable and the membership dates, at the end of the range read — the teacher who sets that
 * mark (Положение 4.4.6). A range that runs to the period's end (`until` = `to`) counts its last week, not its last
 * calendar day: a quarter ending on a Sunday (or in the holidays) keeps the teacher whose row ends on the Friday. A
 * range read while the period runs counts its last day (today). A teacher who left mid-period, gave single lessons as
 * a substitute, or teaches a group the pupil left (another group of the subject, Положение 4.4.9) does not: the
 * average would take in another teacher's marks.
 */
export function forecastSubjects(
  scope: JournalScope,
  memberships: ReadonlyArray<{ groupId: string; fromDate: string; toDate: string | null }>,
  range: { from: string; to: string; until: string },
): string[] {
  const lastWeek = addDays(range.until, -6)
  const lo = range.until !== range.to ? range.until : lastWeek > range.from ? lastWeek : range.from
  const hi = range.until
  const ids = scope.windows
    .filter((w) =>
      memberships.some((m) => {
        if (m.groupId !== w.groupId) return false
        const start = [lo, w.from, m.fromDate].reduce((a, b) => (a > b ? a : b))
        const end = [hi, w.to ?? hi, m.toDate ?? hi].reduce((a, b) => (a < b ? a : b))
        return start <= end
      }),
    )
    .map((w) => w.subjectId)
  return [...new Set(ids)]
}

/**
 * An attendance record as a subject teacher reads it: whether the absence is excused, not its cause — «болезнь»
 * and the note are health data (152-ФЗ ст. 10), which the class teacher and the administration keep (Положение
 * 4.3.1: the class teacher tells subject teachers about absences).
 */
export function withoutCause<T extends { kind: string; reason?: string }>(row: T): T {
  return { ...row, kind: row.kind === 'ill' ? 'absent' : row.kind, ...(row.reason === undefined ? {} : { reason: '' }) }
}
