// The dashboard keeps a period's figures while they cannot have changed (ADR 072): the school's ApplicationStamp,
// moved on by database triggers on every write of an application or its events, and the next due of an open
// application. Each case compares the kept figures with the definition (computeMetrics over every application's facts).
import { beforeAll, describe, expect, it } from 'vitest'
import { getPeriodMetrics, loadFacts } from '#app/models/dashboard.server'
import { registerApplication } from '#app/operations/steps.server'
import { db } from '#app/utils/db.server'
import { computeMetrics } from '#workflows/metrics'
import { staffActor } from '#tests/helpers/applications'
import { build, OCTOBER_DELIVERED, T } from './control-helpers'

const tz = 'Europe/Saratov'
const range = { from: '2026-10-01', to: '2026-10-31' }
let schoolId: string
let openId: string
let dueAt: Date

const stamp = async () => (await db.applicationStamp.findUnique({ where: { schoolId } }))?.version ?? 0
const expected = async (now: Date) => computeMetrics(await loadFacts(schoolId, range, tz), now)

beforeAll(async () => {
  const done = await build(OCTOBER_DELIVERED)
  schoolId = done.schoolId
  // Received, never registered: it turns late when its registration due passes.
  const open = await build({ channel: 'post', receivedAt: '2026-10-30T10:00' })
  openId = open.id
  dueAt = (await db.application.findUniqueOrThrow({ where: { id: open.id } })).registrationDue!
}, 60_000)

describe('kept period figures', () => {
  it('every write of an application or of its events moves the school stamp on', async () => {
    const before = await stamp()
    await db.application.update({ where: { id: openId }, data: { pupilName: 'Иванов Пётр' } })
    const afterUpdate = await stamp()
    expect(afterUpdate).toBeGreaterThan(before)
    await db.applicationEvent.create({
      data: { applicationId: openId, event: 'NOTE', fromStatus: 'received', toStatus: 'received', at: new Date(), data: '{}' },
    })
    expect(await stamp()).toBeGreaterThan(afterUpdate)
  })

  it('are the figures of the definition before and after the open application’s due passes', async () => {
    const early = new Date(dueAt.getTime() - 60_000)
    const late = new Date(dueAt.getTime() + 60_000)
    const first = await getPeriodMetrics(schoolId, range, early, tz)
    expect(first).toEqual(await expected(early))
    // Asked again a moment later, before the due: the same figures.
    expect(await getPeriodMetrics(schoolId, range, new Date(early.getTime() + 1000), tz)).toEqual(first)
    // Past the due and nothing written: the open application now counts as registered late.
    const after = await getPeriodMetrics(schoolId, range, late, tz)
    expect(after.registration.late).toBe(first.registration.late + 1)
    expect(after).toEqual(await expected(late))
  })

  it('a step through the door is counted at once', async () => {
    const now = new Date(dueAt.getTime() + 120_000)
    const before = await getPeriodMetrics(schoolId, range, now, tz)
    expect(before.registration.total).toBe(2)
    await registerApplication({
      applicationId: openId,
      schoolId,
      actor: await staffActor('responsible'),
      inPerson: false,
      originalsShown: true,
      now,
    })
    const after = await getPeriodMetrics(schoolId, range, now, tz)
    expect(after).toEqual(await expected(now))
    expect(after.stages.registration.count).toBe(before.stages.registration.count + 1)
  })

  it('a write outside the door (a hand-edited row) is counted too', async () => {
    const now = T('2026-11-20T12:00')
    const before = await getPeriodMetrics(schoolId, range, now, tz)
    await db.application.update({ where: { id: openId }, data: { channel: 'email' } })
    const after = await getPeriodMetrics(schoolId, range, now, tz)
    expect(after.channels).not.toEqual(before.channels)
    expect(after).toEqual(await expected(now))
  })

  it('a stamp number brought back (a database put back under a running server) is trusted for five minutes at most', async () => {
    const now = T('2026-11-20T14:00')
    const before = await getPeriodMetrics(schoolId, range, now, tz)
    const { version } = await db.applicationStamp.findUniqueOrThrow({ where: { schoolId } })
    await db.application.update({ where: { id: openId }, data: { channel: 'in_person' } })
    await db.applicationStamp.update({ where: { schoolId }, data: { version } }) // the old number again
    expect(await getPeriodMetrics(schoolId, range, new Date(now.getTime() + 60_000), tz)).toEqual(before) // kept
    const later = new Date(now.getTime() + 6 * 60_000)
    const after = await getPeriodMetrics(schoolId, range, later, tz)
    expect(after.channels).not.toEqual(before.channels)
    expect(after).toEqual(await expected(later))
  })

  it('an application deleted (the retention purge) leaves the figures', async () => {
    const now = T('2026-11-21T12:00')
    expect((await getPeriodMetrics(schoolId, range, now, tz)).applications).toBe(2)
    await db.application.delete({ where: { id: openId } })
    const after = await getPeriodMetrics(schoolId, range, now, tz)
    expect(after.applications).toBe(1)
    expect(after).toEqual(await expected(now))
  })
})
