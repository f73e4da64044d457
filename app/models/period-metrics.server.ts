// The dashboard's figures for a period (Порядок 4.1), counted by the database: every figure is the one
// workflows/metrics.ts computes from the facts of each application — tests/integration/period-metrics.test.ts holds
// the two side by side on a seeded dataset (ADR 047).
//
// Kept so that a write costs what it changed, not the school's history (ADR 075, extending ADR 072): the period's
// applications closed up to the school's closing number k are counted once and kept («settled»); an application that
// closes later gets the next number and is added to them alone; the rest (the open applications and any closed since
// k) is kept by the school's day, and when the school's stamp moves only the days its moves name are counted again
// (ADR 083). Database triggers keep the numbers (migrations 20261207150000_application_stamp,
// 20261208120000_settled_figures and 20261210100000_open_work_days), so no write path can forget them. The settled
// figures are also kept in the database by the school's day (ADR 078, settled-days.server.ts): a process that starts
// or a period seen for the first time counts only the days that changed.
import { db } from '#app/utils/db.server'
import type { EmployeeStats, GroundCount, Metrics, Ratio, StageStats } from '#workflows/metrics'
import { addDays, startOfLocalDay, type LocalDay } from '#workflows/time'
import { openWork, type OpenDays } from './open-days.server'
import { countPart, kthOfTwo, mergeParts, pendingAt, SPANS, type Part, type Ratios } from './period-part.server'
import { settledOfDays } from './settled-days.server'

type Stamp = { version: number; closings: number; settled: number }
/** The applications received in [from, until) — the school's days `days.from` to `days.to` in `timeZone`. */
type Scope = { schoolId: string; from: Date; until: Date; timeZone: string; days: { from: LocalDay; to: LocalDay } }
type Kept = { at: number; stamp: Stamp; lastId: string | null; part: Promise<Part>; size?: number }
/** `born`: when its days were last all read from the database or counted (brought up to date by moves since). */
type RestKept = { at: number; born: number; stamp: Stamp; part: Promise<OpenDays>; size?: number }

/**
 * Per process and per (school, from, to); each instance keeps its own and checks the stamp in the shared database.
 * The settled part is trusted while «settled» (a random value every write of a closed application gives anew) is
 * unchanged, the closing number did not go back and its last closed application is the same one — a database put back
 * under a running server cannot pass that — and for an hour at most. The rest is trusted while the stamp is the same,
 * for five minutes at most (ADR 072: a restored database can bring back a stamp number an entry already has); then, or
 * when the stamp moved, it is brought up to date by day (ADR 083, open-days.server.ts): if the move it was counted at
 * still has the token it had and none since is missing, only the days they name are counted again; otherwise — and an
 * hour after its days were last all read or counted — the days stored in the database are read, and the ones no move
 * vouches for (or counted more than a week ago) counted.
 */
const settledKept = new Map<string, Kept>()
const restKept = new Map<string, RestKept>()
const KEPT_MAX = 100
/** Applications held in settled parts (their sorted spans: 32 bytes each); beyond it the least recently used go. */
const KEPT_APPLICATIONS = 2_000_000
const SETTLED_MS = 60 * 60_000
const REST_MS = 5 * 60_000

/** How the kept figures were last brought up to date (for the tests and bench/dash). */
export const keptStats = { settledCounted: 0, settledExtended: 0 }

async function stampOf(schoolId: string): Promise<Stamp> {
  const row = await db.applicationStamp.findUnique({ where: { schoolId }, select: { version: true, closings: true, settled: true } })
  return row ?? { version: 0, closings: 0, settled: 0 }
}

async function lastClosed(schoolId: string, closings: number): Promise<string | null> {
  if (closings === 0) return null
  const row = await db.application.findFirst({ where: { schoolId, closedSeq: closings }, select: { id: true } })
  return row?.id ?? null
}

function touch<T>(map: Map<string, T>, key: string, entry: T) {
  map.delete(key) // the most recently used last
  map.set(key, entry)
  while (map.size > KEPT_MAX) map.delete(map.keys().next().value as string)
}

/** The settled part up to the stamp's closing number: kept, extended by the closings since, or counted anew. */
async function settledPart(key: string, p: Scope, stamp: Stamp, now: Date): Promise<Part> {
  const entry = settledKept.get(key)
  const lastId = await lastClosed(p.schoolId, stamp.closings)
  const age = entry ? now.getTime() - entry.at : -1
  const trusted =
    entry &&
    entry.stamp.settled === stamp.settled &&
    entry.stamp.closings <= stamp.closings &&
    (entry.stamp.closings < stamp.closings || entry.lastId === lastId) &&
    age >= 0 &&
    age <= SETTLED_MS
  let next: Kept
  if (trusted && entry.stamp.closings === stamp.closings) next = entry
  else if (trusted) {
    keptStats.settledExtended++
    const added = countPart({ schoolId: p.schoolId, from: p.from, until: p.until, after: entry.stamp.closings, upTo: stamp.closings })
    next = { at: entry.at, stamp, lastId, part: Promise.all([entry.part, added]).then(([a, b]) => mergeParts(a, b)) }
  } else {
    keptStats.settledCounted++
    next = {
      at: now.getTime(),
      stamp,
      lastId,
      part: settledOfDays({ schoolId: p.schoolId, timeZone: p.timeZone, ...p.days }, stamp.closings),
    }
  }
  const kept = next
  kept.part.then(
    (part) => (kept.size = part.applications),
    () => settledKept.delete(key),
  )
  touch(settledKept, key, kept)
  bound(settledKept, key)
  return kept.part
}

