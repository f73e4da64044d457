// The director is told when an administrator asks to open the families' applications to an account (ADR 034's notice
// path, ADR 093): a role that reads them given by import, or a one-time password for an account that holds one. The
// administrator reads the journal, not applications; whoever knows a one-time password signs in with the account's
// role. Neither happens until someone other than the administrator confirms it (app/operations/access-grants.server.ts).
import type { Prisma } from '#app/generated/prisma/client'
import { jobPayload } from '#app/jobs/payloads'
import { db } from '#app/utils/db.server'
import { can } from '#app/utils/permissions'

/** The roles among `roles` that read the school's applications (director, responsible, secretary). */
export const applicationRoles = (roles: readonly string[]) => roles.filter((role) => can([role], 'read:application:any'))

/**
 * The roles among `roles` whose one-time password the administrator may not issue alone: those that read applications
 * (ADR 093), and the class teacher's, who confirms a guardian's status and opens parents' accounts (ADR 114) — else
 * the administrator resets a class teacher's password, signs in as them and confirms a «parent» of their own import.
 */
export const guardedRoles = (roles: readonly string[]) =>
  roles.filter((role) => can([role], 'read:application:any') || can([role], 'issue:credentials:own'))

/**
 * Who confirms a grant (ADR 093): the director, with the signing password, for a role that reads applications or a
 * reset of an account that holds one; the education authority's administrator (or the server's console) when the
 * grant touches the director's signature — the director's role, or an account that holds it. The director does not
 * confirm what opens their own signature.
 */
export const grantApprover = (roles: readonly string[]): 'director' | 'authority' =>
  roles.some((role) => can([role], 'decide:application:any')) ? 'authority' : 'director'

export function queueAccessNotice(
  tx: Prisma.TransactionClient,
  args: {
    schoolId: string
    grant: 'roles' | 'one-time-password' | 'email'
    accountId: string
    roles: string[]
    byUserId: string
    at: Date
    email?: string
  },
) {
  const { schoolId, grant, accountId, roles, byUserId, at, email } = args
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
        waits: grantApprover(roles),
        ...(email ? { email } : {}),
      }),
      idempotencyKey: `access:${grant}:${accountId}:${at.toISOString()}`,
      schoolId,
    },
  })
}

/** How many of the administrator's requests wait in the school (ADR 093), for the director's home page. */
export const countPendingGrants = (schoolId: string) => db.accessGrant.count({ where: { schoolId, outcome: null } })
