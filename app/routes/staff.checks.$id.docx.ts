// The check report as a Word file (templates/proverka.docx): a resource route, so the browser downloads it.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { getSchool } from '#app/models/school.server'
import { recordAudit } from '#app/models/audit.server'
import { docxResponse } from '#app/utils/uploads.server'
import { checkReportDocx, getCheck } from '#app/models/control-checks.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'decide:application:any')
  const check = await getCheck(user.schoolId, params.id ?? '')
  invariantResponse(check, 'Проверка не найдена')
  const { timeZone } = await getSchool(user.schoolId)
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'control:check-report',
    entity: 'ControlCheck',
    entityId: check.id,
    ip: clientIp(request),
  })
  return docxResponse(await checkReportDocx(check, timeZone), `Справка по проверке № ${check.number}.docx`)
}
