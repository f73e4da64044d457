// Letters that may or may not have reached the mail server (ADR 113). A letter is handed to SMTP only after its row says
// so (OutboxJob.sendStartedAt, committed first). A row found 'running' with that mark once its lease ran out was cut off
// by a crash while the server may already have accepted it; a connection that broke after the whole letter went out is
// the same doubt. Such a letter is never sent again by itself: it becomes 'unsure'. Then the school's mailbox (IMAP,
// the one the product reads) is searched for its Message-ID in every folder — a server that keeps copies of sent mail
// keeps them there — and a copy found settles it as sent. Otherwise the administrator decides on the outbox page:
// «Отправить ещё раз» or «Письмо ушло», each recorded in the audit trail in the transaction that makes it.
import type { NodemailerError } from 'nodemailer'
import { db } from '#app/utils/db.server'
import { auditRow } from '#app/models/audit.server'
import { OperationError } from '#app/operations/errors'
import { readJobPayload } from '#app/jobs/payloads'
import type { ImapSettings } from './config.server'
import { imapClient, mailboxOf } from './mailboxes.server'
import { markDeliveryEmailed, SEND_EMAIL, wipeSecretAttachments } from './queue-email.server'
import { takeStreamed } from './transport.server'
import { isWithdrawnApplicantLetter, WITHDRAWN_REFUSAL } from './withdrawn-letters.server'

export const UNSURE = 'unsure'
/** A mailbox that could not be searched is tried again after this long; a copy not found yet is looked for again then. */
const RECHECK_MS = 10 * 60_000
/**
 * ADR 119: a letter whose connection dropped after its text went out is first searched for this long after: a server
 * files its copy of what it accepted a little later, not in the millisecond the line broke.
 */
export const FIRST_LOOK_MS = 60_000
/**
 * The whole search of a pass, however the mailbox answers (ADR 119): a mailbox that greets and then goes silent held a
 * pass for the 30 s of its socket's silence, every ten minutes. On expiry the connection is closed and the search is
 * the next one's, ten minutes later.
 */
const SEARCH_BUDGET_MS = 15_000

const UNSURE_CHECKING = 'Ищем копию письма в почтовом ящике школы.'
/** After the first search found nothing: the server may not have filed its copy yet — searched once more, later. */
const COPY_NOT_YET = 'Копии письма пока нет: почтовый сервер мог ещё не положить её в папку.'
const DROPPED = 'Неизвестно, ушло ли письмо: связь с почтовым сервером оборвалась после передачи письма, до его ответа.'
export const UNSURE_NO_MAILBOX =
  'Почтовый ящик школы не подключён, проверить нельзя. Узнайте у получателя или в папке «Отправленные» и решите: ' +
  '«Отправить ещё раз» или «Письмо ушло».'
export const UNSURE_NOT_FOUND =
  'В папках почтового ящика школы копии письма нет (не все почтовые серверы хранят отправленное). Узнайте у получателя ' +
  'и решите: «Отправить ещё раз» или «Письмо ушло».'

/** The reason of a letter whose connection broke after its text went out (a crash's is CUT_OFF_MESSAGE). */
export const DROPPED_MESSAGE = `${DROPPED} ${UNSURE_CHECKING}`

/**
 * A failed send after which the server may still have the letter: its whole text went into the connection and the
 * server gave no answer (a 4xx/5xx answer — even after the data — means it refused it, a clean failure).
 */
export function maybeAccepted(error: unknown, messageId: string): boolean {
  const streamed = takeStreamed(messageId)
  const e = error as NodemailerError
  return streamed && !e?.responseCode
}

/**
 * A school's mailbox that does not answer must not hold the letters up for long: ImapFlow's own defaults wait 90 s for a
 * connection and for the greeting, and 5 min for a silent socket.
 */
const IMAP_SEARCH_TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 }

/**
 * The Message-IDs found in any folder of the mailbox (INBOX, Sent, …), one SEARCH per folder for all of them; null when
 * a clean stop began before every folder was searched. Throws when the mailbox cannot be read.
 */
