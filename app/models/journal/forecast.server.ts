import { db } from '#app/utils/db.server'
import {
  emptyReason,
  gradeOneReason,
  isMemberOn,
  kindAllowedForGrade,
  leftNote,
  membershipGroupIds,
  rangeUnavailable,
  type RangeInput,
  type Unavailable,
} from '#workflows/journal-rules'
import { THRESHOLDS_SETTING_KEY, forecastSubject, parseThresholds, type SubjectForecast, type Thresholds } from '#workflows/forecast'
import { readSetting } from '#app/models/settings.server'
import { loadPupilContext, rangeFor, type JournalOptions } from './context.server'
import type { JournalPupil, ResolvedRange } from './types'

export type ForecastSubject = { subjectId: string; subject: string } & SubjectForecast

export type Forecast = {
  pupil: JournalPupil
  range: ResolvedRange
  period: { id: string; name: string; closed: boolean } | null
  thresholds: Thresholds
  notes: string[]
  result: { available: true; subjects: ForecastSubject[] } | Unavailable
}

/**
 * The year's own period (kind 'year', holding the годовые отметки) when a range of dates covers the whole of it,
 * else null: an extract «за учебный год» shows the year's forecast or final marks.
 */
export async function yearPeriodCovering(schoolId: string, range: { from: string; to: string }): Promise<string | null> {
  const year = await db.reportingPeriod.findFirst({
    where: { schoolId, kind: 'year', startsOn: { gte: range.from }, endsOn: { lte: range.to } },
    select: { id: true },
  })
  return year?.id ?? null
}

/** The school's thresholds of the 'forecast.thresholds' setting (the defaults when it is absent). */
export async function getThresholds(schoolId: string): Promise<{ thresholds: Thresholds; error: string | null }> {
  return parseThresholds(await readSetting(schoolId, THRESHOLDS_SETTING_KEY))
}

/**
 * Forecast of the period mark by subject (Положение 9.2, Порядок 2.5): the weighted average of the period's marks
 * rounded by the thresholds of the 'forecast.thresholds' setting; a closed period shows its FinalMark instead.
 * Subjects are those of the pupil's own groups' lessons in the period. A fixed number of queries.
 */
export async function getForecast(
  pupilId: string,
  period: string | 'current',
  options: JournalOptions & { schoolId?: string } = {},
): Promise<Forecast | null> {
  const ctx = await loadPupilContext(options.schoolId, pupilId, options)
  if (!ctx) return null
  const range = rangeFor(ctx, period === 'current' ? 'current' : ({ periodId: period } satisfies RangeInput))
  const info = range.periodId ? ctx.periods.find((p) => p.id === range.periodId)! : null
  const { thresholds, error } = await getThresholds(ctx.schoolId)
  const notes = [...(error ? [error] : []), ...(range.leftOn ? [leftNote(range.leftOn)] : [])]
  const base = { pupil: ctx.pupil, range, period: info && { id: info.id, name: info.name, closed: info.closed }, thresholds, notes }
  if (!kindAllowedForGrade('marks', ctx.pupil.grade)) return { ...base, result: gradeOneReason('marks') }
  const blocked = rangeUnavailable(range)
  if (blocked) return { ...base, result: blocked }

  const groupIds = membershipGroupIds(ctx.memberships, range.from, range.until)
  const inRange = { groupId: { in: groupIds }, date: { gte: range.from, lte: range.until } }
  const [lessons, marks, finals] = await Promise.all([
    db.lesson.findMany({
      where: inRange,
      distinct: ['groupId', 'subjectId'],
      select: { groupId: true, date: true, subject: { select: { id: true, name: true, minMarks: true } } },
    }),
    db.mark.findMany({
      where: { pupilId: ctx.pupil.id, lesson: inRange },
      select: {
        value: true,
        workType: { select: { weight: true, written: true } },
        lesson: { select: { groupId: true, date: true, subjectId: true } },
      },
    }),
    info
      ? db.finalMark.findMany({
          where: { pupilId: ctx.pupil.id, periodId: info.id },
          select: { value: true, subject: { select: { id: true, name: true, minMarks: true } } },
        })
      : [],
  ])
  // Subjects: those the pupil was taught in the period (any lesson of a group they belonged to), plus any with a final mark.
  const subjects = new Map<string, { name: string; minMarks: number }>()
  const memberGroups = new Set(groupIds)
  for (const l of lessons) if (memberGroups.has(l.groupId)) subjects.set(l.subject.id, l.subject)
  for (const f of finals) subjects.set(f.subject.id, f.subject)
  if (subjects.size === 0) return { ...base, result: emptyReason(range) }

  const bySubject = new Map<string, Array<{ value: string; weight: number; written: boolean }>>()
  for (const m of marks) {
    if (!isMemberOn(ctx.memberships, m.lesson.groupId, m.lesson.date)) continue
    const list = bySubject.get(m.lesson.subjectId) ?? []
    list.push({ value: m.value, weight: m.workType.weight, written: m.workType.written })
    bySubject.set(m.lesson.subjectId, list)
  }
  const finalOf = new Map(finals.map((f) => [f.subject.id, f.value]))
  const rows: ForecastSubject[] = [...subjects]
    .map(([subjectId, s]) => ({
      subjectId,
      subject: s.name,
      ...forecastSubject({
        marks: bySubject.get(subjectId) ?? [],
        minMarks: s.minMarks,
        thresholds,
        closed: info?.closed ?? false,
        final: finalOf.get(subjectId),
      }),
    }))
    .sort((a, b) => a.subject.localeCompare(b.subject, 'ru'))
  return { ...base, result: { available: true, subjects: rows } }
}
