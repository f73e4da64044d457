// The settled part of a period (ADR 075) from the school's days kept in the database (ADR 078): each day's applications
// closed up to a closing number are counted once and stored (SettledDay), so a process that starts, a new period or a
// new day costs the days that changed, not the school's history. A day is counted again when a SettledChange newer than
// its row names an application received that day (database triggers write one at every write of a closed application or
// of its events, beside ApplicationStamp.settled); the closings since the row's number are added to it.
import { db } from '#app/utils/db.server'
import { Prisma } from '#app/generated/prisma/client'
import { addDays, localDateOf, startOfLocalDay, type LocalDay } from '#workflows/time'
import { countParts, decodePart, emptyPart, encodePart, mergeMany, mergeParts, type Part } from './period-part.server'

/** How the days were brought up to date (for the tests and bench/dash). */
export const dayStats = { counted: 0, read: 0, extended: 0 }

type Period = { schoolId: string; timeZone: string; from: LocalDay; to: LocalDay }
type Row = { day: string; upTo: number; changeSeq: number; data: Uint8Array; countedAt: Date }

/** A row not brought up to date for this long is dropped (with it, the changes only it still needed). */
const UNUSED_MS = 30 * 24 * 60 * 60_000
/** Longer than any count of a period takes: a change is kept at least this long (see `store`). */
const PRUNE_LAG_MS = 60 * 60_000
/** Rows written or compared in one statement: SQLite through Prisma binds at most 999 values. */
const BATCH = 200

function daysOf(from: LocalDay, to: LocalDay): LocalDay[] {
  const out: LocalDay[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d)
  return out
}

const chunks = <T>(list: readonly T[]) =>
  Array.from({ length: Math.ceil(list.length / BATCH) }, (_, i) => list.slice(i * BATCH, i * BATCH + BATCH))

/**
 * The period's applications with a closing number ≤ upTo, counted by day: the stored days that no change has touched
 * since, with the closings since their number added, and the other days counted from the applications. Every day of
 * the period is stored again at upTo.
 */
export async function settledOfDays(p: Period, upTo: number): Promise<Part> {
  const { schoolId, timeZone } = p
  const dayOf = (at: Date) => localDateOf(at, timeZone)
  const days = daysOf(p.from, p.to)
  // Read before anything is counted: a change written during the count is newer than the rows stored with it.
  const seen = (await db.settledChange.findFirst({ where: { schoolId }, orderBy: { id: 'desc' }, select: { id: true } }))?.id ?? 0
  const rows = await db.settledDay.findMany({
    where: { schoolId, timeZone, day: { gte: p.from, lte: p.to } },
    select: { day: true, upTo: true, changeSeq: true, data: true, countedAt: true },
  })
  // A row counted past our number (another process read the stamp later) would count twice what our rest part counts.
  const stored = new Map<string, Row>(rows.filter((r) => r.upTo <= upTo).map((r) => [r.day, r]))
  if (stored.size) {
    const oldest = Math.min(...[...stored.values()].map((r) => r.changeSeq))
    const changes = await db.settledChange.findMany({ where: { schoolId, id: { gt: oldest } }, select: { id: true, receivedAt: true } })
    for (const c of changes) {
      const day = dayOf(c.receivedAt)
      if ((stored.get(day)?.changeSeq ?? Infinity) < c.id) stored.delete(day)
    }
  }
  const parts = new Map<string, Part>()
  for (const [day, row] of stored) {
    try {
      parts.set(day, decodePart(row.data))
    } catch {
      stored.delete(day) // a row of another shape: counted again
    }
  }
  dayStats.read += parts.size
  const fresh = new Map<string, Part>()
  const until = (day: LocalDay) => startOfLocalDay(addDays(day, 1), timeZone)

  // The closings since a stored day's number, added to it.
  const lowest = Math.min(...[...stored.values()].map((r) => r.upTo))
  if (stored.size && lowest < upTo) {
    const since = await db.application.findMany({
      where: { schoolId, receivedAt: { gte: startOfLocalDay(p.from, timeZone), lt: until(p.to) }, closedSeq: { gt: lowest, lte: upTo } },
      select: { id: true, receivedAt: true, closedSeq: true },
    })
    const ids = since.filter((a) => (a.closedSeq as number) > (stored.get(dayOf(a.receivedAt))?.upTo ?? Infinity)).map((a) => a.id)
    if (ids.length) {
      dayStats.extended++
      for (const [day, added] of await countParts({ schoolId, ids, upTo }, dayOf)) fresh.set(day, mergeParts(parts.get(day) as Part, added))
    }
  }

  // The days not stored (or changed): counted from the applications, a run of consecutive days at a time.
  const missing = days.filter((d) => !stored.has(d))
  for (let i = 0; i < missing.length;) {
    let j = i
    while (j + 1 < missing.length && missing[j + 1] === addDays(missing[j], 1)) j++
    const counted = await countParts({ schoolId, from: startOfLocalDay(missing[i], timeZone), until: until(missing[j]), upTo }, dayOf)
    for (const day of missing.slice(i, j + 1)) fresh.set(day, counted.get(day) ?? emptyPart())
    dayStats.counted += j - i + 1
    i = j + 1
  }

  await store(p, upTo, seen, new Map(rows.map((r) => [r.day, r])), stored, fresh)
  return mergeMany(days.map((d) => fresh.get(d) ?? (parts.get(d) as Part)))
}

