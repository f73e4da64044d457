// Control statistics of the procedure (Порядок 4: the director's current control). Pure: the facts of each
// application come in, figures come out; the database and the clock stay outside (`now` is a parameter).
//
// Deadlines are the ones stored on the application when it moved (deadlines.ts): registration 10 minutes in
// person, 1 working day otherwise (Порядок 3.1.1); the answer within 30 calendar days of registration (Порядок 2.3).
// An application still inside its deadline is «pending» and counted in no share yet.

/** What the statistics need to know about one application. */
export type AppFacts = {
  id: string
  channel: string
  status: string
  receivedAt: Date
  registeredAt: Date | null
  registrationDue: Date
  reviewDue: Date | null
  decidedAt: Date | null
  deliveryDue: Date | null
  /** First hand-over of the answer: the extract, the credentials or the refusal notice. */
  deliveredAt: Date | null
  closedAt: Date | null
  grounds: string[]
  events: AppEventFact[]
}

export type AppEventFact = { event: string; at: Date; actorUserId: string | null; actorName: string }

export type Ratio = { met: number; late: number; total: number; share: number | null }
export type StageStats = { count: number; median: number | null; p90: number | null }
type Stage = 'registration' | 'review' | 'delivery' | 'total'
export type GroundCount = { ground: string; count: number }
export type EmployeeStats = {
  userId: string
  name: string
  registered: number
  registeredLate: number
  forwarded: number
  decided: number
  delivered: number
  deliveredLate: number
}

export const ANSWER_EVENTS = ['DELIVER', 'NOTICE_DELIVERED'] as const
const REFUSAL_STATUSES = ['refused', 'closed']

/** Outcome of one deadline: met, late, or not yet due (null). */
export function deadlineOutcome(done: Date | null, due: Date | null, closedAt: Date | null, now: Date): 'met' | 'late' | null {
  if (!due) return null
  if (done) return done.getTime() <= due.getTime() ? 'met' : 'late'
  // Not done: late once the deadline passed while it was still open (or before it was closed otherwise).
  const end = closedAt ?? now
  return end.getTime() > due.getTime() ? 'late' : null
}

function ratio(outcomes: Array<'met' | 'late' | null>): Ratio {
  const met = outcomes.filter((o) => o === 'met').length
  const late = outcomes.filter((o) => o === 'late').length
  const total = met + late
  return { met, late, total, share: total ? met / total : null }
}

/** Порядок 3.1.1. A refusal to accept documents replaces registration, so it is not counted. */
export function registrationOutcome(app: AppFacts, now: Date): 'met' | 'late' | null {
  if (!app.registeredAt && app.status === 'acceptance_refused') return null
  return deadlineOutcome(app.registeredAt, app.registrationDue, app.closedAt, now)
}

export function registeredInTime(apps: readonly AppFacts[], now: Date): Ratio {
  return ratio(apps.map((a) => registrationOutcome(a, now)))
}

/**
 * The decision within the review deadline (Порядок 3.1.2: 29 days — the same deadline the director's checks apply),
 * and the answer in the applicant's hands within 30 days of registration (Порядок 2.3).
 */
export function answeredInTime(apps: readonly AppFacts[], now: Date): { decided: Ratio; delivered: Ratio } {
  const registered = apps.filter((a) => a.registeredAt && a.deliveryDue)
  return {
    decided: ratio(registered.map((a) => deadlineOutcome(a.decidedAt, a.reviewDue ?? a.deliveryDue, a.closedAt, now))),
    delivered: ratio(registered.map((a) => deadlineOutcome(a.deliveredAt, a.deliveryDue, a.closedAt, now))),
  }
}

/** Linear interpolation between closest ranks (Excel's PERCENTILE.INC); p in 0..1. The median is p = 0.5. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null
  if (p < 0 || p > 1) throw new RangeError('Перцентиль задаётся числом от 0 до 1')
  const sorted = [...values].sort((a, b) => a - b)
  const rank = p * (sorted.length - 1)
  const low = Math.floor(rank)
  const high = Math.ceil(rank)
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low)
}

function stats(durations: number[]): StageStats {
  return { count: durations.length, median: percentile(durations, 0.5), p90: percentile(durations, 0.9) }
}

const span = (from: Date | null, to: Date | null) => (from && to ? [to.getTime() - from.getTime()] : [])

type StageTimes = { receivedAt: Date; registeredAt: Date | null; decidedAt: Date | null; answeredAt: Date | null }
type StageSpans = { registrationSpan: number | null; reviewSpan: number | null; deliverySpan: number | null; totalSpan: number | null }

/** The stored twin of stageDurations: each stage's milliseconds once both its ends exist, else null. */
export function stageSpans(t: StageTimes): StageSpans {
  const one = (from: Date | null, to: Date | null) => span(from, to)[0] ?? null
  return {
    registrationSpan: one(t.receivedAt, t.registeredAt),
    reviewSpan: one(t.registeredAt, t.decidedAt),
    deliverySpan: one(t.decidedAt, t.answeredAt),
    totalSpan: one(t.receivedAt, t.answeredAt),
  }
}

