// Sends the 'send-email' outbox rows through the pooled SMTP transport. Its own loop rather than an entry of
// OUTBOX_HANDLERS (app/jobs/outbox.server.ts), because a letter needs three outcomes the generic runner cannot express:
// held (SMTP not configured: not claimed, no attempt spent), permanent refusal (5xx: failed at once) and
// retry with backoff. Claiming, backoff and stuck-job recovery are the outbox's own (ADR 010).
import { db } from '#app/utils/db.server'
import type { NodemailerError, SendMailOptions, SMTPPoolSentMessageInfo } from 'nodemailer'
import { backoffMs, claimJob, finishJob, keepLease, recoverStuckJobs } from '#app/jobs/outbox-claims.server'
import type { Task } from '#app/jobs/worker.server'
import { readJobPayload } from '#app/jobs/payloads'
import { isSmtpConfigured, mailSettings } from './config.server'
import { markDeliveryEmailed, SEND_EMAIL, wipeSecretAttachments, type EmailPayload } from './queue-email.server'
import { forgetStreamed, getTransport, POOL_CONNECTIONS } from './transport.server'
import { returnPaths } from './mailboxes.server'
import { WORKER_ID } from '#app/jobs/lease.server'
import { DROPPED_MESSAGE, FIRST_LOOK_MS, maybeAccepted, settleUnsureLetters, UNSURE } from './unsure-letters.server'
import { isWithdrawnApplicantLetter, WITHDRAWN_LETTER } from './withdrawn-letters.server'

export const HELD_MESSAGE = 'SMTP не настроен: письмо ждёт в очереди'
export const MAX_ATTEMPTS = 8

export type SendSummary = { sent: number; retry: number; failed: number; held: number; unsure: number; cancelled: number }
type Outcome = 'sent' | 'retry' | 'failed' | 'unsure' | 'cancelled' | 'skipped'
type DueJob = { id: string; attempts: number; payload: string; schoolId: string | null }

/** Rows waiting for SMTP say so in the viewer; they keep status 'pending' and spend no attempts. */
async function markHeld(): Promise<number> {
  await db.outboxJob.updateMany({ where: { kind: SEND_EMAIL, status: 'pending', lastError: '' }, data: { lastError: HELD_MESSAGE } })
  return db.outboxJob.count({ where: { kind: SEND_EMAIL, status: 'pending' } })
}

async function attachmentsOf(payload: EmailPayload): Promise<NonNullable<SendMailOptions['attachments']>> {
  const out: NonNullable<SendMailOptions['attachments']> = []
  for (const a of payload.attachments ?? []) {
    if ('storedDocumentId' in a) {
      const doc = await db.storedDocument.findUnique({
        where: { id: a.storedDocumentId },
        select: { fileName: true, mime: true, content: true },
      })
      if (!doc) throw Object.assign(new Error(`Вложение не найдено: документ ${a.storedDocumentId} удалён`), { permanent: true })
      out.push({ filename: doc.fileName, content: Buffer.from(doc.content), contentType: doc.mime })
    } else if ('wipedAt' in a) {
      // ADR 019: the letter's password was wiped; a new letter means new credentials, not this row again.
      throw Object.assign(new Error(`Вложение «${a.fileName}» с паролем стёрто: сформируйте реквизиты доступа заново`), { permanent: true })
    } else {
      out.push({ filename: a.fileName, content: Buffer.from(a.contentBase64, 'base64'), contentType: a.contentType })
    }
  }
  return out
}

/** `returnPath`: the envelope sender when the letter's school has its own mailbox (ADR 069); else MAIL_FROM's. */
export async function messageOf(payload: EmailPayload, returnPath?: string): Promise<SendMailOptions> {
  return {
    from: mailSettings().from,
    ...(returnPath ? { envelope: { from: returnPath, to: payload.to } } : {}),
    to: payload.to,
    subject: payload.subject,
    text: payload.text,
    html: payload.html,
    messageId: payload.messageId,
    inReplyTo: payload.inReplyTo,
    references: payload.references,
    // RFC 3834: tells autoresponders not to answer our letters (and mail loops never start).
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    attachments: await attachmentsOf(payload),
  }
}

