// Staff read models of applications: the queue and the application page. One small function per query;
// deadlines are worked out here (statutory stage → due → status) and dates formatted in the school's zone.
import { db } from '#app/utils/db.server'
import { inUploadOrder } from '#app/models/upload-order'
import { isCursorId, isCursorTime } from '#app/utils/keyset.server'
import type { Prisma } from '#app/generated/prisma/client'
import { getCalendar } from '#app/models/calendar.server'
import { dueSoonWorkingDays } from '#app/models/school-settings.server'
import { applicantName } from '#workflows/applicant-name'
import { DEADLINE_STATUS_LABELS, deadlineStatus, describeTimeLeft, dueSoonUntil, type DeadlineStatus } from '#workflows/deadlines'
import { STAGE_LABELS, dueOf, dueSoonMargin, runningStages, type Stage } from '#workflows/deadline-stages'
import { APPLICATION_STATUSES, STAFF_STATUS_LABELS, isOpen, type ApplicationStatus } from '#workflows/statuses'
import { addDays, endOfLocalDay, formatDate, formatDateTime, localDateOf, startOfLocalDay, formatReceivedAt } from '#workflows/time'

export type DeadlineView = {
  stage: Stage
  label: string
  due: string
  dueAt: string
  state: DeadlineStatus
  stateLabel: string
  left: string
}

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
    const state = deadlineStatus(now, due, { calendar, timeZone, dueSoonWorkingDays: dueSoonMargin(stage, soon) })
    views.push({
      stage,
      label: STAGE_LABELS[stage],
      due: formatDateTime(due, timeZone),
      dueAt: due.toISOString(),
      state,
      stateLabel: DEADLINE_STATUS_LABELS[state],
      left: describeTimeLeft(due.getTime() - now.getTime()),
    })
  }
  return views.sort((a, b) => a.dueAt.localeCompare(b.dueAt))
}

export type QueueFilters = { state?: string; channel?: string; className?: string; due?: 'soon' | 'overdue'; assignee?: string }
export const QUEUE_FACETS = ['state', 'channel', 'className', 'due', 'assignee'] as const
type Facet = (typeof QUEUE_FACETS)[number]
import { LOG_PAGE_SIZE, QUEUE_PAGE_SIZE } from '#app/utils/paging'
import { parseDay } from '#app/import/fields'
import { parseSnapshot } from './json-columns'
import { cleanLine, clip } from '#app/utils/text'
import { namePrefixes } from '#workflows/text'
import { readApplicationQuery } from '#workflows/application-query'
import { personByName } from './intake.server'

export type QueueRow = {
  id: string
  receiptNumber: string
  registrationNumber: number | null
  status: string
  statusLabel: string
  channel: string
  className: string
  pupilName: string
  applicantName: string
  receivedAt: string
  assigneeId: string | null
  deadline: DeadlineView | null
}

const OPEN_STATUSES = APPLICATION_STATUSES.filter(isOpen)

/** A group of open applications alike in every facet but the deadline: a tally row, or a group counted under «Срок». */
type Group = { status: string; channel: string; className: string; assigneeId: string; count: number }

function groupValue(g: Group, facet: Exclude<Facet, 'due'>, userStaffId: string | null): string[] {
  switch (facet) {
    case 'state':
      return [g.status]
    case 'channel':
      return [g.channel]
    case 'className':
      return [g.className]
    case 'assignee':
      return [g.assigneeId || 'none', ...(g.assigneeId && g.assigneeId === userStaffId ? ['me'] : [])]
  }
}

/** What a queue row shows of an application. */
const QUEUE_ROW = {
  id: true,
  schoolId: true,
  receiptNumber: true,
  registrationNumber: true,
  status: true,
  channel: true,
  className: true,
  pupilName: true,
  applicantLastName: true,
  applicantFirstName: true,
  applicantMiddleName: true,
  receivedAt: true,
  assigneeId: true,
  registrationDue: true,
  reviewDue: true,
  deliveryDue: true,
  queueDueAt: true,
} satisfies Prisma.ApplicationSelect

type QueueApplication = Prisma.ApplicationGetPayload<{ select: typeof QUEUE_ROW }>

