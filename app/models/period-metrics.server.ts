// The dashboard's figures for a period (Порядок 4.1), counted by the database: no application is loaded into
// JavaScript (issue 14, ADR 047). Every figure is the one workflows/metrics.ts computes from the facts of each
// application — tests/integration/period-metrics.test.ts holds the two side by side on a seeded dataset.
//
// Portable Prisma (count, groupBy, field references) and one portable SELECT for the percentiles: the PostgreSQL build
// needs no twin.
// What the events alone knew is stored by the one door: `answeredAt` (the first hand-over) and the stage spans.
import { db } from '#app/utils/db.server'
import { Prisma } from '#app/generated/prisma/client'
import { ANSWER_EVENTS, type EmployeeStats, type GroundCount, type Metrics, type Ratio, type StageStats } from '#workflows/metrics'
import { parseGrounds as parseGroundsColumn } from '#app/models/json-columns'

type Where = Prisma.ApplicationWhereInput
type DateColumn = 'registeredAt' | 'decidedAt' | 'answeredAt'
type DueColumn = 'registrationDue' | 'reviewDue' | 'deliveryDue'

const F = () => db.application.fields

/**
 * workflows/metrics.ts deadlineOutcome as two where clauses: met = done by the due; late = done after it, or not
 * done and the due passed before the application was closed (or before now, while it is open). A comparison with a
 * null due is never true in SQL, which is deadlineOutcome's «no due, no outcome».
 */
function outcome(done: DateColumn, due: DueColumn, now: Date): { met: Where; late: Where } {
  const f = F()
  return {
    met: { [done]: { not: null, lte: f[due] } },
    late: {
      OR: [{ [done]: { gt: f[due] } }, { [done]: null, OR: [{ closedAt: { gt: f[due] } }, { closedAt: null, [due]: { lt: now } }] }],
    },
  }
}

/** Registration (Порядок 3.1.1); a refusal to accept documents replaces it and is not counted. */
function registrationOutcome(now: Date) {
  const { met, late } = outcome('registeredAt', 'registrationDue', now)
  return { met, late: { AND: [late, { OR: [{ registeredAt: { not: null } }, { status: { not: 'acceptance_refused' } }] }] } }
}

/** The decision by the review deadline, or by the answer deadline when there is none (reviewDue ?? deliveryDue). */
function decisionOutcome(now: Date) {
  const review = outcome('decidedAt', 'reviewDue', now)
  const delivery = outcome('decidedAt', 'deliveryDue', now)
  return {
    met: { OR: [review.met, { AND: [{ reviewDue: null }, delivery.met] }] },
    late: { OR: [review.late, { AND: [{ reviewDue: null }, delivery.late] }] },
  }
}

const REGISTERED: Where = { registeredAt: { not: null }, deliveryDue: { not: null } }

type SpanColumn = 'registrationSpan' | 'reviewSpan' | 'deliverySpan' | 'totalSpan'

type Period = { schoolId: string; from: Date; to: Date }

/**
 * workflows/metrics.ts percentile (PERCENTILE.INC): the two closest ranks read in one query over the covering index
 * (schoolId, receivedAt, span) — the values alone, so the database sorts numbers without visiting the rows. The
 * column is one of four fixed names; SQLite and PostgreSQL both run this SQL (the adapters bind the dates as stored).
 */
async function percentileOf(p: Period, column: SpanColumn, count: number, q: number): Promise<number | null> {
  if (!count) return null
  const rank = q * (count - 1)
  const low = Math.floor(rank)
  const col = Prisma.raw(`"${column}"`)
  const rows = await db.$queryRaw<Array<{ v: number }>>`SELECT ${col} AS "v" FROM "Application"
    WHERE "schoolId" = ${p.schoolId} AND "receivedAt" >= ${p.from} AND "receivedAt" <= ${p.to} AND ${col} IS NOT NULL
    ORDER BY ${col} LIMIT 2 OFFSET ${low}`
  const lowValue = Number(rows[0].v)
  const highValue = rank === low ? lowValue : Number(rows[1].v)
  return lowValue + (highValue - lowValue) * (rank - low)
}

async function stageStats(p: Period, base: Where, column: SpanColumn): Promise<StageStats> {
  const count = await db.application.count({ where: { AND: [base, { [column]: { not: null } }] } })
  const [median, p90] = await Promise.all([percentileOf(p, column, count, 0.5), percentileOf(p, column, count, 0.9)])
  return { count, median, p90 }
}

