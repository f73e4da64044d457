// Staff read models of applications: the queue and the application page. One small function per query;
// deadlines are worked out here (statutory stage → due → status) and dates formatted in the school's zone.
import { db } from '#app/utils/db.server'
import { getCalendar } from '#app/models/calendar.server'
import { dueSoonWorkingDays } from '#app/jobs/deadline-sweep.server'
import { applicantName } from '#app/operations/transition.server'
import { DEADLINE_STATUS_LABELS, deadlineStatus, describeTimeLeft, type DeadlineStatus } from '#workflows/deadlines'
import { STAGE_LABELS, dueOf, runningStages, type Stage } from '#workflows/deadline-stages'
import { STAFF_STATUS_LABELS, type ApplicationStatus } from '#workflows/statuses'
import { addDays, endOfLocalDay, formatDateTime, isLocalDay, localDateOf, startOfLocalDay } from '#workflows/time'

export type DeadlineView = { stage: Stage; label: string; due: string; dueAt: string; state: DeadlineStatus; stateLabel: string; left: string }

type Dues = { schoolId: string; status: string; registrationDue: Date; reviewDue: Date | null; deliveryDue: Date | null }

type DeadlineContext = { calendar: Awaited<ReturnType<typeof getCalendar>>; soon: number }

/** The calendar and the school's «срок истекает» setting, read once per page. */
export async function deadlineContext(schoolId: string): Promise<DeadlineContext> {
  const [calendar, soon] = await Promise.all([getCalendar(), dueSoonWorkingDays(schoolId)])
  return { calendar, soon }
}

/** The running statutory deadlines of an application, nearest first. */
export async function deadlinesOf(app: Dues, now: Date, timeZone: string, context?: DeadlineContext): Promise<DeadlineView[]> {
  const { calendar, soon } = context ?? (await deadlineContext(app.schoolId))
  const views: DeadlineView[] = []
  for (const stage of runningStages(app.status as ApplicationStatus)) {
    const due = dueOf(stage, app)
    if (!due) continue
    // Registration lasts one working day: «истекает» only on its last day (as the sweep says).
    const state = deadlineStatus(now, due, { calendar, timeZone, dueSoonWorkingDays: stage === 'registration' ? 0 : soon })
    views.push({ stage, label: STAGE_LABELS[stage], due: formatDateTime(due, timeZone), dueAt: due.toISOString(), state, stateLabel: DEADLINE_STATUS_LABELS[state], left: describeTimeLeft(due.getTime() - now.getTime()) })
  }
  return views.sort((a, b) => a.dueAt.localeCompare(b.dueAt))
}

export type QueueFilters = { state?: string; channel?: string; className?: string; due?: 'soon' | 'overdue'; assignee?: string }
export const QUEUE_FACETS = ['state', 'channel', 'className', 'due', 'assignee'] as const
type Facet = (typeof QUEUE_FACETS)[number]

export type QueueRow = {
  id: string; receiptNumber: string; registrationNumber: number | null; status: string; statusLabel: string
  channel: string; className: string; pupilName: string; applicantName: string; receivedAt: string
  assigneeId: string | null; deadline: DeadlineView | null
}

function facetValue(row: QueueRow, facet: Facet, userStaffId: string | null): string[] {
  switch (facet) {
    case 'state': return [row.status]
    case 'channel': return [row.channel]
    case 'className': return [row.className]
    case 'due': return row.deadline?.state === 'overdue' ? ['overdue'] : row.deadline?.state === 'due_soon' ? ['soon'] : []
    case 'assignee': return [row.assigneeId ?? 'none', ...(row.assigneeId && row.assigneeId === userStaffId ? ['me'] : [])]
  }
}

/** Every application not closed, nearest running deadline first, with per-facet counts under the other filters. */
export async function listQueue(schoolId: string, filters: QueueFilters, now: Date, userStaffId: string | null = null) {
  const school = await db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { timeZone: true } })
  const apps = await db.application.findMany({ where: { schoolId, closedAt: null }, orderBy: { receivedAt: 'asc' } })
  const context = await deadlineContext(schoolId)
  const all: QueueRow[] = []
  for (const a of apps) {
    const deadlines = await deadlinesOf(a, now, school.timeZone, context)
    all.push({
      id: a.id, receiptNumber: a.receiptNumber, registrationNumber: a.registrationNumber, status: a.status,
      statusLabel: STAFF_STATUS_LABELS[a.status as ApplicationStatus] ?? a.status, channel: a.channel, className: a.className,
      pupilName: a.pupilName, applicantName: applicantName(a), receivedAt: formatDateTime(a.receivedAt, school.timeZone),
      assigneeId: a.assigneeId, deadline: deadlines[0] ?? null,
    })
  }
  const matches = (row: QueueRow, skip?: Facet) => QUEUE_FACETS.every((f) => {
    const wanted = filters[f]
    return f === skip || !wanted || facetValue(row, f, userStaffId).includes(wanted)
  })
  const counts = Object.fromEntries(QUEUE_FACETS.map((f) => {
    const tally: Record<string, number> = {}
    for (const row of all) if (matches(row, f)) for (const v of facetValue(row, f, userStaffId)) tally[v] = (tally[v] ?? 0) + 1
    return [f, tally]
  })) as Record<Facet, Record<string, number>>
  // A stable sort: equal deadlines keep the order of receipt.
  const rows = all.filter((r) => matches(r)).sort((a, b) => (a.deadline?.dueAt ?? '9999').localeCompare(b.deadline?.dueAt ?? '9999'))
  return { rows, counts, total: all.length }
}

