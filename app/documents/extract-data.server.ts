// Journal information (app/models/journal) → the rows of the extract template (Положение 6.4).
import { getForecast, getJournalInformation, yearPeriodCovering, type RangeInput } from '#app/models/journal/index.server'
import { formatDay } from '#app/utils/format'
import type { Application } from '#app/generated/prisma/client'
import { formatDate, formatDateTime, formatDecimal, joinSentences } from './format'
import type { SchoolDocContext } from './school-block.server'
import type { SubjectForecast } from '#workflows/forecast'
import type { ExtractData, ExtractSection, ForecastRow } from './types'
import { parseKinds, parseSnapshot } from '#app/models/json-columns'

const weight = (w: number) => (Number.isInteger(w) ? String(w) : formatDecimal(w, 1))

export function className(name: string): string {
  const m = /^(\d+)(.+)$/.exec(name)
  return m ? `${m[1]} «${m[2]}»` : name
}

/** One row of the forecast table; the warnings are whole sentences (workflows/forecast.ts). */
export function forecastRow(
  s: { subject: string } & Pick<SubjectForecast, 'status' | 'averageText' | 'forecast' | 'final' | 'warnings'>,
): ForecastRow {
  return {
    subject: s.subject,
    weightedAverage: s.averageText,
    forecast: s.status === 'final' ? `${s.final} (итоговая)` : (s.forecast ?? '—'),
    warning: joinSentences(s.warnings),
  }
}

/** Kinds refused by a partial decision (Порядок 3.1.2): they are in the refusal notice, not in the extract. */
export function refusedKindsOf(app: Pick<Application, 'snapshot'>): string[] {
  return parseSnapshot(app.snapshot).context.refusedKinds ?? []
}

export async function buildExtractData(app: Application, ctx: SchoolDocContext, range: RangeInput, now: Date): Promise<ExtractData> {
  if (!app.pupilId) throw new Error('Обучающийся из заявления не найден в журнале: выписку сформировать нельзя')
  const refused = refusedKindsOf(app)
  const kinds = parseKinds(app.kinds).filter((k) => k !== 'access' && !refused.includes(k))
  const info = await getJournalInformation(app.schoolId, app.pupilId, kinds, range)
  if (!info) throw new Error('Обучающийся не найден в журнале школы')
  // The forecast follows the extract's period; a range covering the whole year takes the year's own period (its
  // годовые отметки once set); any other date range the current period's forecast.
  const forecastPeriod =
    typeof range === 'object' && 'periodId' in range
      ? range.periodId
      : (info.range.periodId ?? (await yearPeriodCovering(app.schoolId, info.range)) ?? 'current')
  const forecast = kinds.includes('marks') ? await getForecast(app.pupilId, forecastPeriod, { schoolId: app.schoolId }) : null
  const k = info.kinds
  const sections: Record<ExtractSection, boolean> = {
    marks: k.marks?.available === true,
    timetable: k.timetable?.available === true,
    homework: k.homework?.available === true,
    topics: k.topics?.available === true,
    attendance: k.attendance?.available === true,
    forecast: forecast?.result.available === true,
  }
  const overall = k.attendance?.available ? k.attendance.totals.overall : null
  return {
    school: ctx.school,
    pupil: { fullName: info.pupil.name, className: className(info.pupil.className) },
    // «2 четверть, 2026/2027 учебный год (с … по …)»; a range of dates is not named twice («с … по …, … (с … по …)»).
    period: {
      label: info.range.periodId ? `${info.range.label}, ${info.yearName} учебный год` : `${info.yearName} учебный год`,
      from: formatDay(info.range.from),
      to: formatDay(info.range.until),
    },
    application: {
      number: app.registrationNumber ? String(app.registrationNumber) : app.receiptNumber,
      date: formatDate(app.registeredAt ?? app.receivedAt, ctx.timeZone),
    },
    sections,
    marks: k.marks?.available
      ? k.marks.rows.map((r) => ({
          date: formatDay(r.date),
          subject: r.subject,
          topic: r.topic,
          workType: r.workType,
          weight: weight(r.weight),
          mark: r.mark,
        }))
      : [],
    timetable: k.timetable?.available
      ? k.timetable.rows.map((r) => ({
          weekday: r.weekdayLabel,
          lesson: String(r.period),
          time: r.time,
          subject: r.subject,
          group: r.group === 'весь класс' ? '' : r.group,
          room: r.room,
        }))
      : [],
    homework: k.homework?.available
      ? k.homework.rows.map((r) => ({
          date: formatDay(r.date),
          subject: r.subject,
          text: r.dueOn ? `${r.text} (к ${formatDay(r.dueOn)})` : r.text,
        }))
      : [],
    topics: k.topics?.available
      ? k.topics.rows.map((r) => ({ date: formatDay(r.date), subject: r.subject, topic: r.topic, kind: r.kind }))
      : [],
    attendance: k.attendance?.available
      ? k.attendance.rows.map((r) => ({
          date: formatDay(r.date),
          subject: r.subject,
          kind: r.kindLabel,
          reason: r.reason || (r.valid ? 'уважительная' : ''),
        }))
      : [],
    attendanceTotals: {
      missed: String(overall?.missed ?? 0),
      excused: String(overall?.valid ?? 0),
      unexcused: String(overall?.invalid ?? 0),
      late: String(overall?.late ?? 0),
    },
    forecast: forecast?.result.available ? forecast.result.subjects.map(forecastRow) : [],
    certification: { position: `Директор ${ctx.school.shortName}`, name: ctx.school.directorShort, date: formatDate(now, ctx.timeZone) },
    generatedAt: formatDateTime(now, ctx.timeZone),
  }
}
