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

type Letter = { to: string[]; deliveryId?: string; audience?: 'applicant' | 'staff' }

/**
 * Whether a letter of an application is one to its applicant: marked so when queued (ADR 119), or carrying one of the
 * answer's documents (a Delivery). A row queued before the mark is judged by the applicant's present address.
 */
export function isApplicantLetter(letter: Letter, applicantEmail: string): boolean {
  if (letter.audience) return letter.audience === 'applicant'
  if (letter.deliveryId) return true
  const applicant = applicantEmail.trim().toLowerCase()
  return applicant !== '' && letter.to.some((a) => a.trim().toLowerCase() === applicant)
}

/** Whether the letter is one to the applicant (isApplicantLetter) of an application that was withdrawn. */
export async function isWithdrawnApplicantLetter(tx: Tx, letter: Letter & { applicationId?: string | null }): Promise<boolean> {
  if (!letter.applicationId) return false
  const app = await tx.application.findUnique({
    where: { id: letter.applicationId },
    select: { status: true, applicantEmail: true },
  })
  // A letter of a withdrawn application to staff is the school's own business; to the applicant it is not.
  return !!app && app.status === 'withdrawn' && isApplicantLetter(letter, app.applicantEmail)
}
