// Порядок 3.3: access to the e-diary — an account for the applicant linked to the pupil, with a one-time password
// that the first sign-in replaces (the letter carries it; only its hash is stored).
import type { Application, Prisma } from '#app/generated/prisma/client'
import { generateOneTimePassword, hashPassword } from '#app/utils/password.server'
import { translit } from '#app/utils/translit'

type Tx = Prisma.TransactionClient

async function uniqueLogin(tx: Tx, base: string): Promise<string> {
  for (let i = 0; ; i++) {
    const login = i === 0 ? base : `${base}${i + 1}`
    if (!(await tx.user.findUnique({ where: { login } }))) return login
  }
}

/**
 * Finds the applicant among the pupil's guardians (by name), creating the guardian and the link when the
 * applicant is not in the journal yet, then creates the account or resets its password. Returns the login and
 * the one-time password (to print in the letter, never stored in clear).
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
  const passwordHash = await hashPassword(password)
  if (guardian.userId) {
    const user = await tx.user.update({ where: { id: guardian.userId }, data: { passwordHash, mustChangePassword: true, passwordSetAt: new Date(), lockedAt: null } })
    await tx.session.deleteMany({ where: { userId: user.id } })
    return { login: user.login, password, guardianId: guardian.id, created: false }
  }
  const base = `${translit(guardian.lastName)}.${translit(guardian.firstName).slice(0, 1)}${translit(guardian.middleName).slice(0, 1)}`
  const login = await uniqueLogin(tx, base || 'parent')
  const user = await tx.user.create({ data: { schoolId: app.schoolId, login, passwordHash, mustChangePassword: true, roles: { create: { role: 'parent' } } } })
  await tx.guardian.update({ where: { id: guardian.id }, data: { userId: user.id } })
  return { login, password, guardianId: guardian.id, created: true }
}
