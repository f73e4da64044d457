// A letter larger than the limit is not downloaded; the employee still sees that it came, and when.
import type { MessageEnvelopeObject } from 'imapflow'
import { db } from '#app/utils/db.server'
import { MAX_MESSAGE_BYTES, sha256 } from './inbound-files.server'
import type { InboundResult } from './inbound.server'
import { cleanLine, clip } from '#app/utils/text'

/** `schoolId`: whose mailbox the letter came to (ADR 056). */
export async function storeOversized(args: {
  envelope?: MessageEnvelopeObject
  size: number
  internalDate: Date
  schoolId: string
}): Promise<InboundResult> {
  const from = args.envelope?.from?.[0]
  const fingerprint = () => `${args.internalDate.toISOString()}|${from?.address ?? ''}|${args.envelope?.subject ?? ''}|${args.size}`
  const messageId = args.envelope?.messageId?.trim() || `<${sha256(Buffer.from(fingerprint())).slice(0, 32)}@no-message-id>`
  const existing = await db.inboundMessage.findUnique({ where: { schoolId_messageId: { schoolId: args.schoolId, messageId } } })
  if (existing) return { message: existing, created: false }
  const school = { id: args.schoolId }
  const mb = (n: number) => `${Math.ceil(n / 1024 / 1024)} МБ`
  const message = await db.inboundMessage.create({
    data: {
      schoolId: school.id,
      messageId,
      source: 'imap',
      internalDate: args.internalDate,
      fromAddress: (from?.address ?? '').toLowerCase(),
      fromName: from?.name ?? '',
      subject: clip(cleanLine(args.envelope?.subject ?? ''), 500),
      text:
        `Письмо размером ${mb(args.size)} больше допустимых ${mb(MAX_MESSAGE_BYTES)} и не загружено. Откройте ` +
        'его в почтовом ящике школы или попросите заявителя прислать файлы меньшего размера.',
      rawPath: '',
      kind: 'message',
      status: 'new',
    },
  })
  return { message, created: true }
}
