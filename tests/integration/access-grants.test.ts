// ADR 093: the school's ЭЖ administrator alone reaches neither the director's signature nor the families' applications.
// A one-time password for an account that reads applications, or such a role given by import, waits as a request until
// the director confirms it with the signing password — or, when it touches the director's signature (the director's
// account or role), the authority's administrator or the server's console. Bad input: a Russian message, nothing changed.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { getUser, login } from '#app/utils/auth.server'
import { applyImport } from '#app/import/run.server'
import type { Prisma } from '#app/generated/prisma/client'
import { confirmAccessGrant, requestAccessGrant, requestConsoleReset } from '#app/operations/access-grants.server'
import * as users from '#app/routes/admin.users'
import * as access from '#app/routes/staff.access'
import * as authoritySchool from '#app/routes/authority.schools_.$schoolId'
import { can } from '#app/utils/permissions'
import { signIn } from '#tests/helpers/auth'
import { formRequest, getRequest, settle } from '#tests/helpers/http'
import { DEMO_PASSWORD } from '../../prisma/seed/generate'

type Route = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>
const call = async (route: Route, request: Request, params: Record<string, string> = {}) => {
  const response = await settle(() => route({ request, params, context: {} }))
  return { status: response.status, body: await response.json() }
}
const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(';')).join('\n'))
const account = (loginName: string) => db.user.findUniqueOrThrow({ where: { login: loginName }, include: { roles: true } })
const grantOf = (userId: string) => db.accessGrant.findFirstOrThrow({ where: { userId }, orderBy: { requestedAt: 'desc' } })
const HEADER = ['Фамилия', 'Имя', 'Отчество', 'Должность', 'Логин', 'Роли']

