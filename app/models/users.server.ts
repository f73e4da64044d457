import { db } from '#app/utils/db.server'
import { grantApprover, guardedRoles } from './access-notice.server'
import { AUTHORITY_ROLE, ROLE_LABELS, type Role } from '#app/utils/permissions'
import { namePrefixes } from '#workflows/text'
import { fullName } from './school.server'

/**
 * The education authority's administrator is not the school's (ADR 057): its account sits in a school only because
 * every account does. The school's administrator neither lists it nor resets its password — that would hand the
 * power to create schools to one school's administrator.
 */
export const SCHOOL_ACCOUNT = { roles: { none: { role: AUTHORITY_ROLE } } }

/** Staff and parent accounts of the school for the ЭЖ administrator (Положение 4.1.7, 4.1.9). */
export async function listUsers(schoolId: string, query: string) {
  const q = query.trim()
  // The database compares Cyrillic case- and «ё»-sensitively: the surname is tried as the journal keeps it and in
  // small letters («иванов», «ИВАНОВ», «ванов» find Иванова; «федоров» finds Фёдорова; «петрова» Римскую-Петрову).
  const forms = namePrefixes(q.split(/\s+/)[0] ?? '')
  const byName = [...new Set([...forms, ...forms.map((form) => form.toLocaleLowerCase('ru'))])].map((form) => ({ contains: form }))
  const users = await db.user.findMany({
    where: {
      schoolId,
      ...SCHOOL_ACCOUNT,
      ...(q
        ? {
            OR: [
              { login: { contains: q.toLowerCase() } },
              ...byName.flatMap((lastName) => [{ staff: { lastName } }, { guardian: { lastName } }]),
            ],
          }
        : {}),
    },
    include: { roles: true, staff: true, guardian: true },
    orderBy: { login: 'asc' },
    take: 200,
  })
  // ADR 093: what an administrator asked and nobody has confirmed yet is said beside the account's state.
  const waiting = await db.accessGrant.findMany({
    where: { userId: { in: users.map((u) => u.id) }, outcome: null },
    select: { userId: true, kind: true },
  })
  const asked = (userId: string) =>
    waiting
      .filter((g) => g.userId === userId)
      .map((g) => (g.kind === 'roles' ? 'роль ждёт подтверждения' : 'временный пароль ждёт подтверждения'))
  return users.map((u) => ({
    id: u.id,
    login: u.login,
    name: u.staff ? fullName(u.staff) : u.guardian ? fullName(u.guardian) : '—',
    roles: u.roles.map((r) => ROLE_LABELS[r.role as Role] ?? r.role),
    state: [
      u.lockedAt
        ? u.compromisedAt
          ? 'заблокирована (скомпрометирована)'
          : 'заблокирована'
        : !u.passwordHash || u.passwordHash === '!'
          ? 'пароль не выдан'
          : u.mustChangePassword
            ? 'временный пароль'
            : 'действует',
      ...asked(u.id),
    ].join('; '),
  }))
}

/**
 * Why a one-time password is not issued: no such account in the school, the administrator's own account; a parent's
 * account without an address to mail it to, or whose address was changed lately (ADR 102).
 */
export type OneTimePasswordRefusal =
  'not-found' | 'own-account' | 'parent-without-email' | 'parent-email-changed' | 'parent-email-unconfirmed'

export const OWN_ACCOUNT_REFUSAL =
  'Себе временный пароль не выдаётся: он сбросил бы ваш пароль и завершил ваш сеанс, а показать ' +
  'новый было бы уже некому. Смените свой пароль на странице «Сменить пароль».'

/** The account the administrator is about to reset, for the confirmation screen; null when it is not theirs to reset. */
export async function findUserForOneTimePassword(schoolId: string, userId: string, adminUserId: string) {
  if (!userId || userId === adminUserId) return null
  const user = await db.user.findFirst({
    where: { id: userId, schoolId, ...SCHOOL_ACCOUNT },
    include: { roles: true, staff: true, guardian: true },
  })
  if (!user) return null
  const opens = guardedRoles(user.roles.map((r) => r.role))
  const mailed = !opens.length && user.guardian ? maskEmail(user.guardian.email) : null
  const sessions = await db.session.count({ where: { userId: user.id, expiresAt: { gt: new Date() } } })
  return {
    id: user.id,
    login: user.login,
    name: user.staff ? fullName(user.staff) : user.guardian ? fullName(user.guardian) : '',
    roles: user.roles.map((r) => ROLE_LABELS[r.role as Role] ?? r.role),
    sessions,
    /** ADR 093: who confirms the reset of an account that reads applications; null — the administrator issues it. */
    waits: opens.length ? grantApprover(opens) : null,
    /** ADR 102: a parent's account — the password is mailed to this address (masked), never shown; '' — refused. */
    mailedTo: mailed,
  }
}

/** «iv***@mail.ru»: enough for the parent's address to be recognised, not to be copied. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  if (at < 1) return ''
  return `${email.slice(0, Math.min(2, at))}***${email.slice(at)}`
}
