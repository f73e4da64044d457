// For the document generator: once the notice / extract / credentials are stored, one call queues the letter
// that carries them, in the generator's own transaction.
import type { Prisma, PrismaClient } from '#app/generated/prisma/client'
import { ensurePdfCopy, mayHavePdf } from '#app/documents/pdf-copy.server'
import { documentLetter, LETTER_KIND_BY_TEMPLATE, type DocumentLetterKind } from './compose.server'
import { renderHtml, renderText } from './letter'
import { loadLetterContext } from './letter-context.server'
import { queueEmail, type EmailAttachment } from './queue-email.server'
import { threadOf } from './thread.server'

type Tx = Prisma.TransactionClient | PrismaClient

export type QueueDocumentEmailInput = {
  applicationId: string
  /** A DocumentLetterKind or the template name ('vypiska', 'otkaz-v-predostavlenii', 'otkaz-v-prieme', 'rekvizity-dostupa'). */
  kind: DocumentLetterKind | string
  storedDocumentIds: string[]
  /** Files that are not stored documents (the credentials letter with its password, ADR 019). */
  attachments?: EmailAttachment[]
  idempotencyKey: string
  deliveryId?: string
  /** Default: the applicant's e-mail. */
  to?: string
  period?: { from: string; to: string }
}

/**
 * The listed documents plus the PDF copy of each DOCX, made now if it was not made yet (ADR 036). No copy when PDFs
 * are off or LibreOffice cannot make one: the letter goes with the Word file alone.
 */
async function withPdfCopies(tx: Tx, applicationId: string, ids: string[]): Promise<string[]> {
  const docs = await tx.storedDocument.findMany({
    where: { id: { in: ids } },
    select: { id: true, kind: true, fileName: true, mime: true, sourceKey: true },
  })
  const out = [...ids]
  for (const doc of docs) {
    if (!/\.docx$/i.test(doc.fileName)) continue
    if (mayHavePdf(doc)) {
      const copy = await ensurePdfCopy(doc.id, tx)
      if (copy.ok && !out.includes(copy.id)) out.push(copy.id)
      continue
    }
    if (doc.sourceKey) continue
    // Rows stored without a source key: the PDF copy of the same kind and name, if one was stored.
    const pdf = await tx.storedDocument.findFirst({
      where: { applicationId, kind: doc.kind, mime: 'application/pdf', fileName: doc.fileName.replace(/\.docx$/i, '.pdf') },
      orderBy: { createdAt: 'desc' },
      select: { id: true },
    })
    if (pdf && !out.includes(pdf.id)) out.push(pdf.id)
  }
  return out
}

export async function queueDocumentEmail(tx: Tx, input: QueueDocumentEmailInput) {
  const ctx = await loadLetterContext(tx, input.applicationId)
  if (!ctx) throw new Error(`Заявление ${input.applicationId} не найдено`)
  const to = input.to ?? ctx.app.applicantEmail
  if (!to) throw new Error('У заявителя нет адреса электронной почты: документ нужно вручить лично или отправить почтой')
  const kind = (LETTER_KIND_BY_TEMPLATE[input.kind] ?? input.kind) as DocumentLetterKind
  const letter = documentLetter(ctx, kind, input.period)
  const ids = await withPdfCopies(tx, input.applicationId, input.storedDocumentIds)
  return queueEmail(tx, {
    schoolId: ctx.app.schoolId,
    to,
    subject: letter.subject,
    text: renderText(letter),
    html: renderHtml(letter),
    attachments: [...ids.map((storedDocumentId) => ({ storedDocumentId })), ...(input.attachments ?? [])],
    applicationId: input.applicationId,
    audience: 'applicant',
    idempotencyKey: input.idempotencyKey,
    deliveryId: input.deliveryId,
    ...(await threadOf(tx, ctx.app)),
  })
}