describe("the director's password: the administrator alone cannot reset it", () => {
  it('asks, changes nothing and shows no password; the director cannot confirm it, the authority can', async () => {
    const admin = await signIn('admin')
    const directorCookie = await signIn('director')
    const before = await account('director')

    const asked = await call(
      users.action as Route,
      formRequest('/admin/users', { intent: 'issue', userId: before.id, confirm: 'yes' }, admin),
    )
    expect(asked).toEqual({ status: 200, body: { ok: true, login: 'director', waits: 'authority' } })
    // Nothing changed: the password, the session, the state; the request waits for the authority.
    expect((await account('director')).passwordHash).toBe(before.passwordHash)
    expect((await getUser(getRequest('/staff', directorCookie)))?.login).toBe('director')
    expect((await login(formRequest('/login', {}), 'director', DEMO_PASSWORD)).ok).toBe(true)
    const grant = await grantOf(before.id)
    expect(grant).toMatchObject({ kind: 'one-time-password', approver: 'authority', outcome: null })
    const list = await (
      await settle(() => users.loader({ request: getRequest('/admin/users?q=director', admin), params: {}, context: {} }))
    ).json()
    expect(list.users.find((u: { login: string }) => u.login === 'director').state).toBe('действует; временный пароль ждёт подтверждения')

    // The director sees it and may refuse it, but not confirm a reset of their own signature.
    const page = await (
      await settle(() => access.loader({ request: getRequest('/staff/access', directorCookie), params: {}, context: {} }))
    ).json()
    expect(page.grants).toEqual([expect.objectContaining({ id: grant.id, login: 'director', mine: false })])
    const own = await call(
      access.action as Route,
      formRequest('/staff/access', { intent: 'confirm', grantId: grant.id, password: DEMO_PASSWORD }, directorCookie),
    )
    expect(own.status).toBe(403)
    expect(own.body.message).toMatch(/^Этот запрос касается подписи директора/)
    // The administrator has no way to this page at all.
    expect(
      (
        await settle(() =>
          access.action({
            request: formRequest('/staff/access', { intent: 'confirm', grantId: grant.id }, admin),
            params: {},
            context: {},
          }),
        )
      ).status,
    ).toBe(403)

    // The authority: a wrong password is refused in Russian and changes nothing.
    const authority = await signIn('authority')
    const params = { schoolId: before.schoolId }
    const shown = await (
      await settle(() =>
        authoritySchool.loader({ request: getRequest(`/authority/schools/${before.schoolId}`, authority), params, context: {} }),
      )
    ).json()
    expect(shown.grants).toEqual([expect.objectContaining({ id: grant.id, login: 'director', kind: 'one-time-password' })])
    const wrong = await call(
      authoritySchool.action as Route,
      formRequest(`/authority/schools/${before.schoolId}`, { intent: 'confirm-grant', grantId: grant.id, password: 'не тот' }, authority),
      params,
    )
    expect(wrong).toMatchObject({ status: 400, body: { ok: false, message: 'Пароль введён неверно — доступ не подтверждён.' } })
    expect(wrong.body.fieldErrors.password).toBe('Неверный пароль')
    const unknown = await call(
      authoritySchool.action as Route,
      formRequest(
        `/authority/schools/${before.schoolId}`,
        { intent: 'confirm-grant', grantId: 'нет-такого', password: DEMO_PASSWORD },
        authority,
      ),
      params,
    )
    expect(unknown).toMatchObject({ status: 404, body: { message: 'Запрос не найден или уже рассмотрен.' } })
    expect((await account('director')).passwordHash).toBe(before.passwordHash)
    expect((await grantOf(before.id)).outcome).toBeNull()

    const done = await call(
      authoritySchool.action as Route,
      formRequest(
        `/authority/schools/${before.schoolId}`,
        { intent: 'confirm-grant', grantId: grant.id, password: DEMO_PASSWORD },
        authority,
      ),
      params,
    )
    expect(done.body).toMatchObject({ ok: true, login: 'director', password: expect.any(String) })
    expect(await getUser(getRequest('/staff', directorCookie))).toBeNull()
    expect((await login(formRequest('/login', {}), 'director', DEMO_PASSWORD)).ok).toBe(false)
    const signed = await login(formRequest('/login', {}), 'director', done.body.password)
    expect(signed.ok && signed.user.mustChangePassword).toBe(true)
    expect(await grantOf(before.id)).toMatchObject({ outcome: 'confirmed', decidedVia: 'authority' })
    // Confirmed once: a second confirmation finds nothing.
    const again = await call(
      authoritySchool.action as Route,
      formRequest(
        `/authority/schools/${before.schoolId}`,
        { intent: 'confirm-grant', grantId: grant.id, password: DEMO_PASSWORD },
        authority,
      ),
      params,
    )
    expect(again.status).toBe(404)
    // Put the demo password back for the tests below.
    await db.user.update({ where: { id: before.id }, data: { passwordHash: before.passwordHash, mustChangePassword: false } })
  })

  it('the console resets a lost director password without the school administrator', async () => {
    const before = await account('director')
    const grantId = await requestConsoleReset('Director')
    const done = await confirmAccessGrant(grantId, { via: 'console' })
    expect(done).toMatchObject({ kind: 'one-time-password', login: 'director' })
    expect((await login(formRequest('/login', {}), 'director', (done as { password: string }).password)).ok).toBe(true)
    await expect(requestConsoleReset('nobody-here')).rejects.toThrow('Учётная запись «nobody-here» не найдена среди учётных записей школ.')
    await db.user.update({ where: { id: before.id }, data: { passwordHash: before.passwordHash, mustChangePassword: false } })
  })
})

