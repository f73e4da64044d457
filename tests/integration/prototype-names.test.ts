// Issue 13, item 2: a name posted by a user (an intent, a kind, a template, a list, a filter, a code) is looked up
// only among the names the product knows. `constructor`, `valueOf`, `__proto__` … are unknown names: 400 (or 404
// for a path) with a Russian message — never an inherited member of Object.prototype, a 500 or a leaked row.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { action as applicationAction } from '#app/routes/staff.applications.$id'
import { loader as queueLoader } from '#app/routes/staff.applications._index'
import { action as statusAction } from '#app/routes/s.$token'
import { action as mailAction } from '#app/routes/staff.mail.$id'
import { action as outboxAction } from '#app/routes/admin.mail.$id'
import { action as deskAction } from '#app/routes/staff.intake._index'
import { action as postIntakeAction } from '#app/routes/staff.intake.post'
import { action as groundsAction } from '#app/routes/staff.settings.grounds'
import { action as importAction } from '#app/routes/admin.import'
import { action as templatesAction } from '#app/routes/admin.templates._index'
import { loader as templateFileLoader } from '#app/routes/admin.templates.$name.$version'
import { action as retentionAction } from '#app/routes/admin.retention'
import { action as dashboardAction } from '#app/routes/staff.dashboard'
import { action as apiAction } from '#app/routes/api.v1.applications.($id)'
import { loader as deadlinesApiLoader } from '#app/routes/api.deadlines'
import { credentialsErrorOf } from '#app/models/class-credentials.server'
import { actionLabel, objectLabel } from '#app/models/audit-labels'
import { parseMark } from '#app/import/kinds/marks.server'
import { formToValues } from '#app/components/parent/apply-schema'
import { receive } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { ORIGIN, formRequest, getRequest, settle } from '#tests/helpers/http'

/** Every member a plain object inherits, and the classic pollution keys. */
const PROTOTYPE_NAMES = [...Object.getOwnPropertyNames(Object.prototype), 'prototype', '__proto__.x', 'constructor.prototype']
const RUSSIAN = /[А-Яа-яЁё]/
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })

async function expectRefused(response: Response, token?: string) {
  const body = await response.text()
  expect(response.status, body.slice(0, 200)).toBeGreaterThanOrEqual(400)
  expect(response.status, body.slice(0, 200)).toBeLessThan(500)
  expect(body).toMatch(RUSSIAN)
  expect(body).not.toMatch(/Invalid input|expected|Required/)
  if (token) expect(body).not.toContain(token)
}