async function queueRows(apps: QueueApplication[], now: Date, timeZone: string, context: DeadlineContext): Promise<QueueRow[]> {
  const rows: QueueRow[] = []
  for (const a of apps) {
    const deadlines = await deadlinesOf(a, now, timeZone, context)
    rows.push({
      id: a.id,
      receiptNumber: a.receiptNumber,
      registrationNumber: a.registrationNumber,
      status: a.status,
      statusLabel: STAFF_STATUS_LABELS[a.status as ApplicationStatus] ?? a.status,
      channel: a.channel,
      className: a.className,
      pupilName: a.pupilName,
      applicantName: applicantName(a),
      receivedAt: formatReceivedAt(a.receivedAt, a.channel, timeZone),
      assigneeId: a.assigneeId,
      deadline: deadlines[0] ?? null,
    })
  }
  return rows
}

/** The page's position: the sort key of the last row shown (?after=), opaque to the user. */
type Cursor = { due: string; received: string; id: string }
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url')
function decodeCursor(value: string | null | undefined): Cursor | null {
  if (!value) return null
  try {
    const c = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Cursor | null
    return c && isCursorTime(c.due) && isCursorTime(c.received) && isCursorId(c.id) ? c : null
  } catch {
    return null
  }
}

/**
 * Open applications, nearest running deadline first (Application.queueDueAt, kept by the one door), a page at a time
 * (keyset: stable while applications arrive), with per-facet counts under the other filters. Counts come from the
 * tally the database keeps (ApplicationTally) — or, under a «Срок» filter, from one grouped count of that range —
 * so no page reads every open application.
 */
