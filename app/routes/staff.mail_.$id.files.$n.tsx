// A file of an incoming letter (n = 0: the raw .eml): staff only, audited, always as a download — never shown
// inline or executed, and read from DATA_DIR, never from public/.
import { promises as fs } from 'node:fs'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireIntakeUser } from '#app/models/intake.server'
import { recordAudit } from '#app/models/audit.server'
import { inboundFile } from '#app/mail/inbox.server'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { fileResponse } from '#app/utils/uploads.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireIntakeUser(request)
  const n = Number(params.n)
  invariantResponse(Number.isInteger(n) && n >= 0, 'Файл не найден')
  const file = await inboundFile(user.schoolId, params.id ?? '', n)
  invariantResponse(file, 'Файл не найден')
  const bytes = await fs.readFile(file.path).catch(() => null)
  invariantResponse(bytes, 'Файл не найден на диске')
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'download:inbound-mail',
    entity: 'InboundMessage',
    entityId: params.id,
    ip: clientIp(request),
    data: { n },
  })
  return fileResponse(bytes, {
    mime: n === 0 ? 'application/octet-stream' : file.mime,
    fileName: file.fileName,
    headers: { 'Content-Security-Policy': "sandbox; default-src 'none'" },
  })
}
