// Which application an incoming letter answers: our Message-ID in In-Reply-To/References (only the recipient
// of our letter knows it), or the receipt / registration number in the subject — the latter only when the
// sender is the applicant, so a stranger cannot attach letters to someone else's application.
import { db } from '#app/utils/db.server'
import { subjectRef } from './classify'
import { findLetters } from './letters.server'

export async function findApplicationFor(
  schoolId: string,
  mail: { references: string[]; subject: string; from: string },
): Promise<string | null> {
  if (mail.references.length) {
    const letter = (await findLetters(db, schoolId, mail.references)).find((l) => l.letter.applicationId)
    if (letter?.letter.applicationId) return letter.letter.applicationId
    const earlier = await db.inboundMessage.findFirst({
      where: { schoolId, messageId: { in: mail.references }, applicationId: { not: null } },
      select: { applicationId: true },
    })
    if (earlier?.applicationId) return earlier.applicationId
  }
  const ref = subjectRef(mail.subject)
  let candidate: { id: string; applicantEmail: string } | null = null
  if (ref.receiptNumber) {
    candidate = await db.application.findFirst({
      where: { schoolId, receiptNumber: ref.receiptNumber },
      select: { id: true, applicantEmail: true },
    })
  }
  if (!candidate && ref.registration) {
    const row = await db.registrationLogEntry.findFirst({
      where: { schoolId, year: ref.registration.year, number: ref.registration.number },
      select: { applicationId: true },
    })
    if (row) candidate = await db.application.findUnique({ where: { id: row.applicationId }, select: { id: true, applicantEmail: true } })
  }
  return candidate && mail.from && candidate.applicantEmail.toLowerCase() === mail.from ? candidate.id : null
}
