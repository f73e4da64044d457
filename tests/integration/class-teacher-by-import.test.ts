// ADR 118: the administrator made a class teacher of an account whose password they knew — a one-time password they
// issued a plain teacher (shown on their screen), then the class teacher's role by the staff import and the class by the
// classes import — and so, signed in as that teacher, replaced parents' passwords and confirmed guardians' statuses.
// The role given to an account with a password waits for the director (whose confirmation replaces the password); the
// classes import does not make class teacher an account whose password an administrator issued, nor the importer's own.
import { describe, expect, it, vi } from 'vitest'
import { db } from '#app/utils/db.server'
import { login } from '#app/utils/auth.server'
import { applyImport } from '#app/import/run.server'
import { staff as staffKind } from '#app/import/kinds/staff.server'
import { issueOneTimePassword } from '#app/operations/access-grants.server'
import { classForCredentials } from '#app/models/class-credentials.server'
import * as users from '#app/routes/admin.users'
import * as access from '#app/routes/staff.access'
import { signIn, staffSession } from '#tests/helpers/auth'
import { formRequest, settle } from '#tests/helpers/http'
import { DEMO_PASSWORD } from '../../prisma/seed/generate'
import { hashPassword } from '#app/utils/password.server'

type Route = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>
const call = async (route: Route, request: Request) => {
  const response = await settle(() => route({ request, params: {}, context: {} }))
  return { status: response.status, body: await response.json() }
}
const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(';')).join('\n'))
const STAFF = ['Фамилия', 'Имя', 'Отчество', 'Должность', 'Логин', 'Роли']
const rolesOf = async (userId: string) => (await db.userRole.findMany({ where: { userId } })).map((r) => r.role).sort()

async function plainTeacher() {
  const led = (await db.schoolClass.findMany({ select: { classTeacherId: true } })).map((c) => c.classTeacherId)
  return db.user.findFirstOrThrow({
    where: {
      login: { not: 'admin' },
      roles: { every: { role: 'teacher' }, some: {} },
      staff: { id: { notIn: led.filter((x) => !!x) as string[] } },
    },
    include: { staff: true },
  })
}

function importClassTeacher(
  adminId: string | null,
  schoolId: string,
  className: string,
  s: { lastName: string; firstName: string; middleName: string },
) {
  const bytes = csv([
    ['Класс', 'Классный руководитель'],
    [className, `${s.lastName} ${s.firstName} ${s.middleName}`],
  ])
  return applyImport({ schoolId, kind: 'classes', fileName: 'c.csv', bytes, userId: adminId })
}

