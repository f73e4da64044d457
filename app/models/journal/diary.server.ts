// The parent's e-diary (Порядок 2.5, Положение 2.5): a week like a paper diary, and the marks by subject for any
// period. Each view is a fixed number of Prisma calls whatever the number of lessons (no query per lesson).
import { db } from '#app/utils/db.server'
import { fullName } from '#app/models/school.server'
import { roomNumber } from '#app/utils/format'
import { addDays, localDateOf, type LocalDay } from '#workflows/time'
import { eventsForClass, type SchoolEventRow } from '#app/models/school-events.server'
import {
  emptyReason,
  gradeOneReason,
  kindAllowedForGrade,
  membershipGroupIds,
  periodKindForGrade,
  rangeUnavailable,
  timetableOn,
  visibleToPupil,
  weekdayLabel,
  type RangeInput,
  type ResolvedRange,
  type Unavailable,
} from '#workflows/journal-rules'
import { ALL_CHOICE, YEAR_CHOICE, chooseWeek, choosePeriod, holidayOn, lessonKindLabel, plannedLessons, weekDays } from '#workflows/diary'
import { bellsForShift, lessonTime } from '#workflows/bells'
import { schoolBells } from '#app/models/bells.server'
import { formatAverage, markFromAverage, weightedAverage } from '#workflows/forecast'
import { absenceText } from '#workflows/journal-rules'
import { loadPupilContext, rangeFor, type JournalOptions } from './context.server'
import { marksInformation } from './marks.server'
import { attendanceInformation } from './attendance.server'
import { classSchedule, type ClassSchedule } from './diary-schedule.server'
import { getForecast, getThresholds, type ForecastSubject } from './forecast.server'
import type { JournalPupil, KindResults, MarkRow } from './types'

const COMMENT_SELECT = {
  text: true,
  writtenAt: true,
  author: { select: { lastName: true, firstName: true, middleName: true } },
} as const
type CommentFields = { text: string; writtenAt: Date; author: { lastName: string; firstName: string; middleName: string } | null }

/** A teacher's comment or recommendation (Положение 2.10, ADR 067): its text, who wrote it and on which day. */
export type DiaryComment = { text: string; author: string; writtenOn: LocalDay }
/** `comment` only when the teacher wrote one (the mark's own fields stay as they were). */
export type DiaryMark = { value: string; workType: string; weight: number; comment?: DiaryComment }
export type DiaryLesson = {
  id: string
  period: number
  /** «08:30–09:15» from the bell schedule of the class's shift; '' when the school has not set it. */
  time: string
  subject: string
  room: string
  teacher: string
  /** Замена (Положение 4.4.3): the timetable's teacher when another one gave the lesson, else null. */
  replaces: string | null
  /** The lesson is not where the timetable in force puts it (перенос урока). */
  moved: boolean
  topic: string
  kind: string
  /** «Контрольная работа», «Лабораторная работа», «Практическая работа»; null for an ordinary lesson. */
  kindLabel: string | null
  homework: string
  /** The day the homework is due, 'YYYY-MM-DD', when the journal records it. */
  homeworkDueOn: string | null
  marks: DiaryMark[]
  /** «болезнь (уважительная причина: справка)», «отсутствие (без уважительной причины)», «опоздание» (absenceText); null when present. */
  absence: string | null
  /** The teacher's comments to the whole lesson and recommendations to this pupil about it (never another pupil's). */
  comments: Array<DiaryComment & { personal: boolean }>
}
/** A lesson of the timetable on a day the journal has not recorded it yet (today and later): no topic, no marks. */
export type PlannedLesson = { period: number; time: string; subject: string; room: string; teacher: string }
/** Homework due on a day, set at an earlier lesson (a paper diary writes it on the day it is due). */
export type DueHomework = { subject: string; homework: string; setOn: LocalDay }
export type DiaryDay = {
  date: LocalDay
  weekday: string
  today: boolean
  holiday: string | null
  lessons: DiaryLesson[]
  /** The timetable's lessons still to come that day (plannedLessons), beside the journal's own. */
  planned: PlannedLesson[]
  due: DueHomework[]
  /** School events of the day for the pupil's class or the whole school (Положение 3.6). */
  events: SchoolEventRow[]
}

