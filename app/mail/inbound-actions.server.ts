// What the responsible employee does with an incoming letter: make it an application (Порядок 2.6, 3.2: the
// registration clock runs from the moment the letter reached the school's mailbox), refuse to accept it
// (Порядок 3.1.1, with grounds), or set it aside as not an application.
import { db } from '#app/utils/db.server'
import type { Prisma } from '#app/generated/prisma/client'
import type { OperationActor } from '#app/operations/actor'
import { OperationError } from '#app/operations/errors'
import { receiveApplication } from '#app/operations/receive-application.server'
import { recordAudit } from '#app/models/audit.server'
import { inboundRefusalLetter } from './compose.server'
import { renderHtml, renderText } from './letter'
import { schoolSignature } from './letter-context.server'
import { queueEmail } from './queue-email.server'
import { cleanLine } from '#app/utils/text'
import { schoolOwnAddresses } from './mailboxes.server'
import { mailApplicant } from './prefill'

const uploadsPrefix = (inboundId: string) => `uploads/mail/${inboundId}/`

async function openItem(schoolId: string, inboundId: string) {
  const item = await db.inboundMessage.findFirst({ where: { id: inboundId, schoolId } })
  if (!item) throw new OperationError('Письмо не найдено', 404)
  return item
}

type InboundItem = Awaited<ReturnType<typeof openItem>>

/**
 * The address of a forwarded letter's sender when the employee answers there (ADR 098: only they can tell that the
 * parent forwarded their own letter): read again from the stored letter, never from the form; refused when the letter
 * has no such hint. The choice is audited with both addresses.
 */
async function forwardedAddress(item: InboundItem, schoolId: string): Promise<string> {
  const hint = mailApplicant(item, await schoolOwnAddresses(schoolId)).hint
  if (!hint) throw new OperationError('В письме нет пересланного письма с другим адресом: ответ уйдёт отправителю письма', 400)
  return hint.address
}

async function auditForwardedChoice(
  args: { schoolId: string; actor: OperationActor; ip?: string },
  item: InboundItem,
  address: string,
  applicationId?: string,
  tx: Pick<typeof db, 'auditEvent'> = db,
) {
  await recordAudit(
    {
      schoolId: args.schoolId,
      userId: args.actor.userId,
      action: 'choose:forwarded-applicant',
      entity: 'InboundMessage',
      entityId: item.id,
      ip: args.ip,
      data: { envelope: item.fromAddress, forwarded: address, ...(applicationId ? { applicationId } : {}) },
    },
    tx,
  )
}

/** The form's values with the applicant's e-mail replaced (the values are checked by ApplicationSchema later). */
function withApplicantEmail(data: unknown, email: string): unknown {
  if (!data || typeof data !== 'object') return data
  const applicant = (data as { applicant?: unknown }).applicant
  return { ...data, applicant: { ...(applicant && typeof applicant === 'object' ? applicant : {}), email } }
}

/**
 * The letter becomes the application's: its row, and the files it brought. Only a letter still new — one refused or set
 * aside by another employee meanwhile is not taken over (the application's transaction rolls back with it).
 */
async function fileInbound(tx: Prisma.TransactionClient, inboundId: string, applicationId: string): Promise<void> {
  const { count } = await tx.inboundMessage.updateMany({
    where: { id: inboundId, OR: [{ status: 'new' }, { status: 'application', applicationId }] },
    data: { status: 'application', applicationId },
  })
  if (count !== 1) throw new OperationError('Это письмо уже разобрано: заявление из него создать нельзя', 409)
  await tx.application.update({ where: { id: applicationId }, data: { inboundMessageId: inboundId } })
  await tx.upload.updateMany({ where: { storagePath: { startsWith: uploadsPrefix(inboundId) } }, data: { applicationId } })
}

/**
 * `forwarded`: the employee checked that the forwarded letter's sender is the applicant (a parent's forward from
 * their own other address) — the application's e-mail is that sender's address, whatever the form's field held.
 */
export async function createApplicationFromInbound(args: {
  schoolId: string
  inboundId: string
  data: unknown
  actor: OperationActor
  now?: Date
  forwarded?: boolean
  ip?: string
}) {
  const item = await openItem(args.schoolId, args.inboundId)
  if (item.status === 'application' && item.applicationId) return db.application.findUniqueOrThrow({ where: { id: item.applicationId } })
  if (item.status !== 'new') throw new OperationError('Это письмо уже разобрано: заявление из него создать нельзя', 409)
  const chosen = args.forwarded ? await forwardedAddress(item, args.schoolId) : null
  // The letter is filed in the application's own transaction: a crash between the two (a separate transaction before)
  // left an application with its acknowledgement sent while the inbox still offered the letter as new — to be refused
  // or set aside, a second answer to one letter. Now both or neither.
  const { application, created } = await receiveApplication({
    schoolId: args.schoolId,
    channel: 'email',
    data: chosen ? withApplicantEmail(args.data, chosen) : args.data,
    actor: args.actor,
    now: args.now,
    receivedAt: item.internalDate, // INTERNALDATE: when the letter reached the school's mailbox
    idempotencyKey: `inbound:${item.id}`,
    inTransaction: async (tx, applicationId) => {
      await fileInbound(tx, item.id, applicationId)
      if (chosen) await auditForwardedChoice(args, item, chosen, applicationId, tx)
    },
  })
  // Made before the letter was filed with it (a crash then, before this change): filed now.
  if (!created)
    await db.$transaction(async (tx) => {
      await fileInbound(tx, item.id, application.id)
      if (chosen) await auditForwardedChoice(args, item, chosen, application.id, tx)
    })
  return { ...application, inboundMessageId: item.id }
}

