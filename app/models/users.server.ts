import { db } from '#app/utils/db.server'
import { newOneTimeSecret, resetToOneTimePassword } from '#app/operations/issue-credentials.server'
import { ROLE_LABELS, type Role } from '#app/utils/permissions'
import { recordAudit } from './audit.server'
import { fullName } from './school.server'

/** Staff and parent accounts of the school for the ЭЖ administrator (Положение 4.1.7, 4.1.9). */
export async function listUsers(schoolId: string, query: string) {
  const q = query.trim()
  const users = await db.user.findMany({
    where: {
      schoolId,
      ...(q ? { OR: [{ login: { contains: q.toLowerCase() } }, { staff: { lastName: { contains: q } } }, { guardian: { lastName: { contains: q } } }] } : {}),
    },
    include: { roles: true, staff: true, guardian: true },
    orderBy: { login: 'asc' },
    take: 200,
  })
  return users.map((u) => ({
    id: u.id,
    login: u.login,
    name: u.staff ? fullName(u.staff) : u.guardian ? fullName(u.guardian) : '—',
    roles: u.roles.map((r) => ROLE_LABELS[r.role as Role] ?? r.role),
    state: u.lockedAt ? (u.compromisedAt ? 'заблокирована (скомпрометирована)' : 'заблокирована') : !u.passwordHash || u.passwordHash === '!' ? 'пароль не выдан' : u.mustChangePassword ? 'временный пароль' : 'действует',
  }))
}

/**
 * A new one-time password for an account (Положение 4.1.9): unlocks it, ends its sessions, forces a new password
 * at the first sign-in. The password is shown once to the administrator and never stored in clear.
 */
export async function issueOneTimePassword(schoolId: string, userId: string, adminUserId: string, ip = '') {
  const user = await db.user.findFirst({ where: { id: userId, schoolId } })
  if (!user) return null
  const secret = await newOneTimeSecret()
  await db.$transaction((tx) => resetToOneTimePassword(tx, user.id, secret.passwordHash))
  await recordAudit({ schoolId, userId: adminUserId, action: 'issue:one-time-password', entity: 'user', entityId: user.id, ip })
  return { login: user.login, password: secret.password }
}
