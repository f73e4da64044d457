import type { LoaderFunctionArgs } from '@remix-run/node'
import { getApplicantDocument, getApplicationByToken } from '#app/models/application-status.server'
import { recordAudit } from '#app/models/audit.server'
import { ensurePdfCopy } from '#app/documents/pdf-copy.server'
import { clientIp } from '#app/utils/request.server'
import { fileResponse } from '#app/utils/uploads.server'

const notFound = () =>
  new Response('Страница не найдена', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  })

/**
 * A document addressed to the applicant (notice, extract, letter), for e-mail delivery only; anything else is 404.
 * ?as=pdf on a Word document: its PDF copy, made now if it was not made yet (ADR 036); 503 with the reason if it cannot be.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const application = await getApplicationByToken(params.token ?? '')
  if (!application) return notFound()
  let document = await getApplicantDocument(application, params.documentId ?? '')
  if (!document) return notFound()
  if (new URL(request.url).searchParams.get('as') === 'pdf') {
    const copy = await ensurePdfCopy(document.id)
    if (!copy.ok)
      return new Response(copy.reason, {
        status: 503,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
      })
    document = await getApplicantDocument(application, copy.id)
    if (!document) return notFound()
  }
  await recordAudit({
    schoolId: application.schoolId,
    action: 'download:document',
    entity: 'document',
    entityId: document.id,
    ip: clientIp(request),
    data: { by: 'status-link' },
  })
  return fileResponse(document.content, { ...document, headers: { 'Referrer-Policy': 'no-referrer' } })
}
