// What the applicant sees of an application: the status page by private link (/s/<token>), the parent's list and
// the portal API. The portal's wording (workflows/statuses.ts), the deadlines, the documents addressed to the
// applicant. Staff names, comments and internal steps are never part of it.
import { randomBytes } from 'node:crypto'
import { db } from '#app/utils/db.server'
import { inUploadOrder } from '#app/models/upload-order'
import type { Application, ApplicationEvent, Prisma } from '#app/generated/prisma/client'
import { getCalendar } from '#app/models/calendar.server'
import { CHANNEL_LABELS, DELIVERY_LABELS, KIND_FORM_LABELS, PERIODICITY_LABELS, type Kind } from '#app/operations/application-schema'
import { availableEvents } from '#workflows/application.machine'
import {
  answerDate,
  computeDeadlines,
  deadlineStatus,
  DEADLINE_STATUS_LABELS,
  DELIVERY_RULE,
  registrationRule,
  REVIEW_RULE,
  type Channel,
} from '#workflows/deadlines'
import { kindsText } from '#workflows/application-rules'
import { sameName } from '#workflows/guardian-status'
import { APPLICANT_STATUS_TEXT, applicantStatusText, isApplicationStatus, isOpen, type ApplicationStatus } from '#workflows/statuses'
import { formatDateTime, toIsoWithOffset, formatReceivedAt } from '#workflows/time'
import { uploadKindLabel } from '#app/utils/upload-kinds'
import { roomNumber, splitPostcode } from '#app/utils/format'
import { withLazyPdf } from '#app/documents/pdf-copy.server'
import { after, keysetOrder, pageOf } from '#app/utils/keyset.server'
import { parseEventData, parseGrounds, parseKinds, parseSnapshot } from './json-columns'

/** Documents addressed to the applicant (the notice of refusal, the extract, the credentials letter). */
// The kinds app/jobs/generate-documents.server.ts stores for the applicant (staff-only kinds such as 'application' are not listed).
const APPLICANT_DOCUMENT_KINDS = ['acceptance-refusal-notice', 'refusal-notice', 'extract', 'periodic-extract', 'credentials'] as const
const DOCUMENT_LABELS: Record<string, string> = {
  'acceptance-refusal-notice': 'Уведомление об отказе в приёме документов',
  'refusal-notice': 'Уведомление об отказе в предоставлении информации',
  extract: 'Выписка из электронного журнала',
  'periodic-extract': 'Выписка из электронного журнала (периодическая)',
  credentials: 'Реквизиты доступа к электронному дневнику',
}
const DELIVERED_BY: Record<string, string> = {
  in_person: 'вручена лично',
  post: 'направлена почтой',
  email: 'направлена по электронной почте',
}

/**
 * What the applicant reads when a private link leads nowhere (a mistyped or cut link, an application removed after
 * its keeping period): the same words for every reason, and what to do.
 */
export const STATUS_LINK_NOT_FOUND =
  'Заявление по этой ссылке не найдено. Проверьте, что ссылка скопирована полностью, или позвоните в школу.'

// statusToken is randomBytes(24) in base64url: exactly 32 such characters. Anything else is not looked up at all.
const TOKEN_RE = /^[A-Za-z0-9_-]{32}$/

/** A new application's private link (`/s/<token>`), or the one that replaces it. */
export function newStatusToken(): string {
  return randomBytes(24).toString('base64url')
}

export function getApplicationByToken(token: string) {
  if (!TOKEN_RE.test(token)) return Promise.resolve(null)
  return db.application.findUnique({ where: { statusToken: token } })
}

type StoredFile = { id: string; kind: string; fileName: string; mime: string; sourceKey: string | null; createdAt: Date }
/** `make`: the link is the Word row's with ?as=pdf (the copy is made on download); `off`: no PDF can be made now. */
type DocumentFile = { id: string; format: 'Word' | 'PDF'; fileName: string; make?: true; off?: string }

/**
 * One document, however many copies: the Word file and its PDF copy are two rows (sourceKey and sourceKey + ':pdf',
 * the copy made on first need, ADR 036); the applicant sees one document with both files.
 */
