// The pupil card for staff: marks by subject, attendance and forecasts for one reporting period.
import { db } from '#app/utils/db.server'
import { periodKindForGrade } from '#workflows/journal-rules'
import { getJournalInformation } from './index.server'
import { getForecast } from './forecast.server'
import type { MarkRow } from './types'
import { forecastSubjects, type JournalScope } from '#workflows/journal-scope'

/** What a subject teacher is told on the card: why other subjects, dates and causes of absences are not there. */
const SUBJECT_TEACHER_NOTE =
  'Показаны отметки и посещаемость на уроках, которые вы ведёте у обучающегося (по расписанию — за время, когда вы ведёте ' +
  'предмет в группе, и уроки, которые вы провели на замене), прогноз — по предметам, которые вы ведёте сейчас: ' +
  'учитель-предметник работает на страницах журнала своих классов и групп по своему предмету (Регламент ведения ЭЖ, ' +
  '«Общие правила ведения учета»). Причина пропуска показана как «уважительная» или «неуважительная»: сведения о здоровье ' +
  'видят классный руководитель и администрация. Все предметы видит классный руководитель.'

/** `scope`: a subject teacher's part of the class's journal (classJournalScope); null or absent — everything. */
export async function getPupilCard(
  schoolId: string,
  pupilId: string,
  periodId: string | null,
  { scope = null, ...options }: { today?: string; scope?: JournalScope | null } = {},
) {
  const pupil = await db.pupil.findFirst({
    where: { id: pupilId, schoolId },
    select: {
      class: { select: { grade: true, academicYearId: true } },
      memberships: { select: { groupId: true, fromDate: true, toDate: true } },
    },
  })
  if (!pupil) return null
  const periods = await db.reportingPeriod.findMany({
    where: { academicYearId: pupil.class.academicYearId, kind: periodKindForGrade(pupil.class.grade) },
    orderBy: { ordinal: 'asc' },
    select: { id: true, name: true },
  })
  const period = periods.find((p) => p.id === periodId)?.id ?? 'current'
  const [info, forecast] = await Promise.all([
    getJournalInformation(schoolId, pupilId, ['marks', 'attendance'], period === 'current' ? 'current' : { periodId: period }, {
      ...options,
      scope,
    }),
    getForecast(pupilId, period, { schoolId, ...options }),
  ])
  if (!info || !forecast) return null
  const marks = info.kinds.marks!
  const bySubject = new Map<string, MarkRow[]>()
  if (marks.available) for (const m of marks.rows) bySubject.set(m.subject, [...(bySubject.get(m.subject) ?? []), m])
  const result = forecast.result
  const forecastIds = scope ? forecastSubjects(scope, pupil.memberships, info.range) : null
  const forecastShown =
    result.available && forecastIds ? { ...result, subjects: result.subjects.filter((f) => forecastIds.includes(f.subjectId)) } : result
  const attendance = info.kinds.attendance!
  return {
    pupil: info.pupil,
    range: info.range,
    notes: [...new Set([...info.notes, ...forecast.notes, ...(scope ? [SUBJECT_TEACHER_NOTE] : [])])],
    periods,
    marks: marks.available
      ? {
          available: true as const,
          subjects: [...bySubject].sort(([a], [b]) => a.localeCompare(b, 'ru')).map(([subject, rows]) => ({ subject, rows })),
        }
      : marks,
    attendance,
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
