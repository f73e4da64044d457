// An answer asked for by e-mail, handed over another way (Порядок 3.1.3 gives the 30 days, not the channel's
// convenience): printed and handed in person, posted, or sent by an employee by hand from the school's mailbox —
// when SMTP is not configured, or the letter bounced. The step (DELIVER, or NOTICE_DELIVERED for a refusal
// notice), the Delivery rows and the cancellation of the queued letters commit together through the one door, so
// a cancelled letter can never go out later and a hand-over is never recorded while its letter still leaves.
// ADR 029.
import type { Prisma } from '#app/generated/prisma/client'
import { db } from '#app/utils/db.server'
import { ANSWER_KINDS } from '#app/models/answer-kinds'
import { HANDED_STATUS, type DeliveryChannel } from '#app/models/deliveries.server'
import { SEND_EMAIL } from '#app/mail/queue-email.server'
import { readJobPayload } from '#app/jobs/payloads'
import type { OperationActor } from './actor'
import { OperationError } from './errors'
import { transitionApplication, type Tx } from './transition.server'
import { clip } from '#app/utils/text'

type DeliverOtherwiseInput = {
  applicationId: string
  schoolId: string
  actor: OperationActor
  expectedVersion?: number
  now?: Date
  channel: DeliveryChannel
  deliveredAt: Date
  recipient?: string
  trackingNumber?: string
  reason: string
}

type Waiting = keyof typeof ANSWER_KINDS

/** The answer's letters still waiting (or failed / returned): cancelled, with the reason; one being sent refuses. */
async function cancelAnswerLetters(tx: Tx, applicationId: string, deliveryIds: string[], reason: string) {
  const letters = await tx.outboxJob.findMany({
    // The indexed column (issue 14), not a search of every letter's JSON for the application's id.
    // An 'unsure' letter (ADR 113) waits for the administrator's decision: the answer given otherwise settles it.
    where: { kind: SEND_EMAIL, status: { in: ['pending', 'running', 'unsure'] }, applicationId },
    select: { id: true, status: true, payload: true },
  })
  const answer = letters.filter((l) => deliveryIds.includes(readJobPayload(SEND_EMAIL, l.payload).deliveryId ?? ''))
  if (answer.some((l) => l.status === 'running')) {
    throw new OperationError(
      'Письмо с ответом прямо сейчас отправляется. Обновите страницу через минуту: если сервер его примет, предоставление отметится само.',
      409,
    )
  }
  if (answer.length) {
    await tx.outboxJob.updateMany({
      where: { id: { in: answer.map((l) => l.id) }, status: { in: ['pending', 'unsure'] } },
      data: { status: 'cancelled', lastError: clip(`Отменено: ответ передан иначе (${reason})`, 1000) },
    })
  }
  return answer.length
}

export async function deliverOtherwise(input: DeliverOtherwiseInput) {
  const reason = input.reason.trim()
  const recipient = input.recipient?.trim() || undefined
  const deliveredAt = input.deliveredAt.toISOString()
  const within = async (tx: Tx, app: { id: string; status: string; delivery: string }) => {
    if (app.delivery !== 'email')
      throw new OperationError('Ответ по этому заявлению и так передаётся не по электронной почте: отметьте вручение обычным образом', 400)
    const kinds: readonly string[] = ANSWER_KINDS[app.status as Waiting] ?? []
    const rows = await tx.delivery.findMany({
      where: { applicationId: app.id, kind: { in: [...kinds] }, status: { in: ['prepared', 'failed', 'emailed'] } },
      select: { id: true },
    })
    if (rows.length === 0) throw new OperationError('Документы ответа ещё формируются: обновите страницу через минуту', 409)
    await cancelAnswerLetters(
      tx,
      app.id,
      rows.map((r) => r.id),
      reason,
    )
    const data: Prisma.DeliveryUpdateManyMutationInput = {
      channel: input.channel,
      status: HANDED_STATUS[input.channel],
      deliveredAt: input.deliveredAt,
      recipient: recipient ?? '',
      trackingNumber: input.trackingNumber?.trim() ?? '',
      recordedBy: input.actor.name,
      lastError: clip(`Передано иначе, не по электронной почте: ${reason}`, 1000),
    }
    await tx.delivery.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data })
  }
  const target = {
    applicationId: input.applicationId,
    schoolId: input.schoolId,
    actor: input.actor,
    expectedVersion: input.expectedVersion,
    now: input.now,
    within,
  }
  const common = { deliveredAt, channel: input.channel, recipient, instead: 'email' as const, reason }
  // The status decides the step: the refusal notice once refused, the answer otherwise (the machine refuses the
  // rest in Russian). A change in between is caught by the version check inside the door.
  const current = await db.application.findFirst({ where: { id: input.applicationId, schoolId: input.schoolId }, select: { status: true } })
  if (!current) throw new OperationError('Заявление не найдено', 404)
  return transitionApplication({
    ...target,
    event: current.status === 'refused' ? { type: 'NOTICE_DELIVERED', ...common } : { type: 'DELIVER', ...common },
  })
}
