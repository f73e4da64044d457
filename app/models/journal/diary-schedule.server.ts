// What the period view tells besides marks (Порядок 2.5): the schedule of control works of the period (график
// контрольных работ), the teachers who work with the pupil's class and groups, and the holiday schedule (график
// каникул). Three Prisma calls, run together.
import { db } from '#app/utils/db.server'
import { fullName } from '#app/models/school.server'
import { membershipGroupIds, timetableOn, visibleToPupil, type ResolvedRange } from '#workflows/journal-rules'
import type { PupilContext } from './context.server'

export type ClassSchedule = {
  /** Control works held or planned in the period, in date order. */
  controlWorks: Array<{ date: string; subject: string; topic: string }>
  /** Subject → the teachers of the pupil's groups in the timetable in force. */
  teachers: Array<{ subject: string; teachers: string[] }>
  holidays: Array<{ name: string; startsOn: string; endsOn: string }>
}

export async function classSchedule(ctx: PupilContext, range: ResolvedRange): Promise<ClassSchedule> {
  const until = ctx.pupil.leftOn && ctx.pupil.leftOn < range.to ? ctx.pupil.leftOn : range.to
  const groupIds = until < range.from ? [] : membershipGroupIds(ctx.memberships, range.from, until)
  // The timetable of the day the view stands for: today inside the range, else its last day.
  const day = ctx.today < range.from ? range.from : ctx.today > until ? until : ctx.today
  const dayGroups = membershipGroupIds(ctx.memberships, day, day)
  const [works, entries, holidays] = await Promise.all([
    groupIds.length === 0
      ? []
      : db.lesson.findMany({
          where: { groupId: { in: groupIds }, date: { gte: range.from, lte: until }, kind: 'контрольная' },
          select: { groupId: true, date: true, topic: true, subject: { select: { name: true } } },
          orderBy: [{ date: 'asc' }, { period: 'asc' }],
        }),
    dayGroups.length === 0
      ? []
      : db.timetableEntry.findMany({
          where: { groupId: { in: dayGroups }, validFrom: { lte: day }, OR: [{ validTo: null }, { validTo: { gte: day } }] },
          select: {
            groupId: true,
            validFrom: true,
            validTo: true,
            subject: { select: { name: true } },
            teacher: { select: { lastName: true, firstName: true, middleName: true } },
          },
        }),
    db.schoolHoliday.findMany({
      where: { academicYearId: ctx.year.id },
      select: { name: true, startsOn: true, endsOn: true },
      orderBy: { startsOn: 'asc' },
    }),
  ])
  const teachers = new Map<string, Set<string>>()
  for (const e of timetableOn(entries, ctx.memberships, day)) {
    if (!e.teacher) continue
    teachers.set(e.subject.name, (teachers.get(e.subject.name) ?? new Set()).add(fullName(e.teacher)))
  }
  return {
    controlWorks: visibleToPupil(works, ctx.memberships).map((w) => ({ date: w.date, subject: w.subject.name, topic: w.topic })),
    teachers: [...teachers]
      .sort(([a], [b]) => a.localeCompare(b, 'ru'))
      .map(([subject, names]) => ({ subject, teachers: [...names].sort() })),
    holidays,
  }
}