async function foundInMailbox(imap: ImapSettings, messageIds: string[], stopped: () => boolean): Promise<Map<string, string> | null> {
  const found = new Map<string, string>()
  const client = imapClient(imap, IMAP_SEARCH_TIMEOUTS)
  client.on('error', (error: Error) => console.error('IMAP:', error.message))
  const search = async () => {
    await client.connect()
    try {
      // The folder where the server keeps sent mail first; then every other one a copy may have been moved to.
      const folders = (await client.list()).filter((f) => !f.flags.has('\\Noselect') && !f.flags.has('\\NonExistent'))
      folders.sort((a, b) => Number(b.specialUse === '\\Sent') - Number(a.specialUse === '\\Sent'))
      const wanted = new Map(messageIds.map((id) => [bareId(id), id]))
      for (const folder of folders) {
        const left = messageIds.filter((id) => !found.has(id))
        if (!left.length) break
        if (stopped() || expired) return null
        const lock = await client.getMailboxLock(folder.path, { readOnly: true })
        try {
          const uids = await client.search({ or: left.map((id) => ({ header: { 'message-id': id } })) }, { uid: true })
          if (uids && uids.length) {
            // The server matches by substring: the letters' own headers say which of the ids each one carries.
            for (const message of await client.fetchAll(uids, { envelope: true }, { uid: true })) {
              const id = wanted.get(bareId(message.envelope?.messageId ?? ''))
              if (id && !found.has(id)) found.set(id, folder.path)
            }
          }
        } finally {
          lock.release()
        }
      }
    } finally {
      if (!expired) await client.logout().catch(() => {})
    }
    return found
  }
  // However slowly the mailbox answers (a byte now and then keeps the socket's own timeout from firing), the search
  // ends within its budget: the connection is closed and the mailbox counts as unreadable this time (ADR 119).
  let expired = false
  let deadline: NodeJS.Timeout | undefined
  const budget = new Promise<never>((_resolve, reject) => {
    deadline = setTimeout(() => {
      expired = true
      client.close()
      reject(new Error(`поиск не уложился в ${SEARCH_BUDGET_MS / 1000} с`))
    }, SEARCH_BUDGET_MS)
  })
  const work = search()
  work.catch(() => {})
  try {
    return await Promise.race([work, budget])
  } finally {
    clearTimeout(deadline)
  }
}

const bareId = (messageId: string) => messageId.trim().replace(/^<|>$/g, '')

/** Marks a letter sent, and its Delivery emailed; only while it is still 'unsure'. */
async function markSent(tx: Pick<typeof db, 'outboxJob' | 'delivery'>, row: { id: string; payload: string }, response: string) {
  // ADR 019: the server has the letter; a password it carried is no longer kept in the row.
  const wiped = wipeSecretAttachments(row.payload)
  const { count } = await tx.outboxJob.updateMany({
    where: { id: row.id, status: UNSURE },
    data: {
      status: 'done',
      doneAt: new Date(),
      lastError: '',
      result: JSON.stringify({ response }),
      leaseOwner: null,
      ...(wiped ? { payload: wiped } : {}),
    },
  })
  if (count !== 1) return false
  await markDeliveryEmailed(tx, readJobPayload(SEND_EMAIL, row.payload))
  return true
}

/**
 * Looks for the copies of the 'unsure' letters whose check is due (`runAt`), school by school: found — sent; not found
 * — left to the administrator (no further search); the mailbox unreachable — tried again in ten minutes.
 */