describe('a role that reads applications, given by import, waits for the director', () => {
  it('gives a teaching role at once, asks the reading one; the director confirms it with the signing password', async () => {
    const admin = await db.user.findFirstOrThrow({ where: { login: 'admin' } })
    const rows = [HEADER, ['Громова', 'Гликерия', 'Игоревна', 'Секретарь', 'gromova', 'secretary, teacher']]
    const report = await applyImport({ schoolId: admin.schoolId, kind: 'staff', fileName: 'staff.csv', bytes: csv(rows), userId: admin.id })
    expect(report.applied).toBe(true)
    expect(report.warnings).toEqual([
      expect.objectContaining({
        line: 2,
        message: expect.stringMatching(/^Роль «Секретарь» открывает заявления: она будет назначена, когда директор/),
      }),
    ])
    const gromova = await account('gromova')
    expect(gromova.roles.map((r) => r.role)).toEqual(['teacher'])
    expect(
      can(
        gromova.roles.map((r) => r.role),
        'read:application:any',
      ),
    ).toBe(false)
    const grant = await grantOf(gromova.id)
    expect(grant).toMatchObject({ kind: 'roles', approver: 'director', roles: '["secretary"]', outcome: null })

    const director = await signIn('director')
    const confirm = (fields: Record<string, string>) => call(access.action as Route, formRequest('/staff/access', fields, director))
    // Bad input: Russian, nothing given.
    expect(await confirm({ intent: 'confirm', grantId: grant.id, password: '' })).toMatchObject({
      status: 400,
      body: { message: 'Введите свой пароль', fieldErrors: { password: 'Введите свой пароль' } },
    })
    expect(await confirm({ intent: 'confirm', grantId: grant.id, password: 'неверный' })).toMatchObject({
      status: 400,
      body: { message: 'Пароль введён неверно — доступ не подтверждён.' },
    })
    expect(await confirm({ intent: 'constructor', grantId: grant.id })).toMatchObject({
      status: 400,
      body: { message: 'Неизвестное действие' },
    })
    expect(await confirm({ intent: 'confirm', grantId: 'чужой', password: DEMO_PASSWORD })).toMatchObject({
      status: 404,
      body: { message: 'Запрос не найден или уже рассмотрен.' },
    })
    expect((await account('gromova')).roles.map((r) => r.role)).toEqual(['teacher'])
    expect((await grantOf(gromova.id)).outcome).toBeNull()

    const done = await confirm({ intent: 'confirm', grantId: grant.id, password: DEMO_PASSWORD })
    expect(done).toMatchObject({ status: 200, body: { ok: true, message: 'Учётной записи gromova назначены роли: запрос подтверждён.' } })
    expect((await account('gromova')).roles.map((r) => r.role).sort()).toEqual(['secretary', 'teacher'])
    expect(await db.auditEvent.count({ where: { action: 'confirm:access-grant', entityId: gromova.id } })).toBe(1)
  })

  it("the director's role waits for the authority: the director can only refuse it", async () => {
    const admin = await db.user.findFirstOrThrow({ where: { login: 'admin' } })
    const rows = [HEADER, ['Лебедев', 'Савва', 'Ильич', 'Заместитель', 'lebedev.si', 'director']]
    const report = await applyImport({ schoolId: admin.schoolId, kind: 'staff', fileName: 'staff.csv', bytes: csv(rows), userId: admin.id })
    expect(report.applied).toBe(true)
    expect(report.warnings[0].message).toMatch(/^Роль «Директор» даёт подпись директора: её подтверждает администратор органа/)
    const lebedev = await account('lebedev.si')
    expect(lebedev.roles).toEqual([])
    const grant = await grantOf(lebedev.id)
    expect(grant.approver).toBe('authority')

    const director = await signIn('director')
    const tried = await call(
      access.action as Route,
      formRequest('/staff/access', { intent: 'confirm', grantId: grant.id, password: DEMO_PASSWORD }, director),
    )
    expect(tried.status).toBe(403)
    expect((await account('lebedev.si')).roles).toEqual([])
    const refused = await call(access.action as Route, formRequest('/staff/access', { intent: 'refuse', grantId: grant.id }, director))
    expect(refused.body).toMatchObject({ ok: true, message: 'Запрос для учётной записи lebedev.si отклонён: ничего не изменилось.' })
    expect(await grantOf(lebedev.id)).toMatchObject({ outcome: 'refused', decidedVia: 'director' })
    await expect(confirmAccessGrant(grant.id, { via: 'console' })).rejects.toThrow('Запрос не найден или уже рассмотрен.')
    expect((await account('lebedev.si')).roles).toEqual([])
  })
})

