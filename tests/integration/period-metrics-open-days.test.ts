// ADR 083: the dashboard's open work (the applications not closed, and those closed since the settled number) is kept by
// the school's day, in memory and in the database (OpenDay); every move of the school's stamp names the day of the
// application written (ApplicationChange, written by the stamp triggers), and a view after a write counts again only
// those days. When the moves cannot tell (a database put back, a move missing) the stored days that moves still vouch
// for are read and the others counted. Each case compares the figures with the definition (computeMetrics over every
// application's facts) and checks which way the open work was brought up to date. Runs on SQLite and on PostgreSQL
// (TEST_DB=postgres): the triggers are each database's own.
import pg from 'pg'
import { beforeAll, describe, expect, it } from 'vitest'
import { getPeriodMetrics, loadFacts } from '#app/models/dashboard.server'
import { openStats } from '#app/models/open-days.server'
import { keptStats } from '#app/models/period-metrics.server'
import { countPart, decodePart, encodePart } from '#app/models/period-part.server'
import { APPLICANT_ACTOR } from '#app/operations/actor'
import { registerApplication, withdrawApplication } from '#app/operations/steps.server'
import { db } from '#app/utils/db.server'
import { computeMetrics } from '#workflows/metrics'
import { staffActor } from '#tests/helpers/applications'
import { otherSchool } from '#tests/helpers/schools'
import { build, buildOctober, T } from './control-helpers'

const tz = 'Europe/Saratov'
const range = { from: '2026-10-01', to: '2026-10-31' }
let schoolId: string
let deliveredId: string
const openIds: string[] = []

const stamp = async () => db.applicationStamp.findUniqueOrThrow({ where: { schoolId } })
const expected = async (now: Date, period = range) => computeMetrics(await loadFacts(schoolId, period, tz), now)
/**
 * The figures at `now`, checked against the definition; with how the open work was brought up to date: counted whole,
 * the days counted, the days read from the database.
 */
async function view(now: Date, period = range) {
  const before = { ...openStats }
  const metrics = await getPeriodMetrics(schoolId, period, now, tz)
  expect(metrics).toEqual(await expected(now, period))
  return {
    metrics,
    whole: openStats.whole - before.whole,
    days: openStats.counted - before.counted,
    read: openStats.read - before.read,
  }
}

beforeAll(async () => {
  const october = await buildOctober()
  ;({ schoolId, deliveredId } = october)
  openIds.push(...october.openIds)
  // More open work on other days: a view after a write must not count them again.
  for (const receivedAt of ['2026-10-13T10:00', '2026-10-14T10:00', '2026-10-20T10:00', '2026-10-21T10:00'])
    openIds.push((await build({ channel: 'email', receivedAt })).id)
}, 60_000)

describe('the stamp’s moves (ApplicationChange)', () => {
  it('every write of an application or of its events is one move, numbered as the stamp, naming its receipt time', async () => {
    const app = await db.application.findUniqueOrThrow({ where: { id: openIds[0] } })
    const before = (await stamp()).version
    await db.application.update({ where: { id: app.id }, data: { className: '6Б' } })
    const event = await db.applicationEvent.create({
      data: {
        applicationId: app.id,
        event: 'COMMENT',
        fromStatus: app.status,
        toStatus: app.status,
        at: T('2026-10-27T09:00'),
        data: '{}',
      },
    })
    await db.applicationEvent.delete({ where: { id: event.id } })
    const moved = new Date('2026-10-12T08:00:00Z')
    await db.application.update({ where: { id: app.id }, data: { receivedAt: moved } })
    await db.application.update({ where: { id: app.id }, data: { receivedAt: app.receivedAt } })
    const after = (await stamp()).version
    expect(after).toBe(before + 5)
    const rows = await db.applicationChange.findMany({ where: { schoolId, version: { gt: before } }, orderBy: { version: 'asc' } })
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5].map((n) => before + n))
    expect(rows.map((r) => r.receivedAt)).toEqual([app.receivedAt, app.receivedAt, app.receivedAt, moved, app.receivedAt])
    expect(rows.map((r) => r.formerReceivedAt)).toEqual([null, null, null, app.receivedAt, moved])
    expect(new Set(rows.map((r) => r.token)).size).toBe(5)
  })

  it('a new application and a deleted one are moves too', async () => {
    const before = (await stamp()).version
    const app = await build({ channel: 'post', receivedAt: '2026-10-28T10:00' })
    const created = await db.applicationChange.findMany({ where: { schoolId, version: { gt: before } } })
    expect(created.length).toBe((await stamp()).version - before)
    expect(created.every((r) => r.receivedAt.getTime() === app.receivedAt.getTime())).toBe(true)
    const mid = (await stamp()).version
    await db.application.delete({ where: { id: app.id } })
    const deleted = await db.applicationChange.findMany({ where: { schoolId, version: { gt: mid } } })
    expect(deleted.length).toBeGreaterThanOrEqual(1)
    expect(deleted.at(-1)).toMatchObject({ version: (await stamp()).version, receivedAt: app.receivedAt })
  })
})