function groupDocuments(rows: readonly StoredFile[]): Array<{ id: string; kind: string; createdAt: Date; files: DocumentFile[] }> {
  const groups = new Map<string, { id: string; kind: string; createdAt: Date; files: DocumentFile[] }>()
  for (const row of withLazyPdf(rows)) {
    const key = row.sourceKey ? row.sourceKey.replace(/:pdf$/, '') : row.id
    const files: DocumentFile[] = [{ id: row.id, format: row.mime === 'application/pdf' ? 'PDF' : 'Word', fileName: row.fileName }]
    const pdfName = row.fileName.replace(/\.docx$/i, '.pdf')
    if (row.pdf === 'make') files.push({ id: row.id, format: 'PDF', fileName: pdfName, make: true })
    else if (row.pdf) files.push({ id: row.id, format: 'PDF', fileName: pdfName, off: row.pdf.off })
    const group = groups.get(key)
    if (group) group.files.push(...files)
    else groups.set(key, { id: row.id, kind: row.kind, createdAt: row.createdAt, files })
  }
  // Word first, then PDF, whichever was stored first.
  for (const g of groups.values()) g.files.sort((a, b) => (a.format === b.format ? 0 : a.format === 'Word' ? -1 : 1))
  return [...groups.values()]
}

export type HistoryItem = { at: string; when: string; status: ApplicationStatus; text: string; details: string[]; invalid: boolean }

const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [])

/** One ApplicationEvent in the portal's words; null for a step the applicant does not see as a change. */
function historyItem(e: ApplicationEvent, timeZone: string): Omit<HistoryItem, 'at' | 'when' | 'invalid'> | null {
  if (!isApplicationStatus(e.toStatus)) return null
  const data = parseEventData(e.data || '{}')
  const status = e.toStatus
  switch (e.event) {
    case 'RECEIVE':
      return {
        status,
        text: APPLICANT_STATUS_TEXT.received,
        details: typeof data.channel === 'string' ? [`Подано ${CHANNEL_LABELS[data.channel] ?? data.channel}`] : [],
      }
    case 'REGISTER':
      return {
        status,
        text: applicantStatusText('registered', {
          registrationNumber: Number(data.registrationNumber) || null,
          registeredAt: e.at,
          timeZone,
        }),
        details: [],
      }
    case 'GRANT': {
      const refused = list(data.refusedKinds)
      if (!refused.length) return { status, text: APPLICANT_STATUS_TEXT[status], details: [] }
      return {
        status,
        text: 'Принято решение: информация, которая есть в журнале, предоставляется; в остальной части отказано',
        details: [`Отказано в части: ${kindsText(refused)}`, ...list(data.grounds).map((g) => `Основание: ${g}`)],
      }
    }
    case 'REFUSE_ACCEPTANCE':
    case 'REFUSE':
      return { status, text: APPLICANT_STATUS_TEXT[status], details: list(data.grounds).map((g) => `Основание: ${g}`) }
    case 'REQUEST_CORRECTION':
      return { status, text: APPLICANT_STATUS_TEXT.correction_requested, details: list(data.items).map((i) => `Нужно исправить: ${i}`) }
    case 'SUBMIT_CORRECTION':
      return {
        status,
        text: 'Исправления получены, заявление принято к рассмотрению',
        details: typeof data.note === 'string' ? [`Комментарий заявителя: ${data.note}`] : [],
      }
    case 'DELIVER':
    case 'DELIVER_PERIODIC': {
      const how = typeof data.channel === 'string' ? DELIVERED_BY[data.channel] : null
      return {
        status,
        text: status === 'delivered' ? APPLICANT_STATUS_TEXT.delivered : 'Информация предоставлена',
        details: how ? [`Информация ${how}`] : [],
      }
    }
    case 'NOTICE_DELIVERED':
      return { status, text: APPLICANT_STATUS_TEXT.closed, details: ['Уведомление об отказе вручено'] }
    case 'LETTER_RETURNED':
      // ADR 064: the e-mailed answer came back; the applicant learns it here and from the school.
      return {
        status,
        text: 'Письмо с ответом не дошло: почтовый сервер вернул его',
        details: ['Школа направит ответ повторно или передаст его иначе; срок предоставления информации прежний'],
      }
    case 'STOP_PERIODIC':
      return {
        status,
        text: 'Периодическое предоставление прекращено по просьбе заявителя',
        details: typeof data.reason === 'string' && data.reason ? [`Основание: ${data.reason}`] : [],
      }
    default:
      return { status, text: APPLICANT_STATUS_TEXT[status], details: [] }
  }
}