export type DiaryWeek = {
  pupil: JournalPupil
  monday: LocalDay
  sunday: LocalDay
  /** The school's today: a day before it with no lesson is «not in the journal», one after it «none in the timetable». */
  today: LocalDay
  /** Null at the edges of the academic year. */
  previous: LocalDay | null
  next: LocalDay | null
  error: string | null
  /** Положение 3.7: the 1st grade has no marks and no homework in the journal. */
  gradeOneNote: string | null
  days: DiaryDay[]
}

/**
 * One week of the pupil's diary: each day's lessons of the pupil's own groups (Положение 4.4.9) with the room and
 * teacher of the timetable in force that day, topic, homework, the pupil's marks with work type and weight and the
 * absence; holidays named. `week` is the raw `?week=` value. Null when the pupil is not in this school.
 */
export async function getDiaryWeek(
  schoolId: string,
  pupilId: string,
  week: string | null,
  options: JournalOptions = {},
): Promise<DiaryWeek | null> {
  const ctx = await loadPupilContext(schoolId, pupilId, options)
  if (!ctx) return null
  const { monday, error } = chooseWeek(week, ctx.today, ctx.year)
  const days = weekDays(monday)
  const sunday = days[6]
  // Nothing after the leaving date (Положение 3.6: the diary shows the pupil's time in the school only).
  const until = ctx.pupil.leftOn && ctx.pupil.leftOn < sunday ? ctx.pupil.leftOn : sunday
  const groupIds = until < monday ? [] : membershipGroupIds(ctx.memberships, monday, until)
  const marksAllowed = kindAllowedForGrade('marks', ctx.pupil.grade)
  const homeworkAllowed = kindAllowedForGrade('homework', ctx.pupil.grade)
  const [lessons, entries, holidays, bells, due, events] = await Promise.all([
    groupIds.length === 0
      ? []
      : db.lesson.findMany({
          where: { groupId: { in: groupIds }, date: { gte: monday, lte: until } },
          select: {
            id: true,
            groupId: true,
            date: true,
            period: true,
            topic: true,
            kind: true,
            homework: true,
            homeworkDueOn: true,
            teacherId: true,
            subject: { select: { name: true } },
            teacher: { select: { lastName: true, firstName: true, middleName: true } },
            marks: {
              where: { pupilId: ctx.pupil.id },
              select: { value: true, workType: { select: { name: true, weight: true } }, comment: { select: COMMENT_SELECT } },
            },
            attendance: { where: { pupilId: ctx.pupil.id }, select: { kind: true, validReason: true, reason: true } },
            // Положение 3.6: the whole lesson's comments and this pupil's own recommendations; never another pupil's.
            comments: {
              where: { markId: null, OR: [{ pupilId: null }, { pupilId: ctx.pupil.id }] },
              select: { ...COMMENT_SELECT, pupilId: true },
              orderBy: { writtenAt: 'asc' },
            },
          },
          orderBy: [{ date: 'asc' }, { period: 'asc' }],
        }),
    groupIds.length === 0
      ? []
      : db.timetableEntry.findMany({
          where: { groupId: { in: groupIds }, validFrom: { lte: sunday }, OR: [{ validTo: null }, { validTo: { gte: monday } }] },
          select: {
            groupId: true,
            weekday: true,
            period: true,
            room: true,
            validFrom: true,
            validTo: true,
            teacherId: true,
            teacher: { select: { lastName: true, firstName: true, middleName: true } },
            subject: { select: { name: true } },
          },
        }),
    db.schoolHoliday.findMany({
      where: { academicYearId: ctx.year.id, startsOn: { lte: sunday }, endsOn: { gte: monday } },
      select: { name: true, startsOn: true, endsOn: true },
    }),
    schoolBells(schoolId),
    // Homework due this week, set at earlier lessons of the pupil's groups (the week's own lessons are in `lessons`).
    !homeworkAllowed || groupIds.length === 0
      ? []
      : db.lesson.findMany({
          where: { groupId: { in: groupIds }, homeworkDueOn: { gte: monday, lte: until }, date: { lt: monday }, homework: { not: '' } },
          select: { groupId: true, date: true, homework: true, homeworkDueOn: true, subject: { select: { name: true } } },
          orderBy: [{ date: 'asc' }, { period: 'asc' }],
        }),
    // Like the lessons: no event after the leaving date (the school's later events are not the family's any more).
    until < monday ? [] : eventsForClass(schoolId, ctx.pupil.classId, monday, until),
  ])
  const comment = (c: CommentFields): DiaryComment => ({
    text: c.text,
    author: c.author ? fullName(c.author) : '',
    writtenOn: localDateOf(c.writtenAt, ctx.timeZone),
  })
  const shiftBells = bellsForShift(bells, ctx.shift)
  const dueByDay = new Map<string, DueHomework[]>()
  const addDue = (day: string, item: DueHomework) => dueByDay.set(day, [...(dueByDay.get(day) ?? []), item])
  for (const l of visibleToPupil(due, ctx.memberships))
    addDue(l.homeworkDueOn!, { subject: l.subject.name, homework: l.homework, setOn: l.date })
  const byDay = new Map<string, DiaryLesson[]>()
  for (const l of visibleToPupil(lessons, ctx.memberships)) {
    const weekday = days.indexOf(l.date) + 1
    const inForce = timetableOn(entries, ctx.memberships, l.date).filter((e) => e.groupId === l.groupId)
    const entry = inForce.find((e) => e.weekday === weekday && e.period === l.period)
    const a = l.attendance[0]
    const list = byDay.get(l.date) ?? []
    if (
      homeworkAllowed &&
      l.homework &&
      l.homeworkDueOn &&
      l.homeworkDueOn >= monday &&
      l.homeworkDueOn <= until &&
      l.homeworkDueOn > l.date
    ) {
      addDue(l.homeworkDueOn, { subject: l.subject.name, homework: l.homework, setOn: l.date })
    }
    list.push({
      id: l.id,
      period: l.period,
      time: lessonTime(shiftBells, l.period),
      subject: l.subject.name,
      room: entry ? roomNumber(entry.room) : '',
      teacher: l.teacher ? fullName(l.teacher) : '',
      replaces: entry?.teacher && l.teacherId && entry.teacherId !== l.teacherId ? fullName(entry.teacher) : null,
      moved: !entry && inForce.length > 0,
      topic: l.topic,
      kind: l.kind,
      kindLabel: lessonKindLabel(l.kind),
      homework: homeworkAllowed ? l.homework : '',
      homeworkDueOn: homeworkAllowed && l.homework ? l.homeworkDueOn : null,
      marks: marksAllowed
        ? l.marks.map((m) => ({
            value: m.value,
            workType: m.workType.name,
            weight: m.workType.weight,
            ...(m.comment ? { comment: comment(m.comment) } : {}),
          }))
        : [],
      absence: a ? absenceText({ kind: a.kind, reason: a.reason, valid: a.validReason }) : null,
      comments: l.comments.map((c) => ({ ...comment(c), personal: c.pupilId !== null })),
    })
    byDay.set(l.date, list)
  }
  return {
    pupil: ctx.pupil,
    monday,
    sunday,
    today: ctx.today,
    previous: monday > ctx.year.startsOn ? addDays(monday, -7) : null,
    next: sunday < ctx.year.endsOn ? addDays(monday, 7) : null,
    error,
    gradeOneNote: marksAllowed
      ? null
      : 'В 1-х классах оценки и домашние задания в электронный журнал не ставятся (Положение об ЭЖ, п. 3.7).',
    days: days
      .map((date, i) => {
        const holiday = holidayOn(holidays, date)?.name ?? null
        const recorded = byDay.get(date) ?? []
        const planned =
          date > until
            ? []
            : plannedLessons(timetableOn(entries, ctx.memberships, date), {
                date,
                today: ctx.today,
                holiday: holiday !== null,
                recordedPeriods: recorded.map((l) => l.period),
              })
        return {
          date,
          weekday: weekdayLabel(i + 1),
          today: date === ctx.today,
          holiday,
          lessons: recorded,
          planned: planned.map((e) => ({
            period: e.period,
            time: lessonTime(shiftBells, e.period),
            subject: e.subject.name,
            room: roomNumber(e.room),
            teacher: e.teacher ? fullName(e.teacher) : '',
          })),
          due: dueByDay.get(date) ?? [],
          events: events.filter((e) => e.date === date),
        }
      })
      // Monday to Friday always; Saturday and Sunday only when today, with lessons, a holiday or an event (a five-day
      // week has empty weekends).
      .filter((d, i) => i < 5 || d.today || d.lessons.length > 0 || d.planned.length > 0 || d.holiday !== null || d.events.length > 0),
  }
}

