// A new school of a municipal installation (ADR 044), created by the authority's administrator — with
// `npm run create-school` or on /authority/schools. One transaction writes the school's requisites (the letterhead of
// every document), the current academic year with its quarters, halves and holidays, the director and the
// responsible employee (Порядок 2.4: named in the school's card) with their accounts, the school's ЭЖ administrator
// and the school's mailbox address (its settings). Templates start as the shipped files (version 0); the school's
// administrator uploads its own. Every password is one-time and returned once.
import type { PrismaClient } from '#app/generated/prisma/client'
import { auditRow } from '#app/models/audit.server'
import { MAILBOX_ADDRESS_KEY } from '#app/mail/mailboxes.server'
import { newOneTimeSecret } from '#app/operations/issue-credentials.server'
import { emailKey, optionalEmail, requiredEmail } from '#workflows/email'
import { z } from '#workflows/zod'
import { academicYearStart, schoolYear } from '../../prisma/seed/school-year'
import { isKnownTimeZone, localDateOf } from '#workflows/time'

/** An empty form field is a field not given: its default applies (the screen sends every field, the command not). */
const blankAsAbsent = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

const person = z.string().trim().min(3, 'Укажите фамилию, имя и отчество').max(200)
const login = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'Логин: от 2 до 40 латинских строчных букв, цифр, точек, дефисов и подчёркиваний')

/** A school's code in `?school=<code>` (ADR 056): lowercase Latin letters, digits and hyphens. */
export const schoolCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Код школы: до 40 латинских строчных букв, цифр и дефисов, начинается с буквы или цифры')

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/
/** The host name of a school's own site (ADR 056): at least two labels of letters, digits and hyphens. */
export const schoolHost = z
  .string()
  .trim()
  .toLowerCase()
  .refine(
    (host) => host.length <= 253 && host.split('.').length >= 2 && host.split('.').every((label) => HOST_LABEL.test(label)),
    'Имя сайта школы: например, school7.edu-saratov.ru (латинские буквы, цифры, дефисы и точки)',
  )

export const createSchoolSchema = z.object({
  fullName: z.string().trim().min(5, 'Укажите полное наименование школы').max(500),
  shortName: z.string().trim().min(2, 'Укажите краткое наименование').max(200),
  directorName: person,
  address: z.string().trim().min(5, 'Укажите адрес школы').max(500),
  phone: z.string().trim().min(5, 'Укажите телефон школы').max(100),
  email: requiredEmail('Укажите электронную почту школы', 'Электронная почта школы'),
  timeZone: z.preprocess(blankAsAbsent, z.string().trim().refine(isKnownTimeZone, 'Неизвестный часовой пояс').default('Europe/Saratov')),
  responsibleName: person,
  responsiblePosition: z.preprocess(blankAsAbsent, z.string().trim().max(200).default('Ответственный работник')),
  responsibleRoom: z.string().trim().max(50).default(''),
  responsibleEmail: optionalEmail('Электронная почта ответственного работника').default(''),
  adminName: person,
  adminLogin: login,
  directorLogin: login,
  responsibleLogin: login,
  /** The school's mailbox for applications by e-mail (Порядок 2.4); kept in the school's settings. */
  mailbox: optionalEmail('Почтовый ящик школы').default(''),
  /** The school's public address (ADR 056): `/?school=<code>`, and the host name of its own subdomain, if any. */
  code: z.union([z.literal(''), schoolCode]).default(''),
  host: z.union([z.literal(''), schoolHost]).default(''),
})
export type CreateSchoolInput = z.input<typeof createSchoolSchema>

export class CreateSchoolError extends Error {}

const split = (name: string) => {
  const [lastName = '', firstName = '', ...rest] = name.trim().split(/\s+/)
  return { lastName, firstName, middleName: rest.join(' ') }
}

export type CreatedSchool = { schoolId: string; accounts: Array<{ role: string; login: string; password: string }> }

