// One part of a period's applications, counted once (ADR 075): the applications closed up to a closing number
// («settled»), those closed between two numbers (what to add), or the rest (the open ones and any closed since). A part
// holds what workflows/metrics.ts computeMetrics needs, in a form that adds up: counts, the sorted stage spans (for the
// exact percentiles), and the open applications' deadline figures as they will be at any `now` (the dues past which
// each pending one turns late, sorted: a view counts them by binary search, ADR 078).
import { db } from '#app/utils/db.server'
import { Prisma } from '#app/generated/prisma/client'
import {
  ANSWER_EVENTS,
  answeredInTime,
  deadlineOutcome,
  registeredInTime,
  registrationOutcome,
  type AppFacts,
  type Ratio,
} from '#workflows/metrics'
import { readGroundsLeniently } from '#app/models/json-columns'
import { z } from '#workflows/zod'

type Where = Prisma.ApplicationWhereInput
export const SPANS = ['registrationSpan', 'reviewSpan', 'deliverySpan', 'totalSpan'] as const
type SpanColumn = (typeof SPANS)[number]

/**
 * Which applications: received in [from, until) with a closing number ≤ upTo, in (after, upTo], or none or > rest
 * («rest»); or the applications `ids` if their closing number is still ≤ upTo.
 */
type Settled = { schoolId: string; from: Date; until: Date; upTo: number; after?: number }
type Rest = { schoolId: string; from: Date; until: Date; rest: number; narrow?: boolean }
type Scope = Settled | Rest | { schoolId: string; ids: string[]; upTo: number }

type Person = {
  name: string
  /** receivedAt and at (ms) of the step the name was read from: the person's first counted step of the period. */
  first: [number, number]
  registered: number
  forwarded: number
  decided: number
  delivered: number
  registeredLate: number
  deliveredLate: number
}

type Counts = { met: number; late: number }
export type Ratios = { registration: Counts; decided: Counts; delivered: Counts }
/** An application's facts for its deadline outcomes, and who registered and answered it. */
type Row = AppFacts & { registeredBy: string[]; answeredBy: string[] }

/**
 * One deadline figure of the open applications, whose outcome time alone changes: the ones already met or late, and
 * the dues of the pending ones — each turns late once `now` is past its due (deadlineOutcome of an open application).
 */
type Pending = { met: number; late: number; dues: Float64Array }
/**
 * The open applications' deadline figures, and each employee's late steps among them: dues being gathered while
 * counting, or sorted (Pending) for any `now`.
 */
type Figures<T> = { registration: T; decided: T; delivered: T; registeredLate: Map<string, T>; deliveredLate: Map<string, T> }
type OpenFigures = Figures<Pending>
const figures = <T>(make: () => T): Figures<T> => ({
  registration: make(),
  decided: make(),
  delivered: make(),
  registeredLate: new Map(),
  deliveredLate: new Map(),
})
const byUser = <A, B>(m: Map<string, A>, fn: (a: A) => B) => new Map([...m].map(([u, a]) => [u, fn(a)]))
const mapFigures = <A, B>(f: Figures<A>, fn: (a: A) => B): Figures<B> => ({
  registration: fn(f.registration),
  decided: fn(f.decided),
  delivered: fn(f.delivered),
  registeredLate: byUser(f.registeredLate, fn),
  deliveredLate: byUser(f.deliveredLate, fn),
})

export type Part = {
  applications: number
  spans: Record<SpanColumn, Float64Array>
  acceptance: Map<string, number>
  information: Map<string, number>
  channels: Map<string, number>
  people: Map<string, Person>
  /** Deadline figures of the part's closed applications (no `now` in them). */
  closed: Ratios
  open: OpenFigures
}

function whereOf(s: Settled): Where {
  return {
    schoolId: s.schoolId,
    receivedAt: { gte: s.from, lt: s.until },
    closedSeq: s.after === undefined ? { lte: s.upTo } : { gt: s.after, lte: s.upTo },
  }
}