/**
 * Порядок 3.1.1: the applicant is told the grounds; a written notice signed by the director only on request.
 * `forwarded`: to the forwarded letter's sender, as the employee checked (see createApplicationFromInbound).
 */
export async function refuseInbound(args: {
  schoolId: string
  inboundId: string
  grounds: string[]
  actor: OperationActor
  ip?: string
  forwarded?: boolean
}) {
  const item = await openItem(args.schoolId, args.inboundId)
  if (item.status !== 'new') throw new OperationError('Это письмо уже разобрано', 409)
  const grounds = args.grounds.map((g) => cleanLine(g).trim()).filter(Boolean)
  if (grounds.length === 0)
    throw new OperationError('Укажите основания отказа в приёме документов', 400, { grounds: 'Укажите хотя бы одно основание' })
  const { signature, timeZone } = await schoolSignature(db, args.schoolId)
  // The applicant's address as the form's prefill reads it: the envelope sender, the parent's when the school forwarded
  // the letter itself, none when only the school's own address is known.
  const to = args.forwarded
    ? await forwardedAddress(item, args.schoolId)
    : mailApplicant(item, await schoolOwnAddresses(args.schoolId)).address
  const letter = inboundRefusalLetter({ receivedAt: item.internalDate, timeZone, subject: item.subject, grounds, signature })
  // ADR 124: the refusal, its letter and its audit rows in one transaction — the audit written after the commit was lost
  // to a crash or a database gone between, leaving a refusal nobody could be named for.
  await db.$transaction(async (tx) => {
    await settleItem(tx, item.id, 'refused')
    if (to) {
      await queueEmail(tx, {
        schoolId: args.schoolId,
        to,
        subject: letter.subject,
        text: renderText(letter),
        html: renderHtml(letter),
        idempotencyKey: `inbound:${item.id}:refusal`,
        ...(item.messageId.endsWith('@no-message-id>') ? {} : { inReplyTo: item.messageId, references: [item.messageId] }),
      })
    }
    await recordAudit(
      {
        schoolId: args.schoolId,
        userId: args.actor.userId,
        action: 'refuse:inbound-mail',
        entity: 'InboundMessage',
        entityId: item.id,
        ip: args.ip,
        data: { grounds },
      },
      tx,
    )
    if (args.forwarded && to) await auditForwardedChoice(args, item, to, undefined, tx)
  })
}

/** A new letter settled (refused, set aside); one another employee settled meanwhile is not settled twice. */
async function settleItem(tx: Prisma.TransactionClient, inboundId: string, status: 'refused' | 'ignored'): Promise<void> {
  const { count } = await tx.inboundMessage.updateMany({ where: { id: inboundId, status: 'new' }, data: { status } })
  if (count !== 1) throw new OperationError('Это письмо уже разобрано', 409)
}

export async function ignoreInbound(args: { schoolId: string; inboundId: string; actor: OperationActor; ip?: string }) {
  const item = await openItem(args.schoolId, args.inboundId)
  if (item.status !== 'new') throw new OperationError('Это письмо уже разобрано', 409)
  await db.$transaction(async (tx) => {
    await settleItem(tx, item.id, 'ignored')
    await recordAudit(
      {
        schoolId: args.schoolId,
        userId: args.actor.userId,
        action: 'ignore:inbound-mail',
        entity: 'InboundMessage',
        entityId: item.id,
        ip: args.ip,
      },
      tx,
    )
  })
}

/**
 * The files of a letter in the letter's order: by the number their stored name begins with («10-…» after «9-…»). The
 * path's text order put a scanned page 10 after page 1 and before page 2.
 */
export async function uploadsOfInbound(inboundId: string) {
  const uploads = await db.upload.findMany({ where: { storagePath: { startsWith: uploadsPrefix(inboundId) } } })
  const position = (storagePath: string) => Number(/(\d+)-[^/]*$/.exec(storagePath)?.[1] ?? Number.MAX_SAFE_INTEGER)
  return uploads.sort((a, b) => position(a.storagePath) - position(b.storagePath) || a.storagePath.localeCompare(b.storagePath))
}
