import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { integrityTask, verifyRegistrationLogs } from '#app/jobs/integrity.server'
import { INTEGRITY_KEY, readIntegrity } from '#app/models/registration-log-check.server'
import { getIntegrityView } from '#app/models/dashboard.server'
import { action } from '#app/routes/staff.dashboard'
import { signIn } from '#tests/helpers/auth'
import { formRequest } from '#tests/helpers/http'
import { build, T } from './control-helpers'

const tz = 'Europe/Saratov'
const now = T('2026-11-20T03:00')
const HOUR = 3_600_000
let schoolId: string
let appIds: string[]

beforeAll(async () => {
  const apps = []
  for (const [i, cls] of ['6А', '7А', '8А'].entries()) {
    apps.push(
      await build({ channel: 'post', className: cls, receivedAt: `2026-11-0${i + 2}T09:00`, register: { at: `2026-11-0${i + 2}T10:00` } }),
    )
  }
  appIds = apps.map((a) => a.id)
  schoolId = apps[0].schoolId
})

describe('daily verification of the registration log', () => {
  it('stores a clean result and runs again only after a day', async () => {
    const result = await verifyRegistrationLogs(now)
    expect(result.schools).toEqual([{ schoolId, ok: true, count: 3, brokenAt: null, message: 'Журнал регистрации цел, записей: 3.' }])
    expect(
      JSON.parse((await db.setting.findUniqueOrThrow({ where: { schoolId_key: { schoolId: '', key: INTEGRITY_KEY } } })).value).at,
    ).toBe(now.toISOString())
    // The dashboard tells the log as it is now from the log as it was checked (issue 19, item 9).
    const view = await getIntegrityView(schoolId, tz)
    expect(view).toMatchObject({ ok: true, count: 3, entries: 3, sinceCheck: 0 })
    const later = await build({ channel: 'post', className: '9А', receivedAt: '2026-11-19T09:00', register: { at: '2026-11-19T10:00' } })
    expect(await getIntegrityView(schoolId, tz)).toMatchObject({ count: 3, entries: 4, sinceCheck: 1 })
    await db.registrationLogEntry.deleteMany({ where: { applicationId: later.id } })
    expect(await integrityTask(new Date(now.getTime() + 23 * HOUR))).toBeNull()
    expect(await integrityTask(new Date(now.getTime() + 25 * HOUR))).not.toBeNull()
  })

  it('reports a row edited by hand, with the row shown on the dashboard', async () => {
    const row = await db.registrationLogEntry.findFirstOrThrow({ where: { schoolId, sequence: 2 } })
    await db.$executeRaw`UPDATE "RegistrationLogEntry" SET "pupilName" = 'Другой Обучающийся' WHERE "id" = ${row.id}`
    const result = await verifyRegistrationLogs(new Date(now.getTime() + 48 * HOUR))
    expect(result.schools[0]).toMatchObject({ ok: false, brokenAt: { sequence: 2, id: row.id, reason: 'hash_mismatch' } })
    const view = await getIntegrityView(schoolId, tz)
    expect(view).toMatchObject({ ok: false, at: '22.11.2026 03:00', broken: { sequence: 2, row: { number: 2, applicationId: appIds[1] } } })
    expect(view!.message).toMatch(/запись с порядковым номером 2 — запись изменена/)
    await db.$executeRaw`UPDATE "RegistrationLogEntry" SET "pupilName" = ${row.pupilName} WHERE "id" = ${row.id}`
  })

  it('catches the newest row deleted, through the anchor of the last clean check', async () => {
    expect((await verifyRegistrationLogs(now)).schools[0].ok).toBe(true)
    await db.$executeRaw`DELETE FROM "RegistrationLogEntry" WHERE "schoolId" = ${schoolId} AND "sequence" = 3`
    const result = await verifyRegistrationLogs(now)
    expect(result.schools[0]).toMatchObject({ ok: false, brokenAt: { sequence: 3, reason: 'anchor_mismatch' } })
    expect((await readIntegrity())!.schools[0].ok).toBe(false)
  })

  it('can be run by the director from the dashboard', async () => {
    const res = await action({
      request: formRequest('/staff/dashboard', { intent: 'verify-log' }, await signIn('director')),
      params: {},
      context: {},
    })
    expect(await res.json()).toMatchObject({ ok: true, message: expect.stringMatching(/Журнал регистрации нарушен/) })
  })
})