/**
 * The scope's applications' ids. The rest by closing number alone (open, or closed after `rest`), the receipt time
 * checked here: asked together, SQLite with statistics read the whole period through the receipt-date index (6 s at
 * 1 M); alone, each side is a range of the index (schoolId, closedSeq, receivedAt, id), read without the table. A
 * `narrow` rest (the few days that changed, ADR 083) names its receipt times too: the same index, a range a day long.
 */
async function idsOf(scope: Scope): Promise<string[]> {
  if ('ids' in scope) return scope.ids
  if (!('rest' in scope)) return (await db.application.findMany({ where: whereOf(scope), select: { id: true } })).map((r) => r.id)
  const select = { id: true, receivedAt: true } as const
  const receivedAt = scope.narrow ? { gte: scope.from, lt: scope.until } : undefined
  const [open, since] = await Promise.all([
    db.application.findMany({ where: { schoolId: scope.schoolId, closedSeq: null, receivedAt }, select }),
    db.application.findMany({ where: { schoolId: scope.schoolId, closedSeq: { gt: scope.rest }, receivedAt }, select }),
  ])
  return [...open, ...since].filter((r) => r.receivedAt >= scope.from && r.receivedAt < scope.until).map((r) => r.id)
}

/** whereOf, for a row already read. */
function inScope(r: { schoolId: string; receivedAt: Date; closedSeq: number | null }, s: Scope): boolean {
  if (r.schoolId !== s.schoolId) return false
  if ('ids' in s) return r.closedSeq !== null && r.closedSeq <= s.upTo
  if (r.receivedAt < s.from || r.receivedAt >= s.until) return false
  if ('rest' in s) return r.closedSeq === null || r.closedSeq > s.rest
  return r.closedSeq !== null && r.closedSeq <= s.upTo && (s.after === undefined || r.closedSeq > s.after)
}

const STEP_EVENTS = ['REGISTER', 'FORWARD', 'GRANT', 'REFUSE', ...ANSWER_EVENTS]
const isAnswer = (event: string) => (ANSWER_EVENTS as readonly string[]).includes(event)
const add = (map: Map<string, number>, key: string, n = 1) => map.set(key, (map.get(key) ?? 0) + n)
const noCounts = (): Ratios => ({ registration: { met: 0, late: 0 }, decided: { met: 0, late: 0 }, delivered: { met: 0, late: 0 } })

/** Deadline figures of applications by the pure definition (workflows/metrics.ts). */
function ratiosOf(apps: readonly AppFacts[], now: Date): Ratios {
  const answered = answeredInTime(apps, now)
  const pick = (r: Ratio): Counts => ({ met: r.met, late: r.late })
  return { registration: pick(registeredInTime(apps, now)), decided: pick(answered.decided), delivered: pick(answered.delivered) }
}

const COLUMNS = {
  id: true,
  schoolId: true,
  closedSeq: true,
  channel: true,
  status: true,
  grounds: true,
  receivedAt: true,
  registeredAt: true,
  registrationDue: true,
  reviewDue: true,
  decidedAt: true,
  deliveryDue: true,
  answeredAt: true,
  closedAt: true,
  registrationSpan: true,
  reviewSpan: true,
  deliverySpan: true,
  totalSpan: true,
} as const

/**
 * Applications read and counted at a time: the memory of a cold count stays flat however large the period is. Their
 * ids are bound values, and SQLite through Prisma binds at most 999 in one statement (the scope's few included).
 */
const CHUNK = 500

const addCounts = (a: Ratios, b: Ratios): Ratios => ({
  registration: { met: a.registration.met + b.registration.met, late: a.registration.late + b.registration.late },
  decided: { met: a.decided.met + b.decided.met, late: a.decided.late + b.decided.late },
  delivered: { met: a.delivered.met + b.delivered.met, late: a.delivered.late + b.delivered.late },
})

