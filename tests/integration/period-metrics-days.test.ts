// ADR 078: the settled figures are kept in the database by the school's day, so a process that starts (or a period seen
// for the first time, or a new day) counts only the days that changed. Each case starts a «new process» (the modules
// loaded afresh: nothing kept in memory), compares the figures with the definition (computeMetrics over every
// application's facts) and checks how many days were counted from the applications and how many read back.
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { loadFacts, type DayRange } from '#app/models/dashboard.server'
import { APPLICANT_ACTOR } from '#app/operations/actor'
import { withdrawApplication } from '#app/operations/steps.server'
import { db } from '#app/utils/db.server'
import { computeMetrics } from '#workflows/metrics'
import { staffActor } from '#tests/helpers/applications'
import { build, buildOctober, T } from './control-helpers'

const tz = 'Europe/Saratov'
const october: DayRange = { from: '2026-10-01', to: '2026-10-31' }
let schoolId: string
let deliveredId: string
let refusedId: string
let lastSecondId: string
const openIds: string[] = []

/** The period's figures as a process that has just started sees them, and what it counted. */
async function freshView(range: DayRange, now: Date, definition = true) {
  vi.resetModules()
  const { getPeriodMetrics } = await import('#app/models/dashboard.server')
  const { dayStats } = await import('#app/models/settled-days.server')
  const metrics = await getPeriodMetrics(schoolId, range, now, tz)
  if (definition) expect(metrics).toEqual(computeMetrics(await loadFacts(schoolId, range, tz), now))
  return { metrics, ...dayStats }
}

beforeAll(async () => {
  const october = await buildOctober()
  ;({ schoolId, deliveredId, refusedId } = october)
  openIds.push(...october.openIds)
  // Received in the last half-second of 10 October (school time), then handed out: a settled application of that day.
  lastSecondId = (
    await build({
      channel: 'post',
      receivedAt: '2026-10-10T23:59:59.500',
      register: { at: '2026-10-12T10:00' },
      forwardAt: '2026-10-13T10:00',
      decide: { at: '2026-10-14T10:00', outcome: 'grant' },
      deliver: { at: '2026-10-16T10:00' },
    })
  ).id
}, 60_000)

