import PizZip from 'pizzip'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { searchAccess } from '#app/models/access-audit.server'
import { getActivityReport, monthRange } from '#app/models/activity-report.server'
import { loader as auditLoader } from '#app/routes/staff.audit'
import { loader as activityLoader } from '#app/routes/staff.activity.docx'
import { loader as activityPageLoader } from '#app/routes/staff.activity'
import { signIn } from '#tests/helpers/auth'
import { getRequest, settle } from '#tests/helpers/http'
import { build, T } from './control-helpers'

const tz = 'Europe/Saratov'
let schoolId: string
const users: Record<string, string> = {}
let pupil: { id: string; lastName: string; firstName: string; classId: string }
let applicationId: string

async function event(login: string, action: string, at: string, entity = '', entityId = '') {
  await db.auditEvent.create({ data: { schoolId, userId: users[login], action, entity, entityId, ip: '10.0.0.7', at: T(at) } })
}

beforeAll(async () => {
  const parentUser = await db.user.findUniqueOrThrow({
    where: { login: 'parent' },
    include: { guardian: { include: { links: { include: { pupil: true } } } } },
  })
  schoolId = parentUser.schoolId
  pupil = parentUser.guardian!.links[0].pupil
  const teacher = await db.user.findFirstOrThrow({
    where: { roles: { some: { role: 'teacher' } }, staff: { isNot: null } },
    orderBy: { login: 'asc' },
  })
  for (const login of ['director', 'responsible', 'parent', teacher.login])
    users[login] = (await db.user.findUniqueOrThrow({ where: { login } })).id
  users.teacher = teacher.id
  const cls = await db.schoolClass.findUniqueOrThrow({ where: { id: pupil.classId } })
  applicationId = (await build({ channel: 'post', className: cls.name, receivedAt: '2026-10-01T09:00' })).id
  await db.application.update({
    where: { id: applicationId },
    data: { pupilId: pupil.id, applicantLastName: 'Сидорова', applicantFirstName: 'Ольга' },
  })
  const other = await db.pupil.findFirstOrThrow({ where: { schoolId, classId: { not: pupil.classId }, lastName: { not: pupil.lastName } } })

  await event('parent', 'sign-in', '2026-10-10T08:00')
  await event('parent', 'sign-in', '2026-10-10T19:00')
  await event('parent', 'view:pupil', '2026-10-10T19:01', 'pupil', pupil.id)
  await event('teacher', 'sign-in', '2026-10-11T08:30')
  await event('teacher', 'view:class', '2026-10-11T08:31', 'class', pupil.classId)
  await event('director', 'sign-in', '2026-10-12T09:00')
  await event('director', 'view:application', '2026-10-12T09:05', 'application', applicationId)
  await event('responsible', 'view:pupil', '2026-10-12T10:00', 'pupil', other.id)
  await event('director', 'sign-in', '2026-09-30T23:00') // September, school time
  await db.loginAttempt.create({
    data: { login: 'parent', ip: '10.0.0.8', success: false, reason: 'wrong-password', at: T('2026-10-13T07:00') },
  })
})

describe('who viewed whose data', () => {
  it('finds by pupil (any letter case): the card, the class page and the application about the pupil', async () => {
    const { rows } = await searchAccess(schoolId, { pupil: `${pupil.lastName.toUpperCase()} ${pupil.firstName.toLowerCase()}` }, tz)
    expect(rows.map((r) => r.action)).toEqual(['просмотр заявления', 'просмотр списка класса', 'просмотр карточки обучающегося'])
    expect(rows[0]).toMatchObject({ at: '12.10.2026 09:05', ip: '10.0.0.7', roles: 'Директор' })
    expect(rows[1]).toMatchObject({ wholeClass: true, object: expect.stringMatching(/^класс .+ \(все обучающиеся\)$/) })
    expect(rows[2].object).toContain(pupil.lastName)
  })

  it('finds by applicant and by user, within dates', async () => {
    expect((await searchAccess(schoolId, { applicant: 'сидорова' }, tz)).rows.map((r) => r.object)).toEqual([
      expect.stringMatching(/Сидорова Ольга/),
    ])
    const director = await searchAccess(schoolId, { user: 'director', from: T('2026-10-01T00:00'), to: T('2026-10-31T23:59') }, tz)
    expect(director.rows.map((r) => r.action)).toEqual(['просмотр заявления', 'вход в систему'])
  })

  it('is open to the director and the administrator, and is itself recorded', async () => {
    const cookie = await signIn('responsible')
    expect((await settle(() => auditLoader({ request: getRequest('/staff/audit', cookie), params: {}, context: {} }))).status).toBe(403)
    const admin = await signIn('admin')
    const res = await auditLoader({
      request: getRequest(`/staff/audit?pupil=${encodeURIComponent(pupil.lastName)}`, admin),
      params: {},
      context: {},
    })
    expect((await res.json()).rows.length).toBeGreaterThanOrEqual(3)
    expect(
      await db.auditEvent.count({
        where: { action: 'view:audit', userId: (await db.user.findUniqueOrThrow({ where: { login: 'admin' } })).id },
      }),
    ).toBe(1)
  })
})

