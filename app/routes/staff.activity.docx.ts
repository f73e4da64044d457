// The monthly activity report as a Word file (templates/otchet-aktivnosti.docx), ?month=YYYY-MM.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { getSchool } from '#app/models/school.server'
import { recordAudit } from '#app/models/audit.server'
import { docxResponse } from '#app/utils/uploads.server'
import { activityReportDocx, activityReportFileName, getActivityReport, monthProblem } from '#app/models/activity-report.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:journal-control:any')
  const month = new URL(request.url).searchParams.get('month') ?? ''
  const { timeZone } = await getSchool(user.schoolId)
  const problem = monthProblem(month, new Date(), timeZone)
  invariantResponse(!problem, problem ?? '', { status: 400 })
  const report = await getActivityReport(user.schoolId, month, timeZone)
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'report:activity', ip: clientIp(request), data: { month } })
  return docxResponse((await activityReportDocx(user.schoolId, report, new Date(), timeZone)).docx, activityReportFileName(month))
}
