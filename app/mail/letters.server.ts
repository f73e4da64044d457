// Our outgoing letters, found by their Message-ID (the 'send-email' row's indexed column): replies attach
// to their application, bounces mark the letter failed. Only the letters of the school whose mailbox (or whose
// employee's upload) brought the reply or the bounce (ADR 069): the Message-IDs share one domain across the
// installation, and a letter arriving in school A's mailbox must never attach to, fail or reopen school B's.
import type { Prisma, PrismaClient } from '#app/generated/prisma/client'
import { jobPayload, readJobPayload } from '#app/jobs/payloads'
import { SEND_EMAIL } from './queue-email.server'
import { clip } from '#app/utils/text'

type Client = Prisma.TransactionClient | PrismaClient

export async function findLetters(client: Client, schoolId: string, messageIds: string[]) {
  const ids = [...new Set(messageIds.map((id) => id.trim().toLowerCase()).filter((id) => /^<[^<>\s]+>$/.test(id)))]
  if (ids.length === 0) return []
  const rows = await client.outboxJob.findMany({
    where: { kind: SEND_EMAIL, schoolId, messageId: { in: ids } },
    select: { id: true, status: true, payload: true, schoolId: true },
  })
  return rows.map((r) => ({ ...r, letter: readJobPayload(SEND_EMAIL, r.payload) }))
}

/**
 * The returned letter failed for good: the applicant did not get it. The outbox row and its Delivery row say so
 * (the viewer and the application page show «не доставлено» with the reason), and the responsible employee is
 * told by a notice keyed by the bounce, so a bounce stored twice tells once.
 */
export async function markLettersBounced(
  client: Client,
  messageIds: string[],
  reason: string,
  source: { inboundId: string; schoolId: string; now?: Date },
) {
  const letters = await findLetters(client, source.schoolId, messageIds)
  const lastError = clip(`Возврат: письмо не доставлено. ${reason}`, 1000)
  const notified = new Set<string>()
  for (const { id, letter, schoolId } of letters) {
    await client.outboxJob.update({ where: { id }, data: { status: 'failed', lastError } })
    if (letter.deliveryId)
      await client.delivery.updateMany({
        where: { id: letter.deliveryId, status: { in: ['prepared', 'emailed', 'failed'] } },
        data: { status: 'failed', lastError },
      })
    const applicationId = letter.applicationId
    if (applicationId && !notified.has(applicationId)) {
      notified.add(applicationId)
      await client.outboxJob.upsert({
        where: { idempotencyKey: `${source.inboundId}:${applicationId}:notify-bounce` },
        create: {
          kind: 'notify-staff',
          payload: jobPayload('notify-staff', { applicationId, role: 'responsible', reason: 'LETTER_BOUNCED' }),
          idempotencyKey: `${source.inboundId}:${applicationId}:notify-bounce`,
          schoolId,
        },
        update: {},
      })
    }
  }
  return letters
}
