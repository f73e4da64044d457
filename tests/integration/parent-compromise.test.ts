import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { getUser, login } from '#app/utils/auth.server'
import { action, loader } from '#app/routes/parent.compromised'
import { loader as statusLoader } from '#app/routes/s.$token'
import { actorOf } from '#app/operations/actor'
import { receiveApplication } from '#app/operations/receive-application.server'
import { applicationFor } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { formRequest, getRequest, settle } from '#tests/helpers/http'
import { toIsoWithOffset } from '#workflows/time'
import { runOutbox } from '#app/jobs/outbox.server'
import '#app/mail/index.server'

const args = (request: Request) => ({ request, params: {}, context: {} })
const HOUR = 3_600_000
/** A datetime-local value in school time (Saratov, +04:00). */
const local = (d: Date) => toIsoWithOffset(d, 'Europe/Saratov').slice(0, 16)

async function parentWithHistory(loginName: string) {
  const user = await db.user.findUniqueOrThrow({ where: { login: loginName }, include: { roles: true, guardian: true } })
  const actor = actorOf({ id: user.id, displayName: user.guardian!.lastName, roles: user.roles.map((r) => r.role) })
  const now = Date.now()
  const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR)
  await db.auditEvent.createMany({
    data: [
      { schoolId: user.schoolId, userId: user.id, action: 'view:pupil', at: at(5) },
      { schoolId: user.schoolId, userId: user.id, action: 'view:pupil', at: at(1) },
    ],
  })
  const receiveAt = async (hoursAgo: number) => (await receiveApplication({ schoolId: user.schoolId, channel: 'online', data: await applicationFor('5А'), actor, receivedAt: at(hoursAgo) })).application
  const early = await receiveAt(6)
  const late = await receiveAt(0.5)
  return { user, early, late, moment: at(2) }
}

describe('«Мой пароль скомпрометирован» (Регламент 3.3, 1.16)', () => {
  it('locks the account, ends every session, notifies the director and invalidates what was done after the moment', async () => {
    const cookie = await signIn('parent')
    const other = await signIn('parent') // a second device
    const { user, early, late, moment } = await parentWithHistory('parent')

    const response = await settle(() => action(args(formRequest('/parent/compromised', { since: local(moment), confirm: 'yes' }, cookie))))
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/parent/compromised?done=1')
    expect(response.headers.get('Set-Cookie')).toMatch(/^sid=; .*Max-Age=0/)

    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect(after.lockedAt).not.toBeNull()
    expect(after.compromisedAt!.getTime()).toBe(Math.floor(moment.getTime() / 60_000) * 60_000)
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0)
    expect(await getUser(getRequest('/parent', other))).toBeNull()
    expect(await login(formRequest('/login', {}), 'parent', 'demo2026')).toEqual({ ok: false, error: 'Учётная запись заблокирована. Обратитесь к администратору электронного журнала.' })

    const audit = await db.auditEvent.findMany({ where: { userId: user.id }, orderBy: { at: 'asc' } })
    for (const e of audit) expect([e.action, e.invalid]).toEqual([e.action, e.at >= after.compromisedAt! && e.action !== 'report-compromise'])
    expect(audit.filter((e) => e.invalid).length).toBeGreaterThanOrEqual(1)
    expect(audit.at(-1)).toMatchObject({ action: 'report-compromise', invalid: false })

    const events = await db.applicationEvent.findMany({ where: { applicationId: { in: [early.id, late.id] } } })
    expect(events.map((e) => [e.applicationId, e.invalid]).sort()).toEqual([[early.id, false], [late.id, true]].sort())

    const jobs = await db.outboxJob.findMany({ where: { kind: 'notify-staff' } })
    const job = jobs.map((j) => JSON.parse(j.payload)).find((p) => p.reason === 'account-compromised')
    expect(job).toMatchObject({ role: 'director', userId: user.id, login: 'parent', invalidApplicationEvents: 1 })
    // The worker turns it into a letter to the director.
    await runOutbox()
    const director = await db.staff.findFirstOrThrow({ where: { user: { login: 'director' } } })
    const letters = (await db.outboxJob.findMany({ where: { kind: 'send-email' } })).map((j) => JSON.parse(j.payload))
    const letter = letters.find((p) => String(p.subject).startsWith('Скомпрометирована учётная запись parent'))
    expect(letter?.to).toEqual([director.email])
    expect(letter?.text).toContain('Учётная запись заблокирована')

    // The applicant's status page shows the invalidated step for what it is.
    const page = await (await statusLoader({ request: getRequest(`/s/${late.statusToken}`), params: { token: late.statusToken }, context: {} })).json()
    expect(page.view.history[0]).toMatchObject({ text: 'Заявление получено', invalid: true })

    const done = await (await loader(args(getRequest('/parent/compromised?done=1')))).json()
    expect(done.done).toBe(true)
  })

  it('refuses a moment in the future and a missing confirmation, changing nothing', async () => {
    const cookie = await signIn('parent2')
    const user = await db.user.findUniqueOrThrow({ where: { login: 'parent2' } })
    const future = await settle(() => action(args(formRequest('/parent/compromised', { since: local(new Date(Date.now() + 5 * HOUR)), confirm: 'yes' }, cookie))))
    expect(future.status).toBe(400)
    expect((await future.json()).errors.since).toBe('Момент компрометации не может быть в будущем')
    const unconfirmed = await settle(() => action(args(formRequest('/parent/compromised', { since: '' }, cookie))))
    expect(unconfirmed.status).toBe(400)
    expect((await unconfirmed.json()).errors.confirm).toBe('Подтвердите, что хотите заблокировать вход')
    const garbage = await settle(() => action(args(formRequest('/parent/compromised', { since: '31.02.2026', confirm: 'yes' }, cookie))))
    expect(garbage.status).toBe(400)
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect([row.lockedAt, row.compromisedAt]).toEqual([null, null])
    expect(await getUser(getRequest('/parent', cookie))).not.toBeNull()
  })

  it('without a moment given, takes the time of the report', async () => {
    const cookie = await signIn('parent2')
    const before = Date.now()
    await settle(() => action(args(formRequest('/parent/compromised', { confirm: 'yes' }, cookie))))
    const row = await db.user.findUniqueOrThrow({ where: { login: 'parent2' } })
    expect(row.compromisedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000)
    expect(row.lockedAt).not.toBeNull()
  })
})
