// Access credentials to the e-diary (Положение 3.1, 4.3.7; Порядок 3.3): an account for a guardian with a one-time
// password that the first sign-in replaces. The one implementation behind the credentials letter of an application,
// the class teacher's credentials for the class (issue-class-credentials.server.ts) and the administrator's reset.
// Only the hash is stored; the password itself goes once into the Word file or onto the administrator's screen.
import type { Application, Guardian, Prisma } from '#app/generated/prisma/client'
import { generateOneTimePassword, hashPassword } from '#app/utils/password.server'
import { translit } from '#app/utils/translit'

type Tx = Prisma.TransactionClient

/** A one-time password and its hash. Hash before the transaction: argon2 is slow on purpose. */
export type OneTimeSecret = { password: string; passwordHash: string }

export async function newOneTimeSecret(password = generateOneTimePassword()): Promise<OneTimeSecret> {
  return { password, passwordHash: await hashPassword(password) }
}

async function uniqueLogin(tx: Tx, base: string): Promise<string> {
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
  const user = await tx.user.update({ where: { id: userId }, data: { passwordHash, mustChangePassword: true, passwordSetAt: now, lockedAt: null } })
  const sessions = await tx.session.deleteMany({ where: { userId } })
  return { user, endedSessions: sessions.count }
}

export type IssuedCredentials = { login: string; password: string; guardianId: string; userId: string; created: boolean; endedSessions: number }

/** Creates the guardian's parent account (login from the name, «ivanova.mp») or resets its password. */
export async function issueGuardianCredentials(tx: Tx, guardian: Guardian, secret: OneTimeSecret, now = new Date()): Promise<IssuedCredentials> {
  if (guardian.userId) {
    const { user, endedSessions } = await resetToOneTimePassword(tx, guardian.userId, secret.passwordHash, now)
    return { login: user.login, password: secret.password, guardianId: guardian.id, userId: user.id, created: false, endedSessions }
  }
  const base = `${translit(guardian.lastName)}.${translit(guardian.firstName).slice(0, 1)}${translit(guardian.middleName).slice(0, 1)}`
  const login = await uniqueLogin(tx, base || 'parent')
  const user = await tx.user.create({
    data: { schoolId: guardian.schoolId, login, passwordHash: secret.passwordHash, mustChangePassword: true, passwordSetAt: now, roles: { create: { role: 'parent' } } },
  })
  await tx.guardian.update({ where: { id: guardian.id }, data: { userId: user.id } })
  return { login, password: secret.password, guardianId: guardian.id, userId: user.id, created: true, endedSessions: 0 }
}

/**
 * Порядок 3.3: finds the applicant among the pupil's guardians (by name), creating the guardian and the link when
 * the applicant is not in the journal yet, then issues the credentials. Returns the login and the one-time password
 * (to print in the letter, never stored in clear).
 */
export async function issueCredentials(tx: Tx, app: Application, password = generateOneTimePassword()) {
  if (!app.pupilId) throw new Error('Обучающийся из заявления не найден в журнале: реквизиты доступа выдать нельзя')
  const links = await tx.guardianLink.findMany({ where: { pupilId: app.pupilId }, include: { guardian: true } })
  const same = (g: { lastName: string; firstName: string }) =>
    g.lastName.toLowerCase() === app.applicantLastName.toLowerCase() && g.firstName.toLowerCase() === app.applicantFirstName.toLowerCase()
  let guardian = app.guardianId ? links.find((l) => l.guardianId === app.guardianId)?.guardian : links.find((l) => same(l.guardian))?.guardian
  if (!guardian) {
    guardian = await tx.guardian.create({
      data: {
        schoolId: app.schoolId, lastName: app.applicantLastName, firstName: app.applicantFirstName, middleName: app.applicantMiddleName,
        phone: app.applicantPhone, email: app.applicantEmail, postalAddress: app.applicantPostalAddress,
      },
    })
    await tx.guardianLink.create({ data: { guardianId: guardian.id, pupilId: app.pupilId, relationship: 'законный представитель', statusConfirmed: true, confirmedBy: `заявление № ${app.registrationNumber ?? app.receiptNumber}` } })
  }
  return issueGuardianCredentials(tx, guardian, await newOneTimeSecret(password))
}
