// ADR 080: the plans Prisma's query compiler makes for reads are kept, by the query's JSON, per compiler; writes are
// compiled every time. ADR 082: and by their shape, filled with other values. On both databases (the PostgreSQL
// client's plans name its own schema). The suites run with PLAN_CHECK=1: every filled plan is compared with a fresh one.
import { describe, expect, it } from 'vitest'
import { connectDb, db, dbProvider } from '#app/utils/db.server'
import { PLAN_CACHE_SIZE, PLAN_KEY_LIMIT, planCacheStats } from '#app/utils/query-plans.server'

/** How many plans `work` compiled, took as kept, and filled from a kept shape. */
async function counted(work: () => Promise<unknown>): Promise<{ compiled: number; reused: number; filled: number }> {
  const before = planCacheStats()
  await work()
  const after = planCacheStats()
  return { compiled: after.compiled - before.compiled, reused: after.reused - before.reused, filled: after.filled - before.filled }
}

const pupilsNamed = (lastName: string) => db.pupil.findMany({ where: { lastName }, select: { id: true, lastName: true } })

describe('kept query plans', () => {
  it('a read asked again with the same values reuses its plan, and answers from the database as it is now', async () => {
    const [pupil] = await db.pupil.findMany({ take: 1, orderBy: { id: 'asc' } })
    const ask = () => db.pupil.findUnique({ where: { id: pupil.id }, select: { lastName: true } })
    expect(await counted(ask)).toEqual({ compiled: 1, reused: 0, filled: 0 })
    expect(await counted(ask)).toEqual({ compiled: 0, reused: 1, filled: 0 })
    // The plan is kept, not the answer.
    await db.pupil.update({ where: { id: pupil.id }, data: { lastName: 'Переименованная' } })
    expect(await ask()).toEqual({ lastName: 'Переименованная' })
  })

  it('the same read with other values is filled from its shape: each read gets its own rows', async () => {
    const pupils = await db.pupil.findMany({ take: 2, orderBy: { id: 'asc' }, select: { id: true, lastName: true } })
    await db.pupil.update({ where: { id: pupils[1].id }, data: { lastName: `${pupils[0].lastName}-второй` } })
    const first = await counted(() => pupilsNamed(`${pupils[0].lastName}-первый`))
    const second = await counted(() => pupilsNamed(`${pupils[0].lastName}-второй`))
    expect(first).toEqual({ compiled: 1, reused: 0, filled: 0 })
    expect(second).toEqual({ compiled: 0, reused: 0, filled: 1 })
    expect(await counted(() => pupilsNamed(pupils[0].lastName))).toEqual({ compiled: 0, reused: 0, filled: 1 })
    expect((await pupilsNamed(pupils[0].lastName)).map((p) => p.id)).toContain(pupils[0].id)
    expect((await pupilsNamed(pupils[0].lastName)).map((p) => p.id)).not.toContain(pupils[1].id)
    expect((await pupilsNamed(`${pupils[0].lastName}-второй`)).map((p) => p.id)).toEqual([pupils[1].id])
  })

  it('instants, lists and relation filters are filled too, and every answer is the database’s own', async () => {
    const school = await db.school.findFirstOrThrow({ select: { id: true } })
    const times = [Date.UTC(2026, 8, 1, 5), Date.UTC(2026, 9, 2, 6), Date.UTC(2026, 10, 3, 7), Date.UTC(2026, 11, 4, 8)]
    await db.auditEvent.createMany({ data: times.map((t) => ({ schoolId: school.id, action: 'test:instants', at: new Date(t) })) })
    const before = (at: number) => db.auditEvent.count({ where: { action: 'test:instants', at: { lt: new Date(at) } } })
    const cuts = [times[1], times[3] + 1, times[0] - 1, times[2] + 1, times[2]]
    expect((await counted(() => before(cuts[0]))).compiled).toBe(1)
    for (const cut of cuts) {
      expect(await before(cut)).toBe(times.filter((t) => t < cut).length)
    }
    expect(await counted(() => before(cuts[1] + 7))).toEqual({ compiled: 0, reused: 0, filled: 1 })

    const links = await db.guardianLink.findMany({ select: { guardianId: true, pupilId: true }, orderBy: { id: 'asc' } })
    const childrenOf = (guardianIds: string[]) =>
      db.pupil.findMany({
        where: { guardians: { some: { guardianId: { in: guardianIds } } } },
        select: { id: true, guardians: { where: { guardianId: { in: guardianIds } }, select: { guardianId: true } } },
        orderBy: { id: 'asc' },
      })
    const expected = (guardianIds: string[]) =>
      [...new Set(links.filter((l) => guardianIds.includes(l.guardianId)).map((l) => l.pupilId))].sort()
    const pairs = [
      [links[0].guardianId, links[1].guardianId],
      [links[2].guardianId, links[3].guardianId],
      [links[4].guardianId, 'нет-такого'],
    ]
    expect((await counted(() => childrenOf(pairs[0]))).compiled).toBe(1)
    for (const pair of pairs.slice(1)) expect(await counted(() => childrenOf(pair))).toEqual({ compiled: 0, reused: 0, filled: 1 })
    for (const pair of pairs) {
      const found = await childrenOf(pair)
      expect(found.map((p) => p.id).sort()).toEqual(expected(pair))
      expect(found.length).toBeGreaterThan(0)
      for (const pupil of found) for (const link of pupil.guardians) expect(pair).toContain(link.guardianId)
    }
  })

  it('a pattern (contains) is not filled: its value is made into another string', async () => {
    const [pupil] = await db.pupil.findMany({ take: 1, orderBy: { id: 'asc' }, select: { id: true, lastName: true } })
    const containing = (part: string) => db.pupil.findMany({ where: { lastName: { contains: part } }, select: { id: true } })
    await containing(pupil.lastName.slice(0, 3))
    expect(await counted(() => containing(pupil.lastName.slice(1, 4)))).toEqual({ compiled: 1, reused: 0, filled: 0 })
    expect((await containing(pupil.lastName.slice(1, 4))).map((p) => p.id)).toContain(pupil.id)
    expect(await containing('нет-такой-фамилии')).toEqual([])
  })

  it.skipIf(dbProvider() !== 'postgresql')(
    'a case-insensitive comparison (PostgreSQL) is not filled: ILIKE may make a pattern of it',
    async () => {
      const [pupil] = await db.pupil.findMany({ take: 1, orderBy: { id: 'asc' }, select: { id: true, lastName: true } })
      // The SQLite client has no `mode`; the PostgreSQL one, which this run uses, has.
      const named = (lastName: string) =>
        (db.pupil.findMany as (args: unknown) => Promise<Array<{ id: string }>>)({
          where: { lastName: { equals: lastName, mode: 'insensitive' } },
          select: { id: true },
        })
      await named('нет-такой')
      expect(await counted(() => named(pupil.lastName.toUpperCase()))).toEqual({ compiled: 1, reused: 0, filled: 0 })
      expect((await named(pupil.lastName.toUpperCase())).map((p) => p.id)).toContain(pupil.id)
    },
  )

  it('a value the compiler would refuse or rewrite is compiled as asked: a kept shape never lets it through', async () => {
    // Half of a surrogate pair (a forged keyset cursor can carry one), and a year past 9999 (Date.toISOString writes
    // «+010000-…»): the compiler refuses both. With the shape kept, they must fail just the same. Without PLAN_CHECK,
    // which would compile them afresh anyway, as in production.
    process.env.PLAN_CHECK = '0'
    try {
      await pupilsNamed('обычная-фамилия')
      expect(await counted(() => pupilsNamed('другая-фамилия'))).toEqual({ compiled: 0, reused: 0, filled: 1 })
      await expect(pupilsNamed('\ud800abc')).rejects.toThrow()
      const since = (at: Date) => db.auditEvent.count({ where: { action: 'test:far', at: { gte: at } } })
      await since(new Date('2026-09-01T00:00:00Z'))
      expect(await counted(() => since(new Date('2026-10-01T00:00:00Z')))).toEqual({ compiled: 0, reused: 0, filled: 1 })
      await expect(since(new Date('+010000-01-01T00:00:00.000Z'))).rejects.toThrow()
    } finally {
      process.env.PLAN_CHECK = '1'
    }
  })

  it('a value that looks like a marker is compiled as asked, never mistaken for one', async () => {
    await pupilsNamed('обычная')
    expect(await counted(() => pupilsNamed('\uE0000\uE001'))).toEqual({ compiled: 1, reused: 0, filled: 0 })
    expect(await pupilsNamed('\uE0000\uE001')).toEqual([])
    const on = (at: Date) => db.application.count({ where: { receivedAt: { gte: at } } })
    await on(new Date('2026-09-01T00:00:00Z'))
    expect(await counted(() => on(new Date('1001-01-01T00:00:00.000Z')))).toEqual({ compiled: 1, reused: 0, filled: 0 })
    expect(await on(new Date('1001-01-01T00:00:00.000Z'))).toBe(await db.application.count())
  })

  it('a write is compiled every time, and each makes its own id and time', async () => {
    const school = await db.school.findFirstOrThrow({ select: { id: true } })
    const write = () => db.auditEvent.create({ data: { schoolId: school.id, action: 'test:plan-cache' } })
    const made: Array<{ id: string; at: Date }> = []
    expect(await counted(async () => made.push(await write()))).toEqual({ compiled: 1, reused: 0, filled: 0 })
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(await counted(async () => made.push(await write()))).toEqual({ compiled: 1, reused: 0, filled: 0 })
    expect(made[0].id).not.toBe(made[1].id)
    expect(made[1].at.getTime()).toBeGreaterThan(made[0].at.getTime())
  })

  it('a batch of reads (a transaction, or findUnique calls of one tick) is kept as one plan', async () => {
    const batch = () => db.$transaction([db.school.count(), db.pupil.count()])
    const first = await counted(batch)
    expect(first.compiled).toBeGreaterThan(0)
    expect(await counted(batch)).toEqual({ compiled: 0, reused: first.compiled, filled: 0 })
    const ids = (await db.pupil.findMany({ take: 3, select: { id: true } })).map((p) => p.id)
    const together = () => Promise.all(ids.map((id) => db.pupil.findUnique({ where: { id }, select: { id: true } })))
    await together()
    const again = await counted(together)
    expect(again.compiled).toBe(0)
    expect((await together()).map((p) => p?.id)).toEqual(ids)
  })

  it('at most PLAN_CACHE_SIZE plans and shapes: the least recently used goes first', async () => {
    // `take` is part of the shape: each of these is a plan and a shape of its own.
    const taking = (i: number) => db.pupil.findMany({ where: { lastName: 'Нет-такого' }, take: i + 1, select: { id: true } })
    for (let i = 0; i <= PLAN_CACHE_SIZE; i++) await taking(i)
    expect(await counted(() => taking(PLAN_CACHE_SIZE))).toEqual({ compiled: 0, reused: 1, filled: 0 })
    expect(await counted(() => taking(0))).toEqual({ compiled: 1, reused: 0, filled: 0 })
  })

  it('a very long query (a list of many ids) is not kept', async () => {
    const ids = Array.from({ length: Math.ceil(PLAN_KEY_LIMIT / 20) }, (_, i) => `нет-такого-ученика-${i}`)
    const long = () => db.pupil.findMany({ where: { id: { in: ids } }, select: { id: true } })
    expect(await counted(long)).toEqual({ compiled: 1, reused: 0, filled: 0 })
    expect(await counted(long)).toEqual({ compiled: 1, reused: 0, filled: 0 })
  })

  it('another client compiles its own plans (another database or schema writes other SQL)', async () => {
    const other = connectDb(process.env.DATABASE_URL as string)
    try {
      const ask = (client: typeof db) => client.school.findFirst({ where: { shortName: { not: '' } }, select: { id: true } })
      await ask(db)
      expect(await counted(() => ask(db))).toEqual({ compiled: 0, reused: 1, filled: 0 })
      expect(await counted(() => ask(other))).toEqual({ compiled: 1, reused: 0, filled: 0 })
      expect(await ask(other)).toEqual(await ask(db))
    } finally {
      await other.$disconnect()
    }
  })
})
