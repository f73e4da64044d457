// Hand-overs of documents to the applicant (Delivery rows): in person, by post, by e-mail, and each periodic
// extract. Rows are keyed (idempotencyKey), so a repeated click or a retried job never makes a second one.
// The workflow state itself changes only through the operations; these rows are the post-room's record, and a
// hand-over's rows are written inside the transaction of its step (app/operations/hand-over.server.ts).
import { db } from '#app/utils/db.server'
import type { Prisma } from '#app/generated/prisma/client'
import { startOfLocalDay, endOfLocalDay, type LocalDay } from '#workflows/time'

export type DeliveryChannel = 'in_person' | 'post' | 'email'
export const HANDED_STATUS: Record<DeliveryChannel, string> = { in_person: 'handed', post: 'posted', email: 'emailed' }
export const DELIVERY_STATUS_LABELS: Record<string, string> = {
  prepared: 'подготовлено',
  handed: 'вручено лично',
  posted: 'отправлено почтой',
  emailed: 'отправлено по эл. почте',
  failed: 'не удалось',
  cancelled: 'отменено',
}
export const DELIVERY_KIND_LABELS: Record<string, string> = {
  extract: 'выписка',
  'refusal-notice': 'уведомление об отказе',
  'acceptance-refusal-notice': 'уведомление об отказе в приёме',
  credentials: 'реквизиты доступа',
  'periodic-extract': 'очередная выписка',
}

/** The key of the single answer of an application (the extract, or the refusal notice). */
export const answerKey = (applicationId: string, kind: 'extract' | 'refusal-notice') => `${applicationId}:${kind}`
export const periodicKey = (applicationId: string, day: LocalDay) => `${applicationId}:periodic:${day}`

type Prepare = {
  applicationId: string
  key: string
  kind: string
  channel: string
  dueAt?: Date | null
  periodFrom?: string | null
  periodTo?: string | null
}
/** Writes of hand-overs take the transaction of the step they belong to (issue 20.4): never the bare client. */
type Tx = Prisma.TransactionClient

/** Creates the row once; a second call returns the first row unchanged. */
async function prepareDelivery(tx: Tx, p: Prepare) {
  return tx.delivery.upsert({
    where: { idempotencyKey: p.key },
    create: {
      applicationId: p.applicationId,
      idempotencyKey: p.key,
      kind: p.kind,
      channel: p.channel,
      dueAt: p.dueAt ?? null,
      periodFrom: p.periodFrom ?? null,
      periodTo: p.periodTo ?? null,
    },
    update: {},
  })
}

type HandOver = { deliveredAt: Date; recipient?: string; trackingNumber?: string; recordedBy: string; channel: string }

const handedData = (h: HandOver) => ({
  status: HANDED_STATUS[h.channel as DeliveryChannel] ?? 'handed',
  deliveredAt: h.deliveredAt,
  recipient: h.recipient?.trim() ?? '',
  trackingNumber: h.trackingNumber?.trim() ?? '',
  recordedBy: h.recordedBy,
  lastError: '',
})

/**
 * Records the hand-over of one prepared row (a periodic extract) inside the step's transaction; returns false when
 * the row is no longer prepared (marked meanwhile by someone else), so the step can be refused.
 */
export async function recordHandOver(tx: Tx, applicationId: string, deliveryId: string, h: HandOver): Promise<boolean> {
  const updated = await tx.delivery.updateMany({ where: { id: deliveryId, applicationId, status: 'prepared' }, data: handedData(h) })
  return updated.count === 1
}

/** Marks rows the system itself has sent (e-mailed letters) as recorded in the procedure, inside the step. */
export async function markRecordedBy(tx: Tx, deliveryIds: string[], recordedBy: string) {
  await tx.delivery.updateMany({ where: { id: { in: deliveryIds }, recordedBy: '' }, data: { recordedBy } })
}

/**
 * Records the hand-over of the answer inside the step's transaction: every not yet handed row of these kinds that
 * the document generator made (an extract and a credentials letter may go together). With no row yet, one is made
 * under `fallbackKey`.
 */
export async function recordAnswerHandOver(
  tx: Tx,
  a: HandOver & { applicationId: string; kinds: readonly string[]; fallbackKey: string; fallbackKind: string },
) {
  const rows = await tx.delivery.findMany({
    where: { applicationId: a.applicationId, kind: { in: [...a.kinds] }, status: { in: ['prepared', 'failed', 'emailed'] } },
    select: { id: true },
  })
  if (rows.length === 0) {
    await prepareDelivery(tx, { applicationId: a.applicationId, key: a.fallbackKey, kind: a.fallbackKind, channel: a.channel })
    await tx.delivery.update({ where: { idempotencyKey: a.fallbackKey }, data: handedData(a) })
    return
  }
  await tx.delivery.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: handedData(a) })
}

export { ANSWER_KINDS } from './answer-kinds'

/** Whether a letter of these kinds is still waiting to be e-mailed (prepared, not yet sent or failed). */
export async function hasQueuedLetter(applicationId: string, kinds: readonly string[], client: Tx = db): Promise<boolean> {
  return (await client.delivery.count({ where: { applicationId, kind: { in: [...kinds] }, channel: 'email', status: 'prepared' } })) > 0
}

export async function getDelivery(applicationId: string, deliveryId: string) {
  return db.delivery.findFirst({ where: { id: deliveryId, applicationId } })
}

const withApplication = {
  application: {
    select: {
      id: true,
      registrationNumber: true,
      applicantLastName: true,
      applicantFirstName: true,
      applicantMiddleName: true,
      applicantPostalAddress: true,
      applicantPostcode: true,
      pupilName: true,
      className: true,
    },
  },
} as const

/** The day's postal list: letters waiting to be posted, and those posted on that day (with tracking numbers). */
export async function listPostList(schoolId: string, day: LocalDay, timeZone: string) {
  return db.delivery.findMany({
    where: {
      channel: 'post',
      application: { schoolId },
      // A prepared letter of an application already answered (recorded before the generator finished) is not posted.
      OR: [
        { status: 'prepared', application: { status: { in: ['delivering', 'refused', 'active'] } } },
        { status: 'posted', deliveredAt: { gte: startOfLocalDay(day, timeZone), lte: endOfLocalDay(day, timeZone) } },
      ],
    },
    include: withApplication,
    orderBy: [{ status: 'asc' }, { preparedAt: 'asc' }],
  })
}

/** Periodic paper extracts of a class waiting to be printed and handed over (Положение 4.3.9). */
export async function listPaperBatch(schoolId: string, className: string) {
  return db.delivery.findMany({
    where: {
      kind: 'periodic-extract',
      status: { in: ['prepared', 'failed'] },
      channel: { in: ['in_person', 'post'] },
      application: { schoolId, className, status: 'active' },
    },
    include: withApplication,
    orderBy: [{ dueAt: 'asc' }],
  })
}