describe("a one-time password for the secretary's account", () => {
  it('is shown to the director who confirms it, not to the administrator who asked', async () => {
    const admin = await signIn('admin')
    const before = await account('secretary')
    const asked = await call(
      users.action as Route,
      formRequest('/admin/users', { intent: 'issue', userId: before.id, confirm: 'yes' }, admin),
    )
    expect(asked.body).toEqual({ ok: true, login: 'secretary', waits: 'director' })
    expect((await login(formRequest('/login', {}), 'secretary', DEMO_PASSWORD)).ok).toBe(true)
    const first = await grantOf(before.id)
    // Asked again: the newer request replaces the waiting one, and the audit says so; the route's address is kept.
    await call(users.action as Route, formRequest('/admin/users', { intent: 'issue', userId: before.id, confirm: 'yes' }, admin))
    const grant = await grantOf(before.id)
    expect(grant.id).not.toBe(first.id)
    const replaced = await db.auditEvent.findFirstOrThrow({ where: { action: 'replace:access-grant', entityId: before.id } })
    expect(JSON.parse(replaced.data)).toMatchObject({ grantId: first.id, kind: 'one-time-password' })
    const requests = await db.auditEvent.findMany({ where: { action: 'request:access-grant', entityId: before.id } })
    expect(requests.map((r) => r.ip)).toEqual(['127.0.0.1', '127.0.0.1'])
    const director = await signIn('director')
    const done = await call(
      access.action as Route,
      formRequest('/staff/access', { intent: 'confirm', grantId: grant.id, password: DEMO_PASSWORD }, director),
    )
    expect(done.body).toMatchObject({ ok: true, login: 'secretary', password: expect.any(String) })
    expect((await login(formRequest('/login', {}), 'secretary', DEMO_PASSWORD)).ok).toBe(false)
    expect((await login(formRequest('/login', {}), 'secretary', done.body.password)).ok).toBe(true)
    // The one who saw the password issued it (ADR 034: withdrawn if the director's account is compromised).
    const director0 = await account('director')
    expect(await db.auditEvent.count({ where: { action: 'issue:one-time-password', entityId: before.id, userId: director0.id } })).toBe(1)
  })
})

describe('a password the administrator saw never becomes the password of a reading role (review 3, finding 1)', () => {
  it('a one-time password of an account whose director role still waits is asked, not shown', async () => {
    const admin = await db.user.findFirstOrThrow({ where: { login: 'admin' } })
    const adminCookie = await signIn('admin')
    const rows = [HEADER, ['Новиков', 'Назар', 'Петрович', 'Директор', 'novikov', 'director']]
    expect(
      (await applyImport({ schoolId: admin.schoolId, kind: 'staff', fileName: 's.csv', bytes: csv(rows), userId: admin.id })).applied,
    ).toBe(true)
    const novikov = await account('novikov')
    expect(novikov.roles).toEqual([])
    const issued = await call(
      users.action as Route,
      formRequest('/admin/users', { intent: 'issue', userId: novikov.id, confirm: 'yes' }, adminCookie),
    )
    expect(issued.body).toEqual({ ok: true, login: 'novikov', waits: 'authority' })
    expect((await account('novikov')).passwordHash).toBe(novikov.passwordHash)

    const roleGrant = await db.accessGrant.findFirstOrThrow({ where: { userId: novikov.id, kind: 'roles', outcome: null } })
    const done = await confirmAccessGrant(roleGrant.id, { via: 'console' })
    expect(done).toMatchObject({ kind: 'roles', login: 'novikov', roles: ['director'], password: expect.any(String) })
    expect((await login(formRequest('/login', {}), 'novikov', done.password!)).ok).toBe(true)
  })

  it('confirming a reading role replaces a password the administrator issued, ends the sessions, names who issued it', async () => {
    const admin = await db.user.findFirstOrThrow({ where: { login: 'admin' } })
    const adminCookie = await signIn('admin')
    const teacher = await db.user.findFirstOrThrow({
      where: { schoolId: admin.schoolId, roles: { every: { role: 'teacher' }, some: {} } },
      include: { staff: true },
    })
    // The administrator resets a teacher (allowed: a teacher reads no applications), signs in as them.
    const reset = await call(
      users.action as Route,
      formRequest('/admin/users', { intent: 'issue', userId: teacher.id, confirm: 'yes' }, adminCookie),
    )
    expect(reset.body).toMatchObject({ ok: true, password: expect.any(String) })
    const teacherCookie = await signIn(teacher.login, reset.body.password)
    // … then asks the role of the responsible employee for that account.
    const s = teacher.staff!
    const rows = [HEADER, [s.lastName, s.firstName, s.middleName, s.position, teacher.login, 'teacher, responsible']]
    expect(
      (await applyImport({ schoolId: admin.schoolId, kind: 'staff', fileName: 's.csv', bytes: csv(rows), userId: admin.id })).applied,
    ).toBe(true)
    const grant = await db.accessGrant.findFirstOrThrow({ where: { userId: teacher.id, kind: 'roles', outcome: null } })

    const director = await signIn('director')
    const page = await (
      await settle(() => access.loader({ request: getRequest('/staff/access', director), params: {}, context: {} }))
    ).json()
    const adminName = await db.staff.findFirstOrThrow({ where: { userId: admin.id } })
    expect(page.grants.find((g: { id: string }) => g.id === grant.id).passwordIssued).toMatch(
      new RegExp(`^${adminName.lastName} ${adminName.firstName} ${adminName.middleName}, \\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d`),
    )
    const done = await call(
      access.action as Route,
      formRequest('/staff/access', { intent: 'confirm', grantId: grant.id, password: DEMO_PASSWORD }, director),
    )
    expect(done.body).toMatchObject({ ok: true, login: teacher.login, password: expect.any(String) })
    expect((await account(teacher.login)).roles.map((r) => r.role).sort()).toEqual(['responsible', 'teacher'])
    expect((await login(formRequest('/login', {}), teacher.login, reset.body.password)).ok).toBe(false)
    expect(await getUser(getRequest('/staff', teacherCookie))).toBeNull()
    expect((await login(formRequest('/login', {}), teacher.login, done.body.password)).ok).toBe(true)
    // Written in the same transaction as the change, with the director as the one who issued the password.
    const director0 = await account('director')
    for (const action of ['confirm:access-grant', 'issue:one-time-password'])
      expect(await db.auditEvent.count({ where: { action, entityId: teacher.id, userId: director0.id } })).toBe(1)
  })
})