export async function listAwaitingDecision(schoolId: string) {
  const school = await db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { timeZone: true } })
  const apps = await db.application.findMany({ where: { schoolId, status: 'awaiting_decision' }, orderBy: { reviewDue: 'asc' } })
  const now = new Date()
  const context = await deadlineContext(schoolId)
  return Promise.all(apps.map(async (a) => {
    const proposal = (JSON.parse(a.snapshot) as { context?: { proposal?: { value: string; comment: string; grounds: string[] } | null } }).context?.proposal ?? null
    return {
      id: a.id, registrationNumber: a.registrationNumber, applicantName: applicantName(a), pupilName: a.pupilName,
      className: a.className, proposal, deadline: (await deadlinesOf(a, now, school.timeZone, context))[0] ?? null,
    }
  }))
}

export async function getApplication(schoolId: string, id: string) {
  return db.application.findFirst({ where: { id, schoolId }, include: { school: { select: { timeZone: true } } } })
}

export async function listApplicationEvents(applicationId: string) {
  return db.applicationEvent.findMany({ where: { applicationId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })
}

/** Stored documents without their bytes. */
export async function listApplicationDocuments(applicationId: string) {
  return db.storedDocument.findMany({
    where: { applicationId }, orderBy: { createdAt: 'asc' },
    select: { id: true, kind: true, fileName: true, mime: true, sourceKey: true, createdAt: true, createdBy: true },
  })
}

export async function getApplicationDocument(schoolId: string, applicationId: string, documentId: string) {
  return db.storedDocument.findFirst({ where: { id: documentId, applicationId, application: { schoolId } } })
}

export async function listApplicationUploads(applicationId: string) {
  return db.upload.findMany({ where: { applicationId }, orderBy: { createdAt: 'asc' } })
}

export async function getApplicationUpload(schoolId: string, applicationId: string, uploadId: string) {
  return db.upload.findFirst({ where: { id: uploadId, applicationId, application: { schoolId } } })
}

export async function listApplicationDeliveries(applicationId: string) {
  return db.delivery.findMany({ where: { applicationId }, orderBy: [{ dueAt: 'asc' }, { preparedAt: 'asc' }] })
}

/** Outbox jobs of the application (documents, letters, notifications): what is queued, done or failing. */
export async function listApplicationJobs(applicationId: string) {
  return db.outboxJob.findMany({
    where: { payload: { contains: `"applicationId":"${applicationId}"` } }, orderBy: { createdAt: 'asc' },
    select: { id: true, kind: true, payload: true, status: true, attempts: true, lastError: true, createdAt: true, doneAt: true },
  })
}

/** Applications already made for these pupils this academic year (the batch intake after a parent meeting). */
export async function listApplicationsOfPupils(schoolId: string, pupilIds: string[], since: Date) {
  return db.application.findMany({
    where: { schoolId, pupilId: { in: pupilIds }, receivedAt: { gte: since } },
    select: { id: true, pupilId: true, status: true, registrationNumber: true, applicantLastName: true, applicantFirstName: true, applicantMiddleName: true },
    orderBy: { receivedAt: 'asc' },
  })
}

/** The registration-log period asked for in ?from=&to= (local days), by default the last 30 days. */
export function registrationLogPeriod(params: URLSearchParams, timeZone: string, now = new Date()) {
  const today = localDateOf(now, timeZone)
  const day = (key: string, fallback: string) => {
    const value = params.get(key) ?? ''
    return isLocalDay(value) ? value : fallback
  }
  const from = day('from', addDays(today, -30))
  const to = day('to', today)
  return { from, to, start: startOfLocalDay(from, timeZone), end: endOfLocalDay(to, timeZone) }
}

/** Registration-log rows registered between two instants, in chain order. */
export async function listRegistrationLog(schoolId: string, from: Date, to: Date) {
  return db.registrationLogEntry.findMany({ where: { schoolId, registeredAt: { gte: from, lte: to } }, orderBy: { sequence: 'asc' } })
}
