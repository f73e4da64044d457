// Everything the staff application page shows, as plain JSON with dates already in school time.
import { CHANNEL_LABELS, DELIVERY_LABELS, KIND_FORM_LABELS, PERIODICITY_LABELS, type Kind } from '#app/operations/application-schema'
import { applicantName } from '#workflows/applicant-name'
import { writesAcceptanceRefusal } from '#workflows/application-rules'
import { upcomingSlots } from './periodic-schedule.server'
import { availableEvents, EVENT_PAST_LABELS, type ApplicationEventType, type Role } from '#workflows/application.machine'
import { APPLICANT_STATUS_TEXT, STAFF_STATUS_LABELS, isFinal, type ApplicationStatus } from '#workflows/statuses'
import { db } from '#app/utils/db.server'
import { TEMPLATE_TITLES, type TemplateName } from '#app/documents/types'
import { withLazyPdf } from '#app/documents/pdf-copy.server'
import { formatDate, formatDateTime, localDateOf, formatReceivedAt } from '#workflows/time'
import { fullPostalAddress } from '#app/utils/format'
import { uploadKindLabel } from '#app/utils/upload-kinds'
import {
  deadlinesOf,
  getApplication,
  listApplicationDeliveries,
  listApplicationDocuments,
  listApplicationEvents,
  listApplicationJobs,
  listApplicationUploads,
} from './applications.server'
import { DELIVERY_KIND_LABELS, DELIVERY_STATUS_LABELS } from './deliveries.server'
import { getAllRefusalGrounds } from './refusal-grounds.server'
import { reviewPrecheck } from './review-precheck.server'
import { calendarReader, deadlinesCalendarWarning } from './calendar.server'
import { can } from '#app/utils/permissions'
import { readJobPayload } from '#app/jobs/payloads'
import { isPeriodicHold } from '#workflows/guardian-status'
import { parseEventData, parseGrounds, parseKinds, parseSnapshot } from './json-columns'
import { listApplicationLetters } from '#app/mail/inbox.server'
import { INBOUND_KIND_LABELS } from '#app/mail/labels'

const FORM_LABELS: Record<string, string> = { oral: 'устно', written: 'письменным уведомлением' }
const JOB_STATUS: Record<string, string> = {
  pending: 'в очереди',
  running: 'выполняется',
  done: 'выполнено',
  failed: 'ошибка',
  unsure: 'неизвестно, ушло ли письмо (решает администратор ЭЖ)',
  cancelled: 'отменено',
}
const JOB_KIND: Record<string, string> = {
  document: 'документ',
  credentials: 'реквизиты доступа',
  'notify-applicant': 'письмо заявителю',
  'notify-staff': 'уведомление сотрудникам',
  'send-email': 'отправка письма',
}

/** «документ «Выписка из электронного журнала успеваемости»»: a queued job in words, the template by its Russian title. */
export function jobWhat(kind: string, template?: string): string {
  const title = template ? (TEMPLATE_TITLES[template as TemplateName] ?? template) : ''
  return `${JOB_KIND[kind] ?? kind}${title ? ` «${title}»` : ''}`
}

const OTHERWISE_CHANNELS: Record<string, string> = {
  in_person: 'вручено лично',
  post: 'отправлено почтой',
  email: 'отправлено по эл. почте вручную',
}

