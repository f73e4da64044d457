// ADR 075: the period's applications closed up to the school's closing number are counted once and kept; a closing is
// added to them alone; any other write of a closed application (or of its events) makes them counted anew. Each case
// compares the figures with the definition (computeMetrics over every application's facts) and checks which way the
// kept figures were brought up to date.
import { beforeAll, describe, expect, it } from 'vitest'
import { getPeriodMetrics, loadFacts } from '#app/models/dashboard.server'
import { keptStats } from '#app/models/period-metrics.server'
import { countPart } from '#app/models/period-part.server'
import { APPLICANT_ACTOR } from '#app/operations/actor'
import { registerApplication, withdrawApplication } from '#app/operations/steps.server'
import { db } from '#app/utils/db.server'
import { computeMetrics } from '#workflows/metrics'
import { copyApplication, staffActor } from '#tests/helpers/applications'
import { buildOctober, T } from './control-helpers'

const tz = 'Europe/Saratov'
const range = { from: '2026-10-01', to: '2026-10-31' }
let schoolId: string
let deliveredId: string
let refusedId: string
const openIds: string[] = []

const stamp = async () => db.applicationStamp.findUniqueOrThrow({ where: { schoolId } })
const expected = async (now: Date) => computeMetrics(await loadFacts(schoolId, range, tz), now)
const stats = () => ({ ...keptStats })

beforeAll(async () => {
  const october = await buildOctober()
  ;({ schoolId, deliveredId, refusedId } = october)
  openIds.push(...october.openIds)
}, 60_000)

describe('settled period figures', () => {
  it('a closing gets the school’s next closing number; its own step does not count as a write of a closed application', async () => {
    const before = await stamp()
    expect((await db.application.findUniqueOrThrow({ where: { id: deliveredId } })).closedSeq).not.toBeNull()
    expect((await db.application.findUniqueOrThrow({ where: { id: openIds[0] } })).closedSeq).toBeNull()
    await withdrawApplication({
      applicationId: openIds[0],
      schoolId,
      actor: APPLICANT_ACTOR,
      reason: 'Передумал',
      now: T('2026-10-27T10:00'),
    })
    const after = await stamp()
    expect(after.closings).toBe(before.closings + 1)
    expect(after.settled).toBe(before.settled) // the closing step wrote the row and its event: no write of a closed row
    expect((await db.application.findUniqueOrThrow({ where: { id: openIds[0] } })).closedSeq).toBe(after.closings)
  })

  it('a closing landing between two views is added to the kept figures, not counted anew', async () => {
    const now = T('2026-11-02T12:00')
    expect(await getPeriodMetrics(schoolId, range, now, tz)).toEqual(await expected(now))
    const first = stats()
    // Registered late (its 1-working-day due passed), then withdrawn: a closing with an employee's late step.
    const actor = await staffActor('responsible')
    await registerApplication({ applicationId: openIds[1], schoolId, actor, inPerson: false, originalsShown: true, now })
    expect(await getPeriodMetrics(schoolId, range, now, tz)).toEqual(await expected(now))
    await withdrawApplication({ applicationId: openIds[1], schoolId, actor: APPLICANT_ACTOR, reason: 'Передумал', now })
    const after = await getPeriodMetrics(schoolId, range, now, tz)
    expect(after).toEqual(await expected(now))
    expect(after.employees.find((e) => e.userId === actor.userId)?.registeredLate).toBeGreaterThan(0)
    expect(keptStats.settledExtended).toBe(first.settledExtended + 1)
    expect(keptStats.settledCounted).toBe(first.settledCounted)
  })

  it('a hand edit of a closed application makes the kept figures counted anew', async () => {
    const now = T('2026-11-03T12:00')
    const before = await getPeriodMetrics(schoolId, range, now, tz)
    const counted = keptStats.settledCounted
    const token = (await stamp()).settled
    await db.application.update({ where: { id: deliveredId }, data: { channel: 'in_person' } })
    expect((await stamp()).settled).not.toBe(token)
    const after = await getPeriodMetrics(schoolId, range, now, tz)
    expect(after.channels).not.toEqual(before.channels)
    expect(after).toEqual(await expected(now))
    expect(keptStats.settledCounted).toBe(counted + 1)
  })

  it('an event added to a closed application later (not its closing step) makes them counted anew', async () => {
    const now = T('2026-11-04T12:00')
    const before = await getPeriodMetrics(schoolId, range, now, tz)
    const counted = keptStats.settledCounted
    const director = await staffActor('director')
    await db.applicationEvent.create({
      data: {
        applicationId: deliveredId,
        event: 'REFUSE',
        fromStatus: 'delivered',
        toStatus: 'delivered',
        at: now,
        actorUserId: director.userId,
        actorName: director.name,
        data: '{}',
      },
    })
    const after = await getPeriodMetrics(schoolId, range, now, tz)
    expect(after.refusals.information).not.toEqual(before.refusals.information)
    expect(after).toEqual(await expected(now))
    expect(keptStats.settledCounted).toBe(counted + 1)
  })

  it('a reopened application leaves the settled figures and is counted with the open ones', async () => {
    const now = T('2026-11-05T12:00')
    await getPeriodMetrics(schoolId, range, now, tz)
    await db.application.update({ where: { id: refusedId }, data: { closedAt: null, status: 'delivering' } })
    expect((await db.application.findUniqueOrThrow({ where: { id: refusedId } })).closedSeq).toBeNull()
    expect(await getPeriodMetrics(schoolId, range, now, tz)).toEqual(await expected(now))
    // And closed again: a new number, added to the kept figures.
    const extended = keptStats.settledExtended
    await db.application.update({ where: { id: refusedId }, data: { closedAt: now, status: 'closed' } })
    expect((await db.application.findUniqueOrThrow({ where: { id: refusedId } })).closedSeq).toBe((await stamp()).closings)
    expect(await getPeriodMetrics(schoolId, range, now, tz)).toEqual(await expected(now))
    expect(keptStats.settledExtended).toBe(extended + 1)
  })

  it('a deleted closed application (the retention purge) leaves the figures', async () => {
    const now = T('2026-11-06T12:00')
    expect((await getPeriodMetrics(schoolId, range, now, tz)).applications).toBe(4)
    await db.application.delete({ where: { id: deliveredId } })
    const after = await getPeriodMetrics(schoolId, range, now, tz)
    expect(after.applications).toBe(3)
    expect(after).toEqual(await expected(now))
  })

  it('a part counted two applications at a time is the part counted at once (the cold count reads in chunks)', async () => {
    const scope = { schoolId, from: new Date('2026-09-30T00:00:00Z'), until: new Date('2026-11-01T00:00:00Z'), rest: -1 }
    const whole = await countPart(scope)
    expect(whole.applications).toBeGreaterThanOrEqual(3) // more than a chunk of two
    expect(await countPart(scope, 2)).toEqual(whole)
    expect(await countPart(scope, 1)).toEqual(whole)
  })

  it('a period of more applications than one read may name (the databases bind at most 999 values) is counted whole', async () => {
    const now = T('2026-11-07T12:00')
    const n = 1_100
    await copyApplication(refusedId, n) // each copy with its steps: the figures read both
    const counted = keptStats.settledCounted
    const metrics = await getPeriodMetrics(schoolId, range, now, tz)
    expect(metrics.applications).toBe(3 + n)
    expect(metrics).toEqual(await expected(now))
    expect(keptStats.settledCounted).toBe(counted + 1)
  }, 120_000)
})
