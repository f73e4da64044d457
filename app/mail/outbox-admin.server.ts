// The administrator's view of outgoing letters: status, the server's reply or the reason of failure, retry
// and cancel. A sent letter is never re-sent from here: a second copy would be a second letter.
import { db } from '#app/utils/db.server'
import { after, keysetOrder, pageOf } from '#app/utils/keyset.server'
import { LIST_PAGE_SIZE } from '#app/utils/paging'
import { OperationError } from '#app/operations/errors'
import { readJobPayload } from '#app/jobs/payloads'
import { parseJobResult } from '#app/models/json-columns'
import { SEND_EMAIL, wipeSecretAttachments } from './queue-email.server'
import { HELD_MESSAGE } from './send-email.server'
import { LETTER_STATUSES, type LetterStatus } from './labels'
import { hideStatusLinks } from './status-links'
import { auditRow } from '#app/models/audit.server'
import { UNSURE } from './unsure-letters.server'
import { isWithdrawnApplicantLetter, WITHDRAWN_REFUSAL } from './withdrawn-letters.server'

const effective = (status: string, lastError: string) => (status === 'pending' && lastError === HELD_MESSAGE ? 'held' : status)

function serverReply(result: string): string {
  try {
    return parseJobResult(result).response ?? ''
  } catch {
    return ''
  }
}

/** A school's letters newest first, a page at a time (keyset on createdAt, id: ADR 048), with the count of each
 * state; every query is scoped by the administrator's school (ADR 044). */
export async function listLetters(schoolId: string, filter: { status?: string; take?: number; after?: string | null } = {}) {
  const status = LETTER_STATUSES.includes(filter.status as LetterStatus) ? filter.status : undefined
  const size = filter.take ?? LIST_PAGE_SIZE
  const [found, counts] = await Promise.all([
    db.outboxJob.findMany({
      where: { schoolId, kind: SEND_EMAIL, ...(status ? { status } : {}), ...after('createdAt', filter.after) },
      orderBy: keysetOrder('createdAt'),
      take: size + 1,
    }),
    db.outboxJob.groupBy({ by: ['status'], where: { schoolId, kind: SEND_EMAIL }, _count: { _all: true } }),
  ])
  const { rows, next } = pageOf(found, size, (r) => r.createdAt)
  return {
    next,
    counts: Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Partial<Record<LetterStatus, number>>,
    letters: rows.map((r) => {
      const p = readJobPayload(SEND_EMAIL, r.payload)
      return {
        id: r.id,
        status: effective(r.status, r.lastError),
        to: p.to.join(', '),
        subject: p.subject,
        applicationId: p.applicationId ?? null,
        attachments: p.attachments?.length ?? 0,
        attempts: r.attempts,
        lastError: r.lastError,
        createdAt: r.createdAt,
        doneAt: r.doneAt,
        runAt: r.runAt,
        reply: serverReply(r.result),
      }
    }),
  }
}

export async function getLetter(schoolId: string, id: string) {
  const row = await db.outboxJob.findFirst({ where: { id, schoolId, kind: SEND_EMAIL } })
  if (!row) return null
  const p = readJobPayload(SEND_EMAIL, row.payload)
  const docIds = (p.attachments ?? []).flatMap((a) => ('storedDocumentId' in a ? [a.storedDocumentId] : []))
  const docs = await db.storedDocument.findMany({
    where: { id: { in: docIds }, schoolId },
    select: { id: true, fileName: true, mime: true },
  })
  const attachments = (p.attachments ?? []).map((a) => {
    if ('wipedAt' in a) return { name: `${a.fileName} (с паролем — стёрто после отправки)`, type: '', missing: false }
    if (!('storedDocumentId' in a)) return { name: a.fileName, type: a.contentType, missing: false }
    const doc = docs.find((d) => d.id === a.storedDocumentId)
    return { name: doc?.fileName ?? a.storedDocumentId, type: doc?.mime ?? '', missing: !doc }
  })
  const app = p.applicationId
    ? await db.application.findFirst({
        where: { id: p.applicationId, schoolId },
        select: { registrationNumber: true, receiptNumber: true },
      })
    : null
  // The administrator reads the letter, not the application: its number as staff and the applicant know it.
  const application = app
    ? app.registrationNumber
      ? `№ ${app.registrationNumber} (квитанция ${app.receiptNumber})`
      : `квитанция ${app.receiptNumber}`
    : null
  return {
    id: row.id,
    status: effective(row.status, row.lastError),
    rawStatus: row.status,
    key: row.idempotencyKey,
    attempts: row.attempts,
    lastError: row.lastError,
    reply: serverReply(row.result),
    createdAt: row.createdAt,
    runAt: row.runAt,
    doneAt: row.doneAt,
    to: p.to,
    subject: p.subject,
    text: hideStatusLinks(p.text),
    html: hideStatusLinks(p.html ?? ''),
    messageId: p.messageId,
    inReplyTo: p.inReplyTo ?? '',
    applicationId: p.applicationId ?? null,
    application,
    // ADR 119: a letter to the applicant of a withdrawn application is not sent again (the page offers no «again»).
    withdrawn: await isWithdrawnApplicantLetter(db, p),
    // A cancelled 'unsure' letter may have gone: the page offers no «again» for it either.
    mayHaveGone: cancelledUnsure(row),
    attachments,
  }
}

