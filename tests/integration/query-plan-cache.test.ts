// ADR 080: the plans Prisma's query compiler makes for reads are kept, by the query's JSON, per compiler; writes are
// compiled every time. On both databases (the PostgreSQL client's plans name its own schema).
import { describe, expect, it } from 'vitest'
import { connectDb, db } from '#app/utils/db.server'
import { PLAN_CACHE_SIZE, PLAN_KEY_LIMIT, planCacheStats } from '#app/utils/query-plans.server'

/** How many plans `work` compiled and how many it took from the cache. */
async function counted(work: () => Promise<unknown>): Promise<{ compiled: number; reused: number }> {
  const before = planCacheStats()
  await work()
  const after = planCacheStats()
  return { compiled: after.compiled - before.compiled, reused: after.reused - before.reused }
}

const pupilsNamed = (lastName: string) => db.pupil.findMany({ where: { lastName }, select: { id: true, lastName: true } })

describe('kept query plans', () => {
  it('a read asked again with the same values reuses its plan, and answers from the database as it is now', async () => {
    const [pupil] = await db.pupil.findMany({ take: 1, orderBy: { id: 'asc' } })
    const ask = () => db.pupil.findUnique({ where: { id: pupil.id }, select: { lastName: true } })
    expect(await counted(ask)).toEqual({ compiled: 1, reused: 0 })
    expect(await counted(ask)).toEqual({ compiled: 0, reused: 1 })
    // The plan is kept, not the answer.
    await db.pupil.update({ where: { id: pupil.id }, data: { lastName: 'Переименованная' } })
    expect(await ask()).toEqual({ lastName: 'Переименованная' })
  })

  it('other values are another plan: each read gets its own rows', async () => {
    const pupils = await db.pupil.findMany({ take: 2, orderBy: { id: 'asc' }, select: { id: true, lastName: true } })
    await db.pupil.update({ where: { id: pupils[1].id }, data: { lastName: `${pupils[0].lastName}-второй` } })
    const first = await counted(() => pupilsNamed(pupils[0].lastName))
    const second = await counted(() => pupilsNamed(`${pupils[0].lastName}-второй`))
    expect([first.compiled, second.compiled]).toEqual([1, 1])
    expect((await pupilsNamed(pupils[0].lastName)).map((p) => p.id)).toContain(pupils[0].id)
    expect((await pupilsNamed(pupils[0].lastName)).map((p) => p.id)).not.toContain(pupils[1].id)
    expect((await pupilsNamed(`${pupils[0].lastName}-второй`)).map((p) => p.id)).toEqual([pupils[1].id])
  })

  it('a write is compiled every time, and each makes its own id and time', async () => {
    const school = await db.school.findFirstOrThrow({ select: { id: true } })
    const write = () => db.auditEvent.create({ data: { schoolId: school.id, action: 'test:plan-cache' } })
    const made: Array<{ id: string; at: Date }> = []
    expect(await counted(async () => made.push(await write()))).toEqual({ compiled: 1, reused: 0 })
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(await counted(async () => made.push(await write()))).toEqual({ compiled: 1, reused: 0 })
    expect(made[0].id).not.toBe(made[1].id)
    expect(made[1].at.getTime()).toBeGreaterThan(made[0].at.getTime())
  })

  it('a batch of reads (a transaction, or findUnique calls of one tick) is kept as one plan', async () => {
    const batch = () => db.$transaction([db.school.count(), db.pupil.count()])
    const first = await counted(batch)
    expect(first.compiled).toBeGreaterThan(0)
    expect(await counted(batch)).toEqual({ compiled: 0, reused: first.compiled })
    const ids = (await db.pupil.findMany({ take: 3, select: { id: true } })).map((p) => p.id)
    const together = () => Promise.all(ids.map((id) => db.pupil.findUnique({ where: { id }, select: { id: true } })))
    await together()
    const again = await counted(together)
    expect(again.compiled).toBe(0)
    expect((await together()).map((p) => p?.id)).toEqual(ids)
  })

  it('at most PLAN_CACHE_SIZE plans: the least recently used goes first', async () => {
    const named = (i: number) => pupilsNamed(`Нет-такого-${i}`)
    for (let i = 0; i <= PLAN_CACHE_SIZE; i++) await named(i)
    expect(await counted(() => named(PLAN_CACHE_SIZE))).toEqual({ compiled: 0, reused: 1 })
    expect(await counted(() => named(0))).toEqual({ compiled: 1, reused: 0 })
  })

  it('a very long query (a list of many ids) is not kept', async () => {
    const ids = Array.from({ length: Math.ceil(PLAN_KEY_LIMIT / 20) }, (_, i) => `нет-такого-ученика-${i}`)
    const long = () => db.pupil.findMany({ where: { id: { in: ids } }, select: { id: true } })
    expect(await counted(long)).toEqual({ compiled: 1, reused: 0 })
    expect(await counted(long)).toEqual({ compiled: 1, reused: 0 })
  })

  it('another client compiles its own plans (another database or schema writes other SQL)', async () => {
    const other = connectDb(process.env.DATABASE_URL as string)
    try {
      const ask = (client: typeof db) => client.school.findFirst({ where: { shortName: { not: '' } }, select: { id: true } })
      await ask(db)
      expect(await counted(() => ask(db))).toEqual({ compiled: 0, reused: 1 })
      expect(await counted(() => ask(other))).toEqual({ compiled: 1, reused: 0 })
      expect(await ask(other)).toEqual(await ask(db))
    } finally {
      await other.$disconnect()
    }
  })
})
