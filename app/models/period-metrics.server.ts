// The dashboard's figures for a period (Порядок 4.1), counted by the database: no application is loaded into
// JavaScript (issue 14, ADR 047). Every figure is the one workflows/metrics.ts computes from the facts of each
// application — tests/integration/period-metrics.test.ts holds the two side by side on a seeded dataset.
//
// Portable Prisma only (count, groupBy, field references, orderBy/skip): the PostgreSQL build needs no twin.
// What the events alone knew is stored by the one door: `answeredAt` (the first hand-over) and the stage spans.
import { db } from '#app/utils/db.server'
import type { Prisma } from '#app/generated/prisma/client'
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

async function ratio(base: Where, o: { met: Where; late: Where }, scope: Where = {}): Promise<Ratio> {
  const [met, late] = await Promise.all([
    db.application.count({ where: { AND: [base, scope, o.met] } }),
    db.application.count({ where: { AND: [base, scope, o.late] } }),
  ])
  const total = met + late
  return { met, late, total, share: total ? met / total : null }
}

type SpanColumn = 'registrationSpan' | 'reviewSpan' | 'deliverySpan' | 'totalSpan'

/** The value at rank `index` (0-based) of the period's spans in ascending order: an index range, read in order. */
async function spanAt(base: Where, column: SpanColumn, index: number): Promise<number> {
  const row = await db.application.findFirst({
    where: { AND: [base, { [column]: { not: null } }] },
    orderBy: [{ [column]: 'asc' }, { id: 'asc' }],
    skip: index,
    select: { [column]: true },
  })
  return Number((row as unknown as Record<SpanColumn, number>)[column])
}

/** workflows/metrics.ts percentile (PERCENTILE.INC) with the two closest ranks read by the database. */
async function percentileOf(base: Where, column: SpanColumn, count: number, p: number): Promise<number | null> {
  if (!count) return null
  const rank = p * (count - 1)
  const low = Math.floor(rank)
  const high = Math.ceil(rank)
  const lowValue = await spanAt(base, column, low)
  const highValue = high === low ? lowValue : await spanAt(base, column, high)
  return lowValue + (highValue - lowValue) * (rank - low)
}

async function stageStats(base: Where, column: SpanColumn): Promise<StageStats> {
  const count = await db.application.count({ where: { AND: [base, { [column]: { not: null } }] } })
  const [median, p90] = await Promise.all([percentileOf(base, column, count, 0.5), percentileOf(base, column, count, 0.9)])
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

const STEP_EVENTS = ['REGISTER', 'FORWARD', 'GRANT', 'REFUSE', ...ANSWER_EVENTS]

/**
 * Who did what. The machine lets an application be answered once (DELIVER from «delivering», NOTICE_DELIVERED from
 * «refused»), so its answer event is its first one and counting answer events counts first hand-overs.
 */
async function employees(base: Where, now: Date): Promise<EmployeeStats[]> {
  const count = async (events: readonly string[], scope: Where = {}) => {
    const rows = await db.applicationEvent.groupBy({
      by: ['actorUserId'],
      where: { event: { in: [...events] }, actorUserId: { not: null }, application: { AND: [base, scope] } },
      _count: { _all: true },
    })
    return new Map(rows.map((r) => [r.actorUserId as string, r._count._all]))
  }
  const registration = registrationOutcome(now)
  const delivery = outcome('answeredAt', 'deliveryDue', now)
  const [registered, registeredLate, forwarded, decided, delivered, deliveredLate] = await Promise.all([
    count(['REGISTER']),
    count(['REGISTER'], registration.late),
    count(['FORWARD']),
    count(['GRANT', 'REFUSE']),
    count(ANSWER_EVENTS),
    count(ANSWER_EVENTS, delivery.late),
  ])
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

/** workflows/metrics.ts computeMetrics for the applications received in [from, to], counted by the database. */
export async function countPeriodMetrics(schoolId: string, from: Date, to: Date, now: Date): Promise<Metrics> {
  const base: Where = { schoolId, receivedAt: { gte: from, lte: to } }
  const [applications, registration, decided, delivered, stages, acceptance, information, channels, staff] = await Promise.all([
    db.application.count({ where: base }),
    ratio(base, registrationOutcome(now)),
    ratio(base, decisionOutcome(now), REGISTERED),
    ratio(base, outcome('answeredAt', 'deliveryDue', now), REGISTERED),
    Promise.all((['registrationSpan', 'reviewSpan', 'deliverySpan', 'totalSpan'] as const).map((c) => stageStats(base, c))),
    groundCounts({ AND: [base, { status: 'acceptance_refused' }] }),
    groundCounts({ AND: [base, { OR: [{ status: { in: ['refused', 'closed'] } }, { events: { some: { event: 'REFUSE' } } }] }] }),
    db.application.groupBy({ by: ['channel'], where: base, _count: { _all: true } }),
    employees(base, now),
  ])
  return {
    applications,
    registration,
    decided,
    delivered,
    stages: { registration: stages[0], review: stages[1], delivery: stages[2], total: stages[3] },
    refusals: { acceptance, information },
    channels: channels.map((c) => ({ channel: c.channel, count: c._count._all })).sort(byCountThenName((c) => c.channel)),
    employees: staff,
  }
}