/** Beyond KEPT_APPLICATIONS held (the most recently used first), the least recently used entries go. */
function bound(map: Map<string, { size?: number }>, key: string) {
  let held = 0
  for (const [k, e] of [...map].reverse()) {
    held += e.size ?? 0
    if (held > KEPT_APPLICATIONS && k !== key) map.delete(k)
  }
}

/** The rest: kept, or brought up to date by day (open-days.server.ts). */
function restPart(key: string, p: Scope, stamp: Stamp, now: Date): Promise<Part> {
  const entry = restKept.get(key)
  const age = entry ? now.getTime() - entry.at : -1
  let next = entry
  if (!entry || entry.stamp.version !== stamp.version || entry.stamp.closings !== stamp.closings || age < 0 || age > REST_MS) {
    // Memory is brought up to date by the moves for an hour at most; then its days are read again from the database.
    const before = entry && now.getTime() - entry.born <= SETTLED_MS ? entry : undefined
    const part = (async () => {
      const open = before && (await before.part.catch(() => undefined))
      return openWork(p, stamp, before && open ? { stamp: before.stamp, open } : undefined)
    })()
    const kept: RestKept = { at: now.getTime(), born: before?.born ?? now.getTime(), stamp, part }
    kept.part.then(
      (open) => (kept.size = 2 * open.merged.applications), // the days and their merge
      () => restKept.get(key) === kept && restKept.delete(key),
    )
    next = kept
  }
  touch(restKept, key, next as RestKept)
  bound(restKept, key)
  return (next as RestKept).part.then((r) => r.merged)
}

const byCountThenName =
  <T extends { count: number }>(key: (x: T) => string) =>
  (a: T, b: T) =>
    b.count - a.count || key(a).localeCompare(key(b), 'ru')

const listOf = (m: Map<string, number>): GroundCount[] =>
  [...m.entries()].map(([ground, count]) => ({ ground, count })).sort(byCountThenName((g) => g.ground))

/** workflows/metrics.ts percentile (PERCENTILE.INC) of the two parts' sorted values together. */
function stage(a: Float64Array, b: Float64Array): StageStats {
  const count = a.length + b.length
  const at = (q: number) => {
    if (!count) return null
    const rank = q * (count - 1)
    const low = Math.floor(rank)
    const lowValue = kthOfTwo(a, b, low)
    const highValue = rank === low ? lowValue : kthOfTwo(a, b, low + 1)
    return lowValue + (highValue - lowValue) * (rank - low)
  }
  return { count, median: at(0.5), p90: at(0.9) }
}

const ratio = (...parts: Array<{ met: number; late: number }>): Ratio => {
  const met = parts.reduce((n, c) => n + c.met, 0)
  const late = parts.reduce((n, c) => n + c.late, 0)
  const total = met + late
  return { met, late, total, share: total ? met / total : null }
}

/**
 * workflows/metrics.ts computeMetrics for the applications received on the school's days `days.from` to `days.to`.
 * Time alone changes only the open applications' deadline outcomes (an open application turns late when its due
 * passes): the rest part keeps, for each figure, the dues of the pending ones, sorted (what the pure functions of
 * workflows/metrics.ts give at the earliest and the latest `now`); a view counts the dues before `now`.
 */
export async function countPeriodMetrics(
  schoolId: string,
  days: { from: LocalDay; to: LocalDay },
  timeZone: string,
  now: Date,
): Promise<Metrics> {
  const p: Scope = {
    schoolId,
    from: startOfLocalDay(days.from, timeZone),
    until: startOfLocalDay(addDays(days.to, 1), timeZone),
    timeZone,
    days,
  }
  const key = `${schoolId}|${timeZone}|${days.from}|${days.to}`
  // Read before counting: a write during the count is seen at the next view.
  const stamp = await stampOf(schoolId)
  const [settled, rest] = await Promise.all([settledPart(key, p, stamp, now), restPart(key, p, stamp, now)])
  const merged = mergeParts(settled, rest, false)
  const open: Ratios = {
    registration: pendingAt(merged.open.registration, now),
    decided: pendingAt(merged.open.decided, now),
    delivered: pendingAt(merged.open.delivered, now),
  }
  const people = merged.people
  for (const [userId, pending] of merged.open.registeredLate) bump(people, userId, 'registeredLate', pendingAt(pending, now).late)
  for (const [userId, pending] of merged.open.deliveredLate) bump(people, userId, 'deliveredLate', pendingAt(pending, now).late)
  const employees: EmployeeStats[] = [...people.entries()]
    .map(([userId, q]) => ({
      userId,
      name: q.name,
      registered: q.registered,
      registeredLate: q.registeredLate,
      forwarded: q.forwarded,
      decided: q.decided,
      delivered: q.delivered,
      deliveredLate: q.deliveredLate,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'ru'))
  const spans = Object.fromEntries(SPANS.map((c) => [c, stage(settled.spans[c], rest.spans[c])]))
  return {
    applications: settled.applications + rest.applications,
    registration: ratio(settled.closed.registration, rest.closed.registration, open.registration),
    decided: ratio(settled.closed.decided, rest.closed.decided, open.decided),
    delivered: ratio(settled.closed.delivered, rest.closed.delivered, open.delivered),
    stages: { registration: spans.registrationSpan, review: spans.reviewSpan, delivery: spans.deliverySpan, total: spans.totalSpan },
    refusals: { acceptance: listOf(merged.acceptance), information: listOf(merged.information) },
    channels: [...merged.channels.entries()].map(([channel, count]) => ({ channel, count })).sort(byCountThenName((c) => c.channel)),
    employees,
  }
}

function bump(people: Part['people'], userId: string, field: 'registeredLate' | 'deliveredLate', n: number) {
  const person = people.get(userId)
  if (person) person[field] += n
}
