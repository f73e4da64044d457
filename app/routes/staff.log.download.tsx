// «Скачать журнал»: the registration log for a period as a Word document (the school's printed log).
import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
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
  const params = new URL(request.url).searchParams
  const { from, to, errors, start, end } = registrationLogPeriod(params, timeZone)
  // A date not understood is said on the log's page, beside its field: not a file for a period nobody asked for.
  if (errors.from || errors.to) {
    const asked = (['from', 'to'] as const).map((key) => [key, (params.get(key) ?? '').slice(0, 20)])
    throw redirect(`/staff/log?${new URLSearchParams(asked)}`)
  }
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
