// «Статистика проведённых занятий» as a Word file (templates/uchet-zanyatiy.docx): ?class=<id>&period=<id>, the same
// choice as the page (Порядок 2.5 ¶6).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireReportReader } from '#app/models/journal/report-access.server'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { getSchool } from '#app/models/school.server'
import { recordAudit } from '#app/models/audit.server'
import { docxResponse } from '#app/utils/uploads.server'
import { getCurriculumStats } from '#app/models/curriculum-stats.server'
import { curriculumReportDocx } from '#app/models/curriculum-report.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, classTeacherId, noClasses } = await requireReportReader(request)
  const url = new URL(request.url)
  const stats = await getCurriculumStats(user.schoolId, url.searchParams.get('class'), url.searchParams.get('period'), classTeacherId)
  invariantResponse(stats, noClasses)
  const { timeZone } = await getSchool(user.schoolId)
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'report:curriculum',
    ip: clientIp(request),
    data: { classId: stats.classId, periodId: stats.periodId },
  })
  const docx = await curriculumReportDocx(user.schoolId, user.id, stats, new Date(), timeZone)
  return docxResponse(docx, `Статистика проведённых занятий ${stats.className} ${stats.periodName}.docx`)
}
