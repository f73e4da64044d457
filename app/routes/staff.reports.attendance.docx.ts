// «Посещаемость за месяц» as a Word file (templates/poseshchaemost.docx): ?class=<id>&month=YYYY-MM, as on the page.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireReportReader } from '#app/models/journal/report-access.server'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { getSchool } from '#app/models/school.server'
import { recordAudit } from '#app/models/audit.server'
import { docxResponse } from '#app/utils/uploads.server'
import { attendanceReportDocx, getAttendanceReport } from '#app/models/attendance-report.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, classTeacherId, noClasses } = await requireReportReader(request)
  const url = new URL(request.url)
  const report = await getAttendanceReport(user.schoolId, url.searchParams.get('class'), url.searchParams.get('month'), classTeacherId)
  invariantResponse(report, noClasses)
  const { timeZone } = await getSchool(user.schoolId)
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'report:attendance',
    ip: clientIp(request),
    data: { classId: report.classId, month: report.month },
  })
  return docxResponse(
    await attendanceReportDocx(user.schoolId, user.id, report, new Date(), timeZone),
    `Посещаемость ${report.className} за ${report.monthLabel}.docx`,
  )
}