describe('open work kept by day (ADR 083)', () => {
  it('a write of an open application counts its day again, not the open work of the period', async () => {
    const now = T('2026-11-02T12:00')
    await view(now)
    const actor = await staffActor('responsible')
    await registerApplication({ applicationId: openIds[2], schoolId, actor, inPerson: false, originalsShown: true, now })
    const after = await view(now)
    expect(after).toMatchObject({ whole: 0, days: 1 })
    expect(after.metrics.employees.find((e) => e.userId === actor.userId)?.registered).toBeGreaterThan(0)
    // Nothing written since: kept as it is.
    expect(await view(now)).toMatchObject({ whole: 0, days: 0 })
  })

  it('a closing leaves the open work of its day and is added to the settled figures', async () => {
    const now = T('2026-11-02T13:00')
    await view(now)
    const extended = keptStats.settledExtended
    await withdrawApplication({ applicationId: openIds[3], schoolId, actor: APPLICANT_ACTOR, reason: 'Передумал', now })
    expect(await view(now)).toMatchObject({ whole: 0, days: 1 })
    expect(keptStats.settledExtended).toBe(extended + 1)
  })

  it('an application moved to another day counts both days again', async () => {
    const now = T('2026-11-02T14:00')
    const before = (await view(now)).metrics
    await db.application.update({ where: { id: openIds[4] }, data: { receivedAt: T('2026-10-02T10:00'), channel: 'in_person' } })
    const after = await view(now)
    expect(after).toMatchObject({ whole: 0, days: 2 })
    expect(after.metrics.channels).not.toEqual(before.channels)
  })

  it('a deleted open application leaves its day', async () => {
    const now = T('2026-11-02T15:00')
    const before = (await view(now)).metrics
    await db.application.delete({ where: { id: openIds[4] } })
    const after = await view(now)
    expect(after).toMatchObject({ whole: 0, days: 1 })
    expect(after.metrics.applications).toBe(before.applications - 1)
  })

  it('a write of an application received outside the period counts no day again', async () => {
    const now = T('2026-11-02T16:00')
    await view(now)
    await build({ channel: 'post', receivedAt: '2026-11-01T10:00' })
    expect(await view(now)).toMatchObject({ whole: 0, days: 0 })
  })

  it('after five quiet minutes the kept open work is checked against the move it was counted at, not counted again', async () => {
    const now = T('2026-11-03T12:00')
    await view(now)
    expect(await view(new Date(now.getTime() + 6 * 60_000))).toMatchObject({ whole: 0, days: 0 })
  })

  it('a database put back (the move the days were counted at has another token) counts those days again', async () => {
    const now = T('2026-11-03T13:00')
    await view(now)
    // A write on one day: that day is counted again and stored at the new move.
    await db.application.update({ where: { id: openIds[2] }, data: { className: '7В' } })
    expect(await view(now)).toMatchObject({ whole: 0, days: 1, read: 0 })
    // As if the file were restored from a copy and then written as often: the same number, another token.
    const { version } = await stamp()
    await db.applicationChange.updateMany({ where: { schoolId, version }, data: { token: -1 } })
    // The memory's move is not vouched for: the stored days are read, and the one stored at that move is counted.
    expect(await view(new Date(now.getTime() + 6 * 60_000))).toMatchObject({ whole: 0, days: 1, read: 30 })
  })

  it('a move missing (pruned, or never written) makes the open work counted whole', async () => {
    const now = T('2026-11-03T14:00')
    await view(now)
    await db.application.update({ where: { id: openIds[2] }, data: { className: '8Г' } })
    await db.application.update({ where: { id: openIds[2] }, data: { className: '9Д' } })
    await db.applicationChange.deleteMany({ where: { schoolId, version: (await stamp()).version - 1 } })
    expect(await view(now)).toMatchObject({ whole: 1, days: 31, read: 0 })
    // From then on, by day again.
    await db.application.update({ where: { id: openIds[2] }, data: { className: '5А' } })
    expect(await view(now)).toMatchObject({ whole: 0, days: 1 })
  })

  it('a closing number given by another database (a copy keeps its rows’ numbers) is taken by one part only', async () => {
    const now = T('2026-11-03T15:00')
    // A closed application holding the number the next closing will get: open work («closed since») until then.
    await db.application.update({ where: { id: deliveredId }, data: { closedSeq: (await stamp()).closings + 1 } })
    await view(now)
    // The next closing: another day's application gets the same number; no move names the first one's day.
    const before = (await view(now)).metrics
    await withdrawApplication({ applicationId: openIds[5], schoolId, actor: APPLICANT_ACTOR, reason: 'Передумал', now })
    const after = await view(now)
    expect(after.whole).toBe(0)
    expect(after.metrics.applications).toBe(before.applications)
  })

  it('a write of a closed application leaves the open work as it is and counts the settled figures again', async () => {
    const now = T('2026-11-04T12:00')
    await view(now)
    const counted = keptStats.settledCounted
    await db.application.update({ where: { id: deliveredId }, data: { channel: 'in_person' } })
    const after = await view(now)
    expect(after.whole).toBe(0)
    expect(keptStats.settledCounted).toBe(counted + 1)
  })

  it('a period seen for the first time (a new morning, a process start) reads the stored days, counts the rest', async () => {
    const now = T('2026-11-04T13:00')
    await view(now)
    await db.application.update({ where: { id: openIds[2] }, data: { className: '6А' } }) // names one October day
    const longer = { from: '2026-10-01', to: '2026-11-03' }
    expect(await view(now, longer)).toMatchObject({ whole: 0, days: 1 + 3, read: 30 })
  })

  it('an open day stored and read back is the day counted', async () => {
    const part = await countPart({ schoolId, from: T('2026-10-01T00:00'), until: T('2026-11-01T00:00'), rest: -1 })
    expect(part.open.registration.dues.length + part.open.delivered.dues.length).toBeGreaterThan(0)
    expect(decodePart(encodePart(part))).toEqual(part)
    const stored = await db.openDay.findMany({ where: { schoolId } })
    expect(stored.length).toBeGreaterThanOrEqual(31)
  })

  it('a stamp set back by hand and written again (two moves of one number) vouches for nothing: counted whole', async () => {
    const now = T('2026-11-05T12:00')
    await view(now)
    const { version } = await stamp()
    await db.applicationStamp.update({ where: { schoolId }, data: { version: version - 2 } })
    await db.application.update({ where: { id: openIds[1] }, data: { channel: 'in_person' } })
    await db.application.update({ where: { id: openIds[1] }, data: { className: '7А' } })
    expect((await stamp()).version).toBe(version) // the number the kept figures were counted at, reached again
    expect(await view(new Date(now.getTime() + 6 * 60_000))).toMatchObject({ whole: 1, read: 0 })
    // Nor are the days stored at those numbers read by a period seen for the first time.
    expect(await view(now, { from: '2026-10-01', to: '2026-11-05' })).toMatchObject({ whole: 1, read: 0 })
    // Moves from a number no other shares vouch again.
    await db.application.update({ where: { id: openIds[1] }, data: { className: '7Б' } })
    await view(now)
    await db.application.update({ where: { id: openIds[1] }, data: { className: '7В' } })
    expect(await view(now)).toMatchObject({ whole: 0, days: 1 })
  })

  it('with no move at the stamp’s number (the moves emptied by a copy) the count is stored and vouched for', async () => {
    const now = T('2026-11-06T12:00')
    await db.applicationChange.deleteMany({ where: { schoolId } })
    expect(await view(now, { from: '2026-10-01', to: '2026-11-06' })).toMatchObject({ whole: 1 })
    // Kept and stored at a number without a move: checked again (twice), nothing counted or read; read back by a new period.
    expect(await view(new Date(now.getTime() + 6 * 60_000), { from: '2026-10-01', to: '2026-11-06' })).toMatchObject({ days: 0 })
    expect(await view(new Date(now.getTime() + 12 * 60_000), { from: '2026-10-01', to: '2026-11-06' })).toMatchObject({ days: 0, read: 0 })
    expect(await view(now, { from: '2026-10-02', to: '2026-11-06' })).toMatchObject({ whole: 0, days: 0, read: 36 })
    // The first write after it: its day alone.
    await db.application.update({ where: { id: openIds[1] }, data: { className: '8А' } })
    expect(await view(now, { from: '2026-10-02', to: '2026-11-06' })).toMatchObject({ whole: 0, days: 1 })
  })

  it('a stored day counted more than a week ago is counted again; memory an hour old reads the stored days again', async () => {
    const now = T('2026-11-07T12:00')
    const period = { from: '2026-10-01', to: '2026-11-07' }
    await view(now, period)
    // An hour later the memory is not brought up to date by moves but read again from the stored days.
    expect(await view(new Date(now.getTime() + 61 * 60_000), period)).toMatchObject({ whole: 0, days: 0, read: 38 })
    await db.openDay.updateMany({
      where: { schoolId, day: { in: ['2026-10-13', '2026-10-14'] } },
      data: { countedAt: new Date(Date.now() - 8 * 24 * 60 * 60_000) },
    })
    expect(await view(now, { from: '2026-10-01', to: '2026-11-08' })).toMatchObject({ whole: 0, days: 3, read: 36 })
  })

  it('an application with a closing number moved to another school and back is counted by the school it is in', async () => {
    const now = T('2026-11-08T12:00')
    const other = await otherSchool()
    const closed = await build({ channel: 'post', receivedAt: '2026-10-08T10:00' })
    await withdrawApplication({ applicationId: closed.id, schoolId, actor: APPLICANT_ACTOR, reason: 'Передумал', now })
    const before = (await view(now)).metrics
    await db.application.update({ where: { id: closed.id }, data: { schoolId: other.id } })
    const otherFigures = await getPeriodMetrics(other.id, range, now, tz)
    expect(otherFigures.applications).toBe(1)
    expect((await view(now)).metrics.applications).toBe(before.applications - 1)
    await db.application.update({ where: { id: closed.id }, data: { schoolId } })
    expect((await view(now)).metrics).toEqual(before)
    expect((await getPeriodMetrics(other.id, range, now, tz)).applications).toBe(0)
  })
})

