// The pupil card for staff: marks by subject, attendance and forecasts for one reporting period.
import { db } from '#app/utils/db.server'
import { periodKindForGrade } from '#workflows/journal-rules'
import { getJournalInformation } from './index.server'
import { getForecast } from './forecast.server'
import type { MarkRow } from './types'

export async function getPupilCard(schoolId: string, pupilId: string, periodId: string | null, options: { today?: string } = {}) {
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
  const bySubject = new Map<string, MarkRow[]>()
  if (marks.available) for (const m of marks.rows) bySubject.set(m.subject, [...(bySubject.get(m.subject) ?? []), m])
  return {
    pupil: info.pupil,
    range: info.range,
    notes: [...new Set([...info.notes, ...forecast.notes])],
    periods,
    marks: marks.available
      ? {
          available: true as const,
          subjects: [...bySubject].sort(([a], [b]) => a.localeCompare(b, 'ru')).map(([subject, rows]) => ({ subject, rows })),
        }
      : marks,
    attendance: info.kinds.attendance!,
    forecast: forecast.result,
    periodClosed: forecast.period?.closed ?? false,
  }
}

export type PupilCard = NonNullable<Awaited<ReturnType<typeof getPupilCard>>>

/** The pupil's current class, for the access check before anything else is read. */
export async function pupilClassId(schoolId: string, pupilId: string): Promise<string | null> {
  const p = await db.pupil.findFirst({ where: { id: pupilId, schoolId }, select: { classId: true } })
  return p?.classId ?? null
}
