// ADR 114: two imports — a teacher's address first (changed at once: the account reads no applications yet), a reading
// role for the same account later — used to put before the director a role to confirm for an account whose letters
// already went to the administrator's address, with nothing on the page to say so. «Подтверждение доступа» now shows
// the account's address and that an import changed it, when and who, unconfirmed.
import { describe, expect, it } from 'vitest'
import { applyImport } from '#app/import/run.server'
import * as access from '#app/routes/staff.access'
import { db } from '#app/utils/db.server'
import { signIn } from '#tests/helpers/auth'
import { getRequest, settle } from '#tests/helpers/http'

const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(';')).join('\n'))

describe('a role request shows the account’s current address (ADR 114)', () => {
  it('an address the import changed before the role was asked is named, with when and who, as unconfirmed', async () => {
    const admin = await db.user.findFirstOrThrow({ where: { login: 'admin' }, include: { staff: true } })
    const teacher = await db.staff.findFirstOrThrow({
      where: { user: { roles: { every: { role: { in: ['teacher', 'class_teacher'] } } } }, userId: { not: null } },
      include: { user: true },
    })
    const person = [teacher.lastName, teacher.firstName, teacher.middleName, teacher.position]
    const first = await applyImport({
      schoolId: admin.schoolId,
      kind: 'staff',
      fileName: 'a.csv',
      bytes: csv([
        ['Фамилия', 'Имя', 'Отчество', 'Должность', 'Эл. почта'],
        [...person, 'not.the.teacher@admin-controls.example'],
      ]),
      userId: admin.id,
    })
    expect(first.applied).toBe(true)
    expect((await db.staff.findUniqueOrThrow({ where: { id: teacher.id } })).email).toBe('not.the.teacher@admin-controls.example')
    const second = await applyImport({
      schoolId: admin.schoolId,
      kind: 'staff',
      fileName: 'b.csv',
      bytes: csv([
        ['Фамилия', 'Имя', 'Отчество', 'Должность', 'Логин', 'Роли'],
        [...person, teacher.user!.login, 'secretary'],
      ]),
      userId: admin.id,
    })
    expect(second.applied).toBe(true)
    const grant = await db.accessGrant.findFirstOrThrow({ where: { userId: teacher.userId!, kind: 'roles', outcome: null } })

    const cookie = await signIn('director')
    const page = await (await settle(() => access.loader({ request: getRequest('/staff/access', cookie), params: {}, context: {} }))).json()
    const shown = page.grants.find((g: { id: string }) => g.id === grant.id)
    expect(shown.currentEmail).toMatch(/^«not\.the\.teacher@admin-controls\.example» — изменён импортом \d\d\.\d\d\.\d{4} \d\d:\d\d /)
    expect(shown.currentEmail).toMatch(/\(.+\), никем не подтверждён; менее 14 дней назад/)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'change:staff-email', entityId: teacher.id } })
    expect(audit.userId).toBe(admin.id)
    expect(JSON.parse(audit.data)).toEqual({ was: teacher.email, email: 'not.the.teacher@admin-controls.example' })
  })
})