describe('the class teacher of an account whose password the administrator knows (ADR 118)', () => {
  it('the role waits for the director, the class is refused; the director’s confirmation replaces the password', async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const adminCookie = await signIn('admin')
    const teacher = await plainTeacher()
    const s = teacher.staff!
    // A plain teacher's one-time password is the administrator's to issue and see (the role reads nothing of theirs).
    const reset = await call(
      users.action as Route,
      formRequest('/admin/users', { intent: 'issue', userId: teacher.id, confirm: 'yes' }, adminCookie),
    )
    expect(reset.body).toMatchObject({ ok: true, password: expect.any(String) })
    const known = reset.body.password as string

    // The staff import: the class teacher's role is asked, not given.
    const staffReport = await applyImport({
      schoolId: admin.schoolId,
      kind: 'staff',
      fileName: 's.csv',
      bytes: csv([STAFF, [s.lastName, s.firstName, s.middleName, s.position, teacher.login, 'teacher, class_teacher']]),
      userId: admin.id,
    })
    expect(staffReport.errors).toEqual([])
    expect(staffReport.warnings).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringMatching(/^Роль «Классный руководитель» открывает родителям доступ/) }),
    ])
    expect(await rolesOf(teacher.id)).toEqual(['teacher'])
    const grant = await db.accessGrant.findFirstOrThrow({ where: { userId: teacher.id, kind: 'roles', outcome: null } })
    expect(grant).toMatchObject({ approver: 'director', roles: '["class_teacher"]' })

    // The classes import: that account is not made class teacher — a clear Russian message, nothing changed.
    const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '5А' } })
    const refused = await importClassTeacher(admin.id, admin.schoolId, cls.name, s)
    expect(refused.applied).toBe(false)
    expect(refused.errors).toEqual([
      expect.objectContaining({
        line: 2,
        column: 'Классный руководитель',
        // The role's request waits for the director: the message says to wait for it, not to ask for another password.
        message: expect.stringMatching(/^Для этой учётной записи уже ждёт подтверждения директора запрос роли/),
      }),
    ])
    expect((await db.schoolClass.findUniqueOrThrow({ where: { id: cls.id } })).classTeacherId).toBe(cls.classTeacherId)
    // Signed in with the password the administrator saw: no class to hand out credentials for.
    expect((await login(formRequest('/login', {}), teacher.login, known)).ok).toBe(true)
    expect(await classForCredentials(await staffSession(teacher.login), cls.id)).toBeNull()

    // The director confirms: the role is given with a new password shown to the director; the known one is dead.
    const director = await signIn('director')
    const done = await call(
      access.action as Route,
      formRequest('/staff/access', { intent: 'confirm', grantId: grant.id, password: DEMO_PASSWORD }, director),
    )
    expect(done.body).toMatchObject({ ok: true, login: teacher.login, password: expect.any(String) })
    expect(await rolesOf(teacher.id)).toEqual(['class_teacher', 'teacher'])
    expect((await login(formRequest('/login', {}), teacher.login, known)).ok).toBe(false)
    // … and now the classes import goes: the last password was the director's to hand over.
    const goes = await importClassTeacher(admin.id, admin.schoolId, cls.name, s)
    expect(goes.errors).toEqual([])
    expect((await db.schoolClass.findUniqueOrThrow({ where: { id: cls.id } })).classTeacherId).toBe(s.id)
    await db.schoolClass.update({ where: { id: cls.id }, data: { classTeacherId: cls.classTeacherId } })
  })

  it('a new account without a password gets the role at once; its first password waits for the director', async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const report = await applyImport({
      schoolId: admin.schoolId,
      kind: 'staff',
      fileName: 's.csv',
      bytes: csv([STAFF, ['Жукова', 'Ярослава', 'Андреевна', 'Учитель истории', 'zhukova.ya', 'class_teacher']]),
      userId: admin.id,
    })
    expect(report.errors).toEqual([])
    expect(report.warnings).toEqual([])
    const fresh = await db.user.findUniqueOrThrow({ where: { login: 'zhukova.ya' } })
    expect(await rolesOf(fresh.id)).toEqual(['class_teacher'])
    const adminCookie = await signIn('admin')
    const asked = await call(
      users.action as Route,
      formRequest('/admin/users', { intent: 'issue', userId: fresh.id, confirm: 'yes' }, adminCookie),
    )
    expect(asked.body).toEqual({ ok: true, login: 'zhukova.ya', waits: 'director' })
    expect((await db.user.findUniqueOrThrow({ where: { id: fresh.id } })).passwordHash).toBe('!')
  })

  it('the administrator’s own account: the role waits, and the import does not make them class teacher', async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' }, include: { staff: true } })
    const me = admin.staff!
    const report = await applyImport({
      schoolId: admin.schoolId,
      kind: 'staff',
      fileName: 's.csv',
      bytes: csv([STAFF, [me.lastName, me.firstName, me.middleName, me.position, 'admin', 'class_teacher']]),
      userId: admin.id,
    })
    expect(report.errors).toEqual([])
    expect(await rolesOf(admin.id)).not.toContain('class_teacher')
    expect(await db.accessGrant.count({ where: { userId: admin.id, kind: 'roles', outcome: null } })).toBe(1)

    // A class teacher's role held from before (given by an older release): the class is still refused.
    await db.userRole.create({ data: { userId: admin.id, role: 'class_teacher' } })
    const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '5Б' } })
    const refused = await importClassTeacher(admin.id, admin.schoolId, cls.name, me)
    expect(refused.applied).toBe(false)
    expect(refused.errors[0]?.message).toMatch(/^Свою учётную запись классным руководителем через импорт назначить нельзя/)
    expect((await db.schoolClass.findUniqueOrThrow({ where: { id: cls.id } })).classTeacherId).toBe(cls.classTeacherId)
    // The server's operator (a script's import, no importer) is not the administrator: it goes.
    const script = await importClassTeacher(null, admin.schoolId, cls.name, me)
    expect(script.errors).toEqual([])
    await db.schoolClass.update({ where: { id: cls.id }, data: { classTeacherId: cls.classTeacherId } })
    await db.userRole.deleteMany({ where: { userId: admin.id, role: 'class_teacher' } })
  })

  it('a class teacher whose password nobody at the administrator’s screen saw is made class teacher of another class', async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '5А' }, include: { classTeacher: true } })
    const other = await db.schoolClass.findFirstOrThrow({ where: { name: '5Б' } })
    const report = await importClassTeacher(admin.id, admin.schoolId, other.name, cls.classTeacher!)
    expect(report.errors).toEqual([])
    expect((await db.schoolClass.findUniqueOrThrow({ where: { id: other.id } })).classTeacherId).toBe(cls.classTeacherId)
    await db.schoolClass.update({ where: { id: other.id }, data: { classTeacherId: other.classTeacherId } })
  })

  it('a one-time password issued while a staff import is planned: the class teacher’s role is asked, not given', async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const made = await applyImport({
      schoolId: admin.schoolId,
      kind: 'staff',
      fileName: 's.csv',
      bytes: csv([STAFF, ['Гончарова', 'Лидия', 'Петровна', 'Учитель музыки', 'race.x', 'teacher']]),
      userId: admin.id,
    })
    expect(made.errors).toEqual([])
    const x = await db.user.findUniqueOrThrow({ where: { login: 'race.x' } })
    // The import plans with «no password yet» (the role would be given at once) …
    const cells = {
      lastName: 'Гончарова',
      firstName: 'Лидия',
      middleName: 'Петровна',
      position: 'Учитель музыки',
      login: 'race.x',
      roles: 'teacher, class_teacher',
    }
    const plan = await staffKind.plan([{ line: 2, cells }] as never, {
      client: db as never,
      schoolId: admin.schoolId,
      importerId: admin.id,
      ip: '',
      today: '2026-12-07',
      calendar: undefined as never,
    })
    expect(plan.errors).toEqual([])
    expect(plan.warnings).toEqual([])
    // … the administrator issues a one-time password in another tab (a plain teacher: shown on their screen) …
    const issued = await issueOneTimePassword(admin.schoolId, x.id, admin.id)
    expect(issued).toMatchObject({ ok: true, waits: null, password: expect.any(String) })
    // … and the import writes: the role, now on an account with a password the administrator saw, waits.
    const late = await db.$transaction((tx) => plan.write(tx as never))
    expect(await rolesOf(x.id)).toEqual(['teacher'])
    // The check said nothing of a request: the write says it (the report after the apply shows it, the test below).
    expect(late).toEqual([{ line: 2, column: 'Роли', message: expect.stringMatching(/^Пока файл загружался, учётной записи «race\.x»/) }])
    const grant = await db.accessGrant.findFirstOrThrow({ where: { userId: x.id, kind: 'roles', outcome: null } })
    expect(grant).toMatchObject({ approver: 'director', roles: '["class_teacher"]' })
    expect(await db.auditEvent.count({ where: { action: 'grant:roles', entityId: x.id, data: { contains: 'class_teacher' } } })).toBe(0)

    // The other order: the role written first, the one-time password asked afterwards waits for the director.
    const y = await applyImport({
      schoolId: admin.schoolId,
      kind: 'staff',
      fileName: 's.csv',
      bytes: csv([STAFF, ['Гончарова', 'Вера', 'Петровна', 'Учитель музыки', 'race.y', 'teacher']]),
      userId: admin.id,
    })
    expect(y.errors).toEqual([])
    const yUser = await db.user.findUniqueOrThrow({ where: { login: 'race.y' } })
    await db.userRole.create({ data: { userId: yUser.id, role: 'class_teacher' } })
    expect(await issueOneTimePassword(admin.schoolId, yUser.id, admin.id)).toEqual({ ok: true, waits: 'director', login: 'race.y' })
    expect((await db.user.findUniqueOrThrow({ where: { id: yUser.id } })).passwordHash).toBe('!')
  })

  it('the apply’s report says so when a password issued meanwhile turned the role into a request (ADR 118)', async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const file = (roles: string) => csv([STAFF, ['Гончарова', 'Нина', 'Петровна', 'Учитель музыки', 'race.z', roles]])
    expect(
      (await applyImport({ schoolId: admin.schoolId, kind: 'staff', fileName: 's.csv', bytes: file('teacher'), userId: admin.id })).errors,
    ).toEqual([])
    const z = await db.user.findUniqueOrThrow({ where: { login: 'race.z' } })
    // Between the apply's check and its write, a one-time password for the account (another tab) — as it writes it.
    const plan = staffKind.plan
    const spy = vi.spyOn(staffKind, 'plan').mockImplementation(async (rows, ctx) => {
      const planned = await plan.call(staffKind, rows, ctx)
      const passwordHash = await hashPassword('Vremennyi-parol-2291')
      await ctx.client.user.update({ where: { id: z.id }, data: { passwordHash, mustChangePassword: true } })
      return planned
    })
    let report: Awaited<ReturnType<typeof applyImport>>
    try {
      report = await applyImport({
        schoolId: admin.schoolId,
        kind: 'staff',
        fileName: 'staff.csv',
        bytes: file('teacher, class_teacher'),
        userId: admin.id,
      })
    } finally {
      spy.mockRestore()
    }
    expect(report.applied).toBe(true)
    expect(await rolesOf(z.id)).toEqual(['teacher'])
    expect(await db.accessGrant.count({ where: { userId: z.id, kind: 'roles', outcome: null, roles: '["class_teacher"]' } })).toBe(1)
    // It said «given» when checked: the report of what was done says «asked», on the row and the column, in Russian.
    expect(report.warnings).toEqual([
      {
        line: 2,
        column: 'Роли',
        file: 'staff.csv',
        message:
          'Пока файл загружался, учётной записи «race.z» выдан пароль — роль не назначена, а запрошена. Роль «Классный руководитель» ' +
          'открывает родителям доступ к данным детей, а пароль этой учётной записи мог знать администратор: роль будет назначена, ' +
          'когда директор подтвердит её паролем подписи («Подтверждение доступа»); учётная запись получит новый временный пароль.',
      },
    ])
  })
})
