import { db } from '#app/utils/db.server'
import { roomNumber } from '#app/utils/format'
import { fullName } from '#app/models/school.server'
import { bellsOfShift } from '#app/models/bells.server'
import { lessonTime } from '#workflows/bells'
import { emptyTimetableReason, membershipGroupIds, timetableOn, weekdayLabel } from '#workflows/journal-rules'
import type { PupilContext } from './context.server'
import type { KindResults, TimetableRow } from './types'

/**
 * «О расписании занятий на текущий учебный год»: the entries in force today (or on the leaving date of a pupil
 * who left) for the pupil's groups on that day. One Prisma call.
 */
export async function timetableInformation(ctx: PupilContext): Promise<NonNullable<KindResults['timetable']>> {
  const clamp = [ctx.today, ctx.pupil.leftOn, ctx.year.endsOn].filter((d): d is string => !!d).sort()[0]
  const day = clamp < ctx.year.startsOn ? ctx.year.startsOn : clamp
  const groupIds = membershipGroupIds(ctx.memberships, day, day)
  const [entries, bells] = await Promise.all([
    groupIds.length === 0
      ? []
      : db.timetableEntry.findMany({
          where: { groupId: { in: groupIds }, validFrom: { lte: day }, OR: [{ validTo: null }, { validTo: { gte: day } }] },
          select: {
            groupId: true,
            weekday: true,
            period: true,
            room: true,
            validFrom: true,
            validTo: true,
            subject: { select: { name: true } },
            group: { select: { name: true, wholeClass: true } },
            teacher: { select: { lastName: true, firstName: true, middleName: true } },
          },
        }),
    bellsOfShift(ctx.schoolId, ctx.shift),
  ])
  const rows: TimetableRow[] = timetableOn(entries, ctx.memberships, day)
    .sort((a, b) => a.weekday - b.weekday || a.period - b.period || a.subject.name.localeCompare(b.subject.name, 'ru'))
    .map((e) => ({
      weekday: e.weekday,
      weekdayLabel: weekdayLabel(e.weekday),
      period: e.period,
      time: lessonTime(bells, e.period),
      subject: e.subject.name,
      group: e.group.wholeClass ? 'весь класс' : e.group.name,
      room: roomNumber(e.room),
      teacher: e.teacher ? fullName(e.teacher) : '',
    }))
  return rows.length ? { available: true, rows, validOn: day } : emptyTimetableReason(ctx.year.name)
}
