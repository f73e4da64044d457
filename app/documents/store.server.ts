import { db } from '#app/utils/db.server'
import type { Prisma } from '#app/generated/prisma/client'
import { sha256 } from './render.server'

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const DOCX = DOCX_MIME

type StoreInput = {
  schoolId: string
  applicationId: string | null
  kind: string
  fileName: string
  docx: Buffer
  templateVersion: string
  sourceKey: string
  createdBy: string
}

/**
 * Stores a generated document with its hash, template version, author and time. Keyed by sourceKey: a retried job
 * gets the stored rows back instead of new ones (with the PDF copy when one was made). The PDF copy is made on first
 * need, not here (ADR 036): app/documents/pdf-copy.server.ts.
 */
export async function storeDocument(input: StoreInput, tx: Prisma.TransactionClient = db): Promise<string[]> {
  const existing = await tx.storedDocument.findMany({
    where: { sourceKey: { in: [input.sourceKey, `${input.sourceKey}:pdf`] } },
    select: { id: true },
  })
  if (existing.length > 0) return existing.map((d) => d.id)
  const ids: string[] = []
  const docx = await tx.storedDocument.create({
    data: {
      schoolId: input.schoolId,
      applicationId: input.applicationId,
      kind: input.kind,
      fileName: input.fileName,
      mime: DOCX,
      templateVersion: input.templateVersion,
      sha256: sha256(input.docx),
      content: new Uint8Array(input.docx),
      sourceKey: input.sourceKey,
      createdBy: input.createdBy,
    },
  })
  ids.push(docx.id)
  return ids
}
