// The database's own rules, on whichever database the run uses (TEST_DB; CI runs both): the triggers of
// 20261205090000_scale_indexes on SQLite and their PL/pgSQL twins on PostgreSQL (ADR 040) keep ApplicationTally
// equal to a real count of Application rows, and fill OutboxJob's application and school from its payload.
import { beforeAll, describe, expect, it } from 'vitest'
import { db, dbProvider } from '#app/utils/db.server'
import { receive } from '#tests/helpers/applications'

type Key = { schoolId: string; status: string; channel: string; className: string; assigneeId: string }
const keyOf = (r: Key) => [r.schoolId, r.status, r.channel, r.className, r.assigneeId].join('|')

/** The tally's non-zero rows and a GROUP BY of the applications themselves, as the same map. */
async function tallyAndTruth() {
  const tally = await db.applicationTally.findMany({ where: { count: { not: 0 } } })
  const rows = await db.application.findMany({ select: { schoolId: true, status: true, channel: true, className: true, assigneeId: true } })
  const truth = new Map<string, number>()
  for (const r of rows) {
    const k = keyOf({ ...r, assigneeId: r.assigneeId ?? '' })
    truth.set(k, (truth.get(k) ?? 0) + 1)
  }
  return { tally: new Map(tally.map((t) => [keyOf(t), t.count])), truth }
}

describe(`database triggers (${dbProvider()})`, () => {
  beforeAll(async () => {
    // Real applications through the one door, in two classes and two channels.
    await receive('online', '5А')
    await receive('email', '5А')
    await receive('online', '6Б')
  })

  it('keeps ApplicationTally equal to the applications on insert, change of a counted column, and delete', async () => {
    const start = await tallyAndTruth()
    expect(start.truth.size).toBeGreaterThan(0)
    expect(start.tally).toEqual(start.truth)

    const source = await db.application.findFirstOrThrow({ orderBy: { id: 'asc' } })
    const { id: _id, receiptNumber, statusToken, idempotencyKey: _key, ...rest } = source
    const copy = await db.application.create({
      data: {
        ...rest,
        receiptNumber: `${receiptNumber}-T`,
        statusToken: `${statusToken}-T`,
        idempotencyKey: null,
        className: '11Щ',
        assigneeId: null,
      },
    })
    let now = await tallyAndTruth()
    expect(now.tally).toEqual(now.truth)
    expect(now.tally.get(keyOf({ ...copy, assigneeId: '' }))).toBe(1)

    await db.application.update({ where: { id: copy.id }, data: { status: 'tally-test', channel: 'post' } })
    now = await tallyAndTruth()
    expect(now.tally).toEqual(now.truth)
    expect(now.tally.get(keyOf({ ...copy, status: 'tally-test', channel: 'post', assigneeId: '' }))).toBe(1)
    expect(now.tally.get(keyOf({ ...copy, assigneeId: '' }))).toBeUndefined()

    // A change of a column the tally does not count changes nothing.
    await db.application.update({ where: { id: copy.id }, data: { pupilName: 'Другое Имя' } })
    expect((await tallyAndTruth()).tally).toEqual(now.truth)

    await db.application.delete({ where: { id: copy.id } })
    now = await tallyAndTruth()
    expect(now.tally).toEqual(now.truth)
    expect(now.tally).toEqual(start.tally)
  })

  it('fills OutboxJob.applicationId and schoolId from a payload naming an application, and leaves other payloads alone', async () => {
    const app = await db.application.findFirstOrThrow({ select: { id: true, schoolId: true } })
    const named = await db.outboxJob.create({
      data: {
        kind: 'trigger-test',
        idempotencyKey: 'trigger-test:1',
        payload: JSON.stringify({ applicationId: app.id, to: 'x@example.org' }),
      },
    })
    const notJson = await db.outboxJob.create({ data: { kind: 'trigger-test', idempotencyKey: 'trigger-test:2', payload: 'не JSON {' } })
    const noApp = await db.outboxJob.create({
      data: { kind: 'trigger-test', idempotencyKey: 'trigger-test:3', payload: JSON.stringify({ to: 'x@example.org' }) },
    })
    const unknown = await db.outboxJob.create({
      data: { kind: 'trigger-test', idempotencyKey: 'trigger-test:4', payload: JSON.stringify({ applicationId: 'нет-такого' }) },
    })
    const read = (id: string) => db.outboxJob.findUniqueOrThrow({ where: { id }, select: { applicationId: true, schoolId: true } })
    expect(await read(named.id)).toEqual({ applicationId: app.id, schoolId: app.schoolId })
    expect(await read(notJson.id)).toEqual({ applicationId: null, schoolId: null })
    expect(await read(noApp.id)).toEqual({ applicationId: null, schoolId: null })
    expect(await read(unknown.id)).toEqual({ applicationId: 'нет-такого', schoolId: null })
  })
})
