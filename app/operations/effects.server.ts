import type { Prisma } from '#app/generated/prisma/client'
import { wipeSecretAttachments } from '#app/mail/queue-email.server'
import { jobPayload, type JobKind } from '#app/jobs/payloads'
import type { ApplicationEffect, ApplicationEvent } from '#workflows/application.machine'

type Tx = Prisma.TransactionClient

type Cause = { applicationId: string; effect: ApplicationEffect; event: ApplicationEvent['type'] }

/**
 * Effects that become outbox jobs, run by the worker after the transaction commits (at least once). Each payload
 * is checked against its kind's schema (app/jobs/payloads.ts) as it is written.
 */
const JOBS: Partial<Record<ApplicationEffect, (c: Cause, event: ApplicationEvent) => { kind: JobKind; payload: string }>> = {
  queueAcceptanceRefusalNotice: (c) => ({ kind: 'document', payload: jobPayload('document', { ...c, template: 'otkaz-v-prieme' }) }),
  queueRefusalNotice: (c) => ({ kind: 'document', payload: jobPayload('document', { ...c, template: 'otkaz-v-predostavlenii' }) }),
  queueExtract: (c) => ({ kind: 'document', payload: jobPayload('document', { ...c, template: 'vypiska' }) }),
  queueCredentialsLetter: (c) => ({ kind: 'credentials', payload: jobPayload('credentials', c) }),
  queueCorrectionRequest: (c, e) => ({
    kind: 'notify-applicant',
    payload: jobPayload('notify-applicant', { ...c, reason: 'correction', items: e.type === 'REQUEST_CORRECTION' ? e.items : [] }),
  }),
  notifyApplicant: (c, e) => ({ kind: 'notify-applicant', payload: jobPayload('notify-applicant', { ...c, reason: e.type }) }),
  notifyResponsible: (c, e) => ({
    kind: 'notify-staff',
    payload: jobPayload('notify-staff', { ...c, role: 'responsible', reason: e.type }),
  }),
  notifyDirector: (c, e) => ({ kind: 'notify-staff', payload: jobPayload('notify-staff', { ...c, role: 'director', reason: e.type }) }),
}

/**
 * Where each of the machine's effects is carried out. `satisfies Record<ApplicationEffect, …>`: an effect added to
 * the machine without a handler does not compile (issue 20.10 found three that did nothing).
 */
const EFFECT_HANDLERS = {
  issueRegistrationNumber: 'transition.server.ts: the registration-log row',
  setDeliveryDeadline: 'transition.server.ts: deadlineColumns (workflows/deadlines.ts)',
  setReviewDeadline: 'transition.server.ts: deadlineColumns (workflows/deadlines.ts)',
  recordLogResult: 'transition.server.ts: the result column of the registration log',
  cancelPendingDelivery: 'queueEffects: pending letters and documents cancelled',
  queueAcceptanceRefusalNotice: 'JOBS: document',
  queueRefusalNotice: 'JOBS: document',
  queueExtract: 'JOBS: document',
  queueCredentialsLetter: 'JOBS: credentials',
  queueCorrectionRequest: 'JOBS: notify-applicant',
  notifyApplicant: 'JOBS: notify-applicant',
  notifyResponsible: 'JOBS: notify-staff',
  notifyDirector: 'JOBS: notify-staff',
} as const satisfies Record<ApplicationEffect, string>
void EFFECT_HANDLERS

/**
 * ADR 119: what waits to reach the applicant is cancelled in the transaction that withdraws the application (or stops
 * its extracts): the documents and credentials not yet made, the notices not yet written, the letters waiting or failed
 * (a failed one would go if the administrator pressed «Отправить снова»). A letter being sent is left to its sender; an
 * 'unsure' one keeps waiting for the administrator's decision («Письмо ушло» or «Не отправлять»; not sent again).
 */
async function cancelWaiting(tx: Tx, applicationId: string, reason: string) {
  const kinds = ['document', 'credentials', 'notify-applicant', 'send-email']
  const waiting = {
    applicationId,
    OR: [
      { status: 'pending', kind: { in: kinds } },
      { status: 'failed', kind: 'send-email' },
    ],
  }
  // ADR 019: a cancelled letter with a one-time password keeps no copy of it.
  for (const row of await tx.outboxJob.findMany({ where: { ...waiting, kind: 'send-email' }, select: { id: true, payload: true } })) {
    const wiped = wipeSecretAttachments(row.payload)
    if (wiped) await tx.outboxJob.update({ where: { id: row.id }, data: { payload: wiped } })
  }
  await tx.outboxJob.updateMany({ where: waiting, data: { status: 'cancelled', lastError: reason } })
  // A paper extract prepared but not yet handed over or posted is not to be sent either.
  await tx.delivery.updateMany({ where: { applicationId, status: 'prepared' }, data: { status: 'cancelled' } })
}

/**
 * Writes the outbox rows of one transition inside its transaction. The idempotency key names the application,
 * the version the transition produced and the effect, so a retried request can never queue a letter twice.
 */
export async function queueEffects(
  tx: Tx,
  app: { id: string; schoolId: string },
  version: number,
  effects: ApplicationEffect[],
  event: ApplicationEvent,
) {
  const applicationId = app.id
  for (const effect of effects) {
    if (effect === 'cancelPendingDelivery') {
      await cancelWaiting(
        tx,
        applicationId,
        event.type === 'STOP_PERIODIC' ? 'периодическое предоставление прекращено' : 'заявление отозвано',
      )
      continue
    }
    const job = JOBS[effect]?.({ applicationId, effect, event: event.type }, event)
    if (!job) continue
    await tx.outboxJob.create({
      data: {
        kind: job.kind,
        payload: job.payload,
        idempotencyKey: `${applicationId}:v${version}:${effect}`,
        applicationId,
        schoolId: app.schoolId,
      },
    })
  }
}
