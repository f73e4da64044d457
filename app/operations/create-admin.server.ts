// The first administrator of a school's own server (ADR 025, issue 13.7): production creates no demo accounts, so
// `npm run create-admin` makes the one account that can make the others — with a one-time password printed once,
// which the first sign-in replaces. On an empty database it also creates the school from the requisites given;
// the rest (classes, pupils, staff, guardians) comes from the import in «Администрирование».
// `--reset` gives an existing administrator a new one-time password: the way back in when the only administrator
// has lost theirs.
import type { PrismaClient } from '#app/generated/prisma/client'
import { auditRow } from '#app/models/audit.server'
import { newOneTimeSecret, resetToOneTimePassword } from '#app/operations/issue-credentials.server'

export type SchoolRequisites = {
  fullName: string
  shortName?: string
  directorName?: string
  address?: string
  phone?: string
  email?: string
  timeZone?: string
}

export type CreateAdminInput = {
  login: string
  lastName: string
  firstName: string
  middleName?: string
  school?: SchoolRequisites
  schoolId?: string
  reset?: boolean
}

export class CreateAdminError extends Error {}

const LOGIN_RE = /^[a-z0-9][a-z0-9._-]{1,39}$/

async function pickSchool(db: PrismaClient, input: CreateAdminInput): Promise<{ id: string; created: boolean }> {
  const schools = await db.school.findMany({ select: { id: true, fullName: true }, orderBy: { id: 'asc' } })
  if (input.schoolId) {
    const found = schools.find((s) => s.id === input.schoolId)
    if (!found) throw new CreateAdminError(`Школы с идентификатором ${input.schoolId} в базе нет.`)
    return { id: found.id, created: false }
  }
  if (schools.length === 1) return { id: schools[0].id, created: false }
  if (schools.length > 1) {
    throw new CreateAdminError(`В базе несколько школ — укажите --school-id: ${schools.map((s) => `${s.id} (${s.fullName})`).join('; ')}.`)
  }
  const requisites = input.school
  // The letterhead of every document (school-block.server.ts) prints these: a school without them cannot answer.
  const missing = [
    ['--school', 'полное наименование', requisites?.fullName],
    ['--director', 'ФИО директора', requisites?.directorName],
    ['--address', 'адрес', requisites?.address],
    ['--phone', 'телефон', requisites?.phone],
    ['--email', 'e-mail школы', requisites?.email],
  ].filter(([, , value]) => !value?.trim())
  if (!requisites || missing.length) {
    throw new CreateAdminError(
      'В базе ещё нет школы: укажите её реквизиты для бланков документов — ' +
        `${missing.map(([flag, what]) => `${flag} (${what})`).join(', ')}. Пример — в README, «Первый запуск».`,
    )
  }
  const fullName = requisites.fullName.trim()
  const school = await db.school.create({
    data: {
      fullName,
      shortName: requisites.shortName?.trim() || fullName,
      directorName: requisites.directorName!.trim(),
      address: requisites.address!.trim(),
      phone: requisites.phone!.trim(),
      email: requisites.email!.trim(),
      diarySiteUrl: '',
      ...(requisites.timeZone ? { timeZone: requisites.timeZone } : {}),
    },
  })
  return { id: school.id, created: true }
}

export async function createAdministrator(
  db: PrismaClient,
  input: CreateAdminInput,
  now = new Date(),
): Promise<{ login: string; password: string; schoolId: string; schoolCreated: boolean; reset: boolean }> {
  const login = input.login.trim().toLowerCase()
  if (!LOGIN_RE.test(login))
    throw new CreateAdminError(`Логин «${input.login}»: от 2 до 40 латинских строчных букв, цифр, точек, дефисов и подчёркиваний.`)
  const existing = await db.user.findUnique({ where: { login }, include: { roles: true } })
  if (existing && !input.reset) {
    throw new CreateAdminError(
      `Учётная запись «${login}» уже есть. Чтобы выдать ей новый одноразовый пароль, ` +
        'добавьте --reset; чтобы создать другую — укажите другой --login.',
    )
  }
  if (!existing && !input.lastName.trim())
    throw new CreateAdminError('Укажите фамилию и имя администратора: --name "Фамилия Имя Отчество".')
  const secret = await newOneTimeSecret()
  if (existing) {
    if (!existing.roles.some((r) => r.role === 'admin'))
      throw new CreateAdminError(
        `Учётная запись «${login}» — не администратор ЭЖ: её пароль сбрасывает администратор в «Администрирование → Пользователи».`,
      )
    await db.$transaction(async (tx) => {
      await resetToOneTimePassword(tx, existing.id, secret.passwordHash, now)
      await tx.auditEvent.create({
        data: auditRow({
          schoolId: existing.schoolId,
          action: 'issue:one-time-password',
          entity: 'user',
          entityId: existing.id,
          data: { by: 'npm run create-admin -- --reset' },
        }),
      })
    })
    return { login, password: secret.password, schoolId: existing.schoolId, schoolCreated: false, reset: true }
  }
  const school = await pickSchool(db, input)
  await db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        schoolId: school.id,
        login,
        passwordHash: secret.passwordHash,
        mustChangePassword: true,
        passwordSetAt: now,
        roles: { create: [{ role: 'admin' }] },
      },
    })
    await tx.staff.create({
      data: {
        schoolId: school.id,
        lastName: input.lastName.trim(),
        firstName: input.firstName.trim(),
        middleName: input.middleName?.trim() ?? '',
        position: 'Администратор электронного журнала',
        userId: user.id,
      },
    })
    await tx.auditEvent.create({
      data: auditRow({
        schoolId: school.id,
        action: 'create:administrator',
        entity: 'user',
        entityId: user.id,
        data: { by: 'npm run create-admin', schoolCreated: school.created },
      }),
    })
  })
  return { login, password: secret.password, schoolId: school.id, schoolCreated: school.created, reset: false }
}