/**
 * The part's figures: its applications' ids (the index the scope names), then their columns and their steps (the
 * events that count, by the applications' ids, so the database walks the part's own events and no other) five hundred
 * applications at a time, worked out by the rules of workflows/metrics.ts byEmployee and refusalsByGround. Only the
 * figures, the spans and the open applications' dues are kept: a period of a million applications is never held in
 * memory at once.
 */
export async function countPart(scope: Scope, chunk = CHUNK): Promise<Part> {
  return (await countParts(scope, () => '', chunk)).get('') ?? emptyPart()
}

/** An empty part (a day without applications). */
export const emptyPart = (): Part => ({
  applications: 0,
  spans: Object.fromEntries(SPANS.map((c) => [c, new Float64Array(0)])) as Part['spans'],
  acceptance: new Map(),
  information: new Map(),
  channels: new Map(),
  people: new Map(),
  closed: noCounts(),
  open: figures(noPending),
})

function noPending(): Pending {
  return { met: 0, late: 0, dues: new Float64Array(0) }
}

/** Dues gathered while counting, sorted once at the end. */
type Gathering = { met: number; late: number; dues: number[] }
const gathering = (): Gathering => ({ met: 0, late: 0, dues: [] })
const EARLIEST = new Date(-8.64e15)
const LATEST = new Date(8.64e15)

/**
 * An open application's outcome by the pure function itself: the same at the earliest and the latest `now` (already
 * met, late or not counted), or pending — not counted before its due, late after it.
 */
function gather(into: Gathering, outcome: (now: Date) => 'met' | 'late' | null, due: Date | null) {
  const early = outcome(EARLIEST)
  const late = outcome(LATEST)
  if (early === late) {
    if (early) into[early]++
  } else if (due && early === null && late === 'late' && outcome(due) === null) into.dues.push(due.getTime())
  else throw new Error('period figures: an outcome that time changes otherwise than at its due')
}

const sortedDues = (g: Gathering): Pending => ({ met: g.met, late: g.late, dues: Float64Array.from(g.dues).sort() })

