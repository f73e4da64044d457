// Every letter is an outbox row ('send-email'), written in the caller's transaction. The row's Message-ID is
// derived from its idempotency key, so whatever happens later, every copy of this letter carries the same id
// (docs/decisions/010-mail-exactly-once.md).
import { createHash } from 'node:crypto'
import { parseEmail } from '#workflows/email'
import type { Prisma, PrismaClient } from '#app/generated/prisma/client'
import { jobPayload, readJobPayload, type JobPayload } from '#app/jobs/payloads'
import { mailSettings } from './config.server'
import { isWithdrawnApplicantLetter, WITHDRAWN_LETTER } from './withdrawn-letters.server'

type Tx = Prisma.TransactionClient | PrismaClient

export type EmailAttachment =
  | { storedDocumentId: string }
  /** `secret`: holds a one-time password (the credentials letter) — wiped from the row once the letter is settled. */
  | { fileName: string; contentBase64: string; contentType: string; secret?: true }
  /** A secret attachment after the server accepted the letter (or it failed for good, or was cancelled). */
  | { fileName: string; wipedAt: string }

/**
 * ADR 019: a letter carrying a one-time password keeps it only until the mail server accepts it (or the letter fails
 * for good or is cancelled); then the attachment is wiped from the outbox row. Returns the new payload JSON, or null
 * when the row carries no secret.
 */
export function wipeSecretAttachments(payloadJson: string, now = new Date()): string | null {
  const payload = readJobPayload(SEND_EMAIL, payloadJson)
  if (!payload.attachments?.some((a) => 'secret' in a && a.secret)) return null
  payload.attachments = payload.attachments.map((a) =>
    'secret' in a && a.secret ? { fileName: a.fileName, wipedAt: now.toISOString() } : a,
  )
  return JSON.stringify(payload)
}

export type QueueEmailInput = {
  /** The school the letter is sent for: its administrator (and nobody else's) sees it in the mail viewer (ADR 044). */
  schoolId: string
  to: string | string[]
  subject: string
  text: string
  html?: string
  attachments?: EmailAttachment[]
  applicationId?: string | null
  /** Stable for this letter: the same key never queues a second letter. */
  idempotencyKey: string
  /** A Delivery row to mark 'emailed' / 'failed' when the letter is sent or bounces. */
  deliveryId?: string
  inReplyTo?: string
  references?: string[]
  /** Send no earlier than this (default: now). */
  runAt?: Date
  /** ADR 119: a letter of an application to its applicant or to staff — a withdrawal cancels only the applicant's. */
  audience?: 'applicant' | 'staff'
}

/** The 'send-email' row's payload; its schema is in app/jobs/payloads.ts. */
export type EmailPayload = JobPayload<'send-email'>

export const SEND_EMAIL = 'send-email'

/** The letter's Delivery (when it carries one) is e-mailed: the server took it. Written again it is the same. */
export async function markDeliveryEmailed(tx: Pick<Tx, 'delivery'>, payload: Pick<EmailPayload, 'deliveryId' | 'to'>): Promise<void> {
  if (!payload.deliveryId) return
  await tx.delivery.updateMany({
    where: { id: payload.deliveryId },
    data: { status: 'emailed', deliveredAt: new Date(), recipient: payload.to.join(', '), lastError: '' },
  })
}
const ROW_PREFIX = 'email:'

export function rowKeyOf(idempotencyKey: string): string {
  return idempotencyKey.startsWith(ROW_PREFIX) ? idempotencyKey : `${ROW_PREFIX}${idempotencyKey}`
}

/** `<32 hex of sha256(row key)@school-domain>`: the same row always produces the same Message-ID. */
export function messageIdFor(idempotencyKey: string): string {
  const hash = createHash('sha256').update(rowKeyOf(idempotencyKey)).digest('hex').slice(0, 32)
  return `<${hash}@${mailSettings().messageIdDomain}>`
}

/**
 * Queues one letter. Call it inside the transaction that causes the letter; calling it again with the same
 * idempotency key returns the row already queued and writes nothing.
 */
export async function queueEmail(tx: Tx, input: QueueEmailInput): Promise<{ jobId: string; messageId: string; created: boolean }> {
  const key = rowKeyOf(input.idempotencyKey)
  const messageId = messageIdFor(key)
  const existing = await tx.outboxJob.findUnique({ where: { idempotencyKey: key }, select: { id: true } })
  if (existing) return { jobId: existing.id, messageId, created: false }
  const typed = (Array.isArray(input.to) ? input.to : [input.to]).map((a) => a.trim()).filter(Boolean)
  // Sent as the reader cleans it: an address stored as «mailto:…», with a trailing dot or a pasted no-break space.
  const parsed = typed.map(parseEmail)
  const to = parsed.flatMap((p) => (p.ok ? [p.email] : []))
  if (typed.length === 0 || to.length !== typed.length) throw new Error(`Неверный адрес получателя: ${typed.join(', ') || '(пусто)'}`)
  const payload: EmailPayload = {
    applicationId: input.applicationId ?? null,
    to,
    subject: input.subject,
    text: input.text,
    html: input.html,
    attachments: input.attachments ?? [],
    deliveryId: input.deliveryId,
    inReplyTo: input.inReplyTo,
    references: input.references,
    messageId,
    ...(input.audience ? { audience: input.audience } : {}),
  }
  // ADR 119: a job that ran while its application was being withdrawn queues its letter to the applicant after the
  // withdrawal cancelled the waiting ones: the row is kept (the administrator sees why), cancelled, without a password.
  const withdrawn = await isWithdrawnApplicantLetter(tx, payload)
  const json = jobPayload(SEND_EMAIL, payload)
  const job = await tx.outboxJob.create({
    data: {
      kind: SEND_EMAIL,
      payload: withdrawn ? (wipeSecretAttachments(json) ?? json) : json,
      ...(withdrawn ? { status: 'cancelled', lastError: WITHDRAWN_LETTER } : {}),
      idempotencyKey: key,
      schoolId: input.schoolId,
      applicationId: input.applicationId ?? null,
      messageId: messageId.toLowerCase(), // the lookup's form (findLetters): a relay may change the domain's case
      ...(input.runAt ? { runAt: input.runAt } : {}),
    },
    select: { id: true },
  })
  return { jobId: job.id, messageId, created: true }
}