describe('monthly activity report (Положение 7.1)', () => {
  it('counts sign-ins and actions by role, parents by class, teachers’ work', async () => {
    const r = await getActivityReport(schoolId, '2026-10', tz)
    const role = (label: string) => r.roles.find((x) => x.role === label)!
    expect(role('Родитель (законный представитель)')).toMatchObject({ active: 1, signIns: 2, failed: 1, actions: 1 })
    expect(role('Директор')).toMatchObject({ users: 1, active: 1, signIns: 1, actions: 1, share: '100 %' })
    expect(r.actions).toContainEqual({ role: 'Директор', action: 'просмотр заявления', count: 1 })
    expect(r.parents).toMatchObject({ active: 1, views: 1 })
    const cls = await db.schoolClass.findUniqueOrThrow({ where: { id: pupil.classId } })
    expect(r.classes.find((c) => c.className === cls.name)!.active).toBeGreaterThanOrEqual(1)
    const staff = await db.staff.findUniqueOrThrow({ where: { userId: users.teacher } })
    const { from, to } = monthRange('2026-10')
    const teacher = r.teachers.find((t) => t.name.startsWith(`${staff.lastName} ${staff.firstName}`))!
    expect(teacher).toMatchObject({
      signIns: 1,
      lastSignIn: '11.10.2026 08:30',
      lessons: await db.lesson.count({ where: { teacherId: staff.id, date: { gte: from, lte: to } } }),
    })
  })

  it('counts a user with two roles once: each sign-in and action under the first of their roles', async () => {
    const popova = await db.user.findUniqueOrThrow({ where: { login: 'popova.ym' }, include: { roles: true } })
    expect(popova.roles.map((r) => r.role).sort()).toEqual(['class_teacher', 'teacher'])
    await db.auditEvent.create({ data: { schoolId, userId: popova.id, action: 'sign-in', at: T('2026-10-20T08:00') } })
    await db.auditEvent.create({
      data: { schoolId, userId: popova.id, action: 'issue:credentials', entity: 'guardian', at: T('2026-10-20T08:05') },
    })
    const r = await getActivityReport(schoolId, '2026-10', tz)
    expect(r.actions.filter((a) => a.action === 'выдача реквизитов доступа к электронному дневнику')).toEqual([
      { role: 'Классный руководитель', action: 'выдача реквизитов доступа к электронному дневнику', count: 1 },
    ])
    const total = (field: 'signIns' | 'actions') => r.roles.reduce((n, x) => n + x[field], 0)
    const events = await db.auditEvent.findMany({
      where: { schoolId, at: { gte: T('2026-10-01T00:00'), lte: T('2026-10-31T23:59') }, userId: { not: null } },
    })
    expect(total('signIns')).toBe(events.filter((e) => e.action === 'sign-in').length)
    expect(total('actions')).toBe(events.filter((e) => e.action !== 'sign-in').length)
  })

  it('is given as a Word document', async () => {
    const res = await activityLoader({
      request: getRequest('/staff/activity/docx?month=2026-10', await signIn('director')),
      params: {},
      context: {},
    })
    const text = new PizZip(Buffer.from(await (res as Response).arrayBuffer()))
      .file('word/document.xml')!
      .asText()
      .replace(/<[^>]+>/g, '')
    expect(text).toContain('октябрь 2026 г.')
    expect(text).toContain('Родитель (законный представитель)')
    expect(text).not.toMatch(/\{[a-z.]+\}/)
  })
})

describe('the month of the activity report', () => {
  it('refuses a month that has not begun, on the page and for the Word file, in Russian', async () => {
    const director = await signIn('director')
    const file = await settle(
      () =>
        activityLoader({
          request: getRequest('/staff/activity/docx?month=2099-01', director),
          params: {},
          context: {},
        }) as Promise<Response>,
    )
    // Said on the report's page, in its layout (not a bare 400 in plain text).
    expect(file.status).toBe(302)
    expect(file.headers.get('Location')).toBe('/staff/activity?month=2099-01')
    const page = await (
      await settle(
        () =>
          activityPageLoader({
            request: getRequest(file.headers.get('Location')!, director),
            params: {},
            context: {},
          }) as Promise<Response>,
      )
    ).json()
    expect(page.error).toBe('Месяц январь 2099 г. ещё не наступил: отчёт можно составить за текущий или прошедший месяц')
    expect(page.report.month.key).not.toBe('2099-01')
  })
})

describe('the audit speaks Russian', () => {
  it('names actions and objects in Russian, not by their codes and tables', async () => {
    const secretary = await db.user.findUniqueOrThrow({ where: { login: 'secretary' } })
    const inbound = await db.inboundMessage.create({
      data: {
        schoolId,
        messageId: '<audit-ru@example.org>',
        internalDate: T('2026-11-02T08:00'),
        fromAddress: 'mama@example.org',
        subject: 'Заявление',
        rawPath: 'x.eml',
      },
    })
    await event('director', 'issue:one-time-password', '2026-11-02T09:00', 'user', secretary.id)
    await event('director', 'view:outgoing-mail', '2026-11-02T09:01', 'OutboxJob', 'job_1')
    await event('director', 'download:inbound-mail', '2026-11-02T09:02', 'InboundMessage', inbound.id)
    await event('director', 'load:calendar-year', '2026-11-02T09:03', 'CalendarYear', '2027')
    await event('director', 'frobnicate:thing', '2026-11-02T09:04')
    const { rows } = await searchAccess(schoolId, { user: 'director', from: T('2026-11-02T09:00'), to: T('2026-11-02T09:04') }, tz)
    expect(rows.map((r) => [r.action, r.object])).toEqual([
      ['действие: frobnicate:thing', ''],
      ['загрузка производственного календаря', 'производственный календарь на 2027 год'],
      ['скачивание входящего письма или его вложения', 'входящее письмо от mama@example.org «Заявление»'],
      ['просмотр исходящего письма', 'исходящее письмо job_1'],
      ['выдача временного пароля', expect.stringMatching(/^учётная запись .+ \(secretary\)$/)],
    ])
  })
})