export async function listQueue(
  schoolId: string,
  filters: QueueFilters,
  now: Date,
  userStaffId: string | null = null,
  after: string | null = null,
) {
  const school = await db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { timeZone: true } })
  const context = await deadlineContext(schoolId)
  const soonUntil = dueSoonUntil(now, { calendar: context.calendar, timeZone: school.timeZone, dueSoonWorkingDays: context.soon })
  const regSoonUntil = dueSoonUntil(now, { calendar: context.calendar, timeZone: school.timeZone, dueSoonWorkingDays: 0 })
  // Registration lasts one working day: «истекает» only on its last day (deadlinesOf, the sweep).
  const dueWhere = (due: 'soon' | 'overdue' | undefined): Prisma.ApplicationWhereInput =>
    due === 'overdue'
      ? { queueDueAt: { lt: now } }
      : due === 'soon'
        ? {
            OR: [
              { status: 'received', queueDueAt: { gte: now, lte: regSoonUntil } },
              { status: { not: 'received' }, queueDueAt: { gte: now, lte: soonUntil } },
            ],
          }
        : {}
  const facetWhere = (skip?: Facet): Prisma.ApplicationWhereInput => {
    const f = (facet: Facet) => (facet === skip ? undefined : filters[facet])
    const assignee = f('assignee')
    return {
      schoolId,
      closedAt: null,
      ...(f('state') ? { status: f('state') } : {}),
      ...(f('channel') ? { channel: f('channel') } : {}),
      ...(f('className') ? { className: f('className') } : {}),
      ...(assignee === 'none'
        ? { assigneeId: null }
        : assignee === 'me'
          ? { assigneeId: userStaffId ?? '—' }
          : assignee
            ? { assigneeId: assignee }
            : {}),
      ...dueWhere(f('due') as QueueFilters['due']),
    }
  }

  // Facet counts: the tally, or a grouped count of the applications under the «Срок» filter.
  const groups: Group[] = filters.due
    ? (
        await db.application.groupBy({
          by: ['status', 'channel', 'className', 'assigneeId'],
          where: { schoolId, closedAt: null, ...dueWhere(filters.due) },
          _count: { _all: true },
        })
      ).map((g) => ({ status: g.status, channel: g.channel, className: g.className, assigneeId: g.assigneeId ?? '', count: g._count._all }))
    : await db.applicationTally.findMany({
        where: { schoolId, status: { in: OPEN_STATUSES }, count: { gt: 0 } },
        select: { status: true, channel: true, className: true, assigneeId: true, count: true },
      })
  const matches = (g: Group, skip: Facet) =>
    (['state', 'channel', 'className', 'assignee'] as const).every(
      (f) => f === skip || !filters[f] || groupValue(g, f, userStaffId).includes(filters[f] as string),
    )
  const counts = {} as Record<Facet, Record<string, number>>
  for (const facet of QUEUE_FACETS) {
    // Facet values are data (a class name typed in an application): counted in a table without a prototype.
    const tally: Record<string, number> = Object.create(null)
    if (facet === 'due') {
      const [overdue, soon] = await Promise.all([
        db.application.count({ where: { ...facetWhere('due'), ...dueWhere('overdue') } }),
        db.application.count({ where: { ...facetWhere('due'), ...dueWhere('soon') } }),
      ])
      if (overdue) tally.overdue = overdue
      if (soon) tally.soon = soon
    } else {
      for (const g of groups) if (matches(g, facet)) for (const v of groupValue(g, facet, userStaffId)) tally[v] = (tally[v] ?? 0) + g.count
    }
    counts[facet] = tally
  }
  // Without the «Срок» filter the groups are the open tallies already read (those above 0 — the tally's triggers never
  // take a count below 0): their sum is the total, without another round trip.
  const total = filters.due
    ? ((await db.applicationTally.aggregate({ where: { schoolId, status: { in: OPEN_STATUSES } }, _sum: { count: true } }))._sum.count ?? 0)
    : groups.reduce((n, g) => n + g.count, 0)
  // Under every filter: the groups already lie in the «Срок» range when it is chosen ('due' is no group facet).
  const matching = groups.filter((g) => matches(g, 'due')).reduce((n, g) => n + g.count, 0)

  // The page: keyset on (queueDueAt, receivedAt, id) — a stable order in which equal deadlines keep the order of receipt.
  const cursor = decodeCursor(after)
  const keyset: Prisma.ApplicationWhereInput = cursor
    ? {
        OR: [
          { queueDueAt: { gt: new Date(cursor.due) } },
          { queueDueAt: new Date(cursor.due), receivedAt: { gt: new Date(cursor.received) } },
          { queueDueAt: new Date(cursor.due), receivedAt: new Date(cursor.received), id: { gt: cursor.id } },
        ],
      }
    : {}
  const apps = await db.application.findMany({
    where: { AND: [facetWhere(), keyset] },
    orderBy: [{ queueDueAt: 'asc' }, { receivedAt: 'asc' }, { id: 'asc' }],
    take: QUEUE_PAGE_SIZE + 1,
    select: QUEUE_ROW,
  })
  const page = apps.slice(0, QUEUE_PAGE_SIZE)
  const rows = await queueRows(page, now, school.timeZone, context)
  const last = page[page.length - 1]
  const next =
    apps.length > QUEUE_PAGE_SIZE && last?.queueDueAt
      ? encodeCursor({ due: last.queueDueAt.toISOString(), received: last.receivedAt.toISOString(), id: last.id })
      : null
  return { rows, counts, total, matching, next }
}

/** The most applications «Найти заявление» shows: a surname of a large family is still one screen. */
const FIND_LIMIT = 50
/** Registration numbers restart every year (ADR 004); a number without a year is looked up in the years kept. */
const FIND_YEARS = 6

/**
 * «Найти заявление» for a call or a visitor: any application of the school, open or closed, by registration number,
 * receipt number, or a pupil's or applicant's surname (any letter case, «ё» or «е»), newest first. Names are looked
 * up in the journal (Pupil, Guardian: indexed by surname) and the applications through their links; an application
 * linked to nobody yet is found by the names typed in it.
 */
