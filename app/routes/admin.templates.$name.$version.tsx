// A template version as a file: ?as=template — the .docx to edit in Word; ?as=preview — filled with the demo data;
// ?as=pdf — the same example in PDF (LibreOffice). Version 0 is the shipped file.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { downloadTemplate, isTemplateName, previewTemplate } from '#app/models/templates.server'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { invariantResponse } from '#app/utils/request.server'
import { contentDisposition } from '#app/utils/uploads.server'

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

function file(content: Buffer, mime: string, disposition: string): Response {
  return new Response(new Uint8Array(content), {
    headers: {
      'Content-Type': mime,
      'Content-Length': String(content.length),
      'Content-Disposition': disposition,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'manage:school:any')
  const name = params.name ?? ''
  const version = Number(params.version)
  invariantResponse(isTemplateName(name) && Number.isInteger(version) && version >= 0, 'Шаблон не найден')
  const as = new URL(request.url).searchParams.get('as') ?? 'template'
  invariantResponse(as === 'template' || as === 'preview' || as === 'pdf', 'Неизвестный вид файла: нужен template, preview или pdf', { status: 400 })

  if (as === 'template') {
    const template = await downloadTemplate(name, version)
    invariantResponse(template, `Версии ${version} шаблона нет`)
    return file(template.buffer, DOCX, contentDisposition(template.fileName))
  }
  const preview = await previewTemplate(name, version, { pdf: as === 'pdf' })
  invariantResponse(preview, `Версии ${version} шаблона нет`)
  if (as === 'preview') return file(preview.docx, DOCX, contentDisposition(preview.fileName))
  invariantResponse(preview.pdf?.ok, preview.pdf && !preview.pdf.ok ? preview.pdf.reason : 'PDF не создан', { status: 503 })
  return file(preview.pdf.pdf, 'application/pdf', contentDisposition(preview.fileName.replace(/\.docx$/, '.pdf'), true))
}
