// Access credentials to the e-diary (Положение 3.1, 4.3.7; Порядок 3.3): an account for a guardian with a one-time
// password that the first sign-in replaces. The one implementation behind the credentials letter of an application,
// the class teacher's credentials for the class (issue-class-credentials.server.ts) and the administrator's reset.
// Only the hash is stored; the password itself goes once into the Word file or onto the administrator's screen.
import type { Application, Guardian, Prisma, PrismaClient } from '#app/generated/prisma/client'
import { applicantCredentialsCheck } from '#app/models/guardian-status.server'
import { queueParentAccountNotice } from '#app/mail/parent-account-notice.server'
import { generateOneTimePassword, hashPassword } from '#app/utils/password.server'
import { translit } from '#app/utils/translit'
import { OperationError } from './errors'

type Tx = Prisma.TransactionClient

/** A one-time password and its hash. Hash before the transaction: argon2 is slow on purpose. */
type OneTimeSecret = { password: string; passwordHash: string }

export async function newOneTimeSecret(password = generateOneTimePassword()): Promise<OneTimeSecret> {
  return { password, passwordHash: await hashPassword(password) }
}

async function uniqueLogin(tx: Tx | PrismaClient, base: string): Promise<string> {
  for (let i = 0; ; i++) {
    const login = i === 0 ? base : `${base}${i + 1}`
    if (!(await tx.user.findUnique({ where: { login } }))) return login
  }
}

/**
 * Replaces an account's password with a one-time one: unlocks the account (a compromised one gets new credentials,
 * Регламент 3.3), ends every session, so the old password and signed-in devices stop working at once.
 */
export async function resetToOneTimePassword(tx: Tx, userId: string, passwordHash: string, now = new Date()) {
  const user = await tx.user.update({
    where: { id: userId },
    data: { passwordHash, mustChangePassword: true, passwordSetAt: now, lockedAt: null },
  })
  const sessions = await tx.session.deleteMany({ where: { userId } })
  return { user, endedSessions: sessions.count }
}

type IssuedCredentials = { login: string; password: string; guardianId: string; userId: string; created: boolean; endedSessions: number }

function loginBase(guardian: Guardian): string {
  const base = `${translit(guardian.lastName)}.${translit(guardian.firstName).slice(0, 1)}${translit(guardian.middleName).slice(0, 1)}`
  return base || 'parent'
}

/**
 * The login the guardian's credentials will carry: the account's, or the one a new account would get now. A letter
 * rendered before the account changes (ADR 114) prints it; `issueGuardianCredentials` then insists on it.
 */
export async function plannedGuardianLogin(client: Tx | PrismaClient, guardian: Guardian): Promise<string> {
  if (guardian.userId) return (await client.user.findUniqueOrThrow({ where: { id: guardian.userId }, select: { login: true } })).login
  return uniqueLogin(client, loginBase(guardian))
}

const LOGIN_MOVED = 'Учётная запись родителя изменилась во время подготовки письма с реквизитами: письмо будет подготовлено заново.'

/**
 * Creates the guardian's parent account (login from the name, «ivanova.mp») or resets its password. `login`: the one
 * a letter was already rendered with (plannedGuardianLogin); another one now (an account opened meanwhile, the login
 * taken) is an OperationError and nothing changes.
 */
export async function issueGuardianCredentials(
  tx: Tx,
  guardian: Guardian,
  secret: OneTimeSecret,
  now = new Date(),
  login?: string,
): Promise<IssuedCredentials> {
  if (guardian.userId) {
    if (login !== undefined && (await plannedGuardianLogin(tx, guardian)) !== login) throw new OperationError(LOGIN_MOVED, 409)
    const { user, endedSessions } = await resetToOneTimePassword(tx, guardian.userId, secret.passwordHash, now)
    // ADR 102: the parent learns of it at once, at the address the school has (none — nothing to tell).
    await queueParentAccountNotice(tx, {
      schoolId: guardian.schoolId,
      userId: user.id,
      to: guardian.email,
      login: user.login,
      at: now,
      notice: { kind: 'password-reset' },
    })
    return { login: user.login, password: secret.password, guardianId: guardian.id, userId: user.id, created: false, endedSessions }
  }
  const created = await uniqueLogin(tx, loginBase(guardian))
  if (login !== undefined && created !== login) throw new OperationError(LOGIN_MOVED, 409)
  const user = await tx.user.create({
    data: {
      schoolId: guardian.schoolId,
      login: created,
      passwordHash: secret.passwordHash,
      mustChangePassword: true,
      passwordSetAt: now,
      roles: { create: { role: 'parent' } },
    },
  })
  await tx.guardian.update({ where: { id: guardian.id }, data: { userId: user.id } })
  return { login: created, password: secret.password, guardianId: guardian.id, userId: user.id, created: true, endedSessions: 0 }
}

/**
 * Порядок 1.2, 2.7, 3.3: the credentials of an application go only to the applicant's guardian record whose link to
 * the pupil is confirmed by a document, through a contact the school already has (workflows/guardian-status.ts).
 * Nothing is created from the application's words: a name proves nothing. Refused → OperationError (409).
 */
export async function issueCredentials(
  tx: Tx,
  app: Application,
  secret: OneTimeSecret,
  now = new Date(),
  login?: string,
): Promise<IssuedCredentials> {
  const { link, eligibility } = await applicantCredentialsCheck(app, tx, now)
  if (!eligibility.ok || !link)
    throw new OperationError(eligibility.ok ? 'Заявитель не найден среди законных представителей' : eligibility.message, 409)
  return issueGuardianCredentials(tx, link.guardian, secret, now, login)
}