export function describeSmtpError(error: unknown): string {
  const e = error as NodemailerError
  if (e?.response) return `Сервер ответил: ${e.response}`
  if (e?.code === 'EAUTH') return `SMTP-сервер не принял имя пользователя или пароль: ${e.message}`
  if (e?.code && ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS'].includes(e.code))
    return `Нет связи с SMTP-сервером (${e.code}): ${e.message}`
  return e instanceof Error ? e.message : String(error)
}

async function sendOne(job: DueJob, now: Date, returnPath: string | undefined): Promise<Outcome> {
  if (!(await claimJob(job.id))) return 'skipped'
  const attempts = job.attempts + 1
  let payload: EmailPayload
  try {
    payload = readJobPayload(SEND_EMAIL, job.payload)
  } catch (error) {
    // A row that is not a letter can never become one: it fails at once, with the field named (payloads.ts).
    await db.outboxJob.update({
      where: { id: job.id },
      data: { status: 'failed', lastError: error instanceof Error ? error.message : String(error) },
    })
    return 'failed'
  }
  // ADR 119: the last look before the server sees it — a letter to the applicant of an application withdrawn since it
  // was queued does not go.
  if (await isWithdrawnApplicantLetter(db, payload)) {
    const wiped = wipeSecretAttachments(job.payload)
    await finishJob(job.id, { status: 'cancelled', lastError: WITHDRAWN_LETTER, ...(wiped ? { payload: wiped } : {}) })
    return 'cancelled'
  }
  let message: SendMailOptions
  try {
    message = await messageOf(payload, returnPath)
  } catch (error) {
    return failBeforeSending(job, payload, attempts, now, error)
  }
  // ADR 113: the attempt is on record before the server sees the letter. A crash from here on leaves the row 'running'
  // with this mark, and the letter is then not sent again by itself (it may be at the server): it becomes 'unsure'.
  const startedAt = new Date()
  const { count } = await db.outboxJob.updateMany({
    where: { id: job.id, status: 'running', leaseOwner: WORKER_ID },
    data: { sendStartedAt: startedAt },
  })
  if (count !== 1) return 'skipped'
  const messageId = message.messageId ?? ''
  // A mark left by an earlier send of the same letter (the administrator's «Отправить ещё раз») is not this attempt's.
  forgetStreamed(messageId)
  let info: SMTPPoolSentMessageInfo
  try {
    info = await keepLease(job.id, () => getTransport().sendMail(message))
  } catch (error) {
    if (maybeAccepted(error, messageId)) {
      // The whole letter went out and the connection broke before the server's answer: it may have been accepted.
      // Its copy is looked for in the school's mailbox a minute later, when the server has had time to file it (ADR 119).
      await finishJob(job.id, { status: UNSURE, lastError: DROPPED_MESSAGE, runAt: new Date(now.getTime() + FIRST_LOOK_MS) })
      return 'unsure'
    }
    return failBeforeSending(job, payload, attempts, now, error)
  } finally {
    forgetStreamed(messageId)
  }
  // The server has the letter from here on: a failure to record it is never a failure to send it (that path would put
  // the row back in the queue and the parent would get the letter again a minute later).
  const result = {
    response: info.response,
    accepted: info.accepted,
    rejected: info.rejected,
    messageId: info.messageId,
    serverMessageId: info.serverMessageId,
  }
  // ADR 019: the server has the letter; a password it carried is no longer kept in the row.
  const wiped = wipeSecretAttachments(job.payload)
  let recorded = false
  try {
    await keepLease(job.id, () =>
      recordAccepted(async () => {
        // This attempt's row, still running — or 'unsure' already: another instance took this live send's lease for run
        // out (its clock ahead, renewals that failed). The server's «250» settles that doubt. A row the administrator
        // decided on meanwhile (sent again: no mark; «Письмо ушло»: done) is not this attempt's to record.
        if (!recorded) {
          const { count } = await db.outboxJob.updateMany({
            where: { id: job.id, status: { in: ['running', UNSURE] }, sendStartedAt: startedAt },
            data: {
              status: 'done',
              doneAt: new Date(),
              result: JSON.stringify(result),
              lastError: '',
              leaseOwner: null,
              ...(wiped ? { payload: wiped } : {}),
            },
          })
          if (count !== 1) return
          recorded = true
        }
        // Written again on a retry it is the same.
        await markDeliveryEmailed(db, payload)
      }),
    )
  } catch (error) {
    // The row keeps its claim: when the lease runs out it becomes 'unsure' (ADR 113), never sent again by itself.
    console.error(
      `Письмо ${job.id} принято почтовым сервером, но отметить его отправленным не удалось: ` +
        `${error instanceof Error ? error.message : String(error)}`,
    )
    return recorded ? 'sent' : 'unsure'
  }
  if (!recorded) {
    console.error(`Письмо ${job.id} принято почтовым сервером, но администратор уже решил его судьбу: ответ сервера не записан.`)
    return 'skipped'
  }
  return 'sent'
}

/** A refusal or a failure before the server could have the letter: back to the queue with backoff, or failed for good. */
async function failBeforeSending(job: DueJob, payload: EmailPayload, attempts: number, now: Date, error: unknown): Promise<Outcome> {
  const message = describeSmtpError(error)
  const permanent = (error as NodemailerError)?.permanent === true
  const final = permanent || attempts >= MAX_ATTEMPTS
  const wiped = final ? wipeSecretAttachments(job.payload) : null
  await finishJob(
    job.id,
    final
      ? { status: 'failed', lastError: message, sendStartedAt: null, ...(wiped ? { payload: wiped } : {}) }
      : { status: 'pending', lastError: message, sendStartedAt: null, runAt: new Date(now.getTime() + backoffMs(attempts)) },
  )
  if (final && payload.deliveryId)
    await db.delivery.updateMany({ where: { id: payload.deliveryId }, data: { status: 'failed', lastError: message } })
  return final ? 'failed' : 'retry'
}

/** Pauses between the tries of recording an accepted letter (each try on a busy SQLite file waits its 10 s too). */
const RECORD_PAUSES_MS = [250, 1_000, 3_000]

/** Runs the record of an accepted letter again after any database error, a few times, then gives the error up. */
async function recordAccepted(record: () => Promise<void>): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      return await record()
    } catch (error) {
      if (i >= RECORD_PAUSES_MS.length) throw error
      await new Promise((resolve) => setTimeout(resolve, RECORD_PAUSES_MS[i]))
    }
  }
}

