// The director's control screen (Порядок 4.1): where applications stand now, and the figures for a period.
// Facts are read here once; the arithmetic is in workflows/metrics.ts and workflows/check-rules.ts.
import { db } from '#app/utils/db.server'
import { applicantName } from '#workflows/applicant-name'
import { readIntegrity } from './registration-log-check.server'
import { answerInstant, type AppEventFact } from '#workflows/metrics'
import { countPeriodMetrics } from './period-metrics.server'
import type { CheckFacts } from '#workflows/check-rules'
import { dueOf, runningStages, type Stage } from '#workflows/deadline-stages'
import { APPLICATION_STATUSES, STAFF_STATUS_LABELS, isOpen, type ApplicationStatus } from '#workflows/statuses'
import { z } from '#workflows/zod'
import {
  addDays,
  endOfLocalDay,
  formatDateTime,
  isLocalDay,
  localDateOf,
  startOfLocalDay,
  weekdayOf,
  type LocalDay,
  formatReceivedAt,
} from '#workflows/time'
import { parseEventData, readGroundsLeniently } from './json-columns'

const HANDED = ['handed', 'posted', 'emailed']
const ANSWERS = ['DELIVER', 'NOTICE_DELIVERED']

/** The instant of the first hand-over: the date the employee entered for it, else the moment it was recorded. */
function firstAnswer(events: Array<{ event: string; at: Date; data: string }>): Date | null {
  const e = events.find((x) => ANSWERS.includes(x.event))
  if (!e) return null
  try {
    return answerInstant(parseEventData(e.data), e.at)
  } catch {
    return e.at // a hand-edited row: fall back to the event time
  }
}

export type DayRange = { from: LocalDay; to: LocalDay }

const day = (label: string) => z.string().refine(isLocalDay, `${label}: укажите дату`)
export const PeriodSchema = z
  .object({ from: day('Начало периода'), to: day('Конец периода') })
  .refine((p) => p.from <= p.to, { message: 'Начало периода позже его конца', path: ['to'] })

/** Since 1 September of the current school year, up to today (school time). */
export function defaultPeriod(now: Date, timeZone: string): DayRange {
  const today = localDateOf(now, timeZone)
  const year = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 9 ? 1 : 0)
  return { from: `${year}-09-01`, to: today }
}

/** The period of the query string, or the default with the errors of a bad one. */
export function readPeriod(params: URLSearchParams, now: Date, timeZone: string): DayRange & { errors: Record<string, string> } {
  if (!params.has('from') && !params.has('to')) return { ...defaultPeriod(now, timeZone), errors: {} }
  const parsed = PeriodSchema.safeParse({ from: params.get('from') ?? '', to: params.get('to') ?? '' })
  if (parsed.success) return { ...parsed.data, errors: {} }
  return { ...defaultPeriod(now, timeZone), errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) }
}

/** Facts of the applications received in the range (school days, inclusive), or of all of them. */
export async function loadFacts(schoolId: string, range: DayRange | null, timeZone: string): Promise<CheckFacts[]> {
  // The whole days: to the start of the day after (23:59:59.5 is on the period's last day too).
  const receivedAt = range ? { gte: startOfLocalDay(range.from, timeZone), lt: startOfLocalDay(addDays(range.to, 1), timeZone) } : undefined
  const apps = await db.application.findMany({
    where: { schoolId, receivedAt },
    orderBy: { receivedAt: 'asc' },
    include: {
      events: { orderBy: { at: 'asc' }, select: { event: true, at: true, actorUserId: true, actorName: true, data: true } },
      deliveries: { where: { status: { in: HANDED }, deliveredAt: { not: null } }, select: { id: true } },
    },
  })
  return apps.map((a) => ({
    id: a.id,
    channel: a.channel,
    status: a.status,
    receivedAt: a.receivedAt,
    registeredAt: a.registeredAt,
    registrationDue: a.registrationDue,
    reviewDue: a.reviewDue,
    decidedAt: a.decidedAt,
    deliveryDue: a.deliveryDue,
    deliveredAt: firstAnswer(a.events),
    closedAt: a.closedAt,
    grounds: readGroundsLeniently(a.grounds),
    handOverRecords: a.deliveries.length,
    events: a.events.map(({ event, at, actorUserId, actorName }): AppEventFact => ({ event, at, actorUserId, actorName })),
  }))
}

/** The period's figures, counted by the database (ADR 047); `computeMetrics(await loadFacts(…))` is their definition. */
export async function getPeriodMetrics(schoolId: string, range: DayRange, now: Date, timeZone: string) {
  return countPeriodMetrics(schoolId, range, timeZone, now)
}

export type Bucket = 'overdue' | 'today' | 'week'
export type DueCounts = Record<Stage, Record<Bucket, number>>

const OLDEST_LIMIT = 10

const DUE_COLUMN = { registration: 'registrationDue', review: 'reviewDue', delivery: 'deliveryDue' } as const