export async function settleUnsureLetters(
  now = new Date(),
  stopped: () => boolean = () => false,
): Promise<{ found: number; left: number }> {
  const due = await db.outboxJob.findMany({
    where: { kind: SEND_EMAIL, status: UNSURE, runAt: { lte: now }, lastError: { endsWith: UNSURE_CHECKING } },
    select: { id: true, payload: true, schoolId: true, messageId: true, lastError: true },
  })
  let found = 0
  let left = 0
  const schools = [...new Set(due.map((r) => r.schoolId))]
  for (const schoolId of schools) {
    if (stopped()) break
    const rows = due.filter((r) => r.schoolId === schoolId)
    const ids = rows.map((r) => r.messageId ?? readJobPayload(SEND_EMAIL, r.payload).messageId)
    const mailbox = schoolId ? await mailboxOf(schoolId) : null
    let copies: Map<string, string> | null = null
    if (mailbox) {
      try {
        copies = await foundInMailbox(mailbox.imap, ids, stopped)
        // A clean stop began midway: the rest of the search is the next run's.
        if (!copies) break
      } catch (error) {
        console.error(`Почтовый ящик школы недоступен, поиск копий писем отложен: ${error instanceof Error ? error.message : error}`)
      }
    }
    for (const [i, row] of rows.entries()) {
      const folder = copies?.get(ids[i])
      if (folder) {
        // The job and its Delivery in one step: a stop between them would leave the letter sent and its Delivery not.
        if (await db.$transaction((tx) => markSent(tx, row, `копия письма найдена в папке «${folder}» почтового ящика школы`))) found++
        continue
      }
      left++
      const why = row.lastError.replace(UNSURE_CHECKING, '').replace(COPY_NOT_YET, '').trim()
      // A mailbox that could not be read is searched again later; a copy not found at the first search is looked for
      // once more ten minutes later (ADR 119); then a decision waits for the administrator (the reason no longer ends
      // with «ищем копию»: not searched again).
      const data =
        mailbox && !copies
          ? { runAt: new Date(now.getTime() + RECHECK_MS) }
          : mailbox && !row.lastError.includes(COPY_NOT_YET)
            ? { runAt: new Date(now.getTime() + RECHECK_MS), lastError: `${why} ${COPY_NOT_YET} ${UNSURE_CHECKING}` }
            : { lastError: `${why} ${mailbox ? UNSURE_NOT_FOUND : UNSURE_NO_MAILBOX}` }
      await db.outboxJob.updateMany({ where: { id: row.id, status: UNSURE }, data })
    }
  }
  return { found, left }
}

type Decider = { schoolId: string; userId: string; ip?: string }

/** «Отправить ещё раз»: the administrator judged the letter lost; it goes back to the queue with a fresh count. */
export async function resendUnsureLetter(user: Decider, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    // ADR 119: a letter to the applicant of a withdrawn application is not sent again: went, or cancelled.
    const row = await tx.outboxJob.findFirst({ where: { id, schoolId: user.schoolId, kind: SEND_EMAIL, status: UNSURE } })
    if (row && (await isWithdrawnApplicantLetter(tx, readJobPayload(SEND_EMAIL, row.payload))))
      throw new OperationError(WITHDRAWN_REFUSAL, 409)
    const { count } = await tx.outboxJob.updateMany({
      where: { id, schoolId: user.schoolId, kind: SEND_EMAIL, status: UNSURE },
      data: { status: 'pending', runAt: new Date(), attempts: 0, lastError: '', sendStartedAt: null },
    })
    if (count !== 1) throw new OperationError('Письмо уже не ждёт решения: обновите страницу', 409)
    await tx.auditEvent.create({ data: auditRow({ ...user, action: 'resend-unsure:outgoing-mail', entity: 'OutboxJob', entityId: id }) })
  })
}

/** «Письмо ушло»: the administrator learned the letter arrived (the recipient said so, a copy in the sent mail). */
export async function confirmUnsureLetterSent(user: Decider, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.outboxJob.findFirst({ where: { id, schoolId: user.schoolId, kind: SEND_EMAIL, status: UNSURE } })
    if (!row || !(await markSent(tx, row, 'отмечено администратором: письмо дошло'))) {
      throw new OperationError('Письмо уже не ждёт решения: обновите страницу', 409)
    }
    await tx.auditEvent.create({ data: auditRow({ ...user, action: 'confirm-sent:outgoing-mail', entity: 'OutboxJob', entityId: id }) })
  })
}

/** The letters of a school that wait for the administrator's decision (the admin page's warning). */
export async function countUnsureLetters(schoolId: string): Promise<number> {
  return db.outboxJob.count({ where: { schoolId, kind: SEND_EMAIL, status: UNSURE } })
}