/** How many dues are before `now` (a binary search over the sorted dues). */
function pastDues(dues: Float64Array, now: number): number {
  let lo = 0
  let hi = dues.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (dues[mid] < now) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** A pending figure at `now`: met and late (the not-yet-due ones are not counted, as in deadlineOutcome). */
export const pendingAt = (p: Pending, now: Date): Counts => ({ met: p.met, late: p.late + pastDues(p.dues, now.getTime()) })

/** countPart, one part per key of the application's receipt time (the school's day, ADR 078); no key for no rows. */
export async function countParts(scope: Scope, keyOf: (receivedAt: Date) => string, chunk = CHUNK): Promise<Map<string, Part>> {
  const ids = await idsOf(scope)
  const parts = new Map<string, { part: Part; spans: Record<SpanColumn, number[]>; closed: AppFacts[]; open: Figures<Gathering> }>()
  const partOf = (receivedAt: Date) => {
    const key = keyOf(receivedAt)
    let entry = parts.get(key)
    if (!entry) {
      const spans: Record<SpanColumn, number[]> = { registrationSpan: [], reviewSpan: [], deliverySpan: [], totalSpan: [] }
      parts.set(key, (entry = { part: emptyPart(), spans, closed: [], open: figures(gathering) }))
    }
    return entry
  }
  const of = (map: Map<string, Gathering>, userId: string) => {
    let g = map.get(userId)
    if (!g) map.set(userId, (g = gathering()))
    return g
  }
  const grounds = new Map<string, string[]>() // a handful of distinct stored lists
  const groundsOf = (json: string) => {
    let list = grounds.get(json)
    if (!list) grounds.set(json, (list = readGroundsLeniently(json)))
    return list.length ? list : ['(основание не указано)']
  }
  for (let i = 0; i < ids.length; i += chunk) {
    // By primary key alone (with the scope's conditions beside the ids, SQLite with statistics walked the period's
    // receipt-date index for every chunk: 3 s a chunk at 1 M); a row written between the two reads that left the scope
    // is left out here.
    const rows = (await db.application.findMany({ where: { id: { in: ids.slice(i, i + chunk) } }, select: COLUMNS })).filter((r) =>
      inScope(r, scope),
    )
    const steps = await stepsOf(rows.map((r) => r.id))
    for (const r of rows) {
      const { part, spans, closed, open } = partOf(r.receivedAt)
      part.applications++
      for (const c of SPANS) if (r[c] != null) spans[c].push(r[c] as number)
      const events = steps.get(r.id) ?? []
      add(part.channels, r.channel)
      if (r.status === 'acceptance_refused') for (const g of groundsOf(r.grounds)) add(part.acceptance, g)
      if (r.status === 'refused' || r.status === 'closed' || events.some((e) => e.event === 'REFUSE'))
        for (const g of groundsOf(r.grounds)) add(part.information, g)
      const facts: Row = { ...r, deliveredAt: r.answeredAt, grounds: [], events: [], registeredBy: [], answeredBy: [] }
      // byEmployee: every registration, proposal and decision; the first hand-over only (the machine answers once).
      const firstAnswer = events.find((e) => isAnswer(e.event))
      for (const e of events) {
        if (!e.actorUserId) continue // the applicant or the system
        const counted = e.event === 'REGISTER' || e.event === 'FORWARD' || e.event === 'GRANT' || e.event === 'REFUSE' || e === firstAnswer
        if (!counted) continue
        const person = personOf(part, e.actorUserId, e.actorName, [r.receivedAt.getTime(), e.at.getTime()])
        if (e.event === 'REGISTER') {
          person.registered++
          facts.registeredBy.push(e.actorUserId)
        } else if (e.event === 'FORWARD') person.forwarded++
        else if (e.event === 'GRANT' || e.event === 'REFUSE') person.decided++
        else {
          person.delivered++
          facts.answeredBy.push(e.actorUserId)
        }
      }
      if (!r.closedAt) {
        // The outcomes of workflows/metrics.ts, as they will be at any `now` (ADR 078): met, late, or late after the due.
        const outcomeOf = (x: Ratio) => (x.met ? 'met' : x.late ? 'late' : null)
        gather(open.registration, (now) => outcomeOf(registeredInTime([facts], now)), facts.registrationDue)
        gather(open.decided, (now) => outcomeOf(answeredInTime([facts], now).decided), facts.reviewDue ?? facts.deliveryDue)
        gather(open.delivered, (now) => outcomeOf(answeredInTime([facts], now).delivered), facts.deliveryDue)
        const registeredLate = (now: Date) => (registrationOutcome(facts, now) === 'late' ? 'late' : null)
        const deliveredLate = (now: Date) => (deadlineOutcome(facts.deliveredAt, facts.deliveryDue, null, now) === 'late' ? 'late' : null)
        for (const u of facts.registeredBy) gather(of(open.registeredLate, u), registeredLate, facts.registrationDue)
        for (const u of facts.answeredBy) gather(of(open.deliveredLate, u), deliveredLate, facts.deliveryDue)
      } else {
        closed.push(facts)
        // A closed application's outcomes do not depend on `now`.
        if (registrationOutcome(facts, r.closedAt) === 'late')
          for (const u of facts.registeredBy) (part.people.get(u) as Person).registeredLate++
        if (deadlineOutcome(facts.deliveredAt, facts.deliveryDue, r.closedAt, r.closedAt) === 'late')
          for (const u of facts.answeredBy) (part.people.get(u) as Person).deliveredLate++
      }
    }
    for (const entry of parts.values()) {
      entry.part.closed = addCounts(entry.part.closed, ratiosOf(entry.closed, new Date(0))) // closed: `now` is never read
      entry.closed = []
    }
  }
  const out = new Map<string, Part>()
  for (const [key, { part, spans, open }] of parts) {
    part.spans = Object.fromEntries(SPANS.map((c) => [c, Float64Array.from(spans[c]).sort()])) as Part['spans']
    part.open = mapFigures(open, sortedDues)
    out.set(key, part)
  }
  return out
}

type Step = { applicationId: string; event: string; at: Date; actorUserId: string | null; actorName: string }

/** The counted steps of the applications, by application, each in time order. */
async function stepsOf(ids: string[]): Promise<Map<string, Step[]>> {
  const by = new Map<string, Step[]>()
  for (let i = 0; i < ids.length; i += 500) {
    const events = await db.applicationEvent.findMany({
      where: { applicationId: { in: ids.slice(i, i + 500) }, event: { in: STEP_EVENTS } },
      select: { applicationId: true, event: true, at: true, actorUserId: true, actorName: true },
    })
    for (const e of events) {
      let list = by.get(e.applicationId)
      if (!list) by.set(e.applicationId, (list = []))
      list.push(e)
    }
  }
  for (const list of by.values()) list.sort((a, b) => a.at.getTime() - b.at.getTime())
  return by
}

/** byEmployee's row: the name is the one written on the person's first counted step (applications by receipt). */
function personOf(part: Part, userId: string, name: string, first: [number, number]): Person {
  let p = part.people.get(userId)
  if (!p) {
    p = { name, first, registered: 0, forwarded: 0, decided: 0, delivered: 0, registeredLate: 0, deliveredLate: 0 }
    part.people.set(userId, p)
  } else if (before(first, p.first)) Object.assign(p, { name, first })
  return p
}

function mergeSorted(a: Float64Array, b: Float64Array): Float64Array {
  if (!b.length) return a
  if (!a.length) return b
  const out = new Float64Array(a.length + b.length)
  let i = 0
  let j = 0
  let k = 0
  while (i < a.length && j < b.length) out[k++] = a[i] <= b[j] ? a[i++] : b[j++]
  while (i < a.length) out[k++] = a[i++]
  while (j < b.length) out[k++] = b[j++]
  return out
}

const sumCounts = (a: Counts, b: Counts): Counts => ({ met: a.met + b.met, late: a.late + b.late })
function sumMaps(a: Map<string, number>, b: Map<string, number>) {
  const out = new Map(a)
  for (const [k, n] of b) add(out, k, n)
  return out
}
const before = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])

