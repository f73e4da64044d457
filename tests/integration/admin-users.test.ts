import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { login } from '#app/utils/auth.server'
import { action, loader } from '#app/routes/admin.users'
import { signIn } from '#tests/helpers/auth'
import { formRequest, getRequest, settle } from '#tests/helpers/http'

const args = (request: Request) => ({ request, params: {}, context: {} })

describe('accounts for the e-journal administrator', () => {
  it('issues a one-time password that signs in once and forces a new one; the old password stops working', async () => {
    const admin = await signIn('admin')
    const list = await (await settle(() => loader(args(getRequest('/admin/users?q=secretary', admin))))).json()
    const secretary = list.users.find((u: { login: string }) => u.login === 'secretary')
    expect(secretary.state).toBe('действует')
    const response = await settle(() => action(args(formRequest('/admin/users', { userId: secretary.id }, admin))))
    const issued = await response.json()
    expect(issued).toMatchObject({ ok: true, login: 'secretary' })
    expect(await login(formRequest('/login', {}), 'secretary', 'demo2026')).toEqual({ ok: false, error: 'Неверный логин или пароль.' })
    const result = await login(formRequest('/login', {}), 'secretary', issued.password)
    expect(result.ok && result.user.mustChangePassword).toBe(true)
    expect(await db.auditEvent.count({ where: { action: 'issue:one-time-password', entityId: secretary.id } })).toBe(1)
  })

  it('is closed to everyone but the administrator', async () => {
    for (const who of ['director', 'parent']) {
      const cookie = await signIn(who)
      expect((await settle(() => loader(args(getRequest('/admin/users', cookie))))).status).toBe(403)
      expect((await settle(() => action(args(formRequest('/admin/users', { userId: 'x' }, cookie))))).status).toBe(403)
    }
  })
})