/** The instant of a hand-over event: the date the employee entered for it (`deliveredAt` of its data), else its time. */
export function answerInstant(data: unknown, at: Date): Date {
  const entered = data && typeof data === 'object' ? (data as { deliveredAt?: unknown }).deliveredAt : undefined
  return typeof entered === 'string' && !Number.isNaN(Date.parse(entered)) ? new Date(entered) : at
}

/** Milliseconds per stage: receipt → registration → decision → hand-over; total is receipt → hand-over. */
export function stageDurations(apps: readonly AppFacts[]): Record<Stage, StageStats> {
  return {
    registration: stats(apps.flatMap((a) => span(a.receivedAt, a.registeredAt))),
    review: stats(apps.flatMap((a) => span(a.registeredAt, a.decidedAt))),
    delivery: stats(apps.flatMap((a) => span(a.decidedAt, a.deliveredAt))),
    total: stats(apps.flatMap((a) => span(a.receivedAt, a.deliveredAt))),
  }
}

function countBy(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1)
  return counts
}

const byCountThenName =
  <T extends { count: number }>(key: (x: T) => string) =>
  (a: T, b: T) =>
    b.count - a.count || key(a).localeCompare(key(b), 'ru')

/** Refusals to accept documents (Порядок 3.1.1) and to provide information (3.1.2), counted by ground. */
export function refusalsByGround(apps: readonly AppFacts[]): { acceptance: GroundCount[]; information: GroundCount[] } {
  const list = (filter: (a: AppFacts) => boolean) =>
    [...countBy(apps.filter(filter).flatMap((a) => (a.grounds.length ? a.grounds : ['(основание не указано)']))).entries()]
      .map(([ground, count]) => ({ ground, count }))
      .sort(byCountThenName((g) => g.ground))
  return {
    acceptance: list((a) => a.status === 'acceptance_refused'),
    information: list((a) => REFUSAL_STATUSES.includes(a.status) || a.events.some((e) => e.event === 'REFUSE')),
  }
}

export function byChannel(apps: readonly AppFacts[]): Array<{ channel: string; count: number }> {
  return [...countBy(apps.map((a) => a.channel)).entries()]
    .map(([channel, count]) => ({ channel, count }))
    .sort(byCountThenName((c) => c.channel))
}

/** Who did what: registrations (late ones too), proposals to the director, decisions and hand-overs. */
export function byEmployee(apps: readonly AppFacts[], now: Date): EmployeeStats[] {
  const rows = new Map<string, EmployeeStats>()
  const row = (e: AppEventFact) => {
    const key = e.actorUserId as string
    let r = rows.get(key)
    if (!r)
      rows.set(
        key,
        (r = {
          userId: key,
          name: e.actorName,
          registered: 0,
          registeredLate: 0,
          forwarded: 0,
          decided: 0,
          delivered: 0,
          deliveredLate: 0,
        }),
      )
    return r
  }
  for (const app of apps) {
    const deliveryLate = deadlineOutcome(app.deliveredAt, app.deliveryDue, app.closedAt, now) === 'late'
    const firstAnswer = app.events.find((e) => (ANSWER_EVENTS as readonly string[]).includes(e.event))
    for (const e of app.events) {
      if (!e.actorUserId) continue // the applicant or the system
      if (e.event === 'REGISTER') {
        row(e).registered++
        if (registrationOutcome(app, now) === 'late') row(e).registeredLate++
      } else if (e.event === 'FORWARD') row(e).forwarded++
      else if (e.event === 'GRANT' || e.event === 'REFUSE') row(e).decided++
      else if (e === firstAnswer) {
        row(e).delivered++
        if (deliveryLate) row(e).deliveredLate++
      }
    }
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name, 'ru'))
}

export type Metrics = {
  applications: number
  registration: Ratio
  decided: Ratio
  delivered: Ratio
  stages: Record<Stage, StageStats>
  refusals: { acceptance: GroundCount[]; information: GroundCount[] }
  channels: Array<{ channel: string; count: number }>
  employees: EmployeeStats[]
}

export function computeMetrics(apps: readonly AppFacts[], now: Date): Metrics {
  const answered = answeredInTime(apps, now)
  return {
    applications: apps.length,
    registration: registeredInTime(apps, now),
    decided: answered.decided,
    delivered: answered.delivered,
    stages: stageDurations(apps),
    refusals: refusalsByGround(apps),
    channels: byChannel(apps),
    employees: byEmployee(apps, now),
  }
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** «8 мин», «5 ч 20 мин», «3,5 дн.» — a duration for tables and charts. */
export function formatDuration(ms: number | null): string {
  if (ms == null) return '—'
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} мин`
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR)
    const m = Math.round((ms % HOUR) / MINUTE)
    return m ? `${h} ч ${m} мин` : `${h} ч`
  }
  return `${(Math.round((ms / DAY) * 10) / 10).toString().replace('.', ',')} дн.`
}

/** «75 %» or «—» when there is nothing to count yet. */
export function formatShare(share: number | null): string {
  return share == null ? '—' : `${Math.round(share * 100)} %`
}