/** Readable details of one audit row: grounds, comments, items, the hand-over. */
function detailsOf(data: Record<string, unknown>, tz: string): string[] {
  const out: string[] = []
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : [])
  if (typeof data.registrationNumber === 'number' && data.registrationNumber > 0) out.push(`рег. № ${data.registrationNumber}`)
  if (list(data.grounds).length) out.push(`основания: ${list(data.grounds).join('; ')}`)
  if (typeof data.form === 'string') out.push(`форма отказа: ${FORM_LABELS[data.form] ?? data.form}`)
  if (list(data.items).length) out.push(`исправить: ${list(data.items).join('; ')}`)
  if (typeof data.proposal === 'string') out.push(`предложение: ${data.proposal === 'grant' ? 'предоставить' : 'отказать'}`)
  if (list(data.proposedGrounds).length) out.push(`предлагаемые основания: ${list(data.proposedGrounds).join('; ')}`)
  if (typeof data.comment === 'string') out.push(`комментарий: ${data.comment}`)
  if (data.instead === 'email') out.push(`передано иначе, не письмом системы: ${String(data.reason ?? '')}; письмо из очереди отменено`)
  else if (typeof data.reason === 'string') out.push(`основание: ${data.reason}`)
  if ('assigneeId' in data) out.push(data.assignee ? `исполнитель: ${String(data.assignee)}` : 'исполнитель снят')
  if (typeof data.deliveredAt === 'string') out.push(`дата: ${formatDate(new Date(data.deliveredAt), tz)}`)
  if (typeof data.recipient === 'string') out.push(`получил: ${data.recipient}`)
  if (typeof data.channel === 'string' && data.instead === 'email') out.push(`способ: ${OTHERWISE_CHANNELS[data.channel] ?? data.channel}`)
  if (typeof data.channel === 'string' && !data.deliveredAt) out.push(`способ подачи: ${CHANNEL_LABELS[data.channel] ?? data.channel}`)
  return out
}