/**
 * Two parts of one period as one (new objects: a kept part may be read by a view in flight). Without `spans` the
 * result keeps a's spans (a view reads the percentiles of both without merging them).
 */
export function mergeParts(a: Part, b: Part, spans = true): Part {
  const people = new Map<string, Person>([...a.people].map(([k, p]) => [k, { ...p }]))
  for (const [userId, q] of b.people) {
    const p = people.get(userId)
    if (!p) people.set(userId, { ...q })
    else
      people.set(userId, {
        ...(before(q.first, p.first) ? { name: q.name, first: q.first } : { name: p.name, first: p.first }),
        registered: p.registered + q.registered,
        forwarded: p.forwarded + q.forwarded,
        decided: p.decided + q.decided,
        delivered: p.delivered + q.delivered,
        registeredLate: p.registeredLate + q.registeredLate,
        deliveredLate: p.deliveredLate + q.deliveredLate,
      })
  }
  return {
    applications: a.applications + b.applications,
    spans: spans ? (Object.fromEntries(SPANS.map((c) => [c, mergeSorted(a.spans[c], b.spans[c])])) as Part['spans']) : a.spans,
    acceptance: sumMaps(a.acceptance, b.acceptance),
    information: sumMaps(a.information, b.information),
    channels: sumMaps(a.channels, b.channels),
    people,
    closed: {
      registration: sumCounts(a.closed.registration, b.closed.registration),
      decided: sumCounts(a.closed.decided, b.closed.decided),
      delivered: sumCounts(a.closed.delivered, b.closed.delivered),
    },
    open: mergeOpen(a.open, b.open),
  }
}

