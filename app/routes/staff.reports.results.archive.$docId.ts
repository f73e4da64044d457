// A сводная ведомость of the year-end archive (Регламент; Положение 6.5), returned byte for byte as it was kept: the
// administration any class's, a class teacher those of the classes they led that year (ADR 068). The bytes are
// checked against the sha256 kept with them (Регламент: контроль целостности на протяжении всего срока хранения):
// a file that no longer matches is refused with a Russian message and the refusal audited.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireReportReader } from '#app/models/journal/report-access.server'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { fileResponse } from '#app/utils/uploads.server'
import { recordAudit } from '#app/models/audit.server'
import { ARCHIVE_DAMAGED, getArchivedResults, recordArchiveIntegrityFailure } from '#app/models/results-archive.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, classTeacherId } = await requireReportReader(request)
  const doc = await getArchivedResults(user.schoolId, params.docId ?? '', classTeacherId)
  invariantResponse(doc, 'Ведомость не найдена')
  if (!doc.intact) {
    await recordArchiveIntegrityFailure(user.schoolId, user.id, doc, clientIp(request))
    throw new Response(ARCHIVE_DAMAGED, { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
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
