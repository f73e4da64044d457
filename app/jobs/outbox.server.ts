// The outbox worker: jobs written in the same transaction as the change that caused them are run here,
// at least once. Handlers must be idempotent (they key everything they write by the job's idempotency key).
// Every handler is listed here by its job kind (ADR 018, 062): a module never registers itself on import, which the
// production build ("sideEffects": false) would drop. 'send-email' rows have their own loop (app/mail/send-email).
import { db, dbProvider } from '#app/utils/db.server'
import { isPdfEnabled, pdfWorkers } from '#app/documents/pdf.server'
import type { OutboxJob } from '#app/generated/prisma/client'
import { notifyApplicant, notifyStaff } from '#app/mail/outbox-mail.server'
import { notifyFinalMarks } from '#app/mail/final-marks-notice.server'
import type { Task } from './worker.server'
import { backoffMs, claimJob, finishJob, keepLease, recoverStuckJobs } from './outbox-claims.server'
import { runCredentialsJob, runDocumentJob } from './generate-documents.server'
import { readJobPayload, type JobKind, type JobPayload } from './payloads'

type OutboxHandler<K extends JobKind> = (job: OutboxJob, payload: JobPayload<K>) => Promise<string | void>
type HandledKind = Exclude<JobKind, 'send-email'>

/** The handler gets the payload checked against its kind's schema (payloads.ts); a row that fails it fails the job. */
const OUTBOX_HANDLERS: { [K in HandledKind]: OutboxHandler<K> } = {
  document: runDocumentJob,
  credentials: runCredentialsJob,
  'notify-applicant': (job, payload) => notifyApplicant(job.idempotencyKey, payload),
  'notify-staff': (job, payload) => notifyStaff(job.idempotencyKey, payload),
  'notify-final-marks': (job, payload) => notifyFinalMarks(job.idempotencyKey, payload),
}
const HANDLED = Object.keys(OUTBOX_HANDLERS) as HandledKind[]
const MAX_ATTEMPTS = 8

function runHandler(job: OutboxJob): Promise<string | void> {
  const kind = job.kind as HandledKind
  const handler = OUTBOX_HANDLERS[kind] as OutboxHandler<HandledKind>
  return handler(job, readJobPayload(kind, job.payload))
}

/** The job kinds that have a handler, sorted. */
export function outboxHandlerKinds(): string[] {
  return [...HANDLED].sort()
}

async function runJob(job: OutboxJob, now: Date): Promise<void> {
  try {
    const result = await keepLease(job.id, () => runHandler(job))
    await finishJob(job.id, { status: 'done', doneAt: new Date(), result: result ?? '', lastError: '' })
  } catch (error) {
    const attempts = job.attempts + 1
    const message = error instanceof Error ? error.message : String(error)
    await finishJob(
      job.id,
      attempts >= MAX_ATTEMPTS
        ? { status: 'failed', lastError: message }
        : { status: 'pending', lastError: message, runAt: new Date(now.getTime() + backoffMs(attempts)) },
    )
  }
}

/**
 * Runs due jobs of the kinds that have handlers; returns how many ran. A job claimed by another worker is skipped.
 * With PDF copies on and PostgreSQL, as many jobs run side by side as there are warm LibreOffice processes (ADR 074),
 * so the documents' conversions are spread over them; otherwise one at a time — on SQLite every query shares one
 * connection, and a job's write issued while the other lane's transaction is open would be undone with it. Once
 * `stopped` says so, no further job is claimed (a clean stop waits only for the jobs already running).
 */
export async function runOutbox(now = new Date(), limit = 50, stopped: () => boolean = () => false): Promise<number> {
  await recoverStuckJobs(now)
  const due = await db.outboxJob.findMany({
    where: { status: 'pending', runAt: { lte: now }, kind: { in: HANDLED } },
    orderBy: { createdAt: 'asc' },
    take: limit,
  })
  let ran = 0
  let next = 0
  const lane = async () => {
    while (next < due.length && !stopped()) {
      const job = due[next++]
      if (!(await claimJob(job.id))) continue
      ran++
      await runJob(job, now)
    }
  }
  const lanes = isPdfEnabled() && dbProvider() === 'postgresql' ? pdfWorkers() : 1
  await Promise.all(Array.from({ length: Math.min(lanes, due.length) }, lane))
  return ran
}

export const outboxTask: Task = { name: 'outbox', queue: true, run: (now, stopped) => runOutbox(now, 50, stopped) }
