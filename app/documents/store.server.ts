import { db } from '#app/utils/db.server'
import type { Prisma } from '#app/generated/prisma/client'
import { convertToPdfResult, isPdfAvailable } from './pdf.server'
import { sha256 } from './render.server'

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const DOCX = DOCX_MIME

export type StoreInput = {
  schoolId: string
  applicationId: string | null
  kind: string
  fileName: string
  docx: Buffer
  templateVersion: string
  sourceKey: string
  createdBy: string
  /** Also store a PDF copy when LibreOffice is installed (default true). */
  pdf?: boolean
}

/**
 * Stores a generated document with its hash, template version, author and time, plus a PDF copy when LibreOffice
 * is installed. Keyed by sourceKey: a retried job gets the stored rows back instead of new ones.
 */
export async function storeDocument(input: StoreInput, tx: Prisma.TransactionClient = db): Promise<string[]> {
  const existing = await tx.storedDocument.findMany({ where: { sourceKey: { in: [input.sourceKey, `${input.sourceKey}:pdf`] } }, select: { id: true } })
  if (existing.length > 0) return existing.map((d) => d.id)
  const ids: string[] = []
  const docx = await tx.storedDocument.create({
    data: {
      schoolId: input.schoolId, applicationId: input.applicationId, kind: input.kind, fileName: input.fileName, mime: DOCX, templateVersion: input.templateVersion,
      sha256: sha256(input.docx), content: new Uint8Array(input.docx), sourceKey: input.sourceKey, createdBy: input.createdBy,
    },
  })
  ids.push(docx.id)
  if (input.pdf !== false && isPdfAvailable()) {
    const pdf = await convertToPdfResult(input.docx)
    if (pdf.ok) {
      const row = await tx.storedDocument.create({
        data: {
          schoolId: input.schoolId, applicationId: input.applicationId, kind: input.kind, fileName: input.fileName.replace(/\.docx$/, '.pdf'), mime: 'application/pdf',
          templateVersion: input.templateVersion, sha256: sha256(pdf.pdf), content: new Uint8Array(pdf.pdf), sourceKey: `${input.sourceKey}:pdf`, createdBy: input.createdBy,
        },
      })
      ids.push(row.id)
    }
  }
  return ids
}
