// ADR 102, 114: whether a guardian's e-mail address is one a secret may be mailed to — a parent's one-time password
// (the administrator's reset) or an application's credentials letter (Порядок 3.3, ADR 019). The administrator's
// guardians import can set any address; a password mailed to it would be the administrator's. One rule for both.
import type { Prisma, PrismaClient } from '#app/generated/prisma/client'
import { SETTLED_EMAIL_DAYS } from '#app/models/account-words'
import { db } from '#app/utils/db.server'
import { parseEmail } from '#workflows/email'

type Client = Prisma.TransactionClient | PrismaClient

/** Why a secret is not mailed to the address: changed lately, or nobody vouched for it (ADR 102). */
type UnsettledEmail = 'parent-email-changed' | 'parent-email-unconfirmed'

/**
 * The address's last change (audited `change:guardian-email`, with the account or before it was opened) is
 * SETTLED_EMAIL_DAYS old and either the previous address was told of it, or the parent has signed in since it was set;
 * an address the guardian was entered with (no change audited) needs a sign-in. `previous`: the address before the
 * last change, when there was one (it hears of a mailed reset).
 */
export async function settledParentEmail(
  guardian: { id: string; userId: string | null },
  now = new Date(),
  client: Client = db,
): Promise<{ ok: true; previous: string | null } | { ok: false; refused: UnsettledEmail }> {
  const changed = await client.auditEvent.findFirst({
    where: {
      action: 'change:guardian-email',
      OR: [...(guardian.userId ? [{ entity: 'user', entityId: guardian.userId }] : []), { entity: 'guardian', entityId: guardian.id }],
    },
    orderBy: { at: 'desc' },
  })
  if (changed && changed.at.getTime() > now.getTime() - SETTLED_EMAIL_DAYS * 86_400_000)
    return { ok: false, refused: 'parent-email-changed' }
  const change = changed ? (JSON.parse(changed.data) as { was?: string; told?: boolean }) : null
  const was = change?.was ? parseEmail(change.was) : null
  const previous = was?.ok ? was.email : null
  const toldBefore = change ? (change.told ?? !!previous) : false
  // Nobody was told of the address (the guardian had none before, or no account): only the parent's own sign-in since
  // it was set shows the parent holds the account it serves. No account yet — nobody has signed in.
  const signedIn =
    toldBefore ||
    (!!guardian.userId &&
      !!(await client.auditEvent.findFirst({
        where: { action: 'sign-in', userId: guardian.userId, ...(changed ? { at: { gt: changed.at } } : {}) },
        select: { id: true },
      })))
  if (!signedIn) return { ok: false, refused: 'parent-email-unconfirmed' }
  return { ok: true, previous }
}