export async function getApplicationPage(schoolId: string, id: string, roles: string[], now: Date) {
  const app = await getApplication(schoolId, id)
  if (!app) return null
  const tz = app.school.timeZone
  const status = app.status as ApplicationStatus
  const context = parseSnapshot(app.snapshot).context
  const [events, documents, uploads, deliveries, jobs, deadlines, grounds, letters] = await Promise.all([
    listApplicationEvents(app.id),
    listApplicationDocuments(app.id),
    listApplicationUploads(app.id),
    listApplicationDeliveries(app.id),
    listApplicationJobs(app.id),
    deadlinesOf(app, now, tz),
    getAllRefusalGrounds(schoolId),
    listApplicationLetters(schoolId, app.id),
  ])
  const actions = availableEvents(status, roles as Role[])
  const needsPrecheck = actions.includes('FORWARD') || status === 'awaiting_decision'
  const [precheck, upcoming, assignee, calendarWarning] = await Promise.all([
    needsPrecheck ? reviewPrecheck(schoolId, app.id, app) : null,
    upcomingSlots(app.id, now),
    app.assigneeId
      ? db.staff.findUnique({ where: { id: app.assigneeId }, select: { id: true, lastName: true, firstName: true, middleName: true } })
      : null,
    // Where the deadlines are shown, as on the staff home page: a year they reach with no production calendar.
    // Said to the reader: the administrator loads the calendar, everyone else is told whom to tell.
    deadlinesCalendarWarning(
      deadlines.map((d) => d.dueAt),
      tz,
      () => calendarReader(schoolId, roles),
      now,
    ),
  ])
  return {
    id: app.id,
    version: app.version,
    status,
    statusLabel: STAFF_STATUS_LABELS[status],
    portalStatus: APPLICANT_STATUS_TEXT[status],
    receiptNumber: app.receiptNumber,
    registrationNumber: app.registrationNumber,
    assignee: assignee
      ? { id: assignee.id, name: [assignee.lastName, assignee.firstName, assignee.middleName].filter(Boolean).join(' ') }
      : null,
    closed: isFinal(status),
    registeredAt: app.registeredAt ? formatDateTime(app.registeredAt, tz) : null,
    receivedAt: formatReceivedAt(app.receivedAt, app.channel, tz),
    enteredAt: app.enteredAt ? formatDateTime(app.enteredAt, tz) : null,
    channel: app.channel,
    channelLabel: CHANNEL_LABELS[app.channel] ?? app.channel,
    today: localDateOf(now, tz),
    applicant: {
      name: applicantName(app),
      identityDocument: app.applicantIdentityDocument,
      postalAddress: fullPostalAddress(app.applicantPostalAddress, app.applicantPostcode),
      email: app.applicantEmail,
      phone: app.applicantPhone,
    },
    pupil: { id: app.pupilId, name: app.pupilName, className: app.className },
    kinds: parseKinds(app.kinds).map((k) => KIND_FORM_LABELS[k] ?? k),
    requestedKinds: parseKinds(app.kinds).map((k) => ({ value: k, label: KIND_FORM_LABELS[k] ?? k })),
    refusedKinds: (context.refusedKinds ?? []).map((k) => KIND_FORM_LABELS[k as Kind] ?? k),
    periodicity: app.periodicity,
    periodicityLabel: PERIODICITY_LABELS[app.periodicity as keyof typeof PERIODICITY_LABELS] ?? app.periodicity,
    delivery: app.delivery,
    deliveryLabel: DELIVERY_LABELS[app.delivery as keyof typeof DELIVERY_LABELS] ?? app.delivery,
    grounds: parseGrounds(app.grounds),
    proposal: context.proposal,
    directorComment: context.directorComment,
    corrections: context.corrections,
    deadlines,
    calendarWarning,
    /** The reader loads the calendar: the warning links to its page. */
    calendarLink: can(roles, 'manage:school:any'),
    actions: actions as ApplicationEventType[],
    writesAcceptanceRefusal: writesAcceptanceRefusal(roles),
    refusalGrounds: grounds,
    precheck,
    timeline: events.map((e) => ({
      id: e.id,
      at: e.event === 'RECEIVE' ? formatReceivedAt(e.at, app.channel, tz) : formatDateTime(e.at, tz),
      action:
        e.event === 'RECEIVE'
          ? 'Заявление получено'
          : e.event === 'ASSIGN'
            ? 'Назначен исполнитель'
            : (EVENT_PAST_LABELS[e.event as ApplicationEventType] ?? e.event),
      portal: APPLICANT_STATUS_TEXT[e.toStatus as ApplicationStatus] ?? e.toStatus,
      actor: e.actorName || 'Система',
      invalid: e.invalid,
      details: detailsOf(parseEventData(e.data), tz),
    })),
    documents: withLazyPdf(documents).map((d) => ({
      id: d.id,
      kind: d.kind,
      fileName: d.fileName,
      createdAt: formatDateTime(d.createdAt, tz),
      pdf: d.pdf,
    })),
    uploads: uploads.map((u) => ({
      id: u.id,
      kind: u.kind,
      kindLabel: uploadKindLabel(u.kind),
      fileName: u.fileName,
      size: u.size,
      createdAt: formatDateTime(u.createdAt, tz),
    })),
    letters: letters.map((l) => ({
      id: l.id,
      at: formatDateTime(l.internalDate, tz),
      subject: l.subject,
      kindLabel: INBOUND_KIND_LABELS[l.kind] ?? l.kind,
    })),
    deliveries: deliveries.map((d) => ({
      id: d.id,
      kind: d.kind,
      kindLabel: DELIVERY_KIND_LABELS[d.kind] ?? d.kind,
      channel: d.channel,
      status: d.status,
      statusLabel: DELIVERY_STATUS_LABELS[d.status] ?? d.status,
      due: d.dueAt ? formatDate(d.dueAt, tz) : null,
      period: d.periodFrom && d.periodTo ? `${formatDate(d.periodFrom)} – ${formatDate(d.periodTo)}` : null,
      deliveredAt: d.deliveredAt ? formatDate(d.deliveredAt, tz) : null,
      recipient: d.recipient,
      trackingNumber: d.trackingNumber,
      failed: d.status === 'failed',
      // Held on purpose (ADR 091), not broken: shown as «не направлена», not as an error.
      held: d.status === 'failed' && isPeriodicHold(d.lastError),
      lastError: d.lastError,
      documentId: d.documentId,
    })),
    upcoming: upcoming.map((s) => ({ day: formatDate(s.day), period: `${formatDate(s.from)} – ${formatDate(s.to)}` })),
    jobs: jobs.map((j) => {
      return {
        id: j.id,
        what: jobWhat(j.kind, templateOf(j)),
        status: j.status,
        statusLabel: JOB_STATUS[j.status] ?? j.status,
        attempts: j.attempts,
        lastError: j.lastError,
        createdAt: formatDateTime(j.createdAt, tz),
        kind: j.kind,
      }
    }),
  }
}

/** A document job's template, for its label; a row of another kind (or not matching its schema) has none. */
function templateOf(job: { kind: string; payload: string }): string | undefined {
  if (job.kind !== 'document') return undefined
  try {
    return readJobPayload('document', job.payload).template
  } catch {
    return undefined // shown as «документ»; the worker fails the job with the reason, shown in the row
  }
}

export type ApplicationPage = NonNullable<Awaited<ReturnType<typeof getApplicationPage>>>
