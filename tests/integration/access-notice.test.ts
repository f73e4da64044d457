// The administrator reads the journal, not the families' applications. Asking to open them to an account — a role that
// reads them given by import (a second account of the administrator's own making would do), or a one-time password for
// an account that holds one (whoever knows it signs in as the director) — tells the director by e-mail, with who
// confirms the request (ADR 093).
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { applyImport } from '#app/import/run.server'
import { runOutbox } from '#app/jobs/outbox.server'
import { issueOneTimePassword } from '#app/operations/access-grants.server'
import '#app/mail/index.server'

const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(';')).join('\n'))
const lettersTo = async (email: string, subject: string) =>
  (await db.outboxJob.findMany({ where: { kind: 'send-email' } }))
    .map((j) => JSON.parse(j.payload))
    .filter((p) => p.to.includes(email) && String(p.subject) === subject)

describe("the director's notice of access to applications", () => {
  it('a one-time password asked for an account that reads applications is told to the director; a deputy’s is not', async () => {
    const admin = await db.user.findFirstOrThrow({ where: { login: 'admin' } })
    const director = await db.user.findFirstOrThrow({ where: { login: 'director' }, include: { staff: true } })
    const deputy = await db.user.findFirstOrThrow({ where: { login: 'deputy' } })
    expect(await issueOneTimePassword(admin.schoolId, director.id, admin.id)).toMatchObject({ ok: true })
    expect(await issueOneTimePassword(admin.schoolId, deputy.id, admin.id)).toMatchObject({ ok: true })
    await runOutbox()
    const letters = await lettersTo(director.staff!.email, 'Запрошен временный пароль учётной записи director')
    expect(letters).toHaveLength(1)
    expect(letters[0].text).toContain('запросил(а) временный пароль учётной записи')
    expect(letters[0].text).toContain('(роль: «Директор»)')
    expect(letters[0].text).toContain('Запрос касается подписи директора: его подтверждает администратор органа управления образованием')
    expect(await lettersTo(director.staff!.email, 'Запрошен временный пароль учётной записи deputy')).toEqual([])
    expect(await lettersTo(director.staff!.email, 'Временный пароль учётной записи deputy')).toEqual([])
  })

  it('a role that reads applications asked by import is told to the director, account by account', async () => {
    const admin = await db.user.findFirstOrThrow({ where: { login: 'admin' } })
    const director = await db.staff.findFirstOrThrow({ where: { user: { login: 'director' } } })
    const header = ['Фамилия', 'Имя', 'Отчество', 'Должность', 'Логин', 'Роли']
    const rows = [header, ['Громова', 'Гликерия', 'Игоревна', 'Заместитель директора', 'gromova', 'responsible, teacher']]
    rows.push(['Лебедев', 'Савва', 'Ильич', 'Учитель', 'lebedev.si', 'teacher'])
    const report = await applyImport({ schoolId: admin.schoolId, kind: 'staff', fileName: 'staff.csv', bytes: csv(rows), userId: admin.id })
    expect(report.applied).toBe(true)
    await runOutbox()
    const letters = await lettersTo(director.email, 'Запрошен доступ к заявлениям для учётной записи gromova')
    expect(letters).toHaveLength(1)
    expect(letters[0].text).toContain('Громова Гликерия Игоревна (логин gromova) роль: «Ответственный работник».')
    expect(letters[0].text).toContain('Пока вы не подтвердите запрос паролем подписи на странице «Подтверждение доступа» (/staff/access)')
    expect(await lettersTo(director.email, 'Запрошен доступ к заявлениям для учётной записи lebedev.si')).toEqual([])
  })

  it('the class teacher’s role asked for an account with a password is told as access to the class’s children (ADR 118)', async () => {
    const admin = await db.user.findFirstOrThrow({ where: { login: 'admin' } })
    const director = await db.staff.findFirstOrThrow({ where: { user: { login: 'director' } } })
    const teacher = await db.user.findFirstOrThrow({
      where: {
        schoolId: admin.schoolId,
        passwordHash: { notIn: ['!', ''] },
        roles: { every: { role: 'teacher' }, some: {} },
        staff: { isNot: null },
      },
      include: { staff: true },
    })
    const s = teacher.staff!
    const rows = [['Фамилия', 'Имя', 'Отчество', 'Должность', 'Логин', 'Роли']]
    rows.push([s.lastName, s.firstName, s.middleName ?? '', s.position ?? 'Учитель', teacher.login, 'teacher, class_teacher'])
    const report = await applyImport({ schoolId: admin.schoolId, kind: 'staff', fileName: 'staff.csv', bytes: csv(rows), userId: admin.id })
    expect(report.applied).toBe(true)
    await runOutbox()
    expect(await lettersTo(director.email, `Запрошен доступ к заявлениям для учётной записи ${teacher.login}`)).toEqual([])
    const letters = await lettersTo(director.email, `Запрошен доступ к данным детей класса для учётной записи ${teacher.login}`)
    expect(letters).toHaveLength(1)
    expect(letters[0].text).toContain('роль: «Классный руководитель». С ней классный руководитель подтверждает статус законных')
  })
})
