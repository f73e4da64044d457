// «Мой пароль скомпрометирован». Регламент 3.3: the participant tells the director within one working day;
// Регламент 1.16: every operation made with the account from that moment on is invalid. The parent may name an
// earlier moment when the breach happened; the report itself is the latest possible one. All in one transaction:
// the account is locked, its sessions end, the director is notified (outbox) and the operations are marked.
import { db } from '#app/utils/db.server'
import type { SessionUser } from '#app/utils/auth.server'
import { OperationError } from './errors'

export type CompromiseResult = { compromisedAt: Date; lockedAt: Date; invalidAuditEvents: number; invalidApplicationEvents: number }

const MAX_BACK_MS = 400 * 24 * 3_600_000 // a school year and a bit: older than that is a typing mistake

export async function reportCompromise(args: { user: Pick<SessionUser, 'id' | 'schoolId' | 'login' | 'displayName'>; since?: Date | null; now?: Date; ip?: string }): Promise<CompromiseResult> {
  const now = args.now ?? new Date()
  const since = args.since ?? now
  if (Number.isNaN(since.getTime())) throw new OperationError('Неверные дата и время', 400, { since: 'Неверные дата и время' })
  if (since.getTime() > now.getTime() + 60_000) throw new OperationError('Момент компрометации не может быть в будущем', 400, { since: 'Момент компрометации не может быть в будущем' })
  if (now.getTime() - since.getTime() > MAX_BACK_MS) throw new OperationError('Укажите момент в пределах последнего года', 400, { since: 'Укажите момент в пределах последнего года' })
  const userId = args.user.id
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { compromisedAt: true } })
    // A second report can only move the moment earlier, never forgive what was already marked.
    const compromisedAt = before.compromisedAt && before.compromisedAt < since ? before.compromisedAt : since
    await tx.user.update({ where: { id: userId }, data: { lockedAt: now, compromisedAt } })
    await tx.session.deleteMany({ where: { userId } })
    const audit = await tx.auditEvent.updateMany({ where: { userId, at: { gte: compromisedAt } }, data: { invalid: true } })
    const events = await tx.applicationEvent.updateMany({ where: { actorUserId: userId, at: { gte: compromisedAt } }, data: { invalid: true } })
    await tx.outboxJob.create({
      data: {
        kind: 'notify-staff',
        payload: JSON.stringify({
          role: 'director', reason: 'account-compromised', userId, login: args.user.login, name: args.user.displayName,
          compromisedAt: compromisedAt.toISOString(), reportedAt: now.toISOString(),
          invalidAuditEvents: audit.count, invalidApplicationEvents: events.count,
        }),
        idempotencyKey: `compromise:${userId}:${now.toISOString()}`,
      },
    })
    // Written after the marking, so the report itself stays valid.
    await tx.auditEvent.create({
      data: { schoolId: args.user.schoolId, userId, action: 'report-compromise', entity: 'user', entityId: userId, ip: args.ip ?? '', at: now, data: JSON.stringify({ compromisedAt: compromisedAt.toISOString(), invalidAuditEvents: audit.count, invalidApplicationEvents: events.count }) },
    })
    return { compromisedAt, lockedAt: now, invalidAuditEvents: audit.count, invalidApplicationEvents: events.count }
  })
}
