// The dashboard's open work by the school's day (ADR 083): the period's applications not closed, or closed after the
// school's closing number, counted day by day. Every move of the school's stamp names the day of the application
// written (ApplicationChange, written by the stamp triggers of migration 20261210100000_open_work_days), so a view
// after a write counts again only the days named since the moves it was counted at. The days are also stored
// (OpenDay, each with the move it was counted at): a process that starts, or a period seen for the first time (the
// default one changes every morning), reads them and counts only the days some move names since.
import { db } from '#app/utils/db.server'
import { addDays, localDateOf, startOfLocalDay, type LocalDay } from '#workflows/time'
import { countParts, decodePart, emptyPart, encodePart, mergeMany, type Part } from './period-part.server'

export type Stamp = { version: number; closings: number }
/** The applications received in [from, until) — the school's days `days.from` to `days.to` in `timeZone`. */
export type OpenScope = { schoolId: string; from: Date; until: Date; timeZone: string; days: { from: LocalDay; to: LocalDay } }
/** Every day of the period with its part (empty for a day without open work), all of them as one, and the token of the move. */
export type OpenDays = { days: Map<LocalDay, Part>; merged: Part; token: number | null }

/** The moves kept behind the stamp; a day counted further back is counted again. */
const CHANGES_KEPT = 10_000
/** The moves are pruned whenever the stamp passes a multiple of this. */
const PRUNE_EVERY = 1_000
/** A run of days up to this long is read by its receipt times; a longer one by closing number alone (period-part). */
const SHORT_RUN = 7
/** A stored day is trusted for a week at most (see readStored). */
const DAY_KEPT_MS = 7 * 24 * 60 * 60_000
/** Rows written in one statement: SQLite through Prisma binds at most 999 values. */
const BATCH = 100

/** How the open work was brought up to date (for the tests and bench/dash): whole periods, days counted, days read. */
export const openStats = { whole: 0, counted: 0, read: 0 }

function daysOf(from: LocalDay, to: LocalDay): LocalDay[] {
  const out: LocalDay[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d)
  return out
}

/**
 * The period's open work at `stamp`: the days kept in memory (`kept`, counted at its stamp) or stored, with the days
 * named by the moves since counted again, and the days neither holds counted.
 */
export async function openWork(p: OpenScope, stamp: Stamp, kept?: { stamp: Stamp; open: OpenDays }): Promise<OpenDays> {
  if (!kept || Math.floor(stamp.version / PRUNE_EVERY) !== Math.floor(kept.stamp.version / PRUNE_EVERY))
    await pruneSchool(p.schoolId, stamp.version).catch(() => {}) // a busy database: pruned at a later view or sweep
  const all = daysOf(p.days.from, p.days.to)
  const moves = kept ? await movesSince(p, kept.stamp, kept.open.token, stamp) : null
  let known: Map<LocalDay, Part>
  let token: number | null
  if (kept && moves) {
    if (!moves.days.size) return { ...kept.open, token: moves.token }
    known = new Map(kept.open.days)
    for (const day of moves.days) known.delete(day)
    token = moves.token
  } else ({ known, token } = await readStored(p, stamp))
  const missing = all.filter((d) => !known.has(d))
  if (missing.length === all.length) openStats.whole++
  const counted = await countDays(p, missing, stamp.closings)
  for (const [day, part] of counted) known.set(day, part)
  if (token !== null && counted.size) await store(p, stamp, token, counted).catch(() => {}) // a busy database: counted again later
  const days = new Map(all.map((d) => [d, known.get(d) as Part]))
  return { days, merged: mergeMany([...days.values()]), token }
}