const byCountThenName =
  <T extends { count: number }>(key: (x: T) => string) =>
  (a: T, b: T) =>
    b.count - a.count || key(a).localeCompare(key(b), 'ru')

/** Application.grounds through the column's parser; a row that does not parse counts no grounds here. */
function parseGrounds(json: string): string[] {
  try {
    return parseGroundsColumn(json)
  } catch {
    return []
  }
}

/** Grounds counted over the distinct stored lists (a handful), not over applications. */
async function groundCounts(where: Where): Promise<GroundCount[]> {
  const groups = await db.application.groupBy({ by: ['grounds'], where, _count: { _all: true } })
  const counts = new Map<string, number>()
  for (const g of groups) {
    const grounds = parseGrounds(g.grounds)
    for (const ground of grounds.length ? grounds : ['(основание не указано)'])
      counts.set(ground, (counts.get(ground) ?? 0) + g._count._all)
  }
  return [...counts.entries()].map(([ground, count]) => ({ ground, count })).sort(byCountThenName((g) => g.ground))
}

/** Per employee, the steps of the given kinds on the applications `where` selects. */
async function eventCounts(where: Where, events: readonly string[]): Promise<Map<string, number>> {
  const rows = await db.applicationEvent.groupBy({
    by: ['actorUserId'],
    where: { event: { in: [...events] }, actorUserId: { not: null }, application: where },
    _count: { _all: true },
  })
  return new Map(rows.map((r) => [r.actorUserId as string, r._count._all]))
}

/** Per employee, registrations and hand-overs done late (the two figures that can depend on `now`). */
async function lateSteps(where: Where, now: Date) {
  const [registeredLate, deliveredLate] = await Promise.all([
    eventCounts({ AND: [where, registrationOutcome(now).late] }, ['REGISTER']),
    eventCounts({ AND: [where, outcome('answeredAt', 'deliveryDue', now).late] }, ANSWER_EVENTS),
  ])
  return { registeredLate, deliveredLate }
}

const STEP_EVENTS = ['REGISTER', 'FORWARD', 'GRANT', 'REFUSE', ...ANSWER_EVENTS]

/**
 * Who did what. The machine lets an application be answered once (DELIVER from «delivering», NOTICE_DELIVERED from
 * «refused»), so its answer event is its first one and counting answer events counts first hand-overs.
 */
async function employees(base: Where, now: Date): Promise<EmployeeStats[]> {
  const [registered, forwarded, decided, delivered, late] = await Promise.all([
    eventCounts(base, ['REGISTER']),
    eventCounts(base, ['FORWARD']),
    eventCounts(base, ['GRANT', 'REFUSE']),
    eventCounts(base, ANSWER_EVENTS),
    lateSteps({ AND: [base, { closedAt: { not: null } }] }, now),
  ])
  const { registeredLate, deliveredLate } = late
  const users = new Set([...registered.keys(), ...forwarded.keys(), ...decided.keys(), ...delivered.keys()])
  const rows = await Promise.all(
    [...users].map(async (userId): Promise<EmployeeStats> => {
      // The name written on the user's first counted step of the period, as the list of facts met it.
      const first = await db.applicationEvent.findFirst({
        where: { actorUserId: userId, event: { in: STEP_EVENTS }, application: base },
        orderBy: [{ application: { receivedAt: 'asc' } }, { at: 'asc' }],
        select: { actorName: true },
      })
      return {
        userId,
        name: first?.actorName ?? '',
        registered: registered.get(userId) ?? 0,
        registeredLate: registeredLate.get(userId) ?? 0,
        forwarded: forwarded.get(userId) ?? 0,
        decided: decided.get(userId) ?? 0,
        delivered: delivered.get(userId) ?? 0,
        deliveredLate: deliveredLate.get(userId) ?? 0,
      }
    }),
  )
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'ru'))
}

type Counts = { met: number; late: number }
type Ratios = { registration: Counts; decided: Counts; delivered: Counts }

async function counts(base: Where, o: { met: Where; late: Where }, scope: Where = {}): Promise<Counts> {
  const [met, late] = await Promise.all([
    db.application.count({ where: { AND: [base, scope, o.met] } }),
    db.application.count({ where: { AND: [base, scope, o.late] } }),
  ])
  return { met, late }
}