const mergePending = (a: Pending, b: Pending): Pending => ({ met: a.met + b.met, late: a.late + b.late, dues: mergeSorted(a.dues, b.dues) })
function mergePendingMaps(a: Map<string, Pending>, b: Map<string, Pending>) {
  const out = new Map(a)
  for (const [k, p] of b) out.set(k, mergePending(out.get(k) ?? noPending(), p))
  return out
}
const mergeOpen = (a: OpenFigures, b: OpenFigures): OpenFigures => ({
  registration: mergePending(a.registration, b.registration),
  decided: mergePending(a.decided, b.decided),
  delivered: mergePending(a.delivered, b.delivered),
  registeredLate: mergePendingMaps(a.registeredLate, b.registeredLate),
  deliveredLate: mergePendingMaps(a.deliveredLate, b.deliveredLate),
})

/** The i-th smallest value (from 0) of two sorted arrays together, by bisection: no merge of the two. */
export function kthOfTwo(a: Float64Array, b: Float64Array, i: number): number {
  let lo = Math.max(0, i + 1 - b.length)
  let hi = Math.min(i + 1, a.length)
  for (;;) {
    const x = (lo + hi) >> 1 // taken from a
    const y = i + 1 - x // taken from b
    const aLeft = x > 0 ? a[x - 1] : -Infinity
    const aRight = x < a.length ? a[x] : Infinity
    const bLeft = y > 0 ? b[y - 1] : -Infinity
    const bRight = y < b.length ? b[y] : Infinity
    if (aLeft > bRight) hi = x - 1
    else if (bLeft > aRight) lo = x + 1
    else return Math.max(aLeft, bLeft)
  }
}

/** Many parts of one period as one (ADR 078: the days of a period): the spans gathered and sorted once. */
export function mergeMany(parts: readonly Part[]): Part {
  if (!parts.length) return emptyPart()
  let out = parts[0]
  for (const part of parts.slice(1)) out = mergeParts(out, part, false)
  const spans = Object.fromEntries(
    SPANS.map((c) => {
      const all = new Float64Array(parts.reduce((n, p) => n + p.spans[c].length, 0))
      let at = 0
      for (const p of parts) {
        all.set(p.spans[c], at)
        at += p.spans[c].length
      }
      return [c, parts.length === 1 ? all : all.sort()]
    }),
  ) as Part['spans']
  return { ...out, spans, people: parts.length === 1 ? new Map([...out.people].map(([k, p]) => [k, { ...p }])) : out.people }
}

const Counted = z.object({ met: z.number().int(), late: z.number().int() })
const Header = z.object({
  applications: z.number().int(),
  acceptance: z.array(z.tuple([z.string(), z.number()])),
  information: z.array(z.tuple([z.string(), z.number()])),
  channels: z.array(z.tuple([z.string(), z.number()])),
  people: z.array(
    z.tuple([
      z.string(),
      z.object({
        name: z.string(),
        first: z.tuple([z.number(), z.number()]),
        registered: z.number(),
        forwarded: z.number(),
        decided: z.number(),
        delivered: z.number(),
        registeredLate: z.number(),
        deliveredLate: z.number(),
      }),
    ]),
  ),
  closed: z.object({ registration: Counted, decided: Counted, delivered: Counted }),
  spans: z.array(z.number().int().nonnegative()).length(SPANS.length),
  /** The open applications' figures (OpenDay, ADR 083); absent in a settled day. Dues are whole milliseconds. */
  open: z
    .object({
      registration: z.tuple([z.number().int(), z.number().int(), z.array(z.number())]),
      decided: z.tuple([z.number().int(), z.number().int(), z.array(z.number())]),
      delivered: z.tuple([z.number().int(), z.number().int(), z.array(z.number())]),
      registeredLate: z.array(z.tuple([z.string(), z.tuple([z.number().int(), z.number().int(), z.array(z.number())])])),
      deliveredLate: z.array(z.tuple([z.string(), z.tuple([z.number().int(), z.number().int(), z.array(z.number())])])),
    })
    .optional(),
})
type PendingJson = [number, number, number[]]
const pendingToJson = (p: Pending): PendingJson => [p.met, p.late, [...p.dues]]
const pendingOfJson = ([met, late, dues]: PendingJson): Pending => {
  const sorted = Float64Array.from(dues)
  for (let i = 1; i < sorted.length; i++) if (!(sorted[i - 1] <= sorted[i])) throw new Error('OpenDay.data: the dues are not sorted')
  return { met, late, dues: sorted }
}
const hasOpen = (f: OpenFigures) =>
  [f.registration, f.decided, f.delivered].some((p) => p.met || p.late || p.dues.length) ||
  f.registeredLate.size > 0 ||
  f.deliveredLate.size > 0

