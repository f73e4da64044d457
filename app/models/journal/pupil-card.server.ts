// The pupil card for staff: marks by subject, attendance and forecasts for one reporting period.
import { db } from '#app/utils/db.server'
import { periodKindForGrade } from '#workflows/journal-rules'
import { getJournalInformation } from './index.server'
import { getForecast } from './forecast.server'
import type { MarkRow } from './types'

/** What a subject teacher is told on the card: why other subjects are not there. */
const SUBJECT_TEACHER_NOTE =
  'Показаны отметки и прогноз по предметам, которые вы ведёте у обучающегося: учитель-предметник работает на страницах журнала ' +
  'своих классов и групп по своему предмету (Регламент ведения ЭЖ, «Общие правила ведения учета»); все предметы видит ' +
  'классный руководитель.'

/**
 * `subjectIds`: the subjects whose marks and forecasts the reader sees (a subject teacher's, pupilSubjectsTaughtBy);
 * null or absent — every subject.
 */
export async function getPupilCard(
  schoolId: string,
  pupilId: string,
  periodId: string | null,
  { subjectIds = null, ...options }: { today?: string; subjectIds?: string[] | null } = {},
) {
  const pupil = await db.pupil.findFirst({
    where: { id: pupilId, schoolId },
    select: { class: { select: { grade: true, academicYearId: true } } },
  })
  if (!pupil) return null
  const periods = await db.reportingPeriod.findMany({
    where: { academicYearId: pupil.class.academicYearId, kind: periodKindForGrade(pupil.class.grade) },
    orderBy: { ordinal: 'asc' },
    select: { id: true, name: true },
  })
  const period = periods.find((p) => p.id === periodId)?.id ?? 'current'
  const [info, forecast] = await Promise.all([
    getJournalInformation(schoolId, pupilId, ['marks', 'attendance'], period === 'current' ? 'current' : { periodId: period }, options),
    getForecast(pupilId, period, { schoolId, ...options }),
  ])
  if (!info || !forecast) return null
  const marks = info.kinds.marks!
  const shown = subjectIds
    ? new Set(
        (await db.subject.findMany({ where: { schoolId, id: { in: subjectIds } }, select: { name: true } })).map((subject) => subject.name),
      )
    : null
  const bySubject = new Map<string, MarkRow[]>()
  if (marks.available) {
    for (const m of marks.rows) if (!shown || shown.has(m.subject)) bySubject.set(m.subject, [...(bySubject.get(m.subject) ?? []), m])
  }
  const result = forecast.result
  const forecastShown =
    result.available && subjectIds ? { ...result, subjects: result.subjects.filter((f) => subjectIds.includes(f.subjectId)) } : result
  return {
    pupil: info.pupil,
    range: info.range,
    notes: [...new Set([...info.notes, ...forecast.notes, ...(subjectIds ? [SUBJECT_TEACHER_NOTE] : [])])],
    periods,
    marks: marks.available
      ? {
          available: true as const,
          subjects: [...bySubject].sort(([a], [b]) => a.localeCompare(b, 'ru')).map(([subject, rows]) => ({ subject, rows })),
        }
      : marks,
    attendance: info.kinds.attendance!,
    forecast: forecastShown,
    periodClosed: forecast.period?.closed ?? false,
  }
}

export type PupilCard = NonNullable<Awaited<ReturnType<typeof getPupilCard>>>

/** The pupil's current class, for the access check before anything else is read. */
export async function pupilClassId(schoolId: string, pupilId: string): Promise<string | null> {
  const p = await db.pupil.findFirst({ where: { id: pupilId, schoolId }, select: { classId: true } })
  return p?.classId ?? null
}

/**
 * The subjects of a pupil a subject teacher keeps the journal of: those of the teacher's groups and subjects in the
 * class (classJournalScope) whose group the pupil is or was a member of.
 */
export async function pupilSubjectsIn(pupilId: string, scope: Array<{ groupId: string; subjectId: string }>): Promise<string[]> {
  const memberships = await db.groupMembership.findMany({
    where: { pupilId, groupId: { in: scope.map((p) => p.groupId) } },
    select: { groupId: true },
  })
  const groups = new Set(memberships.map((m) => m.groupId))
  return [...new Set(scope.filter((p) => groups.has(p.groupId)).map((p) => p.subjectId))]
}
