// Сводная ведомость as a Word file (templates/svodnaya-vedomost.docx): ?class=<id>&period=<id>, as on the page.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireReportReader } from '#app/models/journal/report-access.server'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { getSchool } from '#app/models/school.server'
import { recordAudit } from '#app/models/audit.server'
import { docxResponse } from '#app/utils/uploads.server'
import { getResultsReport, resultsReportDocx } from '#app/models/results-report.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, classTeacherId, noClasses } = await requireReportReader(request)
  const url = new URL(request.url)
  const report = await getResultsReport(user.schoolId, url.searchParams.get('class'), url.searchParams.get('period'), classTeacherId)
  invariantResponse(report, noClasses)
  const { timeZone } = await getSchool(user.schoolId)
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'report:results',
    ip: clientIp(request),
    data: { classId: report.classId, periodId: report.periodId },
  })
  return docxResponse(
    (await resultsReportDocx(user.schoolId, user.id, report, new Date(), timeZone)).docx,
    `Сводная ведомость ${report.className} ${report.periodName}.docx`,
  )
}