/** `channel`: a letter's receipt is the stamp's day, shown without a time (formatReceivedAt; issue 19, item 6). */
function historyOf(events: ApplicationEvent[], timeZone: string, channel = ''): HistoryItem[] {
  const out: HistoryItem[] = []
  for (const e of events) {
    const item = historyItem(e, timeZone)
    if (!item) continue
    const last = out.at(-1)
    if (last && last.text === item.text && item.details.length === 0) continue // e.g. a return to review: nothing new for the applicant
    out.push({
      ...item,
      at: toIsoWithOffset(e.at, timeZone),
      when: e.event === 'RECEIVE' ? formatReceivedAt(e.at, channel, timeZone) : formatDateTime(e.at, timeZone),
      invalid: e.invalid,
    })
  }
  return out
}

/** `answer`: for the delivery stage, the sentence every place tells the parent (workflows/deadlines.ts answerDate, ADR 032). */
export type DeadlineItem = {
  key: 'registration' | 'review' | 'delivery'
  label: string
  rule: string
  due: string
  dueIso: string
  state: string
  projected: boolean
  answer?: string
}

/**
 * «срок истекает» is the school's own reminder margin (setting 'deadlines.dueSoonWorkingDays'), a call to the staff
 * to act; shown to the applicant it read as if something were about to go wrong on their side (issue 19, item 7).
 * The applicant sees whether the school is within its term: «в срок» until the moment passes, then «просрочено».
 */
function applicantDeadlineStatus(now: Date, due: Date, context: Parameters<typeof deadlineStatus>[2]) {
  const status = deadlineStatus(now, due, context)
  return status === 'due_soon' ? 'ok' : status
}

async function deadlinesOf(app: Application, timeZone: string, now: Date, deliveredAt: Date | null): Promise<DeadlineItem[]> {
  const calendar = await getCalendar()
  // Before registration the latest lawful moments stand in (computeDeadlines does this when registeredAt is empty).
  const projected = computeDeadlines({
    channel: app.channel as Channel,
    receivedAt: app.receivedAt,
    registeredAt: app.registeredAt,
    reviewStartedAt: app.reviewStartedAt,
    timeZone,
    calendar,
  })
  const open = isApplicationStatus(app.status) && isOpen(app.status)
  const item = (
    key: DeadlineItem['key'],
    label: string,
    rule: string,
    due: Date,
    completedAt: Date | null,
    isProjected: boolean,
  ): DeadlineItem => ({
    key,
    label,
    rule,
    due: formatDateTime(due, timeZone),
    dueIso: toIsoWithOffset(due, timeZone),
    projected: isProjected,
    state: completedAt
      ? DEADLINE_STATUS_LABELS[deadlineStatus(now, due, { calendar, timeZone, completedAt })]
      : open
        ? DEADLINE_STATUS_LABELS[applicantDeadlineStatus(now, due, { calendar, timeZone })]
        : '—',
  })
  // The answer reached the applicant: the first hand-over recorded, else the closing of a delivered or refused one.
  const delivered = deliveredAt ?? (['delivered', 'completed', 'closed'].includes(app.status) ? app.closedAt : null)
  const deliveryDue = app.deliveryDue ?? projected.deliveryDue
  return [
    item('registration', 'Регистрация заявления', registrationRule(app.channel as Channel), app.registrationDue, app.registeredAt, false),
    item('review', 'Рассмотрение заявления', REVIEW_RULE, app.reviewDue ?? projected.reviewDue, app.decidedAt, !app.reviewDue),
    {
      ...item('delivery', 'Предоставление информации', DELIVERY_RULE, deliveryDue, delivered, !app.deliveryDue),
      answer: answerDate(deliveryDue, { calendar, timeZone }).text,
    },
  ]
}

