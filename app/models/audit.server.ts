import { db } from '#app/utils/db.server'

type AuditInput = {
  schoolId: string
  userId?: string | null
  action: string
  entity?: string
  entityId?: string
  ip?: string
  data?: Record<string, unknown>
}

/** The row of an audit event: for recordAudit, and for operations that write it inside their own transaction. */
export function auditRow(input: AuditInput) {
  return {
    schoolId: input.schoolId,
    userId: input.userId ?? null,
    action: input.action,
    entity: input.entity ?? '',
    entityId: input.entityId ?? '',
    ip: input.ip ?? '',
    data: JSON.stringify(input.data ?? {}),
  }
}

export async function recordAudit(input: AuditInput, tx: Pick<typeof db, 'auditEvent'> = db): Promise<void> {
  await tx.auditEvent.create({ data: auditRow(input) })
}

/**
 * A look at personal data (a staff page of an application or a pupil). Remix loads a page again after every action
 * on it, so each view-then-action wrote «просмотр заявления» twice (issue 19, item 9), and a reload wrote it again.
 * The same user looking at the same object with the same details from the same address within VIEW_REPEAT_MS of
 * the last recorded look is that same look: it is not written again. Any other user, object, period or address is.
 */
export const VIEW_REPEAT_MS = 10 * 60_000

export async function recordView(input: AuditInput, now = new Date()): Promise<void> {
  const row = auditRow(input)
  const since = new Date(now.getTime() - VIEW_REPEAT_MS)
  const same = await db.auditEvent.findFirst({
    where: {
      schoolId: row.schoolId,
      userId: row.userId,
      action: row.action,
      entity: row.entity,
      entityId: row.entityId,
      ip: row.ip,
      data: row.data,
      at: { gte: since },
    },
    select: { id: true },
  })
  if (!same) await db.auditEvent.create({ data: { ...row, at: now } })
}