describe('who may confirm: another school, the own request, a request id of another school (review 3)', () => {
  it("a director of another school cannot confirm; the authority's page of school A does not decide a request of school B", async () => {
    const a = await db.school.findFirstOrThrow({ where: { users: { some: { login: 'director' } } } })
    const { id: _id, code: _code, host: _host, responsibleEmployeeId: _r, ...rest } = a
    const b = await db.school.create({ data: { ...rest, shortName: 'Школа Б', code: null, host: null } })
    const directorB = await db.user.create({
      data: { schoolId: b.id, login: 'director.b', passwordHash: (await account('director')).passwordHash, mustChangePassword: false },
    })
    await db.userRole.create({ data: { userId: directorB.id, role: 'director' } })
    const requester = await db.user.create({ data: { schoolId: b.id, login: 'admin.b', passwordHash: '!', mustChangePassword: false } })
    // A request of school A (the secretary's one-time password) and one of school B.
    const secretary = await account('secretary')
    const adminA = await account('admin')
    const grantA = await db.$transaction((tx) => requestAccessGrantForTest(tx, a.id, secretary.id, adminA.id))
    const otherB = await db.user.create({ data: { schoolId: b.id, login: 'teacher.b', passwordHash: '!', mustChangePassword: false } })
    const grantB = await db.$transaction((tx) => requestAccessGrantForTest(tx, b.id, otherB.id, requester.id))

    const cookieB = await signIn('director.b')
    const foreign = await call(
      access.action as Route,
      formRequest('/staff/access', { intent: 'confirm', grantId: grantA, password: DEMO_PASSWORD }, cookieB),
    )
    expect(foreign).toMatchObject({ status: 404, body: { message: 'Запрос не найден или уже рассмотрен.' } })
    expect((await db.accessGrant.findUniqueOrThrow({ where: { id: grantA } })).outcome).toBeNull()

    const authority = await signIn('authority')
    const crossed = await call(
      authoritySchool.action as Route,
      formRequest(`/authority/schools/${a.id}`, { intent: 'confirm-grant', grantId: grantB, password: DEMO_PASSWORD }, authority),
      { schoolId: a.id },
    )
    expect(crossed).toMatchObject({ status: 404, body: { message: 'Запрос не найден или уже рассмотрен.' } })
    expect((await db.accessGrant.findUniqueOrThrow({ where: { id: grantB } })).outcome).toBeNull()
    // On its own school's page the same request is decided.
    const own = await call(
      authoritySchool.action as Route,
      formRequest(`/authority/schools/${b.id}`, { intent: 'refuse-grant', grantId: grantB, password: '' }, authority),
      { schoolId: b.id },
    )
    expect(own.body).toMatchObject({ ok: true })
    await db.accessGrant.delete({ where: { id: grantA } })
  })

  it('the director cannot confirm a request made by their own account', async () => {
    const director = await account('director')
    const secretary = await account('secretary')
    const grant = await db.$transaction((tx) => requestAccessGrantForTest(tx, director.schoolId, secretary.id, director.id))
    const cookie = await signIn('director')
    const tried = await call(
      access.action as Route,
      formRequest('/staff/access', { intent: 'confirm', grantId: grant, password: DEMO_PASSWORD }, cookie),
    )
    expect(tried).toMatchObject({ status: 403, body: { message: expect.stringMatching(/^Свой запрос подтвердить нельзя/) } })
    expect((await account('secretary')).passwordHash).toBe(secretary.passwordHash)
    expect((await db.accessGrant.findUniqueOrThrow({ where: { id: grant } })).outcome).toBeNull()
  })
})