// PostgreSQL's READ COMMITTED: an event written while another transaction moves its application to another day names
// the day the application is in when the event commits, not the one it read before waiting for the stamp's lock.
describe.runIf(process.env.TEST_DB === 'postgres')('concurrent writes on PostgreSQL', () => {
  /**
   * Two connections: `move` runs in an open transaction; an employee's registration event of `app` at `at` is then
   * written from the other and waits for the stamp row the mover holds; the mover commits, `between` runs (a view that
   * counts the move without the event), and the writer commits.
   */
  async function eventDuringMove(app: { id: string }, at: Date, move: [string, unknown[]], between: () => Promise<unknown>): Promise<void> {
    const actor = await staffActor('responsible')
    const mover = new pg.Client({ connectionString: process.env.DATABASE_URL })
    const writer = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await Promise.all([mover.connect(), writer.connect()])
    try {
      const writerPid = (await writer.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid
      await mover.query('BEGIN')
      await mover.query(...move)
      await writer.query('BEGIN')
      // A registration by an employee counts in the employees' figures of the application's day.
      const inserted = writer.query(
        `INSERT INTO "ApplicationEvent" ("id", "applicationId", "at", "actorUserId", "actorName", "event", "fromStatus", "toStatus")
         VALUES ($1, $2, $3, $4, $5, 'REGISTER', 'received', 'registered')`,
        [`evt-race-${app.id}`, app.id, at, actor.userId, actor.name],
      )
      for (let waiting = false; !waiting;) {
        const rows = await db.$queryRaw<
          Array<{ wait: string | null }>
        >`SELECT wait_event_type AS wait FROM pg_stat_activity WHERE pid = ${writerPid}`
        waiting = rows[0]?.wait === 'Lock'
      }
      await mover.query('COMMIT')
      await inserted
      await between()
      await writer.query('COMMIT')
    } finally {
      await Promise.all([mover.end(), writer.end()])
    }
  }

  it('an event committed after a receipt-time change names the new day, and that day is counted again', async () => {
    const now = T('2026-11-09T12:00')
    const app = await build({ channel: 'post', receivedAt: '2026-10-20T15:00' })
    await view(now)
    const moved = T('2026-10-16T10:00')
    // Between: the move to 16 October counted, both days, without the event.
    await eventDuringMove(app, now, ['UPDATE "Application" SET "receivedAt" = $1 WHERE "id" = $2', [moved, app.id]], () => view(now))
    const after = await view(now) // the event's day counted again: the figures equal the definition
    expect(after.days).toBeGreaterThanOrEqual(1)
    const last = await db.applicationChange.findFirstOrThrow({ where: { schoolId }, orderBy: { version: 'desc' } })
    expect(last.receivedAt).toEqual(moved)
  })

  // The same race on a closed application (ADR 078's settled days, ADR 085): the event's change names the day the
  // application is in when the event commits, and the settled figures of that day are counted again.
  it('an event on a closed application committed after a receipt-time change names the new day in the settled days', async () => {
    const now = T('2026-11-09T12:00')
    const app = await build({ channel: 'post', receivedAt: '2026-10-22T15:00' })
    await withdrawApplication({ applicationId: app.id, schoolId, actor: APPLICANT_ACTOR, reason: 'Передумал', now: T('2026-10-23T09:00') })
    await view(now)
    const moved = T('2026-10-17T10:00')
    await eventDuringMove(app, T('2026-10-22T16:00'), ['UPDATE "Application" SET "receivedAt" = $1 WHERE "id" = $2', [moved, app.id]], () =>
      view(now),
    )
    await view(now) // the event's day counted again: the figures equal the definition
    const last = await db.settledChange.findFirstOrThrow({ where: { schoolId }, orderBy: { id: 'desc' } })
    expect(last.receivedAt).toEqual(moved)
  })

  it('an event committed after its application moved to another school moves that school’s stamp; its figures hold it', async () => {
    const now = T('2026-11-09T12:00')
    const app = await build({ channel: 'post', receivedAt: '2026-10-24T15:00' })
    const other = await otherSchool()
    const figures = async (id: string) => {
      const got = await getPeriodMetrics(id, range, now, tz)
      expect(got).toEqual(computeMetrics(await loadFacts(id, range, tz), now))
      return got
    }
    await Promise.all([figures(schoolId), figures(other.id)])
    // The writer waits for the first school's stamp row, which the mover holds.
    await eventDuringMove(
      app,
      T('2026-10-24T16:00'),
      ['UPDATE "Application" SET "schoolId" = $1 WHERE "id" = $2', [other.id, app.id]],
      async () => expect((await figures(other.id)).applications).toBe(1), // counted without the event
    )
    await Promise.all([figures(schoolId), figures(other.id)]) // the other school's day counted again, with it
    const last = await db.applicationChange.findFirstOrThrow({ where: { schoolId: other.id }, orderBy: { version: 'desc' } })
    expect(last.receivedAt).toEqual(T('2026-10-24T15:00'))
  })
})
