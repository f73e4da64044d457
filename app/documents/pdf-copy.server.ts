// PDF copies made on first need (ADR 036): when a letter carrying the document is queued
// (app/mail/document-email.server.ts) or when someone downloads the PDF (/s/<token>, the staff application page).
// The copy is stored like before — a row keyed `sourceKey + ':pdf'` — so it is made once and every reader finds it.
// The document generator makes the copies a letter will carry before the letter's transaction (ensurePdfCopies, ADR 074).
import type { Prisma, PrismaClient, StoredDocument } from '#app/generated/prisma/client'
import { db } from '#app/utils/db.server'
import { convertManyToPdf, convertToPdfResult, isPdfAvailable, isPdfEnabled, PDF_OFF_REASON } from './pdf.server'
import { sha256 } from './render.server'
import { DOCX_MIME } from './store.server'

type Tx = Prisma.TransactionClient | PrismaClient

/**
 * Kinds that never get a PDF copy: the stored credentials letter is a copy without the password (ADR 019); its PDF
 * goes only inside the letter to the guardian, made from the copy with the password and never stored.
 */
const NO_PDF_KINDS = new Set(['credentials'])

const pdfKey = (sourceKey: string) => `${sourceKey}:pdf`

/** A stored Word document that has (or can get) a PDF copy. */
export function mayHavePdf(row: { kind: string; mime: string; sourceKey: string | null }): boolean {
  return row.mime === DOCX_MIME && !!row.sourceKey && !row.sourceKey.endsWith(':pdf') && !NO_PDF_KINDS.has(row.kind)
}

/** Why no PDF can be made now, or null when it can. */
function pdfUnavailableReason(): string | null {
  if (!isPdfAvailable()) return 'LibreOffice не установлен: PDF-копия недоступна, только документ Word'
  if (!isPdfEnabled()) return PDF_OFF_REASON
  return null
}

type PdfCopy = { ok: true; id: string } | { ok: false; reason: string }

/** Stores a made copy; when another caller stored it first (two downloads at once), that one's id. */
async function storeCopy(tx: Tx, doc: StoredDocument, key: string, pdf: Buffer): Promise<PdfCopy> {
  try {
    const row = await tx.storedDocument.create({
      data: {
        schoolId: doc.schoolId,
        applicationId: doc.applicationId,
        kind: doc.kind,
        fileName: doc.fileName.replace(/\.docx$/i, '.pdf'),
        mime: 'application/pdf',
        templateVersion: doc.templateVersion,
        sha256: sha256(pdf),
        content: new Uint8Array(pdf),
        sourceKey: key,
        createdBy: doc.createdBy,
      },
      select: { id: true },
    })
    return { ok: true, id: row.id }
  } catch (e) {
    const stored = await tx.storedDocument.findUnique({ where: { sourceKey: key }, select: { id: true } })
    if (stored) return { ok: true, id: stored.id }
    throw e
  }
}

/**
 * ADR 094: a Word file made from a template version set aside afterwards may keep its active fields (INCLUDEPICTURE,
 * LINK), which LibreOffice would follow while converting: such a file is not converted.
 */
async function madeFromSetAside(doc: { schoolId: string | null; templateVersion: string }): Promise<boolean> {
  const match = /^(.+)@(\d+)$/.exec(doc.templateVersion)
  if (!match || match[2] === '0') return false
  const row = await db.templateVersion.findFirst({
    where: { schoolId: { in: [doc.schoolId ?? '', ''] }, name: match[1], version: Number(match[2]), setAsideAt: { not: null } },
    select: { id: true },
  })
  return !!row
}

const SET_ASIDE =
  'PDF-копия не делается: документ составлен по версии шаблона, отложенной из-за активного содержимого. Составьте его заново.'

/** The id of the PDF copy of a stored Word document, made and stored now if there is none yet. */
export async function ensurePdfCopy(documentId: string, tx: Tx = db): Promise<PdfCopy> {
  const doc = await tx.storedDocument.findUnique({ where: { id: documentId } })
  if (!doc || !doc.sourceKey || !mayHavePdf(doc)) return { ok: false, reason: 'У этого документа нет PDF-копии' }
  const key = pdfKey(doc.sourceKey)
  const existing = await tx.storedDocument.findUnique({ where: { sourceKey: key }, select: { id: true } })
  if (existing) return { ok: true, id: existing.id }
  if (await madeFromSetAside(doc)) return { ok: false, reason: SET_ASIDE }
  const unavailable = pdfUnavailableReason()
  if (unavailable) return { ok: false, reason: unavailable }
  const pdf = await convertToPdfResult(Buffer.from(doc.content))
  if (!pdf.ok) return pdf
  return storeCopy(tx, doc, key, pdf.pdf)
}

/**
 * The PDF copies of several stored Word documents that have none yet, converted in one batch over the pool of warm
 * LibreOffice processes (ADR 074) and stored, outside any transaction: the document generator makes them before the
 * transaction that queues the letter, whose ensurePdfCopy then finds them. Documents that get no copy are skipped.
 */
export async function ensurePdfCopies(documentIds: string[]): Promise<void> {
  if (pdfUnavailableReason()) return
  const docs = (await db.storedDocument.findMany({ where: { id: { in: documentIds } } })).filter(mayHavePdf)
  const keys = docs.map((d) => pdfKey(d.sourceKey as string))
  const stored = await db.storedDocument.findMany({ where: { sourceKey: { in: keys } }, select: { sourceKey: true } })
  const made = new Set(stored.map((s) => s.sourceKey))
  const fresh = docs.filter((_, i) => !made.has(keys[i]))
  const todo = []
  for (const d of fresh) if (!(await madeFromSetAside(d))) todo.push(d)
  const pdfs = await convertManyToPdf(todo.map((d) => Buffer.from(d.content)))
  for (const [i, doc] of todo.entries()) {
    const pdf = pdfs[i]
    if (pdf.ok) await storeCopy(db, doc, pdfKey(doc.sourceKey as string), pdf.pdf)
  }
}

/**
 * For a document list: each Word row that has no stored PDF copy yet gets `pdf: 'make'` (a link that makes it,
 * `?as=pdf`) or, when no PDF can be made now, `pdf: 'off'` with the reason; other rows get `pdf: null`.
 */
export function withLazyPdf<T extends { kind: string; mime: string; sourceKey: string | null }>(
  rows: readonly T[],
): Array<T & { pdf: null | 'make' | { off: string } }> {
  const stored = new Set(rows.map((r) => r.sourceKey).filter((k): k is string => !!k && k.endsWith(':pdf')))
  const reason = pdfUnavailableReason()
  return rows.map((r) => ({
    ...r,
    pdf: !mayHavePdf(r) || stored.has(pdfKey(r.sourceKey as string)) ? null : reason ? { off: reason } : 'make',
  }))
}
