// The schedule of a periodic application read from the database (Порядок 2.3): when the service started (the first
// hand-over), the academic year it belongs to, and the slots still to come. Shared by the worker that makes the
// extracts (app/jobs/periodic-deliveries.server.ts) and the application page, which shows what is coming.
import { db } from '#app/utils/db.server'
import { isPeriodic, scheduleFrom, type ScheduleContext } from '#workflows/periodic-schedule'
import { periodKindForGrade } from '#workflows/journal-rules'
import { localDateOf } from '#workflows/time'

export type ActiveApp = {
  id: string
  schoolId: string
  className: string
  periodicity: string
  delivery: string
  registeredAt: Date | null
  decidedAt: Date | null
  school: { timeZone: string }
}

/** The first hand-over started the periodic service: the schedule counts from it. */
export async function anchorOf(app: ActiveApp): Promise<Date> {
  const first = await db.applicationEvent.findFirst({
    where: { applicationId: app.id, event: 'DELIVER', invalid: false },
    orderBy: { at: 'asc' },
  })
  return first?.at ?? app.decidedAt ?? app.registeredAt ?? new Date(0)
}

/** The academic year the service belongs to (the one containing the first hand-over), its periods and holidays. */
export async function scheduleContext(app: ActiveApp, anchor: Date): Promise<ScheduleContext | null> {
  const day = localDateOf(anchor, app.school.timeZone)
  const years = await db.academicYear.findMany({ where: { schoolId: app.schoolId }, include: { periods: true, holidays: true } })
  const year = years.find((y) => y.startsOn <= day && day <= y.endsOn) ?? years.find((y) => y.current)
  if (!year) return null
  const kind = periodKindForGrade(Number.parseInt(app.className, 10) || 1)
  return {
    yearStartsOn: year.startsOn,
    yearEndsOn: year.endsOn,
    periods: year.periods.filter((p) => p.kind === kind).map((p) => ({ startsOn: p.startsOn, endsOn: p.endsOn })),
    breaks: year.holidays.map((h) => ({ startsOn: h.startsOn, endsOn: h.endsOn })),
    timeZone: app.school.timeZone,
  }
}

/** The next `count` slots of a periodic application (its page shows what is coming). */
export async function upcomingSlots(applicationId: string, now: Date, count = 3) {
  const app = await db.application.findUnique({
    where: { id: applicationId },
    select: {
      id: true,
      schoolId: true,
      className: true,
      periodicity: true,
      delivery: true,
      registeredAt: true,
      decidedAt: true,
      status: true,
      school: { select: { timeZone: true } },
    },
  })
  if (!app || app.status !== 'active' || !isPeriodic(app.periodicity)) return []
  const anchor = await anchorOf(app)
  const ctx = await scheduleContext(app, anchor)
  if (!ctx) return []
  return scheduleFrom(app.periodicity, anchor, ctx)
    .filter((s) => s.dueAt.getTime() > now.getTime())
    .slice(0, count)
}