/** The three deadline figures of the applications `base` selects. */
async function ratios(base: Where, now: Date): Promise<Ratios> {
  const [registration, decided, delivered] = await Promise.all([
    counts(base, registrationOutcome(now)),
    counts(base, decisionOutcome(now), REGISTERED),
    counts(base, outcome('answeredAt', 'deliveryDue', now), REGISTERED),
  ])
  return { registration, decided, delivered }
}

const sum = (a: Counts, b: Counts): Ratio => {
  const met = a.met + b.met
  const late = a.late + b.late
  const total = met + late
  return { met, late, total, share: total ? met / total : null }
}

/**
 * workflows/metrics.ts computeMetrics for the applications received in [from, to], counted by the database.
 *
 * Time alone changes only one thing: an open application turns late when its due passes (`outcome` above). So the
 * figures of the period's closed applications and every figure that does not depend on `now` are kept while the
 * school's ApplicationStamp is unchanged (ADR 072: database triggers move it on at every write of an application or
 * its events; it is read before counting, so a write during the count is seen next time), and the deadline figures of
 * the open applications — the school's current work, not its history — are counted at every request.
 */
export async function countPeriodMetrics(schoolId: string, from: Date, to: Date, now: Date): Promise<Metrics> {
  const base: Where = { schoolId, receivedAt: { gte: from, lte: to } }
  const key = `${schoolId}|${from.toISOString()}|${to.toISOString()}`
  const version = await stampOf(schoolId)
  let entry = kept.get(key)
  const age = entry ? now.getTime() - entry.at : -1
  if (!entry || entry.version !== version || age < 0 || age > KEPT_MS) {
    entry = { version, at: now.getTime(), figures: keptFigures({ schoolId, from, to }, base, now) }
    entry.figures.catch(() => kept.delete(key))
  }
  kept.delete(key) // the most recently used last
  kept.set(key, entry)
  while (kept.size > KEPT_MAX) kept.delete(kept.keys().next().value as string)
  const openBase: Where = { AND: [base, { closedAt: null }] }
  const [figures, open, openLate] = await Promise.all([entry.figures, ratios(openBase, now), lateSteps(openBase, now)])
  return {
    ...figures.metrics,
    employees: figures.metrics.employees.map((e) => ({
      ...e,
      registeredLate: e.registeredLate + (openLate.registeredLate.get(e.userId) ?? 0),
      deliveredLate: e.deliveredLate + (openLate.deliveredLate.get(e.userId) ?? 0),
    })),
    registration: sum(figures.closed.registration, open.registration),
    decided: sum(figures.closed.decided, open.decided),
    delivered: sum(figures.closed.delivered, open.delivered),
  }
}

type Kept = { metrics: Omit<Metrics, 'registration' | 'decided' | 'delivered'>; closed: Ratios }

/**
 * Per process, at most KEPT_MAX periods; each instance keeps its own and checks the stamp in the database. An entry
 * also lasts at most KEPT_MS: a database put back under a running server (a forced restore) can bring back a stamp
 * number an entry already has, and a stale entry must not outlive a few minutes.
 */
const kept = new Map<string, { version: number; at: number; figures: Promise<Kept> }>()
const KEPT_MAX = 100
const KEPT_MS = 5 * 60_000

async function stampOf(schoolId: string): Promise<number> {
  return (await db.applicationStamp.findUnique({ where: { schoolId }, select: { version: true } }))?.version ?? 0
}

async function keptFigures(p: Period, base: Where, now: Date): Promise<Kept> {
  const [applications, closed, stages, acceptance, information, channels, staff] = await Promise.all([
    db.application.count({ where: base }),
    ratios({ AND: [base, { closedAt: { not: null } }] }, now),
    Promise.all((['registrationSpan', 'reviewSpan', 'deliverySpan', 'totalSpan'] as const).map((c) => stageStats(p, base, c))),
    groundCounts({ AND: [base, { status: 'acceptance_refused' }] }),
    groundCounts({ AND: [base, { OR: [{ status: { in: ['refused', 'closed'] } }, { events: { some: { event: 'REFUSE' } } }] }] }),
    db.application.groupBy({ by: ['channel'], where: base, _count: { _all: true } }),
    employees(base, now),
  ])
  return {
    closed,
    metrics: {
      applications,
      stages: { registration: stages[0], review: stages[1], delivery: stages[2], total: stages[3] },
      refusals: { acceptance, information },
      channels: channels.map((c) => ({ channel: c.channel, count: c._count._all })).sort(byCountThenName((c) => c.channel)),
      employees: staff,
    },
  }
}
