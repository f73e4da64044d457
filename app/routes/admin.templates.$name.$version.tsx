// A template version as a file: ?as=template — the .docx to edit in Word; ?as=preview — filled with the demo data;
// ?as=pdf — the same example in PDF (LibreOffice). Version 0 is the shipped file.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { downloadTemplate, isTemplateName, previewTemplate } from '#app/models/templates.server'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { invariantResponse } from '#app/utils/request.server'
import { DOCX_MIME as DOCX, fileResponse } from '#app/utils/uploads.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:school:any')
  const name = params.name ?? ''
  const version = Number(params.version)
  invariantResponse(isTemplateName(name) && Number.isInteger(version) && version >= 0, 'Шаблон не найден')
  const as = new URL(request.url).searchParams.get('as') ?? 'template'
  invariantResponse(as === 'template' || as === 'preview' || as === 'pdf', 'Неизвестный вид файла: нужен template, preview или pdf', {
    status: 400,
  })

  if (as === 'template') {
    const template = await downloadTemplate(user.schoolId, name, version)
    invariantResponse(template, `Версии ${version} шаблона нет`)
    return fileResponse(template.buffer, { mime: DOCX, fileName: template.fileName })
  }
  const preview = await previewTemplate(user.schoolId, name, version, { pdf: as === 'pdf' })
  invariantResponse(preview, `Версии ${version} шаблона нет`)
  invariantResponse(!('refused' in preview), 'refused' in preview ? preview.refused : '', { status: 409 })
  if (as === 'preview') return fileResponse(preview.docx, { mime: DOCX, fileName: preview.fileName })
  invariantResponse(preview.pdf?.ok, preview.pdf && !preview.pdf.ok ? preview.pdf.reason : 'PDF не создан', { status: 503 })
  return fileResponse(preview.pdf.pdf, { mime: 'application/pdf', fileName: preview.fileName.replace(/\.docx$/, '.pdf'), inline: true })
}
