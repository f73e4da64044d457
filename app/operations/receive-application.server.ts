import { randomBytes } from 'node:crypto'
import { splitPostcode } from '#app/utils/format'
import { db, withBusyRetry } from '#app/utils/db.server'
import type { Application, Prisma } from '#app/generated/prisma/client'
import { getCalendar } from '#app/models/calendar.server'
import { newStatusToken } from '#app/models/application-status.server'
import { startApplication } from '#workflows/application.machine'
import { nearestDue } from '#workflows/deadline-stages'
import { computeDeadlines, type Channel } from '#workflows/deadlines'
import { localDateOf } from '#workflows/time'
import type { OperationActor } from './actor'
import { ApplicationSchema, fieldErrors, type ApplicationData } from './application-schema'
import { OperationError } from './errors'
import { nameKey } from '#app/utils/text'
import { sameName } from '#workflows/guardian-status'
import { jobPayload } from '#app/jobs/payloads'

type ReceiveInput = {
  schoolId: string
  channel: Channel
  data: unknown
  actor: OperationActor
  /** When the school received it: now for online and in person, the arrival stamp for post, INTERNALDATE for e-mail. */
  receivedAt?: Date
  /** When staff entered it, if later than the receipt: forms handed in at the parent meeting (Порядок 3.1.1). */
  enteredAt?: Date | null
  idempotencyKey?: string | null
  /** The /api/v1 client filing it (ownership for reading it back). */
  apiClientId?: string | null
  /**
   * The guardian signed in to the parent's account that filed it online. Kept on the application only when that
   * guardian is the applicant (the same name) and is linked to the pupil: then the pre-check knows who applied
   * (ADR 086's «из личного кабинета»), not just a name anyone could type.
   */
  guardianId?: string | null
  now?: Date
  /**
   * Runs inside the application's transaction, after its rows are written: counting a limit, adopting uploads.
   * Throwing undoes the application too, so a crash or a refusal leaves nothing half-made (issue 18 items 1, 6).
   */
  inTransaction?: (tx: Prisma.TransactionClient, applicationId: string) => Promise<void>
}

/** The signed-in guardian when they are the applicant and the pupil's guardian in the journal; else null. */
async function signedInApplicant(guardianId: string | null, pupilId: string | null, data: ApplicationData): Promise<string | null> {
  if (!guardianId || !pupilId) return null
  const link = await db.guardianLink.findFirst({ where: { guardianId, pupilId }, select: { guardian: true } })
  return link && sameName(link.guardian, data.applicant) ? guardianId : null
}

/** The random part of a receipt number (replaceable in tests to force a collision). */
export const receiptNumbers = { suffix: (): string => randomBytes(3).toString('hex').toUpperCase() }
const RECEIPT_TRIES = 5

function receiptNumber(receivedAt: Date, timeZone: string): string {
  const day = localDateOf(receivedAt, timeZone).replaceAll('-', '')
  return `${day}-${receiptNumbers.suffix()}`
}

/**
 * Matches the pupil in the journal by full name and class, so review and extracts know whom it concerns. Names
 * compare with «ё» as «е» and in any case (nameKey): «Семенов Петр» on the form is «Семёнов Пётр» in the journal.
 */
async function findPupil(schoolId: string, data: ApplicationData) {
  const inClass = await db.pupil.findMany({
    where: { schoolId, class: { name: data.pupil.className } },
    select: { id: true, lastName: true, firstName: true, middleName: true },
  })
  const same = (a: string, b: string) => nameKey(a) === nameKey(b)
  const matches = inClass.filter((p) => same(p.lastName, data.pupil.lastName) && same(p.firstName, data.pupil.firstName))
  const exact = matches.filter((p) => !data.pupil.middleName || same(p.middleName, data.pupil.middleName))
  return exact.length === 1 ? exact[0].id : null
}

/**
 * The application an idempotency key already names — only if it is this school's. Keys are one index across the
 * installation; a key another school used (a forged desk form, a portal's own numbering) must never hand one school
 * another's application (its applicant, child and passport) as «the one you just sent».
 */
function sameSchool(existing: Application, schoolId: string): { application: Application; created: boolean } {
  if (existing.schoolId !== schoolId)
    throw new OperationError('Заявление с таким ключом повторной отправки уже есть: обновите страницу и отправьте форму заново', 409)
  return { application: existing, created: false }
}

/**
 * A new application in state «received»: the registration clock starts at receivedAt (Порядок 3.1.1).
 * The same idempotency key again returns the first application (double click, retry after a timeout).
 */
