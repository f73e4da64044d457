// An .eml saved from a mail client and uploaded by hand (the mailbox is not connected, or the letter came to a
// personal address). The same Message-ID as a polled letter is the same item.
import { MaxPartSizeExceededError } from '@remix-run/node'
import { OperationError } from '#app/operations/errors'
import { parseLocalDateTime } from '#workflows/time'
import { MAX_MESSAGE_BYTES } from './inbound-files.server'
import { storeInbound, type InboundResult } from './inbound.server'
import { readMultipartForm } from '#app/utils/body.server'
import { checkForm, file, text } from '#app/utils/form-schema'
import { z } from '#workflows/zod'

/** A message starts with header lines and has a From: header before the first empty line. */
export function looksLikeEml(raw: Buffer): boolean {
  const head = raw.subarray(0, 64 * 1024).toString('latin1')
  const end = head.search(/\r?\n\r?\n/)
  const headers = end === -1 ? head : head.slice(0, end)
  return /^[!-9;-~]+:/.test(headers) && /^from:/im.test(headers)
}

/** receivedAt: when the letter reached the school (the employee confirms it; the registration clock starts then). */
/** `schoolId`: the uploading employee's school, whose intake the letter joins (ADR 056). */
export async function uploadEml(args: { raw: Buffer; receivedAt: Date; now?: Date; schoolId?: string }): Promise<InboundResult> {
  const now = args.now ?? new Date()
  if (args.raw.length === 0) throw new OperationError('Выберите файл письма (.eml)', 400, { file: 'Файл не выбран' })
  if (args.raw.length > MAX_MESSAGE_BYTES)
    throw new OperationError(`Файл больше ${MAX_MESSAGE_BYTES / 1024 / 1024} МБ`, 400, { file: 'Слишком большой файл' })
  if (!looksLikeEml(args.raw))
    throw new OperationError('Это не файл письма: сохраните письмо из почтовой программы как .eml', 400, {
      file: 'Не похоже на письмо (.eml)',
    })
  if (Number.isNaN(args.receivedAt.getTime()) || args.receivedAt.getTime() > now.getTime() + 60_000) {
    throw new OperationError('Время поступления не может быть в будущем', 400, { receivedAt: 'Время поступления не может быть в будущем' })
  }
  return storeInbound({ raw: args.raw, internalDate: args.receivedAt, source: 'upload', schoolId: args.schoolId })
}

/** The upload form's fields: no file is refused by uploadEml as «not a letter», an empty or doubled one by file(). */
const EmlForm = (timeZone: string) =>
  z.object({
    file: file(),
    receivedAt: text().transform((v, ctx) => {
      try {
        return parseLocalDateTime(v, timeZone)
      } catch {
        ctx.addIssue({ code: 'custom', message: 'Укажите дату и время поступления' })
        return z.NEVER
      }
    }),
  })

/** The upload form: the .eml file (up to the message limit) and when it reached the school (school time). */
export async function readEmlForm(request: Request, timeZone: string): Promise<{ raw: Buffer; receivedAt: Date }> {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_MESSAGE_BYTES + 64 * 1024) {
    throw new OperationError(`Файл больше ${MAX_MESSAGE_BYTES / 1024 / 1024} МБ`, 400, { file: 'Слишком большой файл' })
  }
  let form: FormData
  try {
    // At most the route's limit in all (app/utils/body-limits.ts), whether or not Content-Length was sent.
    form = await readMultipartForm(request, { maxPartSize: MAX_MESSAGE_BYTES })
  } catch (error) {
    if (error instanceof Response) throw error
    if (error instanceof MaxPartSizeExceededError)
      throw new OperationError(`Файл больше ${MAX_MESSAGE_BYTES / 1024 / 1024} МБ`, 400, { file: 'Слишком большой файл' })
    throw new OperationError('Форма не прочитана: выберите файл ещё раз', 400, { file: 'Выберите файл письма (.eml)' })
  }
  const checked = checkForm(EmlForm(timeZone), form)
  if (!checked.ok && checked.fieldErrors.file) throw new OperationError(checked.fieldErrors.file, 400, { file: checked.fieldErrors.file })
  if (!checked.ok) throw new OperationError('Укажите дату и время поступления письма', 400, { receivedAt: checked.message })
  const { file, receivedAt } = checked.data
  const raw = file ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0)
  return { raw, receivedAt }
}
