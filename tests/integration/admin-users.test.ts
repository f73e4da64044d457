import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { getUser, login } from '#app/utils/auth.server'
import { action, loader } from '#app/routes/admin.users'
import { signIn } from '#tests/helpers/auth'
import { formRequest, getRequest, settle } from '#tests/helpers/http'

const args = (request: Request) => ({ request, params: {}, context: {} })

describe('accounts for the e-journal administrator', () => {
  it('issues a one-time password that signs in once and forces a new one; the old password stops working', async () => {
    const admin = await signIn('admin')
    // A teacher's account (no class of their own): it reads no applications and confirms no guardian's status, so the
    // administrator issues its password alone (ADR 093, 114).
    const teacher = await db.user.findFirstOrThrow({
      where: {
        roles: { some: { role: 'teacher' } },
        NOT: { roles: { some: { role: { in: ['director', 'responsible', 'secretary', 'class_teacher'] } } } },
      },
    })
    const list = await (await settle(() => loader(args(getRequest(`/admin/users?q=${teacher.login}`, admin))))).json()
    const row = list.users.find((u: { login: string }) => u.login === teacher.login)
    expect(row.state).toBe('действует')
    const response = await settle(() =>
      action(args(formRequest('/admin/users', { intent: 'issue', userId: row.id, confirm: 'yes' }, admin))),
    )
    const issued = await response.json()
    expect(issued).toMatchObject({ ok: true, login: teacher.login })
    expect(await login(formRequest('/login', {}), teacher.login, 'demo2026')).toEqual({ ok: false, error: 'Неверный логин или пароль.' })
    const result = await login(formRequest('/login', {}), teacher.login, issued.password)
    expect(result.ok && result.user.mustChangePassword).toBe(true)
    expect(await db.auditEvent.count({ where: { action: 'issue:one-time-password', entityId: teacher.id } })).toBe(1)
  })

  it("refuses the administrator's own account: the password and the session stay as they were", async () => {
    const admin = await signIn('admin')
    const me = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const page = await (await settle(() => loader(args(getRequest(`/admin/users?q=admin&issue=${me.id}`, admin))))).json()
    expect(page.confirm).toBeNull()
    expect(page.refusal).toMatch(/Сменить пароль/)
    expect(page.selfId).toBe(me.id)

    const response = await settle(() =>
      action(args(formRequest('/admin/users', { intent: 'issue', userId: me.id, confirm: 'yes' }, admin))),
    )
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ ok: false, error: expect.stringMatching(/Сменить пароль/) })
    expect(await db.user.findUniqueOrThrow({ where: { id: me.id } })).toMatchObject({
      passwordHash: me.passwordHash,
      mustChangePassword: false,
    })
    expect((await getUser(getRequest('/admin', admin)))?.login).toBe('admin')
    expect((await login(formRequest('/login', {}), 'admin', 'demo2026')).ok).toBe(true)
    expect(await db.auditEvent.count({ where: { action: 'issue:one-time-password', entityId: me.id } })).toBe(0)
  })

  it('asks first, naming the account; an unconfirmed request changes nothing', async () => {
    const admin = await signIn('admin')
    const deputySession = await signIn('deputy')
    const before = await db.user.findUniqueOrThrow({ where: { login: 'deputy' } })
    const page = await (await settle(() => loader(args(getRequest(`/admin/users?issue=${before.id}`, admin))))).json()
    expect(page.confirm).toMatchObject({ id: before.id, login: 'deputy', roles: ['Заместитель директора по УВР'], sessions: 1 })
    expect(page.confirm.name).not.toBe('')

    const unconfirmed: Array<Record<string, string>> = [
      { userId: before.id },
      { intent: 'issue', userId: before.id },
      { intent: 'issue', userId: before.id, confirm: 'no' },
    ]
    for (const fields of unconfirmed) {
      const response = await settle(() => action(args(formRequest('/admin/users', fields, admin))))
      expect(response.status).toBe(400)
      expect(await response.json()).toMatchObject({ ok: false, confirm: { id: before.id, login: 'deputy' } })
    }
    expect(await db.user.findUniqueOrThrow({ where: { id: before.id } })).toMatchObject({
      passwordHash: before.passwordHash,
      mustChangePassword: false,
    })
    expect((await getUser(getRequest('/staff', deputySession)))?.login).toBe('deputy')
    expect(await db.auditEvent.count({ where: { action: 'issue:one-time-password', entityId: before.id } })).toBe(0)

    // Confirmed: the deputy's session ends at once.
    const issued = await settle(() =>
      action(args(formRequest('/admin/users', { intent: 'issue', userId: before.id, confirm: 'yes' }, admin))),
    )
    expect(issued.status).toBe(200)
    expect(await getUser(getRequest('/staff', deputySession))).toBeNull()
  })

  it("answers «not found» for an account of no school of the administrator's", async () => {
    const admin = await signIn('admin')
    const response = await settle(() =>
      action(args(formRequest('/admin/users', { intent: 'issue', userId: 'nobody', confirm: 'yes' }, admin))),
    )
    expect(response.status).toBe(404)
  })

  it('is closed to everyone but the administrator', async () => {
    for (const who of ['director', 'parent']) {
      const cookie = await signIn(who)
      expect((await settle(() => loader(args(getRequest('/admin/users', cookie))))).status).toBe(403)
      expect((await settle(() => action(args(formRequest('/admin/users', { userId: 'x' }, cookie))))).status).toBe(403)
    }
  })
})

describe("the administrator's search of accounts", () => {
  it('finds a surname whatever its letter case and «ё»/«е», by its beginning, its middle or its second part', async () => {
    const admin = await signIn('admin')
    const secretary = await db.user.findUniqueOrThrow({ where: { login: 'secretary' }, include: { staff: true } })
    await db.staff.update({ where: { id: secretary.staff!.id }, data: { lastName: 'Фёдорова-Петрова' } })
    const found = async (q: string) => {
      const page = await (await settle(() => loader(args(getRequest(`/admin/users?q=${encodeURIComponent(q)}`, admin))))).json()
      return page.users.map((u: { login: string }) => u.login)
    }
    for (const q of ['Фёдорова', 'федорова', 'ФЕДОРОВА', 'фёдорова-петрова', 'петрова', 'едоров', '  Федорова  Анна ']) {
      expect(await found(q), q).toContain('secretary')
    }
    expect(await found('Сидоркина')).not.toContain('secretary')
  })
})