/**
 * Sends the due letters, POOL_CONNECTIONS at a time; `now` decides what is due (tests skip the backoff with it). Once
 * `stopped` says a clean stop has begun, the letters in flight finish and no other is claimed: a backlog of 200 at a
 * second each would outlast the grace period, and the process cut mid-letter sends that letter again (ADR 010, 025).
 */
export async function sendDueEmails(
  now = new Date(),
  limit = 200,
  stopped: () => boolean = () => false,
  searchAfter = true,
): Promise<SendSummary> {
  const summary: SendSummary = { sent: 0, retry: 0, failed: 0, held: 0, unsure: 0, cancelled: 0 }
  if (!isSmtpConfigured()) {
    summary.held = await markHeld()
    return summary
  }
  await recoverStuckJobs(now)
  const due = await db.outboxJob.findMany({
    where: { kind: SEND_EMAIL, status: 'pending', runAt: { lte: now } },
    orderBy: { createdAt: 'asc' },
    take: limit,
    select: { id: true, attempts: true, payload: true, schoolId: true },
  })
  const returnPath = due.length ? await returnPaths() : new Map<string, string>()
  let next = 0
  const lane = async () => {
    while (next < due.length && !stopped()) {
      const job = due[next++]
      const outcome = await sendOne(job, now, job.schoolId ? returnPath.get(job.schoolId) : undefined)
      if (outcome !== 'skipped') summary[outcome]++
    }
  }
  await Promise.all(Array.from({ length: Math.min(POOL_CONNECTIONS, due.length) }, lane))
  // After the letters, not before: a school's mailbox that does not answer holds up only this search (ADR 113).
  if (searchAfter && !stopped()) await settleUnsureLetters(now, stopped)
  return summary
}

/** The worker's search for the copies of 'unsure' letters, while one runs (ADR 119). */
let searching: Promise<unknown> | null = null

/**
 * The worker's letters' pass. The search of the school's mailbox for the 'unsure' letters runs beside the passes, one
 * at a time, not inside them: a slow mailbox delays no letter, not even for the search's own bounded time (ADR 119).
 */
async function mailSendPass(now: Date, stopped: () => boolean = () => false): Promise<SendSummary> {
  const summary = await sendDueEmails(now, 200, stopped, false)
  if (!searching && !stopped() && isSmtpConfigured()) {
    searching = settleUnsureLetters(now, stopped)
      .catch((error) => console.error('Поиск копий писем в почтовом ящике школы не выполнен:', error))
      .finally(() => {
        searching = null
      })
  }
  return summary
}

export const mailSendTask: Task = { name: 'mail-send', queue: true, run: mailSendPass, beside: async () => searching }
