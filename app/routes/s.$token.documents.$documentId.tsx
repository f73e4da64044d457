import type { LoaderFunctionArgs } from '@remix-run/node'
import { getApplicantDocument, getApplicationByToken } from '#app/models/application-status.server'
import { recordAudit } from '#app/models/audit.server'
import { clientIp } from '#app/utils/request.server'
import { fileResponse } from '#app/utils/uploads.server'

const notFound = () => new Response('Страница не найдена', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })

/** A document addressed to the applicant (notice, extract, letter), for e-mail delivery only; anything else is 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const application = await getApplicationByToken(params.token ?? '')
  if (!application) return notFound()
  const document = await getApplicantDocument(application, params.documentId ?? '')
  if (!document) return notFound()
  await recordAudit({ schoolId: application.schoolId, action: 'download:document', entity: 'document', entityId: document.id, ip: clientIp(request), data: { by: 'status-link' } })
  return fileResponse(document.content, { ...document, headers: { 'Referrer-Policy': 'no-referrer' } })
}