export async function createSchool(
  db: PrismaClient,
  raw: CreateSchoolInput,
  by: { userId: string | null; name: string },
  now = new Date(),
): Promise<CreatedSchool> {
  const parsed = createSchoolSchema.safeParse(raw)
  if (!parsed.success) throw new CreateSchoolError(parsed.error.issues.map((i) => i.message).join('; '))
  const input = parsed.data
  const logins = [input.adminLogin, input.directorLogin, input.responsibleLogin]
  if (new Set(logins).size !== logins.length)
    throw new CreateSchoolError('Логины администратора, директора и ответственного работника должны различаться.')
  const taken = await db.user.findMany({ where: { login: { in: logins } }, select: { login: true } })
  if (taken.length) throw new CreateSchoolError(`Логин уже занят: ${taken.map((t) => t.login).join(', ')}.`)
  if (await db.school.findFirst({ where: { fullName: input.fullName }, select: { id: true } }))
    throw new CreateSchoolError(`Школа «${input.fullName}» уже есть.`)
  // A code is never another school's id either: `?school=` takes both (ADR 056).
  if (input.code && (await db.school.findFirst({ where: { OR: [{ code: input.code }, { id: input.code }] }, select: { id: true } })))
    throw new CreateSchoolError(`Код школы «${input.code}» уже занят.`)
  if (input.host && (await db.school.findUnique({ where: { host: input.host }, select: { id: true } })))
    throw new CreateSchoolError(`Сайт «${input.host}» уже отдан другой школе.`)
  // Two schools never share a mailbox address: the bounces of one's letters would come to the other (ADR 069).
  if (input.mailbox) {
    const addresses = await db.setting.findMany({ where: { key: MAILBOX_ADDRESS_KEY }, select: { value: true } })
    if (addresses.some((a) => emailKey(a.value) === emailKey(input.mailbox)))
      throw new CreateSchoolError(`Адрес «${input.mailbox}» уже указан почтовым ящиком другой школы.`)
  }

  const [adminSecret, directorSecret, responsibleSecret] = await Promise.all([newOneTimeSecret(), newOneTimeSecret(), newOneTimeSecret()])
  const year = schoolYear(academicYearStart(localDateOf(now, input.timeZone)))
  const schoolId = await db.$transaction(async (tx) => {
    const school = await tx.school.create({
      data: {
        fullName: input.fullName,
        shortName: input.shortName,
        directorName: input.directorName,
        address: input.address,
        phone: input.phone,
        email: input.email,
        diarySiteUrl: '',
        timeZone: input.timeZone,
        responsibleRoom: input.responsibleRoom,
        code: input.code || null,
        host: input.host || null,
      },
    })
    const academicYear = await tx.academicYear.create({
      data: { schoolId: school.id, name: year.name, startsOn: year.startsOn, endsOn: year.endsOn, current: true },
    })
    await tx.reportingPeriod.createMany({ data: year.periods.map((p) => ({ ...p, schoolId: school.id, academicYearId: academicYear.id })) })
    await tx.schoolHoliday.createMany({ data: year.holidays.map((h) => ({ ...h, schoolId: school.id, academicYearId: academicYear.id })) })
    const account = async (
      loginName: string,
      role: string,
      passwordHash: string,
      name: string,
      position: string,
      extra: { room?: string; email?: string } = {},
    ) => {
      const user = await tx.user.create({
        data: {
          schoolId: school.id,
          login: loginName,
          passwordHash,
          mustChangePassword: true,
          passwordSetAt: now,
          roles: { create: [{ role }] },
        },
      })
      return tx.staff.create({
        data: { schoolId: school.id, ...split(name), position, userId: user.id, room: extra.room ?? '', email: extra.email ?? '' },
      })
    }
    await account(input.adminLogin, 'admin', adminSecret.passwordHash, input.adminName, 'Администратор электронного журнала')
    await account(input.directorLogin, 'director', directorSecret.passwordHash, input.directorName, 'Директор')
    const responsible = await account(
      input.responsibleLogin,
      'responsible',
      responsibleSecret.passwordHash,
      input.responsibleName,
      input.responsiblePosition,
      { room: input.responsibleRoom, email: input.responsibleEmail },
    )
    await tx.school.update({ where: { id: school.id }, data: { responsibleEmployeeId: responsible.id } })
    if (input.mailbox) await tx.setting.create({ data: { schoolId: school.id, key: MAILBOX_ADDRESS_KEY, value: input.mailbox } })
    await tx.auditEvent.create({
      data: auditRow({
        schoolId: school.id,
        userId: by.userId,
        action: 'create:school',
        entity: 'school',
        entityId: school.id,
        data: { by: by.name, fullName: input.fullName },
      }),
    })
    return school.id
  })
  return {
    schoolId,
    accounts: [
      { role: 'Администратор ЭЖ', login: input.adminLogin, password: adminSecret.password },
      { role: 'Директор', login: input.directorLogin, password: directorSecret.password },
      { role: 'Ответственный работник', login: input.responsibleLogin, password: responsibleSecret.password },
    ],
  }
}
