// A сводная ведомость of the year-end archive (Регламент; Положение 6.5), returned byte for byte as it was kept: the
// administration any class's, a class teacher those of the classes they led that year (ADR 068).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireReportReader } from '#app/models/journal/report-access.server'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { fileResponse } from '#app/utils/uploads.server'
import { recordAudit } from '#app/models/audit.server'
import { getArchivedResults } from '#app/models/results-archive.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, classTeacherId } = await requireReportReader(request)
  const doc = await getArchivedResults(user.schoolId, params.docId ?? '', classTeacherId)
  invariantResponse(doc, 'Ведомость не найдена')
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'report:results',
    entity: 'StoredDocument',
    entityId: doc.id,
    ip: clientIp(request),
    data: { classId: doc.classId, yearId: doc.yearId, archived: true },
  })
  return fileResponse(doc.content, doc)
}
