// Streams a stored document (notice, extract) to staff: permission-checked, audited, never cached publicly.
// ?as=pdf on a Word document: its PDF copy, made now if it was not made yet (ADR 036).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { fileResponse } from '#app/utils/uploads.server'
import { getApplicationDocument } from '#app/models/applications.server'
import { recordAudit } from '#app/models/audit.server'
import { ensurePdfCopy } from '#app/documents/pdf-copy.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:application:any')
  const word = await getApplicationDocument(user.schoolId, params.id ?? '', params.docId ?? '')
  invariantResponse(word, 'Документ не найден')
  let doc = word
  if (new URL(request.url).searchParams.get('as') === 'pdf') {
    const copy = await ensurePdfCopy(word.id)
    invariantResponse(copy.ok, copy.ok ? '' : copy.reason, { status: 503 })
    const pdf = await getApplicationDocument(user.schoolId, params.id ?? '', copy.id)
    invariantResponse(pdf, 'Документ не найден')
    doc = pdf
  }
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'download:document',
    entity: 'application',
    entityId: params.id,
    ip: clientIp(request),
    data: { documentId: doc.id, kind: doc.kind },
  })
  return fileResponse(doc.content, doc)
}