/** The stored days the moves since vouch for, and the token of the stamp's move. */
async function readStored(p: OpenScope, stamp: Stamp): Promise<{ known: Map<LocalDay, Part>; token: number | null }> {
  const [rows, token] = await Promise.all([
    db.openDay.findMany({
      where: { schoolId: p.schoolId, timeZone: p.timeZone, day: { gte: p.days.from, lte: p.days.to } },
      select: { day: true, version: true, token: true, closings: true, data: true, countedAt: true },
    }),
    tokenOf(p.schoolId, stamp.version),
  ])
  // A day counted more than a week ago is counted again, whatever the moves say: what they cannot see (a write the
  // triggers miss, a restore racing a count) lasts a week at most.
  const young = Date.now() - DAY_KEPT_MS
  // By the move each was counted at; the moves since the oldest that can still be vouched for, read once.
  const groups = new Map<string, typeof rows>()
  for (const r of rows.filter((r) => vouchable(r, stamp) && r.countedAt.getTime() >= young)) {
    const key = `${r.version}|${r.token}|${r.closings}`
    groups.set(key, [...(groups.get(key) ?? []), r])
  }
  const known = new Map<LocalDay, Part>()
  if (!groups.size) return { known, token }
  const firsts = [...groups.values()].map((g) => g[0])
  const moves = await readMoves(p, Math.min(...firsts.map((r) => r.version)), Math.min(...firsts.map((r) => r.closings)), stamp)
  for (const group of groups.values()) {
    const since = vouched(p, moves, group[0], group[0].token, stamp)
    if (!since) continue
    for (const r of group) {
      if (since.days.has(r.day)) continue
      try {
        known.set(r.day, decodePart(r.data))
        openStats.read++
      } catch {
        // a row of another shape: counted again
      }
    }
  }
  return { known, token }
}

/** The open work of the given days, a run of consecutive days at a time; an empty part for a day without any. */
async function countDays(p: OpenScope, days: LocalDay[], closings: number): Promise<Map<LocalDay, Part>> {
  const out = new Map<LocalDay, Part>()
  const dayOf = (at: Date) => localDateOf(at, p.timeZone)
  for (let i = 0; i < days.length;) {
    let j = i
    while (j + 1 < days.length && days[j + 1] === addDays(days[j], 1)) j++
    const from = startOfLocalDay(days[i], p.timeZone)
    const until = startOfLocalDay(addDays(days[j], 1), p.timeZone)
    const narrow = j - i + 1 <= SHORT_RUN
    const counted = await countParts({ schoolId: p.schoolId, from, until, rest: closings, narrow }, dayOf)
    for (const day of days.slice(i, j + 1)) out.set(day, counted.get(day) ?? emptyPart())
    openStats.counted += j - i + 1
    i = j + 1
  }
  return out
}

/** The days just counted, stored at the stamp's move (rows too far behind go with the moves: pruneSchool). */
async function store(p: OpenScope, stamp: Stamp, token: number, counted: Map<LocalDay, Part>) {
  const { schoolId, timeZone } = p
  const list = [...counted]
  for (let i = 0; i < list.length; i += BATCH) {
    const chunk = list.slice(i, i + BATCH)
    await db.$transaction([
      db.openDay.deleteMany({ where: { schoolId, timeZone, day: { in: chunk.map(([day]) => day) } } }),
      db.openDay.createMany({
        data: chunk.map(([day, part]) => ({
          schoolId,
          timeZone,
          day,
          version: stamp.version,
          token,
          closings: stamp.closings,
          data: encodePart(part),
        })),
      }),
    ])
  }
}

/** The moves and stored days of a school too far behind its stamp for any view to use. */
async function pruneSchool(schoolId: string, version: number): Promise<number> {
  const moves = await db.applicationChange.deleteMany({ where: { schoolId, version: { lt: version - CHANGES_KEPT } } })
  const days = await db.openDay.deleteMany({ where: { schoolId, version: { lt: version - CHANGES_KEPT } } })
  return moves.count + days.count
}

/**
 * Every school's moves and stored days too far behind its stamp (the hourly leftovers sweep): a school whose dashboard
 * nobody opens keeps 10 000 moves, not one row for every write it ever had.
 */
export async function pruneOpenWork(): Promise<number> {
  let removed = 0
  for (const { schoolId, version } of await db.applicationStamp.findMany({ select: { schoolId: true, version: true } }))
    removed += await pruneSchool(schoolId, version)
  return removed
}