export type PeriodOption = { value: string; label: string }

export type SubjectMarks = {
  subject: string
  /** Each mark with the teacher's comment to it (Положение 2.10), null when there is none. */
  marks: Array<MarkRow & { comment: DiaryComment | null }>
  averageText: string
  /** The forecast of the period (or year) mark, or null when a final mark stands or there are no marks. */
  forecast: string | null
  warnings: string[]
  /** Final marks of the year's reporting periods for this subject, in period order (Порядок 2.5 ¶7). */
  finals: Array<{ period: string; value: string }>
  /** The годовая отметка (Положение 4.4.6) once the journal holds it. */
  yearFinal: string | null
}

export type DiaryPeriod = {
  pupil: JournalPupil
  /** The `?period=` value shown: a period id, 'year' or 'all'. */
  selected: string
  options: PeriodOption[]
  range: ResolvedRange
  error: string | null
  notes: string[]
  /** The period chosen is closed: its final marks stand instead of forecasts. */
  closed: boolean
  result: { available: true; subjects: SubjectMarks[] } | Unavailable
  attendance: NonNullable<KindResults['attendance']>
  /** Control works of the period, the teachers of the class, the holidays of the year (Порядок 2.5). */
  schedule: ClassSchedule
}

/**
 * Marks by subject for a reporting period, the academic year or «за весь период ведения журнала» (Положение 2.5):
 * each subject's marks row, weighted average, forecast (Порядок 2.5 ¶5, Положение 9.2) and the final marks of the
 * year's periods. `period` is the raw `?period=` value (absent → the current period). Null when the pupil is not
 * in this school.
 */
