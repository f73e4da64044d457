// Streams a stored document (notice, extract) to staff: permission-checked, audited, never cached publicly.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { fileResponse } from '#app/utils/uploads.server'
import { getApplicationDocument } from '#app/models/applications.server'
import { recordAudit } from '#app/models/audit.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:application:any')
  const doc = await getApplicationDocument(user.schoolId, params.id ?? '', params.docId ?? '')
  invariantResponse(doc, 'Документ не найден')
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'download:document', entity: 'application', entityId: params.id, ip: clientIp(request), data: { documentId: doc.id, kind: doc.kind } })
  return fileResponse(doc.content, doc)
}
