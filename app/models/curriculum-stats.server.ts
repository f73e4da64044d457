// «Статистика проведённых занятий»: per class and subject (per group where the class is split), the lessons the
// timetable plans for a reporting period, the lessons planned up to today and the lessons the journal holds.
// Read-only, for the deputy director (Положение 4.6.4) and the director. Four Prisma calls and the calendar.
import { db } from '#app/utils/db.server'
import { getCalendar } from '#app/models/calendar.server'
import { localDateOf } from '#workflows/time'
import { periodKindForGrade } from '#workflows/journal-rules'
import { plannedLessons, schoolDaysBetween } from '#workflows/curriculum-stats'

type CurriculumRow = {
  subject: string
  group: string
  plannedPeriod: number
  plannedToDate: number
  given: number
  difference: number
  /** Hours of the imported calendar-thematic plan (КТП) for the period; null when none was imported (ADR 059). */
  ktp: number | null
}

export async function getCurriculumStats(
  schoolId: string,
  classId: string | null,
  periodId: string | null,
  classTeacherId: string | null = null,
) {
  const year = await db.academicYear.findFirst({
    where: { schoolId, current: true },
    include: {
      periods: { orderBy: { ordinal: 'asc' } },
      holidays: true,
      // A class teacher's reports: the classes they lead only (ADR 068).
      classes: {
        where: classTeacherId ? { classTeacherId } : undefined,
        orderBy: [{ grade: 'asc' }, { letter: 'asc' }],
        select: { id: true, name: true, grade: true },
      },
      school: { select: { timeZone: true } },
    },
  })
  if (!year) return null
  const cls = year.classes.find((c) => c.id === classId) ?? year.classes[0]
  if (!cls) return null
  const periods = year.periods.filter((p) => p.kind === periodKindForGrade(cls.grade) || p.kind === 'year')
  const today = localDateOf(new Date(), year.school.timeZone)
  const period =
    periods.find((p) => p.id === periodId) ??
    periods.find((p) => p.kind !== 'year' && p.startsOn <= today && today <= p.endsOn) ??
    periods[0]
  const base = {
    classes: year.classes.map((c) => ({ id: c.id, name: c.name })),
    classId: cls.id,
    className: cls.name,
    periods: periods.map((p) => ({ id: p.id, name: p.name })),
    today,
  }
  if (!period) return { ...base, periodId: null, periodName: '', rows: [] as CurriculumRow[] }
  const toDate = today < period.endsOn ? today : period.endsOn
  // The year's КТП: its own row, else the sum of the class's period rows (a plan is imported per quarter or half).
  const ktpPeriods = period.kind === 'year' ? periods.map((p) => p.id) : [period.id]
  const [entries, lessons, calendar, planned] = await Promise.all([
    db.timetableEntry.findMany({
      where: {
        group: { classId: cls.id },
        validFrom: { lte: period.endsOn },
        OR: [{ validTo: null }, { validTo: { gte: period.startsOn } }],
      },
      select: {
        groupId: true,
        weekday: true,
        validFrom: true,
        validTo: true,
        subject: { select: { name: true } },
        group: { select: { name: true, wholeClass: true } },
      },
    }),
    db.lesson.groupBy({
      by: ['groupId', 'subjectId'],
      where: { group: { classId: cls.id }, date: { gte: period.startsOn, lte: toDate } },
      _count: { _all: true },
    }),
    getCalendar(),
    db.plannedHours.findMany({
      where: { group: { classId: cls.id }, periodId: { in: ktpPeriods } },
      select: { groupId: true, periodId: true, hours: true, subject: { select: { name: true } } },
    }),
  ])
  const ownKtp = new Map<string, number>()
  const partsKtp = new Map<string, number>()
  for (const h of planned) {
    const key = `${h.groupId}|${h.subject.name}`
    const into = h.periodId === period.id ? ownKtp : partsKtp
    into.set(key, (into.get(key) ?? 0) + h.hours)
  }
  // The period's own КТП row; for the year, an explicit «Год» row wins over the sum of its quarters or halves.
  const ktpOf = (key: string) => ownKtp.get(key) ?? partsKtp.get(key) ?? null
  const subjects = await db.subject.findMany({ where: { id: { in: lessons.map((l) => l.subjectId) } }, select: { id: true, name: true } })
  const subjectName = new Map(subjects.map((s) => [s.id, s.name]))
  const working = (d: string) => calendar.isWorkingDay(d)
  // Entries change over the year (validFrom/validTo): each counts over its own days only.
  const count = (to: string) => {
    const total = new Map<string, number>()
    for (const e of entries) {
      const from = e.validFrom > period.startsOn ? e.validFrom : period.startsOn
      const until = e.validTo && e.validTo < to ? e.validTo : to
      if (until < from) continue
      const key = `${e.groupId}|${e.subject.name}`
      const n = plannedLessons([{ key, weekday: e.weekday }], schoolDaysBetween(from, until, working, year.holidays)).get(key) ?? 0
      total.set(key, (total.get(key) ?? 0) + n)
    }
    return total
  }
  const plannedPeriod = count(period.endsOn)
  const plannedToDate = count(toDate)
  const given = new Map(lessons.map((l) => [`${l.groupId}|${subjectName.get(l.subjectId) ?? ''}`, l._count._all]))
  const groupName = new Map(entries.map((e) => [e.groupId, e.group.wholeClass ? '' : e.group.name]))
  for (const h of planned) if (!groupName.has(h.groupId)) groupName.set(h.groupId, '')
  const keys = new Set([...plannedPeriod.keys(), ...given.keys(), ...ownKtp.keys(), ...partsKtp.keys()])
  const rows: CurriculumRow[] = [...keys]
    .map((key) => {
      const [groupId, subject] = key.split('|')
      const g = given.get(key) ?? 0
      const p = plannedToDate.get(key) ?? 0
      return {
        subject,
        group: groupName.get(groupId) ?? '',
        plannedPeriod: plannedPeriod.get(key) ?? 0,
        plannedToDate: p,
        given: g,
        difference: g - p,
        ktp: ktpOf(key),
      }
    })
    .sort((a, b) => a.subject.localeCompare(b.subject, 'ru') || a.group.localeCompare(b.group, 'ru'))
  return { ...base, periodId: period.id, periodName: period.name, from: period.startsOn, to: period.endsOn, toDate, rows }
}