export async function findApplications(schoolId: string, typed: string, now: Date) {
  const query = readApplicationQuery(typed)
  if (!query) {
    const problem = 'Введите номер заявления, номер квитанции или фамилию (не меньше двух букв).'
    return { problem, rows: [] as QueueRow[], more: false, limit: FIND_LIMIT }
  }
  const school = await db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { timeZone: true } })
  const thisYear = Number(localDateOf(now, school.timeZone).slice(0, 4))
  // Each search is one index read, newest first, and the lists are merged here: an OR of them made SQLite walk every
  // application of the school in date order, looking for a rare surname.
  const searches: Prisma.ApplicationWhereInput[] = []
  if (query.kind === 'number') {
    const years = query.year ? [query.year] : Array.from({ length: FIND_YEARS }, (_, i) => thisYear - i)
    searches.push({ schoolId, registrationNumber: query.number, registrationYear: { in: years } })
  } else if (query.kind === 'receipt') {
    searches.push({ schoolId, receiptNumber: query.receipt })
  } else {
    const person = personByName(query.surname, query.firstName)
    const [pupils, guardians] = await Promise.all([
      db.pupil.findMany({ where: { schoolId, OR: person }, select: { id: true }, take: MAX_FOUND_PEOPLE }),
      db.guardian.findMany({ where: { schoolId, OR: person }, select: { id: true }, take: MAX_FOUND_PEOPLE }),
    ])
    // A parent's surname finds their children's applications, whoever typed them (the journal's guardian links).
    const children = await db.guardianLink.findMany({
      where: { guardianId: { in: guardians.map((g) => g.id) } },
      select: { pupilId: true },
      take: MAX_FOUND_PEOPLE,
    })
    const pupilIds = [...new Set([...pupils.map((p) => p.id), ...children.map((c) => c.pupilId)])]
    // By the ids alone (they are this school's): with schoolId beside them SQLite walked the school's applications.
    if (pupilIds.length) searches.push({ pupilId: { in: pupilIds } })
    if (guardians.length) searches.push({ guardianId: { in: guardians.map((g) => g.id) } })
    // Not linked to the journal (yet, or never: a stranger's application): the names as typed in it. With the planner's
    // statistics (ADR 079) SQLite reads them through the (pupilId, receivedAt, id) index, the unlinked ones only.
    const forms = namePrefixes(query.surname)
    searches.push({
      pupilId: null,
      schoolId,
      OR: forms.flatMap((form) => [{ pupilName: { startsWith: form } }, { applicantLastName: { startsWith: form } }]),
    })
  }
  // A number or a receipt finds a few rows by its unique index: asked in date order, SQLite walked the school's
  // applications by date instead. A surname's lists are ordered and cut by the database.
  const found = await Promise.all(
    searches.map((where) =>
      db.application.findMany({
        where,
        ...(query.kind === 'name' ? { orderBy: [{ receivedAt: 'desc' as const }, { id: 'desc' as const }], take: FIND_LIMIT + 1 } : {}),
        select: QUEUE_ROW,
      }),
    ),
  )
  const byId = new Map(
    found
      .flat()
      .filter((a) => a.schoolId === schoolId)
      .map((a) => [a.id, a]),
  )
  const apps = [...byId.values()].sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || b.id.localeCompare(a.id))
  const context = await deadlineContext(schoolId)
  const rows = await queueRows(apps.slice(0, FIND_LIMIT), now, school.timeZone, context)
  return { problem: null, rows, more: apps.length > FIND_LIMIT, limit: FIND_LIMIT }
}

/** More pupils or parents of one surname's beginning than a school has: a bound, not a page. */
const MAX_FOUND_PEOPLE = 2000

export async function listAwaitingDecision(schoolId: string) {
  const school = await db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { timeZone: true } })
  const apps = await db.application.findMany({ where: { schoolId, status: 'awaiting_decision' }, orderBy: { reviewDue: 'asc' } })
  const now = new Date()
  const context = await deadlineContext(schoolId)
  return Promise.all(
    apps.map(async (a) => {
      const proposal = parseSnapshot(a.snapshot).context.proposal
      return {
        id: a.id,
        registrationNumber: a.registrationNumber,
        applicantName: applicantName(a),
        pupilName: a.pupilName,
        className: a.className,
        proposal,
        deadline: (await deadlinesOf(a, now, school.timeZone, context))[0] ?? null,
      }
    }),
  )
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
    where: { applicationId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, kind: true, fileName: true, mime: true, sourceKey: true, createdAt: true, createdBy: true },
  })
}

export async function getApplicationDocument(schoolId: string, applicationId: string, documentId: string) {
  return db.storedDocument.findFirst({ where: { id: documentId, applicationId, application: { schoolId } } })
}

