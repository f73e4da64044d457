// The education authority's administrator (ADR 044): an account with the installation's 'authority' role only. It
// creates schools and reaches no school's data — its User row sits in a school because every account has one, but
// it holds none of that school's roles and is none of its staff (ADR 057): its name is on the account, not in a Staff
// row, so no list, assignment or signature of the school offers it.
import type { PrismaClient } from '#app/generated/prisma/client'
import { auditRow } from '#app/models/audit.server'
import { newOneTimeSecret } from '#app/operations/issue-credentials.server'
import { AUTHORITY_ROLE } from '#app/utils/permissions'
import { CreateSchoolError } from './create-school.server'

export async function createAuthorityAdministrator(
  db: PrismaClient,
  input: { login: string; name: string; schoolId: string | null },
  now = new Date(),
) {
  const login = input.login.trim().toLowerCase()
  if (!/^[a-z0-9][a-z0-9._-]{1,39}$/.test(login))
    throw new CreateSchoolError(`Логин «${input.login}»: от 2 до 40 латинских строчных букв, цифр, точек, дефисов и подчёркиваний.`)
  if (await db.user.findUnique({ where: { login }, select: { id: true } })) throw new CreateSchoolError(`Логин «${login}» уже занят.`)
  const [lastName = '', firstName = '', ...rest] = input.name.trim().split(/\s+/)
  if (!lastName || !firstName) throw new CreateSchoolError('Укажите фамилию и имя: --authority-name "Фамилия Имя Отчество".')
  const school = input.schoolId ? { id: input.schoolId } : await db.school.findFirst({ orderBy: { id: 'asc' }, select: { id: true } })
  if (!school) throw new CreateSchoolError('В базе ещё нет ни одной школы: создайте первую вместе с администратором (--school …).')
  const secret = await newOneTimeSecret()
  await db.$transaction(async (tx) => {
    const fullName = [lastName, firstName, ...rest].join(' ')
    const user = await tx.user.create({
      data: {
        schoolId: school.id,
        login,
        fullName,
        passwordHash: secret.passwordHash,
        mustChangePassword: true,
        passwordSetAt: now,
        roles: { create: [{ role: AUTHORITY_ROLE }] },
      },
    })
    await tx.auditEvent.create({
      data: auditRow({
        schoolId: school.id,
        action: 'create:authority-administrator',
        entity: 'user',
        entityId: user.id,
        data: { by: 'npm run create-school' },
      }),
    })
  })
  return { login, password: secret.password }
}