export async function getStatusView(app: Application, now = new Date()) {
  const [school, events, documents, deliveries, uploads] = await Promise.all([
    db.school.findUniqueOrThrow({
      where: { id: app.schoolId },
      select: { timeZone: true, shortName: true, address: true, phone: true, responsibleRoom: true },
    }),
    db.applicationEvent.findMany({ where: { applicationId: app.id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    db.storedDocument.findMany({
      where: { applicationId: app.id, kind: { in: [...APPLICANT_DOCUMENT_KINDS] } },
      select: { id: true, kind: true, fileName: true, mime: true, sourceKey: true, createdAt: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    }),
    db.delivery.findMany({
      where: { applicationId: app.id, status: { in: ['handed', 'posted', 'emailed'] } },
      orderBy: { preparedAt: 'asc' },
    }),
    db.upload
      .findMany({ where: { applicationId: app.id }, select: { id: true, kind: true, fileName: true, createdAt: true, storagePath: true } })
      .then(inUploadOrder),
  ])
  const tz = school.timeZone
  const status = app.status as ApplicationStatus
  const snapshot = parseSnapshot(app.snapshot)
  const correction = status === 'correction_requested' ? (snapshot.context.corrections.at(-1)?.items ?? []) : []
  const refusedKinds = snapshot.context.refusedKinds ?? []
  const requested = parseKinds(app.kinds)
  return {
    id: app.id,
    receiptNumber: app.receiptNumber,
    status,
    statusText: applicantStatusText(status, { registrationNumber: app.registrationNumber, registeredAt: app.registeredAt, timeZone: tz }),
    receivedAt: formatReceivedAt(app.receivedAt, app.channel, tz),
    channel: CHANNEL_LABELS[app.channel] ?? app.channel,
    pupil: `${app.pupilName}, ${app.className} класс`,
    kinds: parseKinds(app.kinds).map((k) => KIND_FORM_LABELS[k] ?? k),
    periodicity: PERIODICITY_LABELS[app.periodicity as keyof typeof PERIODICITY_LABELS] ?? app.periodicity,
    delivery: app.delivery as keyof typeof DELIVERY_LABELS,
    deliveryText: DELIVERY_LABELS[app.delivery as keyof typeof DELIVERY_LABELS] ?? app.delivery,
    history: historyOf(events, tz, app.channel),
    deadlines: await deadlinesOf(app, tz, now, deliveries.find((d) => d.deliveredAt)?.deliveredAt ?? null),
    // Порядок 3.2: a document is downloaded here only when the applicant chose e-mail; otherwise we say where it is.
    documents: groupDocuments(documents).map((g) => ({
      ...g,
      label: DOCUMENT_LABELS[g.kind] ?? 'Документ',
      createdAt: formatDateTime(g.createdAt, tz),
      downloadable: app.delivery === 'email',
    })),
    deliveries: deliveries.map((d) => ({
      id: d.id,
      channel: d.channel,
      status: d.status,
      at: d.deliveredAt ? formatDateTime(d.deliveredAt, tz) : null,
      trackingNumber: d.trackingNumber,
    })),
    uploads: uploads.map((u) => ({
      id: u.id,
      label: uploadKindLabel(u.kind),
      fileName: u.fileName,
      createdAt: formatDateTime(u.createdAt, tz),
    })),
    school: { name: school.shortName, address: school.address, phone: school.phone, room: roomNumber(school.responsibleRoom) },
    canWithdraw: availableEvents(status, ['applicant']).includes('WITHDRAW'),
    canStop: availableEvents(status, ['applicant']).includes('STOP_PERIODIC'),
    correctionItems: correction,
    // Порядок 3.1.2: a partial decision — what is provided and what is refused, with the ground.
    partial: refusedKinds.length
      ? {
          granted: requested.filter((k) => !refusedKinds.includes(k)).map((k) => KIND_FORM_LABELS[k] ?? k),
          refused: refusedKinds.map((k) => KIND_FORM_LABELS[k as Kind] ?? k),
          grounds: parseGrounds(app.grounds),
        }
      : null,
    version: app.version,
  }
}

export type StatusView = Awaited<ReturnType<typeof getStatusView>>

/** A stored document of this application that the applicant may download (e-mail delivery only). */
export function getApplicantDocument(app: Application, documentId: string) {
  if (app.delivery !== 'email') return Promise.resolve(null)
  return db.storedDocument.findFirst({ where: { id: documentId, applicationId: app.id, kind: { in: [...APPLICANT_DOCUMENT_KINDS] } } })
}

/**
 * Where a guardian's own applications are: linked to them, or filed in their name about one of their children (an
 * application arrives without an account, so the name on it is what ties it to the parent). Another parent's are not:
 * an application linked to another account is never one's own by the name, nor one whose name differs by `sameName`
 * (ё as е, case; a middle name missing on either side does not decide) — a second guardian of the same child with
 * the same surname and first name (a grandmother, a father and a grown son) neither sees the other's private links
 * nor has them replaced by the other's compromise report.
 */
async function ownedBy(
  guardianId: string,
  client: Prisma.TransactionClient = db,
): Promise<{ where: Prisma.ApplicationWhereInput; timeZone: string } | null> {
  const g = await client.guardian.findUnique({
    where: { id: guardianId },
    select: {
      schoolId: true,
      lastName: true,
      firstName: true,
      middleName: true,
      email: true,
      links: { select: { pupilId: true } },
      school: { select: { timeZone: true } },
    },
  })
  if (!g) return null
  // The unlinked applications about their children are few: their names compare as names do, not as strings.
  const pupilIds = g.links.map((l) => l.pupilId)
  const [unlinked, others] = await Promise.all([
    client.application.findMany({
      where: { schoolId: g.schoolId, guardianId: null, pupilId: { in: pupilIds } },
      select: {
        id: true,
        pupilId: true,
        applicantLastName: true,
        applicantFirstName: true,
        applicantMiddleName: true,
        applicantEmail: true,
      },
    }),
    client.guardianLink.findMany({
      where: { pupilId: { in: pupilIds }, guardianId: { not: guardianId } },
      select: { pupilId: true, guardian: { select: { lastName: true, firstName: true, middleName: true, email: true } } },
    }),
  ])
  // A name that fits another guardian of the same child too (a middle name left out: «Иванов Сергей» for a father
  // «Сергей Петрович» and a grown son «Сергей Сергеевич») does not tell whose it is; the e-mail address given on it
  // does when it is this guardian's alone. Otherwise it is nobody's by its name (staff link it to an account).
  const mail = (address: string) => address.trim().toLowerCase()
  const inTheirName = unlinked
    .filter((a) => {
      const name = { lastName: a.applicantLastName, firstName: a.applicantFirstName, middleName: a.applicantMiddleName }
      if (!sameName(g, name)) return false
      const namesakes = others.filter((o) => o.pupilId === a.pupilId && sameName(o.guardian, name))
      if (!namesakes.length) return true
      const given = mail(a.applicantEmail)
      return given !== '' && given === mail(g.email) && !namesakes.some((o) => mail(o.guardian.email) === given)
    })
    .map((a) => a.id)
  return {
    where: { schoolId: g.schoolId, OR: [{ guardianId }, { id: { in: inTheirName } }] },
    timeZone: g.school.timeZone,
  }
}

const OWN_COLUMNS = {
  id: true,
  statusToken: true,
  receiptNumber: true,
  receivedAt: true,
  channel: true,
  pupilName: true,
  className: true,
  status: true,
  registrationNumber: true,
  registeredAt: true,
} satisfies Prisma.ApplicationSelect

function ownRow(a: Prisma.ApplicationGetPayload<{ select: typeof OWN_COLUMNS }>, timeZone: string) {
  return {
    id: a.id,
    token: a.statusToken,
    receiptNumber: a.receiptNumber,
    receivedAt: formatReceivedAt(a.receivedAt, a.channel, timeZone),
    pupil: `${a.pupilName}, ${a.className}`,
    statusText: applicantStatusText(a.status as ApplicationStatus, {
      registrationNumber: a.registrationNumber,
      registeredAt: a.registeredAt,
      timeZone,
    }),
  }
}

/**
 * A guardian's own applications, newest first, a page at a time (keyset on receipt time and id, utils/keyset: stable
 * while applications arrive); `next` is the cursor of the following page, or null. A forged cursor is the first page.
 */
export async function listApplicationsOfGuardian(
  guardianId: string,
  opts: { pupilId?: string; take?: number; after?: string | null } = {},
) {
  const own = await ownedBy(guardianId)
  if (!own) return { rows: [], next: null }
  const take = opts.take ?? 50
  const found = await db.application.findMany({
    where: { AND: [own.where, opts.pupilId ? { pupilId: opts.pupilId } : {}, after('receivedAt', opts.after)] },
    orderBy: keysetOrder('receivedAt'),
    take: take + 1,
    select: OWN_COLUMNS,
  })
  const { rows, next } = pageOf(found, take, (a) => a.receivedAt)
  return { rows: rows.map((a) => ownRow(a, own.timeZone)), next }
}

/**
 * A new private link for every application the account's guardian sees as their own (`ownedBy`), inside the caller's
 * transaction; the number replaced. After a compromise report whoever had the password may have copied the links
 * from the parent's list: an old link then opens nothing (no status, no answer documents, no withdrawal).
 */
export async function replaceOwnStatusLinks(tx: Prisma.TransactionClient, userId: string): Promise<number> {
  const guardian = await tx.guardian.findUnique({ where: { userId }, select: { id: true } })
  const own = guardian ? await ownedBy(guardian.id, tx) : null
  if (!own) return 0
  const apps = await tx.application.findMany({ where: own.where, select: { id: true } })
  for (const a of apps) await tx.application.update({ where: { id: a.id }, data: { statusToken: newStatusToken() } })
  return apps.length
}

/** The guardian's own application by id, or null (another family's id is «not found»). */
export async function getApplicationOfGuardian(guardianId: string, applicationId: string) {
  const own = await ownedBy(guardianId)
  if (!own) return null
  const a = await db.application.findFirst({ where: { AND: [own.where, { id: applicationId }] }, select: OWN_COLUMNS })
  return a ? ownRow(a, own.timeZone) : null
}

export function findByIdempotencyKey(key: string) {
  return db.application.findUnique({ where: { idempotencyKey: key } })
}

/** An application filed through /api/v1 by this same client: another client's id is «not found». */
export function getPortalApplication(schoolId: string, apiClientId: string, id: string) {
  return db.application.findFirst({ where: { id, schoolId, channel: 'portal', apiClientId } })
}

/** The portal API's answer for one application: ISO instants with the school's offset. */
export async function getApiView(app: Application, baseUrl: string, now = new Date()) {
  const school = await db.school.findUniqueOrThrow({ where: { id: app.schoolId }, select: { timeZone: true } })
  const tz = school.timeZone
  const iso = (d: Date | null) => (d ? toIsoWithOffset(d, tz) : null)
  const status = app.status as ApplicationStatus
  const events = await db.applicationEvent.findMany({ where: { applicationId: app.id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })
  const deadlines = await deadlinesOf(app, tz, now, null)
  return {
    id: app.id,
    receiptNumber: app.receiptNumber,
    status,
    statusText: applicantStatusText(status, { registrationNumber: app.registrationNumber, registeredAt: app.registeredAt, timeZone: tz }),
    receivedAt: iso(app.receivedAt),
    registrationDue: iso(app.registrationDue),
    registrationNumber: app.registrationNumber,
    registeredAt: iso(app.registeredAt),
    deadlines: Object.fromEntries(
      deadlines.map((d) => [d.key, { due: d.dueIso, projected: d.projected, rule: d.rule, ...(d.answer ? { answer: d.answer } : {}) }]),
    ),
    history: historyOf(events, tz).map(({ at, status: s, text, details, invalid }) => ({ at, status: s, text, details, invalid })),
    statusUrl: `${baseUrl}/s/${app.statusToken}`,
  }
}

/** /apply?pupil=… for a signed-in parent: their own data, and the child's only when the child is theirs. */
export async function getApplyPrefill(guardianId: string, pupilId: string | null) {
  const g = await db.guardian.findUnique({ where: { id: guardianId } })
  if (!g) return null
  const link = pupilId
    ? await db.guardianLink.findFirst({ where: { guardianId, pupilId }, include: { pupil: { include: { class: true } } } })
    : null
  const p = link?.pupil
  return {
    applicant: {
      lastName: g.lastName,
      firstName: g.firstName,
      middleName: g.middleName,
      postalAddress: g.postalAddress,
      postcode: splitPostcode(g.postalAddress).postcode,
      email: g.email,
      phone: g.phone,
    },
    pupil: p ? { lastName: p.lastName, firstName: p.firstName, middleName: p.middleName, className: p.class.name } : {},
    delivery: g.email ? 'email' : '',
  }
}