/**
 * A part as bytes for SettledDay.data (ADR 078) and OpenDay.data (ADR 083): a 4-byte length, the counts and names as
 * JSON, then the four sorted span arrays as 8-byte floats (at an offset that is a multiple of 8). A settled part has
 * no open applications; an open day's figures for them are in the JSON.
 */
export function encodePart(part: Part): Uint8Array<ArrayBuffer> {
  const header = Buffer.from(
    JSON.stringify({
      applications: part.applications,
      acceptance: [...part.acceptance],
      information: [...part.information],
      channels: [...part.channels],
      people: [...part.people],
      closed: part.closed,
      spans: SPANS.map((c) => part.spans[c].length),
      open: hasOpen(part.open)
        ? {
            registration: pendingToJson(part.open.registration),
            decided: pendingToJson(part.open.decided),
            delivered: pendingToJson(part.open.delivered),
            registeredLate: [...part.open.registeredLate].map(([u, p]) => [u, pendingToJson(p)] as const),
            deliveredLate: [...part.open.deliveredLate].map(([u, p]) => [u, pendingToJson(p)] as const),
          }
        : undefined,
    } satisfies z.input<typeof Header>),
  )
  const start = Math.ceil((4 + header.length) / 8) * 8
  const out = new Uint8Array(start + SPANS.reduce((n, c) => n + part.spans[c].length * 8, 0))
  new DataView(out.buffer).setUint32(0, header.length, true)
  out.set(header, 4)
  let at = start
  for (const c of SPANS) {
    out.set(new Uint8Array(part.spans[c].buffer, part.spans[c].byteOffset, part.spans[c].byteLength), at)
    at += part.spans[c].byteLength
  }
  return out
}

/** encodePart read back; throws on bytes of another shape (the caller counts the day again). */
export function decodePart(bytes: Uint8Array): Part {
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true)
  const h = Header.parse(JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 4, length).toString('utf8')))
  let at = Math.ceil((4 + length) / 8) * 8
  if (bytes.byteLength !== at + h.spans.reduce((n, k) => n + k * 8, 0)) throw new Error('SettledDay/OpenDay.data: the spans do not match')
  const spans = {} as Part['spans']
  for (const [i, c] of SPANS.entries()) {
    // A copy: the bytes from the database need not start at a multiple of 8.
    spans[c] = new Float64Array(bytes.slice(at, at + h.spans[i] * 8).buffer)
    at += h.spans[i] * 8
  }
  return {
    applications: h.applications,
    spans,
    acceptance: new Map(h.acceptance),
    information: new Map(h.information),
    channels: new Map(h.channels),
    people: new Map(h.people),
    closed: h.closed,
    open: h.open
      ? {
          registration: pendingOfJson(h.open.registration),
          decided: pendingOfJson(h.open.decided),
          delivered: pendingOfJson(h.open.delivered),
          registeredLate: new Map(h.open.registeredLate.map(([u, p]) => [u, pendingOfJson(p)])),
          deliveredLate: new Map(h.open.deliveredLate.map(([u, p]) => [u, pendingOfJson(p)])),
        }
      : figures(noPending),
  }
}
