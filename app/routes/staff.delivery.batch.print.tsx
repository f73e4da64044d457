// All ready periodic paper extracts of a class as one Word file, to print in one go (Положение 4.3.9).
import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { clientIp } from '#app/utils/request.server'
import { docxResponse } from '#app/utils/uploads.server'
import { concatDocx } from '#app/documents/concat.server'
import { listPaperBatch } from '#app/models/deliveries.server'
import { getApplicationDocument } from '#app/models/applications.server'
import { recordAudit } from '#app/models/audit.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'process:application:any')
  const className = new URL(request.url).searchParams.get('class') ?? ''
  const rows = (await listPaperBatch(user.schoolId, className)).filter((r) => r.documentId)
  // Nothing ready (a stale link, a class typed into the address): the class's page says so in its layout.
  if (!rows.length) throw redirect(`/staff/delivery/batch?${new URLSearchParams({ class: className.slice(0, 40) })}`)
  const docs = []
  for (const r of rows) {
    const doc = await getApplicationDocument(user.schoolId, r.applicationId, r.documentId!)
    if (doc) docs.push(Buffer.from(doc.content))
  }
  const docx = concatDocx(docs)
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'download:paper-batch',
    entity: 'class',
    entityId: className,
    ip: clientIp(request),
    data: { deliveries: rows.map((r) => r.id) },
  })
  return docxResponse(docx, `Выписки ${className}.docx`)
}
