// A monthly activity report kept by the worker (Положение 7.1), returned byte for byte as it was stored.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { fileResponse } from '#app/utils/uploads.server'
import { recordAudit } from '#app/models/audit.server'
import { getStoredActivityReport } from '#app/models/stored-activity-reports.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:journal-control:any')
  const doc = await getStoredActivityReport(user.schoolId, params.docId ?? '')
  invariantResponse(doc, 'Отчёт не найден')
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'report:activity',
    entity: 'StoredDocument',
    entityId: doc.id,
    ip: clientIp(request),
    data: { month: doc.month, stored: true },
  })
  return fileResponse(doc.content, doc)
}
