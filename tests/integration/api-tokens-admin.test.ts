import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'
import { action, loader } from '#app/routes/admin.api'
import { action as apiAction } from '#app/routes/api.v1.applications.($id)'
import { createApiToken } from '#app/models/api-tokens.server'
import { applicationFor } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { formRequest, getRequest, ORIGIN, settle } from '#tests/helpers/http'
import { otherSchool } from '#tests/helpers/schools'

const args = (request: Request) => ({ request, params: {}, context: {} })

/** Files one application through /api/v1 with `token`; the answer's status. */
async function fileWith(token: string): Promise<number> {
  const data = await applicationFor('5А')
  const { className, ...pupil } = data.pupil
  const request = new Request(`${ORIGIN}/api/v1/applications`, {
    method: 'POST',
    body: JSON.stringify({ ...data, pupil: { ...pupil, class: className } }),
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
  })
  return (await settle(() => apiAction({ request, params: {}, context: {} }))).status
}

const issue = async (admin: string, name: string) => settle(() => action(args(formRequest('/admin/api', { intent: 'issue', name }, admin))))
const page = async (admin: string) => (await settle(() => loader(args(getRequest('/admin/api', admin))))).json()

describe('«Доступ портала»: the school administrator issues and revokes API tokens', () => {
  it('the environment’s PORTAL_API_TOKEN answers on a one-school server only; with a second school it is refused', async () => {
    const admin = await signIn('admin')
    const envToken = getEnv().PORTAL_API_TOKEN
    expect((await page(admin)).environmentToken).toBe('serves')
    expect(await fileWith(envToken)).toBe(201)

    await otherSchool()
    const before = await db.application.count()
    expect(await fileWith(envToken)).toBe(401)
    expect(await db.application.count()).toBe(before)
    expect((await page(admin)).environmentToken).toBe('refused')
    const { issued } = await (await issue(admin, 'Портал')).json()
    expect(await fileWith(issued.token)).toBe(201)
  })

  it('shows a new token once; it files applications for this school; the page and the audit never hold it', async () => {
    const admin = await signIn('admin')
    const response = await issue(admin, '  Региональный портал\u00a0госуслуг ')
    expect(response.status).toBe(200)
    const result = await response.json()
    expect(result).toMatchObject({ ok: true, issued: { name: 'Региональный портал госуслуг' } })
    const token: string = result.issued.token
    expect(token).toMatch(/^sk_[A-Za-z0-9_-]{43}$/)

    const before = await db.application.count()
    expect(await fileWith(token)).toBe(201)
    const filed = await db.application.findFirstOrThrow({ orderBy: { receivedAt: 'desc' } })
    const school = await db.school.findFirstOrThrow({ where: { users: { some: { login: 'admin' } } } })
    expect(filed.schoolId).toBe(school.id)
    expect(await db.application.count()).toBe(before + 1)

    const shown = await page(admin)
    expect(shown.tokens[0]).toMatchObject({ name: 'Региональный портал госуслуг', revokedAt: null })
    expect(shown.tokens[0].createdAt).toMatch(/^\d\d\.\d\d\.\d{4} \d\d:\d\d$/)
    expect(JSON.stringify(shown)).not.toContain(token.slice(3))
    const audit = await db.auditEvent.findMany({ where: { action: 'create:api-token', entityId: shown.tokens[0].id } })
    expect(audit).toHaveLength(1)
    expect(audit[0].data).not.toContain(token.slice(3))
  })

  it('a revoked token stops at once; revoking again, or another school’s token, changes nothing', async () => {
    const admin = await signIn('admin')
    const { issued } = await (await issue(admin, 'Портал')).json()
    const { tokens } = await page(admin)
    expect(tokens[0].name).toBe('Портал')
    const revoke = (id: string) => settle(() => action(args(formRequest('/admin/api', { intent: 'revoke', id }, admin))))

    expect((await revoke(tokens[0].id)).status).toBe(200)
    expect(await fileWith(issued.token)).toBe(401)
    expect((await page(admin)).tokens[0].revokedAt).toMatch(/^\d\d\.\d\d\.\d{4} /)
    const again = await revoke(tokens[0].id)
    expect(again.status).toBe(404)
    expect((await again.json()).message).toBe('Токен не найден или уже отозван')
    expect(await db.auditEvent.count({ where: { action: 'revoke:api-token', entityId: tokens[0].id } })).toBe(1)

    const other = await otherSchool()
    const foreign = await createApiToken(other.id, 'Чужая система')
    expect((await revoke(foreign.id)).status).toBe(404)
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: foreign.id } })).revokedAt).toBeNull()
  })

  it('refuses an empty name or an unknown action in Russian and issues nothing', async () => {
    const admin = await signIn('admin')
    const before = await db.apiToken.count()
    const refused: Array<Record<string, string>> = [{ intent: 'issue', name: ' \u00a0 ' }, { intent: 'delete-all' }, { name: 'Портал' }]
    for (const fields of refused) {
      const response = await settle(() => action(args(formRequest('/admin/api', fields, admin))))
      expect(response.status).toBe(400)
      expect((await response.json()).message).toMatch(/^(Укажите, какой системе выдаётся токен|Неизвестное действие)$/)
    }
    expect(await db.apiToken.count()).toBe(before)
  })

  it('is the administrator’s page only', async () => {
    const before = await db.apiToken.count()
    for (const login of ['secretary', 'director', 'responsible', 'parent']) {
      const cookie = await signIn(login)
      expect((await settle(() => loader(args(getRequest('/admin/api', cookie))))).status).toBe(403)
      expect((await issue(cookie, 'Портал')).status).toBe(403)
    }
    expect(await db.apiToken.count()).toBe(before)
  })
})