describe('prototype names are unknown names', () => {
  it('the staff application page refuses every such intent with 400 and no row in the answer', async () => {
    const app = await receive('online')
    const cookie = await signIn('responsible')
    for (const intent of PROTOTYPE_NAMES) {
      const response = await settle(() =>
        applicationAction(
          args(formRequest(`/staff/applications/${app.id}`, { intent, version: String(app.version) }, cookie), { id: app.id }),
        ),
      )
      expect(response.status, intent).toBe(400)
      const body = await response.json()
      expect(body.formError, intent).toBe('Неизвестное действие')
      expect(JSON.stringify(body)).not.toContain(app.statusToken)
    }
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).version).toBe(app.version)
  })

  it("the applicant's status page, intake, mail, grounds, import, templates, retention and the dashboard refuse them", async () => {
    const app = await receive('online')
    const responsible = await signIn('responsible')
    const admin = await signIn('admin')
    const director = await signIn('director')
    const inbound = await db.inboundMessage.findFirst().catch(() => null)
    for (const name of PROTOTYPE_NAMES) {
      await expectRefused(
        await settle(() => statusAction(args(formRequest(`/s/${app.statusToken}`, { intent: name }), { token: app.statusToken }))),
      )
      await expectRefused(
        await settle(() =>
          mailAction(args(formRequest(`/staff/mail/${inbound?.id ?? 'x'}`, { intent: name }, responsible), { id: inbound?.id ?? 'x' })),
        ),
      )
      await expectRefused(await settle(() => outboxAction(args(formRequest('/admin/mail/x', { intent: name }, admin), { id: 'x' }))))
      await expectRefused(await settle(() => deskAction(args(formRequest('/staff/intake', { intent: name }, responsible)))))
      await expectRefused(await settle(() => postIntakeAction(args(formRequest('/staff/intake/post', { intent: name }, responsible)))))
      await expectRefused(
        await settle(() =>
          groundsAction(args(formRequest('/staff/settings/grounds', { kind: name, intent: 'save', grounds: 'x' }, responsible))),
        ),
      )
      await expectRefused(
        await settle(() =>
          groundsAction(args(formRequest('/staff/settings/grounds', { kind: 'acceptance', intent: name, grounds: 'x' }, responsible))),
        ),
      )
      await expectRefused(await settle(() => importAction(args(formRequest('/admin/import', { intent: name, kind: 'pupils' }, admin)))))
      await expectRefused(await settle(() => importAction(args(formRequest('/admin/import', { intent: 'check', kind: name }, admin)))))
      await expectRefused(
        await settle(() => templatesAction(args(formRequest('/admin/templates', { intent: name, name: 'vypiska' }, admin)))),
      )
      await expectRefused(
        await settle(() => templatesAction(args(formRequest('/admin/templates', { intent: 'activate', name, version: '0' }, admin)))),
      )
      await expectRefused(
        await settle(() =>
          templateFileLoader(args(getRequest(`/admin/templates/${encodeURIComponent(name)}/0`, admin), { name, version: '0' })),
        ),
      )
      await expectRefused(
        await settle(() =>
          templateFileLoader(
            args(getRequest(`/admin/templates/vypiska/0?as=${encodeURIComponent(name)}`, admin), { name: 'vypiska', version: '0' }),
          ),
        ),
      )
      await expectRefused(await settle(() => retentionAction(args(formRequest('/admin/retention', { intent: name }, admin)))))
      await expectRefused(await settle(() => dashboardAction(args(formRequest('/staff/dashboard', { intent: name }, director)))))
    }
    expect(await db.application.count({ where: { channel: { in: ['in_person', 'post'] } } })).toBe(
      await db.application.count({ where: { channel: { in: ['in_person', 'post'] } } }),
    )
  })

  it('the portal API and the deadline calculator refuse such kinds, periodicities, deliveries and channels', async () => {
    const token = process.env.PORTAL_API_TOKEN ?? 'demo-portal-token-change-me'
    for (const name of PROTOTYPE_NAMES) {
      const request = new Request(`${ORIGIN}/api/v1/applications`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ kinds: [name], periodicity: name, delivery: name, applicant: {}, pupil: {} }),
      })
      await expectRefused(await settle(() => apiAction(args(request, {}))))
      await expectRefused(
        await settle(() =>
          deadlinesApiLoader(args(getRequest(`/api/deadlines?channel=${encodeURIComponent(name)}&receivedAt=2026-12-01T10:00`))),
        ),
      )
    }
  })

  it('filters and labels looked up by a name from the address or the data give the name itself, never a function', async () => {
    const cookie = await signIn('responsible')
    for (const name of PROTOTYPE_NAMES) {
      const response = await settle(() =>
        queueLoader(
          args(getRequest(`/staff/applications?state=${encodeURIComponent(name)}&className=${encodeURIComponent(name)}`, cookie)),
        ),
      )
      expect(response.status).toBe(200)
      const data = await response.json()
      expect(data.rows, name).toEqual([])
      for (const counts of Object.values(data.counts as Record<string, Record<string, unknown>>))
        for (const v of Object.values(counts)) expect(typeof v).toBe('number')
      expect(credentialsErrorOf(name)).toBeNull()
      expect(actionLabel(name)).toBe(`действие: ${name}`)
      for (const entity of ['template', 'import', 'Setting', name])
        expect(objectLabel(entity, name)).not.toMatch(/function|native code|\[object/)
      expect(parseMark(name)).toBeNull()
    }
  })

  it('a posted field name never reaches Object.prototype', () => {
    const form = new FormData()
    form.set('constructor.prototype.polluted', 'yes')
    form.set('applicant.constructor', 'x')
    const values = formToValues(form)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype)
  })
})
