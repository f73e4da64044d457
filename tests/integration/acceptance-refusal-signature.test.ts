// Порядок 3.1.1: the written acceptance-refusal notice «подписывается руководителем» and goes out at once as the
// director's. It is signed like the director's decisions (ADR 023): the password typed again, or nothing happens.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { action as pageAction } from '#app/routes/staff.applications.$id'
import { receive } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { formRequest, settle } from '#tests/helpers/http'
import { DEMO_PASSWORD } from '../../prisma/seed/generate'

const GROUND = 'Не представлен документ, подтверждающий статус заявителя как законного представителя обучающегося (Порядок, п. 2.7)'
const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} })

async function refuse(id: string, cookie: string, fields: Record<string, string>) {
  const response = await settle(() =>
    pageAction(
      args(formRequest(`/staff/applications/${id}`, { intent: 'REFUSE_ACCEPTANCE', version: '0', grounds: GROUND, ...fields }, cookie), {
        id,
      }),
    ),
  )
  return { status: response.status, body: await response.json() }
}

describe('the written acceptance refusal is signed with the director’s password', () => {
  it('refuses without the password and with a wrong one, nothing changed; goes through with the right one', async () => {
    const app = await receive('post', '6А')
    const director = await signIn('director')
    const jobs = () => db.outboxJob.count({ where: { applicationId: app.id } })
    const before = await jobs()
    const missing = await refuse(app.id, director, { form: 'written' })
    expect(missing.status).toBe(400)
    expect(missing.body.fieldErrors).toEqual({ password: 'Введите пароль для подписи уведомления' })
    const wrong = await refuse(app.id, director, { form: 'written', password: 'не тот пароль' })
    expect(wrong.status).toBe(400)
    expect(wrong.body.fieldErrors).toEqual({ password: 'Неверный пароль' })
    expect(await db.application.findUniqueOrThrow({ where: { id: app.id } })).toMatchObject({ status: 'received', version: 0 })
    expect(await jobs()).toBe(before)
    const signed = await refuse(app.id, director, { form: 'written', password: DEMO_PASSWORD })
    expect(signed.status).toBe(200)
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('acceptance_refused')
    expect(await jobs()).toBeGreaterThan(before)
  })

  it('an oral refusal asks for no password', async () => {
    const app = await receive('post', '6А')
    const oral = await refuse(app.id, await signIn('director'), { form: 'oral' })
    expect(oral.status).toBe(200)
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('acceptance_refused')
  })
})
