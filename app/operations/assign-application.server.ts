import { db, withBusyRetry } from '#app/utils/db.server'
import { can } from '#app/utils/permissions'
import type { OperationActor } from './actor'
import { CONFLICT_MESSAGE, OperationError } from './errors'

/**
 * Who works on an application (the queue's «мои» filter). Not a step of the procedure, so the machine is not
 * asked; but it is versioned like one (a second employee taking it at the same moment gets the conflict message)
 * and written to the audit trail.
 */
export async function assignApplication(args: {
  applicationId: string
  schoolId: string
  actor: OperationActor
  staffId: string | null
  expectedVersion?: number
  now?: Date
}) {
  if (!can(args.actor.roles, 'process:application:any'))
    throw new OperationError('Недостаточно прав: назначать исполнителя может ответственный работник или директор', 403)
  const staff = args.staffId ? await db.staff.findFirst({ where: { id: args.staffId, schoolId: args.schoolId } }) : null
  if (args.staffId && !staff) throw new OperationError('Сотрудник не найден', 400)
  return withBusyRetry(() =>
    db.$transaction(async (tx) => {
      const app = await tx.application.findFirst({ where: { id: args.applicationId, schoolId: args.schoolId } })
      if (!app) throw new OperationError('Заявление не найдено', 404)
      if (args.expectedVersion !== undefined && app.version !== args.expectedVersion) throw new OperationError(CONFLICT_MESSAGE, 409)
      const updated = await tx.application.updateMany({
        where: { id: app.id, version: app.version },
        data: { assigneeId: staff?.id ?? null, version: app.version + 1 },
      })
      if (updated.count !== 1) throw new OperationError(CONFLICT_MESSAGE, 409)
      const name = staff ? [staff.lastName, staff.firstName, staff.middleName].filter(Boolean).join(' ') : ''
      await tx.applicationEvent.create({
        data: {
          applicationId: app.id,
          at: args.now ?? new Date(),
          actorUserId: args.actor.userId,
          actorName: args.actor.name,
          event: 'ASSIGN',
          fromStatus: app.status,
          toStatus: app.status,
          data: JSON.stringify({ assigneeId: staff?.id ?? null, assignee: name }),
        },
      })
      return tx.application.findUniqueOrThrow({ where: { id: app.id } })
    }),
  )
}