export async function receiveApplication(input: ReceiveInput): Promise<{ application: Application; created: boolean }> {
  const parsed = ApplicationSchema.safeParse(input.data)
  if (!parsed.success) throw new OperationError('Проверьте заявление: есть ошибки в полях', 400, fieldErrors(parsed.error))
  const data = parsed.data
  const now = input.now ?? new Date()
  const receivedAt = input.receivedAt ?? now
  if (receivedAt.getTime() > now.getTime() + 60_000)
    throw new OperationError('Дата поступления не может быть в будущем', 400, { receivedAt: 'Дата поступления не может быть в будущем' })
  const key = input.idempotencyKey?.trim() || null
  if (key) {
    const existing = await db.application.findUnique({ where: { idempotencyKey: key } })
    if (existing) return sameSchool(existing, input.schoolId)
  }
  const school = await db.school.findUniqueOrThrow({ where: { id: input.schoolId } })
  const calendar = await getCalendar()
  const deadlines = computeDeadlines({ channel: input.channel, receivedAt, timeZone: school.timeZone, calendar })
  const id = `app_${randomBytes(9).toString('base64url')}`
  const start = startApplication({ applicationId: id, periodicity: data.periodicity, channel: input.channel, kinds: data.kinds })
  const pupilId = await findPupil(input.schoolId, data)
  const guardianId = await signedInApplicant(input.guardianId ?? null, pupilId, data)
  const isUniqueViolation = (error: unknown) =>
    !!error && typeof error === 'object' && 'code' in error && (error as { code: string }).code === 'P2002'
  for (let attempt = 1; ; attempt++) {
    const receipt = receiptNumber(receivedAt, school.timeZone)
    try {
      const application = await withBusyRetry(() =>
        db.$transaction(async (tx) => {
          const created = await tx.application.create({
            data: {
              id,
              schoolId: input.schoolId,
              receiptNumber: receipt,
              channel: input.channel,
              status: start.status,
              snapshot: JSON.stringify(start.snapshot),
              receivedAt,
              enteredAt: input.enteredAt && input.enteredAt > receivedAt ? input.enteredAt : null,
              registrationDue: deadlines.registrationDue,
              queueDueAt: nearestDue(start.status, { registrationDue: deadlines.registrationDue, reviewDue: null, deliveryDue: null }),
              statusToken: newStatusToken(),
              idempotencyKey: key,
              apiClientId: input.apiClientId ?? null,
              guardianId,
              applicantLastName: data.applicant.lastName,
              applicantFirstName: data.applicant.firstName,
              applicantMiddleName: data.applicant.middleName,
              applicantIdentityDocument: data.applicant.identityDocument,
              applicantPostalAddress: data.applicant.postalAddress,
              // A postcode typed into the address counts as given (issue 19, item 6).
              applicantPostcode: data.applicant.postcode || splitPostcode(data.applicant.postalAddress).postcode,
              applicantEmail: data.applicant.email,
              applicantPhone: data.applicant.phone,
              applicantRole: data.applicant.role,
              pupilId,
              pupilName: [data.pupil.lastName, data.pupil.firstName, data.pupil.middleName].filter(Boolean).join(' '),
              className: data.pupil.className,
              kinds: JSON.stringify(data.kinds),
              periodicity: data.periodicity,
              delivery: data.delivery,
            },
          })
          await tx.applicationEvent.create({
            data: {
              applicationId: id,
              at: receivedAt,
              actorUserId: input.actor.userId,
              actorName: input.actor.name,
              event: 'RECEIVE',
              fromStatus: null,
              toStatus: 'received',
              data: JSON.stringify(
                input.enteredAt && input.enteredAt > receivedAt
                  ? { channel: input.channel, enteredAt: input.enteredAt.toISOString() }
                  : { channel: input.channel },
              ),
            },
          })
          if (data.applicant.email) {
            await tx.outboxJob.create({
              data: {
                kind: 'notify-applicant',
                payload: jobPayload('notify-applicant', { applicationId: id, effect: 'acknowledge', event: 'RECEIVE', reason: 'RECEIVE' }),
                idempotencyKey: `${id}:v0:acknowledge`,
                applicationId: id,
                schoolId: input.schoolId,
              },
            })
          }
          if (input.inTransaction) await input.inTransaction(tx, id)
          return created
        }),
      )
      return { application, created: true }
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      // Two requests with the same key at once: the second loses on the unique index and returns the first.
      if (key) {
        const existing = await db.application.findUnique({ where: { idempotencyKey: key } })
        if (existing) return sameSchool(existing, input.schoolId)
      }
      // The receipt number was taken (3 random bytes a day: rare, not impossible): try another one.
      const taken = await db.application.findUnique({ where: { receiptNumber: receipt }, select: { id: true } })
      if (!taken || attempt >= RECEIPT_TRIES) throw error
    }
  }
}
