// A file the applicant brought or sent (scan, copies): staff only, audited, read from outside public/.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { fileResponse, readUpload } from '#app/utils/uploads.server'
import { getApplicationUpload } from '#app/models/applications.server'
import { recordAudit } from '#app/models/audit.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:application:any')
  const upload = await getApplicationUpload(user.schoolId, params.id ?? '', params.uploadId ?? '')
  invariantResponse(upload, 'Файл не найден')
  const bytes = await readUpload(upload)
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'download:upload',
    entity: 'application',
    entityId: params.id,
    ip: clientIp(request),
    data: { uploadId: upload.id },
  })
  return fileResponse(bytes, upload)
}
