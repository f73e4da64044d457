import { db } from '#app/utils/db.server'

export type AuditInput = {
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

export async function recordAudit(input: AuditInput): Promise<void> {
  await db.auditEvent.create({ data: auditRow(input) })
}
