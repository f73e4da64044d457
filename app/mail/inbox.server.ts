// The responsible employee's view of incoming letters.
import { promises as fs } from 'node:fs'
import { simpleParser } from 'mailparser'
import { db } from '#app/utils/db.server'
import { after, keysetOrder, pageOf } from '#app/utils/keyset.server'
import { LIST_PAGE_SIZE } from '#app/utils/paging'
import { readJobPayload } from '#app/jobs/payloads'
import { checkAttachments, dataPath } from './inbound-files.server'
import { intakeContent } from './intake-content.server'
import { uploadsOfInbound } from './inbound-actions.server'
import { INBOUND_STATUS_LABELS } from './labels'
import { hideStatusLinks } from './status-links'
import { withLegacyCharset } from './legacy-charset.server'

/** Incoming letters newest first, a page at a time (keyset on internalDate, id: ADR 048). */
export async function listInbound(schoolId: string, status?: string, cursor: string | null = null) {
  const where = { schoolId, ...(status && status in INBOUND_STATUS_LABELS ? { status } : {}), ...after('internalDate', cursor) }
  const [found, newCount] = await Promise.all([
    db.inboundMessage.findMany({
      where,
      orderBy: keysetOrder('internalDate'),
      take: LIST_PAGE_SIZE + 1,
      select: {
        id: true,
        internalDate: true,
        fromAddress: true,
        fromName: true,
        subject: true,
        kind: true,
        status: true,
        applicationId: true,
        source: true,
      },
    }),
    db.inboundMessage.count({ where: { schoolId, status: 'new' } }),
  ])
  const { rows: items, next } = pageOf(found, LIST_PAGE_SIZE, (m) => m.internalDate)
  return { items, newCount, next }
}

/**
 * The letters of one application: the one it was made from, the applicant's replies, the reports of our letters that
 * came back. The responsible employee is told «письмо прикреплено к заявлению»: here is where it is seen.
 */
export async function listApplicationLetters(schoolId: string, applicationId: string) {
  return db.inboundMessage.findMany({
    where: { schoolId, applicationId },
    orderBy: [{ internalDate: 'asc' }, { id: 'asc' }],
    select: { id: true, internalDate: true, subject: true, kind: true },
  })
}

/**
 * Attachments the letter carried but we refused (type, size), and what could not be unpacked: re-read from the
 * stored .eml for display only, through the same unpacking as the intake (forwarded letters, winmail.dat).
 */
async function refusedAttachments(rawPath: string, kind: string, timeZone: string) {
  if (!rawPath || (kind !== 'message' && kind !== 'reply')) return { refused: [], notes: [] }
  try {
    const parsed = await simpleParser(withLegacyCharset(await fs.readFile(dataPath(rawPath))), { skipHtmlToText: true })
    // Files and notes only: an attached Word document's text was read once, at intake, and stored with the letter.
    const content = await intakeContent(parsed, timeZone, { documents: false })
    return { refused: checkAttachments(content.files).refused, notes: content.notes }
  } catch {
    return { refused: [], notes: [] }
  }
}

export async function getInboundItem(schoolId: string, id: string) {
  const item = await db.inboundMessage.findFirst({ where: { id, schoolId } })
  if (!item) return null
  const school = await db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { timeZone: true } })
  const [uploads, { refused, notes }, application, letters] = await Promise.all([
    uploadsOfInbound(item.id),
    refusedAttachments(item.rawPath, item.kind, school.timeZone),
    item.applicationId
      ? db.application.findUnique({
          where: { id: item.applicationId },
          select: { id: true, receiptNumber: true, registrationNumber: true, status: true, applicantEmail: true },
        })
      : null,
    returnedLetters(item),
  ])
  return {
    // A reply or a bounce quotes the school's letter, status link and all (mail/status-links.ts).
    item: { ...item, text: hideStatusLinks(item.text) },
    uploads: uploads.map((u, n) => ({ n: n + 1, id: u.id, fileName: u.fileName, mime: u.mime, size: u.size })),
    refused,
    notes,
    application,
    letters,
  }
}

/** The school's letters a bounce returned (their outbox rows name the bounce in the staff notice's key). */
async function returnedLetters(item: { id: string; kind: string }) {
  if (item.kind !== 'bounce') return []
  const inboundId = item.id
  const notices = await db.outboxJob.findMany({
    where: { idempotencyKey: { startsWith: `${inboundId}:` }, kind: 'notify-staff' },
    select: { payload: true },
  })
  const ids = notices.map((n) => readJobPayload('notify-staff', n.payload)).flatMap((p) => ('applicationId' in p ? [p.applicationId] : []))
  if (ids.length === 0) return []
  return db.application.findMany({
    where: { id: { in: ids } },
    select: { id: true, receiptNumber: true, registrationNumber: true, status: true },
  })
}

/** The n-th stored attachment (1-based) or the raw .eml (n = 0), for download by staff only. */
export async function inboundFile(schoolId: string, id: string, n: number) {
  const item = await db.inboundMessage.findFirst({ where: { id, schoolId }, select: { id: true, rawPath: true } })
  if (!item) return null
  if (n === 0) return item.rawPath ? { path: dataPath(item.rawPath), fileName: `${item.id}.eml`, mime: 'message/rfc822' } : null
  const upload = (await uploadsOfInbound(item.id))[n - 1]
  return upload ? { path: dataPath(upload.storagePath), fileName: upload.fileName, mime: upload.mime } : null
}