async function requestAccessGrantForTest(tx: Prisma.TransactionClient, schoolId: string, userId: string, byUserId: string) {
  await requestAccessGrant(tx, { schoolId, userId, kind: 'one-time-password', roles: ['secretary'], byUserId, at: new Date() })
  return (await tx.accessGrant.findFirstOrThrow({ where: { userId, kind: 'one-time-password', outcome: null } })).id
}

describe("the authority's page finds a request however long the school's list is (review 3, finding 5)", () => {
  it('refuses the 201st waiting request of the school, not «not found»', async () => {
    const admin = await account('admin')
    const secretary = await account('secretary')
    const old = new Date('2026-01-01T00:00:00Z')
    await db.accessGrant.createMany({
      data: Array.from({ length: 200 }, (_, i) => ({
        schoolId: admin.schoolId,
        userId: secretary.id,
        kind: 'roles',
        roles: '["responsible"]',
        approver: 'director',
        requestedById: admin.id,
        requestedAt: new Date(old.getTime() + i * 1000),
      })),
    })
    const teacher = await db.user.findFirstOrThrow({ where: { schoolId: admin.schoolId, roles: { every: { role: 'teacher' }, some: {} } } })
    const grant = await db.$transaction((tx) => requestAccessGrantForTest(tx, admin.schoolId, teacher.id, admin.id))
    const authority = await signIn('authority')
    const refused = await call(
      authoritySchool.action as Route,
      formRequest(`/authority/schools/${admin.schoolId}`, { intent: 'refuse-grant', grantId: grant, password: '' }, authority),
      { schoolId: admin.schoolId },
    )
    expect(refused.body).toMatchObject({ ok: true, message: `Запрос для учётной записи ${teacher.login} отклонён: ничего не изменилось.` })
    await db.accessGrant.deleteMany({ where: { userId: secretary.id, requestedAt: { lt: new Date('2026-01-02T00:00:00Z') } } })
  })
})

