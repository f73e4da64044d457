// Reads behind workflows/guardian-status.ts: the applicant's link to the pupil and whether e-diary access may be
// given to them. One query for the pre-check, the credentials letter and its production at the desk.
import type { Application, Prisma, PrismaClient } from '#app/generated/prisma/client'
import { SETTLED_EMAIL_DAYS } from '#app/models/account-words'
import { settledParentEmail } from '#app/models/parent-email.server'
import { db } from '#app/utils/db.server'
import { credentialsEligibility, findApplicantLink, periodicRecipientCheck, type DeliveryChannel } from '#workflows/guardian-status'

type Client = Prisma.TransactionClient | PrismaClient

type ApplicantFields = Pick<
  Application,
  | 'pupilId'
  | 'guardianId'
  | 'applicantLastName'
  | 'applicantFirstName'
  | 'applicantMiddleName'
  | 'applicantEmail'
  | 'applicantPostalAddress'
  | 'delivery'
>

/** The pupil's link to the applicant (with the guardian), or undefined. */
export async function applicantLink(app: ApplicantFields, client: Client = db) {
  if (!app.pupilId) return undefined
  const links = await client.guardianLink.findMany({ where: { pupilId: app.pupilId }, include: { guardian: true } })
  return findApplicantLink(links, {
    lastName: app.applicantLastName,
    firstName: app.applicantFirstName,
    middleName: app.applicantMiddleName,
    guardianId: app.guardianId,
  })
}

/** The applicant's link and whether access credentials may go to them by the delivery they chose. */
export async function applicantCredentialsCheck(app: ApplicantFields, client: Client = db, now = new Date()) {
  const link = await applicantLink(app, client)
  // ADR 114: no password by e-mail to an address an import changed lately — the administrator's mailed reset's rule
  // (ADR 102). An address held longer needs no sign-in here: the procedure's document check and decision vouch for it.
  const settled = app.delivery === 'email' && link ? await settledParentEmail(link.guardian, now, client) : null
  const eligibility = credentialsEligibility({
    emailUnsettled: settled && !settled.ok && settled.refused === 'parent-email-changed' ? { days: SETTLED_EMAIL_DAYS } : null,
    pupilFound: Boolean(app.pupilId),
    link,
    delivery: app.delivery as DeliveryChannel,
    applicantEmail: app.applicantEmail,
    applicantPostalAddress: app.applicantPostalAddress,
  })
  return { link, eligibility }
}

/**
 * Whether this periodic application's next extract may go to its applicant (workflows/guardian-status.ts:
 * periodicRecipientCheck): the applicant's link in the journal now, and the director's override of the pre-check's
 * doubt if there was one (the `decide:override` row of ADR 089, with whether a link existed at the grant).
 */
export async function periodicRecipient(app: ApplicantFields & { id: string; applicantRole: string }, client: Client = db) {
  const link = await applicantLink(app, client)
  const row = await client.auditEvent.findFirst({
    where: { entity: 'application', entityId: app.id, action: 'decide:override' },
    orderBy: { at: 'desc' },
    select: { data: true },
  })
  const override = row ? { linkAtGrant: linkAtGrantOf(row.data) } : null
  return periodicRecipientCheck({ applicantRole: app.applicantRole, pupilFound: Boolean(app.pupilId), link, override })
}

function linkAtGrantOf(data: string): boolean | null {
  try {
    const value = (JSON.parse(data) as { linkAtGrant?: unknown }).linkAtGrant
    return typeof value === 'boolean' ? value : null
  } catch {
    return null
  }
}
