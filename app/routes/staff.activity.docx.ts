// The monthly activity report as a Word file (templates/otchet-aktivnosti.docx), ?month=YYYY-MM.
import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { clientIp } from '#app/utils/request.server'
import { getSchool } from '#app/models/school.server'
import { recordAudit } from '#app/models/audit.server'
import { docxResponse } from '#app/utils/uploads.server'
import { activityReportDocx, activityReportFileName, getActivityReport, monthProblem } from '#app/models/activity-report.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:journal-control:any')
  const month = new URL(request.url).searchParams.get('month') ?? ''
  const { timeZone } = await getSchool(user.schoolId)
  // A month mistyped in the address (or a month not begun) is said on the report's page, in its layout, not as a bare
  // 400 in plain text: the page reads the same month and shows monthProblem's words beside the field.
  if (monthProblem(month, new Date(), timeZone))
    throw redirect(`/staff/activity?${new URLSearchParams({ month: month.slice(0, 20) || '-' })}`)
  const report = await getActivityReport(user.schoolId, month, timeZone)
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'report:activity', ip: clientIp(request), data: { month } })
  return docxResponse((await activityReportDocx(user.schoolId, report, new Date(), timeZone)).docx, activityReportFileName(month))
}