// ADR 102: the director's letters (the requests above among them) go to the staff record's e-mail. The administrator's
// import changing that address for an account that reads applications would send them to the administrator.
describe('the e-mail of an account that reads applications, changed by import, waits like a role (ADR 102)', () => {
  const EMAIL_HEADER = ['Фамилия', 'Имя', 'Отчество', 'Должность', 'Эл. почта']
  const row = (staff: { lastName: string; firstName: string; middleName: string; position: string }, email: string) => [
    staff.lastName,
    staff.firstName,
    staff.middleName,
    staff.position,
    email,
  ]
  const staffOf = (loginName: string) => db.staff.findFirstOrThrow({ where: { user: { login: loginName } } })
  const importAs = (userId: string | undefined, schoolId: string, rows: string[][]) =>
    applyImport({ schoolId, kind: 'staff', fileName: 'staff.csv', bytes: csv([EMAIL_HEADER, ...rows]), ...(userId ? { userId } : {}) })

  it("asks the secretary's and the director's new address, changes the teacher's at once; the director confirms", async () => {
    const admin = await db.user.findFirstOrThrow({ where: { login: 'admin' } })
    const [secretary, director, deputy] = await Promise.all([staffOf('secretary'), staffOf('director'), staffOf('deputy')])
    const report = await importAs(admin.id, admin.schoolId, [
      row(secretary, 'secretary.new@admin-controls.example'),
      row(director, 'director.new@admin-controls.example'),
      row(deputy, 'deputy.new@example.ru'),
    ])
    expect(report.applied).toBe(true)
    expect(report.warnings).toEqual([
      expect.objectContaining({ line: 2, column: 'Эл. почта', message: expect.stringMatching(/когда директор подтвердит/) }),
      expect.objectContaining({ line: 3, column: 'Эл. почта', message: expect.stringMatching(/^Это адрес директора/) }),
    ])
    // Nothing changed for the two that read applications; the deputy reads none: changed at once.
    expect((await staffOf('secretary')).email).toBe(secretary.email)
    expect((await staffOf('director')).email).toBe(director.email)
    expect((await staffOf('deputy')).email).toBe('deputy.new@example.ru')
    const [secretaryUser, directorUser] = await Promise.all([account('secretary'), account('director')])
    const asked = await grantOf(secretaryUser.id)
    expect(asked).toMatchObject({ kind: 'email', approver: 'director', email: 'secretary.new@admin-controls.example', outcome: null })
    expect(await grantOf(directorUser.id)).toMatchObject({ kind: 'email', approver: 'authority', outcome: null })
    // The director is told at the address on file, the request names the new one.
    const notices = await db.outboxJob.findMany({ where: { kind: 'notify-staff', payload: { contains: 'admin-controls' } } })
    expect(notices.map((n) => JSON.parse(n.payload).grant)).toEqual(['email', 'email'])

    const cookie = await signIn('director')
    const page = await (await settle(() => access.loader({ request: getRequest('/staff/access', cookie), params: {}, context: {} }))).json()
    expect(page.grants).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: asked.id, kind: 'email', email: 'secretary.new@admin-controls.example' })]),
    )
    const passwordBefore = secretaryUser.passwordHash
    const done = await call(
      access.action as Route,
      formRequest('/staff/access', { intent: 'confirm', grantId: asked.id, password: DEMO_PASSWORD }, cookie),
    )
    expect(done).toEqual({
      status: 200,
      body: {
        ok: true,
        login: 'secretary',
        message:
          'Адрес эл. почты работника (учётная запись secretary) изменён на «secretary.new@admin-controls.example»: запрос подтверждён.',
      },
    })
    expect((await staffOf('secretary')).email).toBe('secretary.new@admin-controls.example')
    // An address is not a password: the secretary keeps theirs.
    expect((await account('secretary')).passwordHash).toBe(passwordBefore)
    // The director cannot confirm their own address; the authority can.
    const own = await grantOf(directorUser.id)
    expect(
      (
        await call(
          access.action as Route,
          formRequest('/staff/access', { intent: 'confirm', grantId: own.id, password: DEMO_PASSWORD }, cookie),
        )
      ).status,
    ).toBe(403)
    expect((await staffOf('director')).email).toBe(director.email)
    await confirmAccessGrant(own.id, { via: 'console' })
    expect((await staffOf('director')).email).toBe('director.new@admin-controls.example')
  })

  it('a new address in the row that asks for a reading role waits too (the role asked counts, not only those held)', async () => {
    const admin = await db.user.findFirstOrThrow({ where: { login: 'admin' } })
    const deputy = await staffOf('deputy')
    const deputyUser = await account('deputy')
    const header = [...EMAIL_HEADER, 'Роли']
    const report = await applyImport({
      schoolId: admin.schoolId,
      kind: 'staff',
      fileName: 'staff.csv',
      bytes: csv([header, [...row(deputy, 'deputy.evil@admin-controls.example'), 'deputy, director']]),
      userId: admin.id,
    })
    expect(report.applied).toBe(true)
    // The address did not move: it waits with the role, for the authority (the director's role is asked).
    expect((await staffOf('deputy')).email).toBe(deputy.email)
    const waiting = await db.accessGrant.findMany({ where: { userId: deputyUser.id, outcome: null }, orderBy: { kind: 'asc' } })
    expect(waiting.map((g) => [g.kind, g.approver])).toEqual([
      ['email', 'authority'],
      ['roles', 'authority'],
    ])
    expect(waiting.find((g) => g.kind === 'email')).toMatchObject({ email: 'deputy.evil@admin-controls.example' })
    await db.accessGrant.deleteMany({ where: { userId: deputyUser.id, outcome: null } })
  })

  it("the responsible employee named in the school's card, without an account: refused in Russian, nothing changed", async () => {
    const admin = await db.user.findFirstOrThrow({ where: { login: 'admin' } })
    const school = await db.school.findUniqueOrThrow({ where: { id: admin.schoolId } })
    const named = await db.staff.create({
      data: { schoolId: admin.schoolId, lastName: 'Карточкина', firstName: 'Вера', middleName: 'Павловна', position: 'Ответственный' },
    })
    await db.school.update({ where: { id: school.id }, data: { responsibleEmployeeId: named.id } })
    try {
      const report = await importAs(admin.id, admin.schoolId, [row(named, 'karta@admin-controls.example')])
      expect(report.applied).toBe(false)
      expect(report.errors).toEqual([
        expect.objectContaining({ line: 2, message: expect.stringMatching(/^На адрес ответственного работника/) }),
      ])
      expect((await db.staff.findUniqueOrThrow({ where: { id: named.id } })).email).toBe('')
      // The server's operator (a script's import, no importer) changes it at once, as before.
      expect((await importAs(undefined, admin.schoolId, [row(named, 'karta@example.ru')])).applied).toBe(true)
      expect((await db.staff.findUniqueOrThrow({ where: { id: named.id } })).email).toBe('karta@example.ru')
    } finally {
      await db.school.update({ where: { id: school.id }, data: { responsibleEmployeeId: school.responsibleEmployeeId } })
    }
  })
})