describe('settled figures kept by day', () => {
  it('the first view counts every day of the period once; a process started later reads them back and counts none', async () => {
    const now = T('2026-11-02T12:00')
    const first = await freshView(october, now)
    expect(first.counted).toBe(31)
    expect(first.metrics.applications).toBe(5)
    const again = await freshView(october, now)
    expect(again).toMatchObject({ counted: 0, read: 31, extended: 0 })
    expect(again.metrics).toEqual(first.metrics)
  })

  it('an application received in the last second of a day is on that day, in the period ending then and not the next', async () => {
    const now = T('2026-11-02T12:00')
    const received = (await db.application.findUniqueOrThrow({ where: { id: lastSecondId } })).receivedAt
    expect(received.getUTCMilliseconds()).toBe(500)
    expect((await freshView({ from: '2026-10-01', to: '2026-10-10' }, now)).metrics.applications).toBe(3)
    expect((await freshView({ from: '2026-10-11', to: '2026-10-31' }, now)).metrics.applications).toBe(2)
  })

  it('a closing since the days were stored is added to its day, not counted again', async () => {
    const now = T('2026-11-03T12:00')
    await withdrawApplication({ applicationId: openIds[0], schoolId, actor: APPLICANT_ACTOR, reason: 'Передумал', now })
    expect(await freshView(october, now)).toMatchObject({ counted: 0, read: 31, extended: 1 })
  })

  it('a hand edit of a closed application counts its day again, and only that day', async () => {
    const now = T('2026-11-04T12:00')
    const before = await freshView(october, now)
    await db.application.update({ where: { id: deliveredId }, data: { channel: 'in_person' } })
    const after = await freshView(october, now)
    expect(after).toMatchObject({ counted: 1, read: 30 })
    expect(after.metrics.channels).not.toEqual(before.metrics.channels)
  })

  it('a hand edit that moves a closed application to another day counts both days again', async () => {
    const now = T('2026-11-04T12:00')
    await freshView(october, now)
    const { receivedAt } = await db.application.findUniqueOrThrow({ where: { id: deliveredId } })
    // A raw edit leaves the stored spans of the old receipt time (the door keeps them): only the days are compared.
    await db.application.update({ where: { id: deliveredId }, data: { receivedAt: T('2026-10-07T09:00') } })
    expect(await freshView(october, now, false)).toMatchObject({ counted: 2, read: 29 })
    expect((await freshView({ from: '2026-10-07', to: '2026-10-07' }, now, false)).metrics.applications).toBe(1)
    expect((await freshView({ from: '2026-10-05', to: '2026-10-05' }, now, false)).metrics.applications).toBe(0)
    await db.application.update({ where: { id: deliveredId }, data: { receivedAt } })
    expect(await freshView(october, now)).toMatchObject({ counted: 2, read: 29 })
  })

  it('an event added to a closed application later (not its closing step) counts its day again', async () => {
    const now = T('2026-11-05T12:00')
    const before = await freshView(october, now)
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
    const after = await freshView(october, now)
    expect(after).toMatchObject({ counted: 1, read: 30 })
    expect(after.metrics.refusals.information).not.toEqual(before.metrics.refusals.information)
  })

  it('a reopened application leaves its day; closed again, it is added back', async () => {
    const now = T('2026-11-06T12:00')
    await freshView(october, now)
    await db.application.update({ where: { id: refusedId }, data: { closedAt: null, status: 'delivering' } })
    expect(await freshView(october, now)).toMatchObject({ counted: 1, read: 30 })
    await db.application.update({ where: { id: refusedId }, data: { closedAt: now, status: 'closed' } })
    expect(await freshView(october, now)).toMatchObject({ counted: 0, read: 31, extended: 1 })
  })

  it('a deleted closed application (the retention purge) counts its day again', async () => {
    const now = T('2026-11-07T12:00')
    expect((await freshView(october, now)).metrics.applications).toBe(5)
    await db.application.delete({ where: { id: lastSecondId } })
    const after = await freshView(october, now)
    expect(after).toMatchObject({ counted: 1, read: 30 })
    expect(after.metrics.applications).toBe(4)
  })

  it('a period one day longer counts only the new day', async () => {
    const now = T('2026-11-07T12:00')
    await freshView(october, now)
    expect(await freshView({ from: '2026-10-01', to: '2026-11-01' }, now)).toMatchObject({ counted: 1, read: 31 })
  })

  it('a stored day of another shape is counted again, not trusted', async () => {
    const now = T('2026-11-07T12:00')
    await freshView(october, now)
    await db.settledDay.update({
      where: { schoolId_timeZone_day: { schoolId, timeZone: tz, day: '2026-10-06' } },
      data: { data: new Uint8Array([1, 2, 3, 4, 5]) },
    })
    expect(await freshView(october, now)).toMatchObject({ counted: 1, read: 30 })
  })

  it('keeps the days a view uses through a month without changes, and drops the ones no view used for a month', async () => {
    const now = T('2026-11-08T10:00')
    await freshView(october, now)
    const monthAgo = new Date(Date.now() - 40 * 24 * 60 * 60_000)
    await db.settledDay.updateMany({ where: { schoolId }, data: { countedAt: monthAgo } })
    await db.settledDay.create({
      data: { schoolId, timeZone: tz, day: '2025-01-10', upTo: 0, changeSeq: 0, data: new Uint8Array(8), countedAt: monthAgo },
    })
    expect(await freshView(october, now)).toMatchObject({ counted: 0, read: 31 })
    expect(await freshView(october, now)).toMatchObject({ counted: 0, read: 31 })
    expect(await db.settledDay.count({ where: { schoolId, day: '2025-01-10' } })).toBe(0)
  })

  it('keeps the changes a count still running may need, and drops them an hour after every day has seen them', async () => {
    const now = T('2026-11-08T12:00')
    await db.application.update({ where: { id: deliveredId }, data: { channel: 'post' } })
    const change = (await db.settledChange.findFirstOrThrow({ where: { schoolId }, orderBy: { id: 'desc' } })).id
    expect(await freshView(october, now)).toMatchObject({ counted: 1 })
    // Every stored day has seen the change now, but a count that began before it (another request, another instance)
    // would store its days at an older number and must still find it.
    expect((await db.settledDay.aggregate({ where: { schoolId }, _min: { changeSeq: true } }))._min.changeSeq).toBeGreaterThanOrEqual(
      change,
    )
    expect(await db.settledChange.count({ where: { schoolId, id: change } })).toBe(1)
    // An hour later (the days stored then), nothing running can need it: dropped at the next store.
    await db.settledDay.updateMany({ where: { schoolId }, data: { countedAt: new Date(Date.now() - 2 * 60 * 60_000) } })
    await db.application.update({ where: { id: refusedId }, data: { channel: 'post' } }) // a day to store again
    expect(await freshView(october, now)).toMatchObject({ counted: 1 })
    expect(await db.settledChange.count({ where: { schoolId, id: { lte: change } } })).toBe(0)
    expect(await db.settledChange.count({ where: { schoolId, id: { gt: change } } })).toBeGreaterThan(0) // the newer one stays
  })
})
