import type { Prisma } from '#app/generated/prisma/client'
import { wipeSecretAttachments } from '#app/mail/queue-email.server'
import { jobPayload, readJobPayload, type JobKind } from '#app/jobs/payloads'
import { isApplicantLetter } from '#app/mail/withdrawn-letters.server'
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
 * its extracts): the credentials not yet made, the notices not yet written, the applicant's letters waiting or failed
 * (a failed one would go if the administrator pressed «Отправить снова»). Letters to staff are not touched. A letter
 * being sent is left to its sender; an 'unsure' one keeps waiting for the administrator's decision («Письмо ушло» or
 * «Не отправлять»; not sent again). A document decided before the withdrawal (a refusal the director signed) is still
 * made and kept in the file: its job stores it with the Delivery cancelled (arrangeDelivery); stopping periodic
 * extracts cancels the extracts not yet made.
 */
async function cancelWaiting(tx: Tx, applicationId: string, reason: string, withdrawal: boolean) {
  const kinds = withdrawal ? ['credentials', 'notify-applicant'] : ['document', 'credentials', 'notify-applicant']
  await tx.outboxJob.updateMany({
    where: { applicationId, status: 'pending', kind: { in: kinds } },
    data: { status: 'cancelled', lastError: reason },
  })
  const app = await tx.application.findUniqueOrThrow({ where: { id: applicationId }, select: { applicantEmail: true } })
  const letters = await tx.outboxJob.findMany({
    where: { applicationId, kind: 'send-email', status: { in: ['pending', 'failed'] } },
    select: { id: true, payload: true },
  })
  for (const row of letters) {
    if (!isApplicantLetter(readJobPayload('send-email', row.payload), app.applicantEmail)) continue
    // ADR 019: a cancelled letter with a one-time password keeps no copy of it.
    const wiped = wipeSecretAttachments(row.payload)
    await tx.outboxJob.updateMany({
      where: { id: row.id, status: { in: ['pending', 'failed'] } },
      data: { status: 'cancelled', lastError: reason, ...(wiped ? { payload: wiped } : {}) },
    })
  }
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
        event.type !== 'STOP_PERIODIC',
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