describe('the list of waiting requests is paged, not cut at 200 (keyset, ADR 048)', () => {
  it("the director's and the authority's pages walk every request once, oldest first; a forged cursor is the first page", async () => {
    const admin = await account('admin')
    const secretary = await account('secretary')
    await db.accessGrant.deleteMany({ where: { schoolId: admin.schoolId, outcome: null } })
    const old = new Date('2025-06-01T00:00:00Z')
    // 230 requests, the last ten of the same second (equal times are told apart by the id).
    await db.accessGrant.createMany({
      data: Array.from({ length: 230 }, (_, i) => ({
        schoolId: admin.schoolId,
        userId: secretary.id,
        kind: 'roles',
        roles: '["responsible"]',
        approver: 'director',
        requestedById: admin.id,
        requestedAt: new Date(old.getTime() + Math.min(i, 220) * 1000),
      })),
    })
    const made = await db.accessGrant.findMany({ where: { schoolId: admin.schoolId, outcome: null }, select: { id: true } })
    const walk = async (path: string, load: Route, params: Record<string, string>, cookie: string) => {
      const seen: string[] = []
      let url = path
      for (let pages = 0; pages < 10; pages++) {
        const page = await (await settle(() => load({ request: getRequest(url, cookie), params, context: {} }))).json()
        expect(page.grants.length).toBeLessThanOrEqual(50)
        seen.push(...page.grants.map((g: { id: string }) => g.id))
        if (!page.next) return seen
        url = `${path}?after=${encodeURIComponent(page.next)}`
      }
      throw new Error('too many pages')
    }
    const director = await signIn('director')
    const byDirector = await walk('/staff/access', access.loader as Route, {}, director)
    expect(byDirector).toHaveLength(230)
    expect(new Set(byDirector)).toEqual(new Set(made.map((g) => g.id)))
    const authority = await signIn('authority')
    const byAuthority = await walk(
      `/authority/schools/${admin.schoolId}`,
      authoritySchool.loader as Route,
      { schoolId: admin.schoolId },
      authority,
    )
    expect(byAuthority).toEqual(byDirector)
    const first = await (
      await settle(() => access.loader({ request: getRequest('/staff/access', director), params: {}, context: {} }))
    ).json()
    expect(first.total).toBe(230)
    const forged = await (
      await settle(() =>
        access.loader({ request: getRequest('/staff/access?after=%F0%9F%98%80не-курсор', director), params: {}, context: {} }),
      )
    ).json()
    expect(forged.grants.map((g: { id: string }) => g.id)).toEqual(first.grants.map((g: { id: string }) => g.id))
    await db.accessGrant.deleteMany({ where: { schoolId: admin.schoolId, outcome: null } })
  })
})
