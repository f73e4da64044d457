// Issue 19, item 9: a view followed by an action on the page (Remix loads the page again after the action) was
// written twice to the access audit. One look is one row; another user, another object or a later look is a new one.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { recordView, VIEW_REPEAT_MS } from '#app/models/audit.server'
import { loader as pageLoader, action as pageAction } from '#app/routes/staff.applications.$id'
import { receive } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { formRequest, getRequest, settle } from '#tests/helpers/http'

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
const views = (entityId: string) => db.auditEvent.findMany({ where: { action: 'view:application', entityId }, orderBy: { at: 'asc' } })

describe('the access audit writes one row per look at an application', () => {
  it('a view, an action and the page shown again after it: one «просмотр заявления»', async () => {
    const app = await receive('online', '6А')
    const cookie = await signIn('responsible')
    const open = () => settle(() => pageLoader(args(getRequest(`/staff/applications/${app.id}`, cookie), { id: app.id })))
    expect((await open()).status).toBe(200)
    const taken = await settle(() =>
      pageAction(
        args(formRequest(`/staff/applications/${app.id}`, { intent: 'ASSIGN', assignee: 'me', version: String(app.version) }, cookie), {
          id: app.id,
        }),
      ),
    )
    expect(taken.status).toBe(200)
    expect((await open()).status).toBe(200) // the revalidation after the action
    expect(await views(app.id)).toHaveLength(1)
    // Another member of staff looking is another access.
    const director = await signIn('director')
    expect((await settle(() => pageLoader(args(getRequest(`/staff/applications/${app.id}`, director), { id: app.id })))).status).toBe(200)
    expect((await views(app.id)).map((v) => v.userId)).toHaveLength(2)
  })

  it('a look after the window, from another address or at another object is written again', async () => {
    const app = await receive('online', '6Б')
    const user = await db.user.findUniqueOrThrow({ where: { login: 'responsible' } })
    const base = {
      schoolId: app.schoolId,
      userId: user.id,
      action: 'view:application',
      entity: 'application',
      entityId: app.id,
      ip: '10.0.0.1',
    }
    const t0 = new Date('2026-11-20T06:00:00Z')
    await recordView(base, t0)
    await recordView(base, new Date(t0.getTime() + VIEW_REPEAT_MS - 1000))
    expect(await views(app.id)).toHaveLength(1)
    await recordView({ ...base, ip: '10.0.0.2' }, new Date(t0.getTime() + 60_000))
    await recordView(base, new Date(t0.getTime() + VIEW_REPEAT_MS + 1000))
    expect((await views(app.id)).map((v) => v.ip)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.1'])
  })
})
