// A permission refusal on the application page is 403 with a Russian reason, not 400 (a 400 says «fix the form»,
// which an employee without the right cannot do). Nothing is written.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { action as pageAction } from '#app/routes/staff.applications.$id'
import { registerApplication } from '#app/operations/steps.server'
import { receive, staffActor } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { formRequest, settle } from '#tests/helpers/http'
import { DEMO_PASSWORD } from '../../prisma/seed/generate'

const post = async (id: string, form: Record<string, string>, cookie: string) =>
  settle(() => pageAction({ request: formRequest(`/staff/applications/${id}`, form, cookie), params: { id }, context: {} }))

describe('permission refusals on the application page', () => {
  it('answers 403 when the secretary takes a registered application into review', async () => {
    const app = await receive('post', '6А')
    const registered = await registerApplication({ applicationId: app.id, schoolId: app.schoolId, actor: await staffActor('responsible') })
    const res = await post(app.id, { intent: 'START_REVIEW', version: String(registered.version) }, await signIn('secretary'))
    expect(res.status).toBe(403)
    expect((await res.json()).formError).toMatch(/^Недостаточно прав: /)
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('registered')
  })

  it('answers 403 when the responsible employee issues a written acceptance refusal (the director’s, Порядок 3.1.1)', async () => {
    const app = await receive('post', '6А')
    const res = await post(
      app.id,
      { intent: 'REFUSE_ACCEPTANCE', version: '0', form: 'written', groundsOther: 'нет подписи' },
      await signIn('responsible'),
    )
    expect(res.status).toBe(403)
    expect((await res.json()).formError).toMatch(/подписывает директор/)
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('received')
  })

  it('answers 403 to a decision by anyone but the director, before asking for the signing password', async () => {
    const app = await receive('post', '6А')
    const cookie = await signIn('responsible')
    for (const password of [DEMO_PASSWORD, 'wrong']) {
      const res = await post(app.id, { intent: 'DECIDE', version: '0', decision: 'grant', password }, cookie)
      expect(res.status).toBe(403)
      expect((await res.json()).formError).toBe('Недостаточно прав: решение принимает директор')
    }
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('received')
  })

  it('still answers 400 to a form error of a permitted step', async () => {
    const app = await receive('post', '6А')
    const res = await post(app.id, { intent: 'START_REVIEW', version: '0' }, await signIn('responsible'))
    expect(res.status).toBe(400)
    expect((await res.json()).formError).toMatch(/ещё не зарегистрировано/)
  })
})
