// «Скачать журнал»: the registration log for a period as a Word document (the school's printed log).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { clientIp } from '#app/utils/request.server'
import { docxResponse } from '#app/utils/uploads.server'
import { renderRegistrationLog } from '#app/documents/on-demand.server'
import { recordAudit } from '#app/models/audit.server'
import { getSchool } from '#app/models/school.server'
import { registrationLogPeriod } from '#app/models/applications.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:registration-log:any')
  const { timeZone } = await getSchool(user.schoolId)
  const { from, to, start, end } = registrationLogPeriod(new URL(request.url).searchParams, timeZone)
  const log = await renderRegistrationLog(user.schoolId, start, end)
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'download:registration-log',
    ip: clientIp(request),
    data: { from, to },
  })
  return docxResponse(log.docx, log.fileName)
}
