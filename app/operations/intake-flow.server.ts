// Desk and post intake: receive the application (idempotent by the form's key), attach the scan, and register it
// at once — all through the operations. Порядок 3.1.1: in person the registration follows within 10 minutes,
// and the originals (passport, status document) must have been shown (Порядок 2.7).
import type { SessionUser } from '#app/utils/auth.server'
import { actorOf } from '#app/operations/actor'
import { OperationError } from '#app/operations/errors'
import { receiveApplication } from '#app/operations/receive-application.server'
import { registerApplication } from '#app/operations/steps.server'
import { adoptUploads, dropStaged, stageUpload, uploadProblem } from '#app/utils/uploads.server'
import { renderApplicationDocx } from '#app/documents/on-demand.server'
import { formatDate, formatDateTime } from '#workflows/time'
import { answerDate } from '#workflows/deadlines'
import { getCalendar } from '#app/models/calendar.server'
import { identityDocumentGaps, identityIntakeProposal } from '#workflows/identity-document'
import { ApplicationSchema, fieldErrors } from '#app/operations/application-schema'

type IntakeInput = {
  user: SessionUser
  channel: 'in_person' | 'post'
  data: unknown
  receivedAt: Date
  /** Forms collected at the parent meeting: the moment staff opened the form (the receipt is the handover). */
  enteredAt?: Date | null
  key: string
  register: boolean
  /** «Распечатать заявление»: the filled application to sign, stored with it. */
  print?: boolean
  originalsShown?: boolean
  /** By post: staff checked that the envelope holds a copy of the identity document (Порядок 2.7, 3.2). */
  identityCopy?: boolean
  scan?: { bytes: Uint8Array; name: string } | null
  timeZone: string
  now?: Date
}

type IntakeOutcome =
  | {
      ok: true
      applicationId: string
      receiptNumber: string
      registrationNumber: number | null
      registeredAt: string | null
      elapsedMs: number | null
      receivedOn: string
      atDesk: boolean
      printDocumentId: string | null
      answerBy: string | null
    }
  | { ok: false; status: number; formError: string; fieldErrors: Record<string, string> }

const fail = (status: number, formError: string, fieldErrors: Record<string, string> = {}): IntakeOutcome => ({
  ok: false,
  status,
  formError,
  fieldErrors,
})

export async function intake(input: IntakeInput): Promise<IntakeOutcome> {
  const now = input.now ?? new Date()
  const inPerson = input.channel === 'in_person'
  // Every problem of the form at once: the applicant waits at the desk (10 minutes), so the form is not sent back
  // once per problem — the originals, then the identity document, then the empty fields.
  const checks: Record<string, string> = {}
  if (input.register && inPerson && !input.originalsShown)
    checks.originalsShown = 'Отметьте, что оригиналы паспорта и документа о статусе предъявлены — иначе оформите отказ в приёме документов'
  const problem = input.scan ? uploadProblem(input.scan.bytes) : null
  if (problem) checks.scan = problem
  const refused = input.register ? identityProblem(input) : null
  if (refused || Object.keys(checks).length) {
    const parsed = ApplicationSchema.safeParse(input.data)
    const fields = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(refused?.fieldErrors ?? {}), ...checks }
    return fail(400, refused?.formError ?? (parsed.success ? 'Проверьте заявление' : 'Проверьте заявление: есть ошибки в полях'), fields)
  }
  const actor = actorOf(input.user)
  let app
  let printDocumentId: string | null = null
  try {
    // The scan's row is written with the application (one transaction): a crash leaves neither half.
    const staged = input.scan ? [await stageUpload(input.scan.bytes, input.scan.name, 'scan')] : []
    const received = await receiveApplication({
      schoolId: input.user.schoolId,
      channel: input.channel,
      data: input.data,
      actor,
      receivedAt: input.receivedAt,
      enteredAt: input.enteredAt ?? null,
      idempotencyKey: `${input.channel}:${input.key}`,
      now,
      inTransaction: (tx, applicationId) => adoptUploads(tx, staged, { schoolId: input.user.schoolId, applicationId }),
    }).catch(async (error) => {
      await dropStaged(staged)
      throw error
    })
    if (!received.created) await dropStaged(staged)
    app = received.application
    if (input.print) printDocumentId = (await renderApplicationDocx(app.id, input.user.displayName)).id
    if (input.register && app.status === 'received') {
      app = await registerApplication({
        applicationId: app.id,
        schoolId: app.schoolId,
        actor,
        inPerson,
        originalsShown: input.originalsShown,
        expectedVersion: app.version,
        now,
      })
    }
  } catch (error) {
    if (!(error instanceof OperationError)) throw error
    return fail(error.status, error.message, error.fieldErrors)
  }
  return {
    ok: true,
    applicationId: app.id,
    receiptNumber: app.receiptNumber,
    registrationNumber: app.registrationNumber,
    registeredAt: app.registeredAt ? formatDateTime(app.registeredAt, input.timeZone) : null,
    // The clock of the desk (10 minutes) means nothing for a letter: its receipt is the stamp's day, not a moment
    // somebody waited (issue 19, item 6). The post result names the stamp's day instead.
    elapsedMs: app.registeredAt && inPerson ? app.registeredAt.getTime() - app.receivedAt.getTime() : null,
    printDocumentId,
    receivedOn: formatDate(app.receivedAt, input.timeZone),
    atDesk: inPerson,
    // What the desk tells the applicant: the same words as the letter and the status page (ADR 032).
    answerBy: app.deliveryDue ? answerDate(app.deliveryDue, { calendar: await getCalendar(), timeZone: input.timeZone }).text : null,
  }
}

/**
 * Порядок 2.7, 3.2: the identity document's kind and details on every channel, and by post its copy (in the scan).
 * Missing, the application is not registered: the desk is told the two lawful ways on (a correction or the refusal
 * to accept with its ground), and may still receive it without registration.
 */
function identityProblem(input: IntakeInput): { formError: string; fieldErrors: Record<string, string> } | null {
  const data = (input.data ?? {}) as { applicant?: { identityDocument?: unknown } }
  const details = typeof data.applicant?.identityDocument === 'string' ? data.applicant.identityDocument : ''
  const gaps = identityDocumentGaps({ channel: input.channel, details, copy: Boolean(input.identityCopy && input.scan) })
  if (gaps.length === 0) return null
  const fields: Record<string, string> = {}
  if (gaps.includes('details'))
    fields['applicant.identityDocument'] = 'Впишите вид и реквизиты документа, удостоверяющего личность (серия, номер, кем и когда выдан)'
  if (gaps.includes('copy')) fields.identityCopy = 'Приложите скан с копией документа, удостоверяющего личность, и отметьте, что копия есть'
  return { formError: identityIntakeProposal(gaps), fieldErrors: fields }
}
