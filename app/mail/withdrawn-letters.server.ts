// ADR 119: a withdrawn application's letters to the applicant do not go out after the withdrawal. The withdrawal
// itself cancels the ones waiting (queueEffects' cancelPendingDelivery); this is the check for the rest — a letter a
// running job queued just after it, the administrator's «Отправить снова» or «Отправить ещё раз» of an older one, and
// the sender's last look before it hands a letter to SMTP. The withdrawal's own notice to the responsible employee is
// a staff letter and goes.
import type { Prisma, PrismaClient } from '#app/generated/prisma/client'

type Tx = Pick<Prisma.TransactionClient | PrismaClient, 'application'>

export const WITHDRAWN_LETTER = 'Заявление отозвано: письмо заявителю после отзыва не отправляется'

/** The administrator's «send again» of such a letter is refused with this. */
export const WITHDRAWN_REFUSAL =
  'Заявление отозвано: письмо заявителю после отзыва не отправляется. Если письмо уже дошло — отметьте «Письмо ушло», иначе отмените его.'

/**
 * Whether the letter is one to the applicant of an application that was withdrawn: addressed to the applicant, or
 * carrying one of the answer's documents (a Delivery).
 */
export async function isWithdrawnApplicantLetter(
  tx: Tx,
  letter: { applicationId?: string | null; to: string[]; deliveryId?: string },
): Promise<boolean> {
  if (!letter.applicationId) return false
  const app = await tx.application.findUnique({
    where: { id: letter.applicationId },
    select: { status: true, applicantEmail: true },
  })
  if (!app || app.status !== 'withdrawn') return false
  if (letter.deliveryId) return true
  const applicant = app.applicantEmail.trim().toLowerCase()
  // A letter of a withdrawn application to anyone else (staff) is the school's own business; to the applicant it is not.
  return applicant !== '' && letter.to.some((a) => a.trim().toLowerCase() === applicant)
}