export async function listApplicationUploads(applicationId: string) {
  return inUploadOrder(await db.upload.findMany({ where: { applicationId } }))
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
    where: { applicationId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, kind: true, payload: true, status: true, attempts: true, lastError: true, createdAt: true, doneAt: true },
  })
}

/** Applications already made for these pupils this academic year (the batch intake after a parent meeting). */
export async function listApplicationsOfPupils(schoolId: string, pupilIds: string[], since: Date) {
  return db.application.findMany({
    where: { schoolId, pupilId: { in: pupilIds }, receivedAt: { gte: since } },
    select: {
      id: true,
      pupilId: true,
      status: true,
      registrationNumber: true,
      applicantLastName: true,
      applicantFirstName: true,
      applicantMiddleName: true,
    },
    orderBy: { receivedAt: 'asc' },
  })
}

/** The registration-log period asked for in ?from=&to= (local days), by default the last 30 days. */
export function registrationLogPeriod(params: URLSearchParams, timeZone: string, now = new Date()) {
  const today = localDateOf(now, timeZone)
  // A date given but not understood (typed into the address, a stale link) is said beside its field, with the date
  // taken in its place: the page must not pass the default off as the period asked for. A date typed as people write
  // it (07.11.2026, as the import reads dates: parseDay) is read.
  const errors: { from?: string; to?: string } = {}
  const day = (key: 'from' | 'to', fallback: string) => {
    const value = (params.get(key) ?? '').trim()
    const read = parseDay(value)
    if (read) return read
    if (value)
      errors[key] =
        `Дата «${clip(cleanLine(value), 20)}» не распознана — вместо неё взято ${formatDate(fallback, timeZone)}. ` +
        'Выберите дату в поле или укажите её в виде ДД.ММ.ГГГГ.'
    return fallback
  }
  const first = day('from', addDays(today, -30))
  const last = day('to', today)
  // «С 07.11 по 01.01» is a period typed the other way round, not an empty one: read it in order.
  const [from, to] = first <= last ? [first, last] : [last, first]
  return { from, to, errors, start: startOfLocalDay(from, timeZone), end: endOfLocalDay(to, timeZone) }
}

/**
 * One page of the registration-log rows registered between two instants, in chain order, after row `after` (the
 * last sequence shown). Registration rows are appended in time order and a result row repeats its registration's
 * time, so no row of the period lies before the first registration row of the period: the scan starts there. A
 * period the log has gone past ends at its own last row: the scan stops there, instead of walking the whole log since
 * to find that the period's last page has nothing more (172 k rows, 0.1 s a view, on the 100 k copy).
 */
export async function pageRegistrationLog(schoolId: string, from: Date, to: Date, after: number | null, limit = LOG_PAGE_SIZE) {
  const [first, later] = await Promise.all([
    db.registrationLogEntry.findFirst({
      where: { schoolId, registeredAt: { gte: from, lte: to } },
      orderBy: [{ registeredAt: 'asc' }, { sequence: 'asc' }],
      select: { sequence: true },
    }),
    db.registrationLogEntry.findFirst({ where: { schoolId, registeredAt: { gt: to } }, select: { sequence: true } }),
  ])
  if (!first) return { rows: [], next: null }
  // Read from the index (schoolId, registeredAt, sequence) alone: the period's entries, not the log after it.
  const last = later
    ? (await db.registrationLogEntry.aggregate({ where: { schoolId, registeredAt: { gte: from, lte: to } }, _max: { sequence: true } }))
        ._max.sequence
    : null
  const rows = await db.registrationLogEntry.findMany({
    // The period as «not before it and not after it»: the same rows, but a condition SQLite cannot read through the date
    // index — with sampled statistics it took that index and sorted the whole period instead of walking the chain's
    // unique index (schoolId, sequence) to a page (ADR 079).
    where: {
      schoolId,
      sequence: { gte: Math.max(first.sequence, (after ?? 0) + 1), ...(last === null ? {} : { lte: last }) },
      NOT: { OR: [{ registeredAt: { lt: from } }, { registeredAt: { gt: to } }] },
    },
    orderBy: { sequence: 'asc' },
    take: limit + 1,
  })
  const page = rows.slice(0, limit)
  return { rows: page, next: rows.length > limit ? page[page.length - 1].sequence : null }
}