/**
 * The token of the school's move `version`: 0 when there is none (the stamp's number from before the moves were
 * written, or after a copy emptied them; a move's token is never 0), null when two moves share the number (a stamp set
 * back by hand and written again: nothing counted at it can be vouched for).
 */
async function tokenOf(schoolId: string, version: number): Promise<number | null> {
  return tokenAmong(await db.applicationChange.findMany({ where: { schoolId, version }, select: { token: true }, take: 2 }))
}

/** Whether the moves kept can still tell what changed since `from` (the stamp did not go back, none pruned). */
const vouchable = (from: Stamp, to: Stamp) =>
  to.version >= from.version && to.version - from.version <= CHANGES_KEPT && to.closings >= from.closings

type Moves = {
  rows: Array<{ version: number; token: number; receivedAt: Date; formerReceivedAt: Date | null }>
  closed: Array<{ receivedAt: Date; closedSeq: number | null }>
}

/**
 * The school's moves from `version` on — past `to` too: a write committed since the stamp was read, or a stamp set back
 * by hand under rows it had already numbered (counting a day again with newer rows is harmless) — and the applications
 * closed after `closings` up to `to`'s number: each closing is a move of its day, but a number given by another
 * database (a copy keeps its rows' numbers) may fall on a day no move names, and the settled part takes it from then on.
 */
async function readMoves(p: OpenScope, version: number, closings: number, to: Stamp): Promise<Moves> {
  const [rows, closed] = await Promise.all([
    db.applicationChange.findMany({
      where: { schoolId: p.schoolId, version: { gte: version, lte: to.version + CHANGES_KEPT } },
      select: { version: true, token: true, receivedAt: true, formerReceivedAt: true },
    }),
    to.closings > closings
      ? db.application.findMany({
          where: { schoolId: p.schoolId, closedSeq: { gt: closings, lte: to.closings } },
          select: { receivedAt: true, closedSeq: true },
        })
      : [],
  ])
  return { rows, closed }
}

/**
 * The period's days named since `from` (the moves after it, the closings after its number), and the token of the move
 * `to`; null when the moves cannot tell: the move `from` was counted at is gone or has another token (a database put
 * back, or the moves pruned), or one of the moves up to `to` is missing or there twice.
 */
function vouched(p: OpenScope, moves: Moves, from: Stamp, token: number | null, to: Stamp) {
  if (token === null || !vouchable(from, to)) return null
  // The move it was counted at: the same one (or still none), and no other with its number.
  const base = moves.rows.filter((r) => r.version === from.version)
  if (token === 0 ? base.length !== 0 : base.length !== 1 || base[0].token !== token) return null
  const since = moves.rows.filter((r) => r.version > from.version)
  // Each move up to `to` once: none missing (pruned, deleted) and none twice (a stamp set back and written again).
  const upTo = since.filter((r) => r.version <= to.version)
  if (upTo.length !== to.version - from.version || new Set(upTo.map((r) => r.version)).size !== upTo.length) return null
  const closed = moves.closed.filter((c) => (c.closedSeq ?? 0) > from.closings)
  const days = new Set<LocalDay>()
  for (const at of [...since.flatMap((r) => [r.receivedAt, r.formerReceivedAt]), ...closed.map((r) => r.receivedAt)])
    if (at && at >= p.from && at < p.until) days.add(localDateOf(at, p.timeZone))
  return { days, token: tokenAmong(moves.rows.filter((r) => r.version === to.version)) }
}

/** The token of a move number from its rows: 0 for none (a move's token is never 0), null for two. */
const tokenAmong = (rows: Array<{ token: number }>) => (rows.length === 0 ? 0 : rows.length === 1 ? rows[0].token : null)

async function movesSince(p: OpenScope, from: Stamp, token: number | null, to: Stamp) {
  if (token === null || !vouchable(from, to)) return null
  return vouched(p, await readMoves(p, from.version, from.closings, to), from, token, to)
}