/** Who acts on a letter: the audit row of the action is written in the transaction that makes it (ADR 119). */
type LetterActor = { userId?: string | null; ip?: string }

const auditLetter = (tx: Pick<typeof db, 'auditEvent'>, schoolId: string, by: LetterActor, action: string, id: string) =>
  tx.auditEvent.create({
    data: auditRow({ schoolId, userId: by.userId ?? null, action, entity: 'OutboxJob', entityId: id, ip: by.ip }),
  })

/**
 * Back to the queue now, with a fresh count of attempts. A letter to the applicant of a withdrawn application is not
 * sent again (ADR 119); an 'unsure' one has its own decision (unsure-letters.server.ts).
 */
export async function retryLetter(schoolId: string, id: string, by: LetterActor = {}) {
  await db.$transaction(async (tx) => {
    const row = await tx.outboxJob.findFirst({
      where: { id, schoolId, kind: SEND_EMAIL, status: { in: ['failed', 'pending', 'cancelled'] } },
      select: { payload: true, status: true, lastError: true },
    })
    if (!row) throw new OperationError('Письмо уже отправлено или отправляется — повторить нельзя', 409)
    if (cancelledUnsure(row)) throw new OperationError(MAY_HAVE_GONE, 409)
    if (await isWithdrawnApplicantLetter(tx, readJobPayload(SEND_EMAIL, row.payload))) throw new OperationError(WITHDRAWN_REFUSAL, 409)
    const { count } = await tx.outboxJob.updateMany({
      where: { id, schoolId, kind: SEND_EMAIL, status: { in: ['failed', 'pending', 'cancelled'] }, lastError: { not: UNSURE_CANCELLED } },
      data: { status: 'pending', runAt: new Date(), attempts: 0, lastError: '' },
    })
    if (count !== 1) throw new OperationError('Письмо уже отправлено или отправляется — повторить нельзя', 409)
    await auditLetter(tx, schoolId, by, 'retry:outgoing-mail', id)
  })
}

/**
 * Cancels a waiting or failed letter — or an 'unsure' one (ADR 119): the administrator decides it is not to go again
 * (an application withdrawn meanwhile, the answer given another way). Whether it reached the recipient stays unknown.
 */
export async function cancelLetter(schoolId: string, id: string, by: LetterActor = {}) {
  await db.$transaction(async (tx) => {
    const row = await tx.outboxJob.findFirst({
      where: { id, schoolId, kind: SEND_EMAIL, status: { in: CANCELLABLE } },
      select: { payload: true, status: true },
    })
    // ADR 019: a cancelled letter with a one-time password keeps no copy of it.
    const wiped = row ? wipeSecretAttachments(row.payload) : null
    const { count } = await tx.outboxJob.updateMany({
      where: { id, schoolId, kind: SEND_EMAIL, status: row?.status ?? { in: CANCELLABLE } },
      data: {
        status: 'cancelled',
        lastError: row?.status === UNSURE ? UNSURE_CANCELLED : 'отменено администратором',
        sendStartedAt: null,
        ...(wiped ? { payload: wiped } : {}),
      },
    })
    if (count !== 1) throw new OperationError('Письмо уже отправлено или отправляется — отменить нельзя', 409)
    await auditLetter(tx, schoolId, by, 'cancel:outgoing-mail', id)
  })
}

const CANCELLABLE = ['pending', 'failed', 'unsure']

/**
 * An 'unsure' letter the administrator cancelled («Не отправлять») may have reached its recipient: «Отправить снова»
 * would send it a second time, which ADR 113 allows only as the deliberate «Отправить ещё раз» of an unsure letter.
 */
const UNSURE_CANCELLED = 'отменено администратором; ушло ли письмо до отмены, неизвестно'
const MAY_HAVE_GONE =
  'Письмо отменено, когда было неизвестно, ушло ли оно: оно могло уже дойти до получателя, и повторная отправка пришла бы ' +
  'дважды. Если ответ всё же нужен, подготовьте новое письмо или передайте ответ другим способом.'
const cancelledUnsure = (row: { status: string; lastError: string | null }) =>
  row.status === 'cancelled' && row.lastError === UNSURE_CANCELLED