/**
 * Now: applications by state (the tally the database keeps), running deadlines by stage and bucket (three index
 * ranges per stage), and the oldest open applications — counted by the database, never by loading applications.
 */
export async function getControlSnapshot(schoolId: string, now: Date, timeZone: string) {
  const grouped = await db.applicationTally.groupBy({ by: ['status'], where: { schoolId }, _sum: { count: true } })
  const byStatus = grouped
    .filter((g) => (g._sum.count ?? 0) > 0)
    .map((g) => ({
      status: g.status,
      label: STAFF_STATUS_LABELS[g.status as ApplicationStatus] ?? g.status,
      count: g._sum.count ?? 0,
      open: isOpen(g.status as ApplicationStatus),
    }))
    .sort((a, b) => Number(b.open) - Number(a.open) || b.count - a.count)
  const today = localDateOf(now, timeZone)
  const endOfToday = endOfLocalDay(today, timeZone)
  const endOfWeek = endOfLocalDay(addDays(today, 7 - weekdayOf(today)), timeZone)
  const stages: Stage[] = ['registration', 'review', 'delivery']
  const due = Object.fromEntries(
    await Promise.all(
      stages.map(async (stage) => {
        const statuses = APPLICATION_STATUSES.filter((s) => runningStages(s).includes(stage))
        // A running stage's statuses are never final, and the door sets closedAt exactly when a status is final: the
        // count reads the index (schoolId, status, due) alone, without visiting each open application.
        const count = (range: { lt?: Date; gte?: Date; lte?: Date; gt?: Date }) =>
          db.application.count({ where: { schoolId, status: { in: statuses }, [DUE_COLUMN[stage]]: range } })
        const [overdue, todayCount, week] = await Promise.all([
          count({ lt: now }),
          count({ gte: now, lte: endOfToday }),
          count({ gt: endOfToday, lte: endOfWeek }),
        ])
        return [stage, { overdue, today: todayCount, week }]
      }),
    ),
  ) as DueCounts
  const oldestApps = await db.application.findMany({
    where: { schoolId, closedAt: null },
    orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    take: OLDEST_LIMIT,
    // The columns the panel shows and the dues it picks the next from — not the state machine's snapshot.
    select: {
      id: true,
      registrationNumber: true,
      receiptNumber: true,
      status: true,
      applicantLastName: true,
      applicantFirstName: true,
      applicantMiddleName: true,
      pupilName: true,
      className: true,
      receivedAt: true,
      channel: true,
      registrationDue: true,
      reviewDue: true,
      deliveryDue: true,
    },
  })
  const oldest = oldestApps.map((app) => {
    const status = app.status as ApplicationStatus
    let next: { stage: Stage; due: Date } | null = null
    for (const stage of runningStages(status)) {
      const at = dueOf(stage, app)
      if (at && (!next || at < next.due)) next = { stage, due: at }
    }
    return {
      id: app.id,
      registrationNumber: app.registrationNumber,
      receiptNumber: app.receiptNumber,
      statusLabel: STAFF_STATUS_LABELS[status],
      applicant: applicantName(app),
      pupil: `${app.pupilName}, ${app.className}`,
      receivedAt: formatReceivedAt(app.receivedAt, app.channel, timeZone),
      waitingDays: Math.floor((now.getTime() - app.receivedAt.getTime()) / 86_400_000),
      next: next ? { stage: next.stage, due: formatDateTime(next.due, timeZone), overdue: next.due.getTime() < now.getTime() } : null,
    }
  })
  return { byStatus, due, oldest, openCount: byStatus.filter((s) => s.open).reduce((n, s) => n + s.count, 0) }
}

/** The last daily verification of this school's registration log, with the broken row if any. */
export async function getIntegrityView(schoolId: string, timeZone: string) {
  const last = await readIntegrity()
  const mine = last?.schools.find((s) => s.schoolId === schoolId)
  if (!last || !mine) return null
  const row = mine.brokenAt ? await db.registrationLogEntry.findFirst({ where: { schoolId, sequence: mine.brokenAt.sequence } }) : null
  // The check is daily: the count it stored is the log as of then («записей: 0» beside a log of 11 read as a loss,
  // issue 19, item 9). The entries made since are counted now and named as not yet checked.
  const entries = await db.registrationLogEntry.count({ where: { schoolId } })
  return {
    at: formatDateTime(new Date(last.at), timeZone),
    ok: mine.ok,
    count: mine.count,
    message: mine.message,
    entries,
    sinceCheck: Math.max(0, entries - mine.count),
    broken: mine.brokenAt
      ? {
          sequence: mine.brokenAt.sequence,
          reason: mine.brokenAt.reason,
          row: row
            ? {
                number: row.number,
                year: row.year,
                applicationId: row.applicationId,
                registeredAt: formatDateTime(row.registeredAt, timeZone),
                applicantName: row.applicantName,
                result: row.result,
              }
            : null,
        }
      : null,
  }
}
