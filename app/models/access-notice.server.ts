// The director is told when an administrator opens the families' applications to an account (ADR 034's notice path):
// a role that reads them given by import, or a one-time password for an account that holds one. The administrator
// reads the journal, not applications; whoever knows a one-time password signs in with the account's role.
import type { Prisma } from '#app/generated/prisma/client'
import { jobPayload } from '#app/jobs/payloads'
import { can } from '#app/utils/permissions'

/** The roles among `roles` that read the school's applications (director, responsible, secretary). */
export const applicationRoles = (roles: readonly string[]) => roles.filter((role) => can([role], 'read:application:any'))

export function queueAccessNotice(
  tx: Prisma.TransactionClient,
  args: { schoolId: string; grant: 'roles' | 'one-time-password'; accountId: string; roles: string[]; byUserId: string; at: Date },
) {
  const { schoolId, grant, accountId, roles, byUserId, at } = args
  return tx.outboxJob.create({
    data: {
      kind: 'notify-staff',
      payload: jobPayload('notify-staff', {
        role: 'director',
        reason: 'application-access',
        grant,
        accountId,
        roles,
        byUserId,
        at: at.toISOString(),
      }),
      idempotencyKey: `access:${grant}:${accountId}:${at.toISOString()}`,
      schoolId,
    },
  })
}