/**
 * Every day of the period stored at (upTo, seen). A row is replaced only if it is the one read (another instance may
 * have stored a newer one meanwhile: then that one stays); a missing one is created unless another instance did.
 */
async function store(p: Period, upTo: number, seen: number, read: Map<string, Row>, stored: Map<string, Row>, fresh: Map<string, Part>) {
  const { schoolId, timeZone } = p
  const countedAt = new Date()
  // Which changes existed an hour ago: the rows stored then, before this store marks them anew (see the end).
  const settledAnHourAgo = await db.settledDay.aggregate({
    where: { schoolId, countedAt: { lt: new Date(countedAt.getTime() - PRUNE_LAG_MS) } },
    _max: { changeSeq: true },
  })
  for (const [day, part] of fresh) {
    const data = encodePart(part)
    const row = read.get(day)
    if (row)
      await db.settledDay.updateMany({
        where: { schoolId, timeZone, day, upTo: row.upTo, changeSeq: row.changeSeq },
        data: { upTo, changeSeq: seen, data, countedAt },
      })
    else
      await db.settledDay.create({ data: { schoolId, timeZone, day, upTo, changeSeq: seen, data, countedAt } }).catch((error: unknown) => {
        if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error // P2002: stored meanwhile
      })
  }
  // The unchanged days: their number and the changes seen move on (only if still the rows read); a row in use is
  // marked so at least once a day, so that a quiet month does not drop it.
  const unchanged = new Map<string, string[]>()
  const dayAgo = countedAt.getTime() - 24 * 60 * 60_000
  for (const [day, row] of stored)
    if (!fresh.has(day) && (row.upTo !== upTo || row.changeSeq !== seen || row.countedAt.getTime() < dayAgo)) {
      const key = `${row.upTo}|${row.changeSeq}`
      unchanged.set(key, [...(unchanged.get(key) ?? []), day])
    }
  for (const [key, list] of unchanged) {
    const [rowUpTo, rowSeq] = key.split('|').map(Number)
    for (const part of chunks(list))
      await db.settledDay.updateMany({
        where: { schoolId, timeZone, day: { in: part }, upTo: rowUpTo, changeSeq: rowSeq },
        data: { upTo, changeSeq: seen, countedAt },
      })
  }
  // Rows no period has used for a month go. A change is dropped once every row has seen it — and once it is older than
  // any count still running: a count that started earlier (another request, another instance) read an older `seen`
  // and will store its rows at it, so the changes after it must still be there. A row stored an hour ago tells which
  // changes existed an hour ago (its `changeSeq`); counts end well within the hour (minutes at a million).
  await db.settledDay.deleteMany({ where: { schoolId, countedAt: { lt: new Date(countedAt.getTime() - UNUSED_MS) } } })
  const every = await db.settledDay.aggregate({ where: { schoolId }, _min: { changeSeq: true } })
  const seenByAll = Math.min(every._min.changeSeq ?? 0, settledAnHourAgo._max.changeSeq ?? 0)
  if (seenByAll > 0) await db.settledChange.deleteMany({ where: { schoolId, id: { lte: seenByAll } } })
}