export async function getDiaryPeriod(
  schoolId: string,
  pupilId: string,
  period: string | null,
  options: JournalOptions = {},
): Promise<DiaryPeriod | null> {
  const ctx = await loadPupilContext(schoolId, pupilId, options)
  if (!ctx) return null
  const ownPeriods = ctx.periods.filter((p) => p.kind === periodKindForGrade(ctx.pupil.grade)).sort((a, b) => a.ordinal - b.ordinal)
  const choices: PeriodOption[] = [
    ...ownPeriods.map((p) => ({ value: p.id, label: p.name })),
    { value: YEAR_CHOICE, label: `${ctx.year.name} учебный год` },
    { value: ALL_CHOICE, label: 'За весь период ведения журнала' },
  ]
  const { choice, error } = choosePeriod(
    period,
    ownPeriods.map((p) => p.id),
  )
  // «Весь период ведения журнала»: from the pupil's first group membership (the journal keeps the groups of every
  // year the pupil was taught) to the end of the current year.
  const firstDay = ctx.memberships.map((m) => m.fromDate).sort()[0] ?? ctx.year.startsOn
  const input: RangeInput = !choice
    ? 'current'
    : choice.kind === 'period'
      ? { periodId: choice.periodId }
      : choice.kind === 'year'
        ? { from: ctx.year.startsOn, to: ctx.year.endsOn }
        : { from: firstDay < ctx.year.startsOn ? firstDay : ctx.year.startsOn, to: ctx.year.endsOn }
  let range: ResolvedRange
  try {
    range = rangeFor(ctx, input)
  } catch (e) {
    // A year without periods: the year view instead of a failure.
    if (!(e instanceof RangeError)) throw e
    range = rangeFor(ctx, { from: ctx.year.startsOn, to: ctx.year.endsOn })
  }
  const selected = range.periodId ?? (choice?.kind === 'all' ? ALL_CHOICE : YEAR_CHOICE)
  const periodInfo = range.periodId ? (ownPeriods.find((p) => p.id === range.periodId) ?? null) : null
  // The year's own period (kind 'year') carries the годовые отметки; the year view forecasts and closes with it.
  const yearPeriod = ctx.periods.find((p) => p.kind === 'year') ?? null
  const forecastPeriod = periodInfo ?? (selected === YEAR_CHOICE ? yearPeriod : null)
  const attendancePromise = attendanceInformation(ctx, range)
  const base = {
    pupil: ctx.pupil,
    selected,
    options: choices,
    range,
    error,
    closed: forecastPeriod?.closed ?? false,
    schedule: await classSchedule(ctx, range),
  }

  if (!kindAllowedForGrade('marks', ctx.pupil.grade))
    return { ...base, notes: [], result: gradeOneReason('marks'), attendance: await attendancePromise }
  const blocked = rangeUnavailable(range)
  if (blocked) return { ...base, notes: [], result: blocked, attendance: await attendancePromise }

  const [marks, forecast, thresholds, finals, attendance, markComments] = await Promise.all([
    marksInformation(ctx, range),
    // The period forecast is the house's one (forecast.server.ts); the year and the whole journal average all marks.
    forecastPeriod ? getForecast(ctx.pupil.id, forecastPeriod.id, { ...options, schoolId, today: ctx.today }) : null,
    forecastPeriod ? null : getThresholds(ctx.schoolId),
    db.finalMark.findMany({
      where: { pupilId: ctx.pupil.id, periodId: { in: ctx.periods.map((p) => p.id) } },
      select: { value: true, periodId: true, subject: { select: { name: true } } },
    }),
    attendancePromise,
    // The comments to the pupil's own marks of the range (Положение 2.10); matched to the rows below.
    db.journalComment.findMany({
      where: { pupilId: ctx.pupil.id, markId: { not: null }, lesson: { date: { gte: range.from, lte: range.until } } },
      select: {
        ...COMMENT_SELECT,
        mark: {
          select: {
            value: true,
            workType: { select: { name: true } },
            lesson: { select: { date: true, subject: { select: { name: true } } } },
          },
        },
      },
    }),
  ])
  const commentsByMark = new Map<string, DiaryComment[]>()
  for (const c of markComments) {
    if (!c.mark) continue
    const key = `${c.mark.lesson.subject.name}|${c.mark.lesson.date}|${c.mark.workType.name}|${c.mark.value}`
    const item = { text: c.text, author: c.author ? fullName(c.author) : '', writtenOn: localDateOf(c.writtenAt, ctx.timeZone) }
    commentsByMark.set(key, [...(commentsByMark.get(key) ?? []), item])
  }
  // Each comment goes to one mark row of the same subject, day, work type and value (taken once).
  const commentOf = (m: MarkRow) => commentsByMark.get(`${m.subject}|${m.date}|${m.workType}|${m.mark}`)?.shift() ?? null
  const notes = forecast?.notes ?? (thresholds?.error ? [thresholds.error] : [])
  const rowsBySubject = new Map<string, MarkRow[]>()
  if (marks.available) for (const m of marks.rows) rowsBySubject.set(m.subject, [...(rowsBySubject.get(m.subject) ?? []), m])
  const forecastBySubject = new Map<string, ForecastSubject>()
  if (forecast?.result.available) for (const f of forecast.result.subjects) forecastBySubject.set(f.subject, f)
  const order = new Map(ctx.periods.map((p) => [p.id, p.kind === periodKindForGrade(ctx.pupil.grade) ? p.ordinal : 100 + p.ordinal]))
  const periodName = new Map(ctx.periods.map((p) => [p.id, p.name]))
  const finalsBySubject = new Map<string, Array<{ period: string; value: string; order: number }>>()
  const yearFinals = new Map<string, string>()
  for (const f of finals) {
    if (f.periodId === yearPeriod?.id) {
      yearFinals.set(f.subject.name, f.value)
      continue
    }
    const list = finalsBySubject.get(f.subject.name) ?? []
    list.push({ period: periodName.get(f.periodId) ?? '', value: f.value, order: order.get(f.periodId) ?? 0 })
    finalsBySubject.set(f.subject.name, list)
  }
  const names = new Set([
    ...rowsBySubject.keys(),
    ...forecastBySubject.keys(),
    ...(periodInfo ? [] : [...finalsBySubject.keys(), ...yearFinals.keys()]),
  ])
  if (names.size === 0) return { ...base, notes, result: emptyReason(range), attendance }
  const subjects: SubjectMarks[] = [...names]
    .sort((a, b) => a.localeCompare(b, 'ru'))
    .map((subject) => {
      const rows = rowsBySubject.get(subject) ?? []
      const f = forecastBySubject.get(subject)
      const average = f ? f.average : weightedAverage(rows.map((r) => ({ value: r.mark, weight: r.weight })))
      return {
        subject,
        marks: rows.map((m) => ({ ...m, comment: commentOf(m) })),
        averageText: formatAverage(average),
        forecast: f ? f.forecast : average === null ? null : markFromAverage(average, thresholds!.thresholds),
        warnings: f?.warnings ?? [],
        finals: (finalsBySubject.get(subject) ?? []).sort((a, b) => a.order - b.order).map(({ period, value }) => ({ period, value })),
        yearFinal: yearFinals.get(subject) ?? null,
      }
    })
  return { ...base, notes, result: { available: true, subjects }, attendance }
}
