import { db } from '#app/utils/db.server'
import { getCalendar } from '#app/models/calendar.server'
import { isOpen, type ApplicationStatus } from '#workflows/statuses'
import { stageAlerts } from '#workflows/deadline-stages'
import { DEFAULT_DUE_SOON_WORKING_DAYS } from '#workflows/deadlines'
import { dueSoonWorkingDays } from '#app/models/school-settings.server'
import type { Task } from './worker.server'
import { jobPayload } from './payloads'

/**
 * Marks due-soon and overdue stages and notifies once per application, stage and level: the unique
 * DeadlineNotice row is written in the same transaction as the outbox letter, so a second run adds nothing.
 */
export async function sweepDeadlines(now = new Date()): Promise<number> {
  const calendar = await getCalendar()
  const open = await db.application.findMany({
    where: { closedAt: null },
    select: {
      id: true,
      schoolId: true,
      status: true,
      registrationDue: true,
      reviewDue: true,
      deliveryDue: true,
      school: { select: { timeZone: true } },
    },
  })
  const soonBySchool = new Map<string, number>()
  for (const schoolId of new Set(open.map((a) => a.schoolId))) soonBySchool.set(schoolId, await dueSoonWorkingDays(schoolId))
  const existing = new Set(
    (await db.deadlineNotice.findMany({ where: { applicationId: { in: open.map((a) => a.id) } } })).map(
      (n) => `${n.applicationId}|${n.stage}|${n.level}`,
    ),
  )
  let raised = 0
  for (const app of open) {
    const status = app.status as ApplicationStatus
    if (!isOpen(status)) continue
    for (const alert of stageAlerts(status, app, now, {
      calendar,
      timeZone: app.school.timeZone,
      dueSoonWorkingDays: soonBySchool.get(app.schoolId) ?? DEFAULT_DUE_SOON_WORKING_DAYS,
    })) {
      if (existing.has(`${app.id}|${alert.stage}|${alert.level}`)) continue
      try {
        await db.$transaction([
          db.deadlineNotice.create({ data: { applicationId: app.id, stage: alert.stage, level: alert.level } }),
          db.outboxJob.create({
            data: {
              kind: 'notify-staff',
              payload: jobPayload('notify-staff', {
                applicationId: app.id,
                role: alert.notify,
                reason: `deadline:${alert.stage}:${alert.level}`,
                due: alert.due.toISOString(),
              }),
              idempotencyKey: `${app.id}:deadline:${alert.stage}:${alert.level}`,
              schoolId: app.schoolId,
            },
          }),
        ])
        raised++
      } catch (error) {
        // Another sweep wrote it first: the unique index keeps it at one notice.
        if (!(error && typeof error === 'object' && 'code' in error && (error as { code: string }).code === 'P2002')) throw error
      }
    }
  }
  return raised
}

export const deadlineSweepTask: Task = { name: 'deadline-sweep', run: (now) => sweepDeadlines(now) }
