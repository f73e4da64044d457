// Порядок 1.2, 2.7: the applicant is a parent (законный представитель) of the pupil, and proves it with a document
// staff check (the original at the desk, a copy by post). The product knows that proof as a guardian's link to the
// pupil whose status is confirmed. This module is the one place that says what «confirmed» means and who may be
// given e-diary access: the class page, the credentials of an application, the review's pre-check and the
// e-diary itself all ask it.
import { emailKey } from './email'
import { cyrillicLookalikes, nameKey } from './text'

/** A guardian's link to one pupil, as the journal stores it. */
type LinkStatus = { statusConfirmed: boolean }

/** The where-clause of a confirmed link, for queries that must see only proven representatives. */
export const CONFIRMED_LINK = { statusConfirmed: true } as const

/** The link is proven by a document staff checked (Порядок 1.2, 2.7). */
export function isConfirmedLink(link: LinkStatus): boolean {
  return link.statusConfirmed === true
}

/** Every link of a guardian (e.g. to each of their children in a class) is proven; no links is not proof. */
export function confirmedForAll(links: readonly LinkStatus[]): boolean {
  return links.length > 0 && links.every(isConfirmedLink)
}

type PersonName = { lastName: string; firstName: string; middleName: string }

const norm = (s: string) => s.trim().toLowerCase().replaceAll('ё', 'е')

/**
 * Same surname and first name; a middle name missing on either side does not decide against. Names compare as the
 * pupil search compares them (`nameKey`): «Д’Арк» typed on a phone is the journal's «Д'Арк».
 */
export function sameName(a: PersonName, b: PersonName): boolean {
  return (
    nameKey(a.lastName) === nameKey(b.lastName) &&
    nameKey(a.firstName) === nameKey(b.firstName) &&
    (!nameKey(a.middleName) || !nameKey(b.middleName) || nameKey(a.middleName) === nameKey(b.middleName))
  )
}

/**
 * The applicant among the pupil's guardians: the guardian the application names (filed by a signed-in parent),
 * else the one with the applicant's name. A name is not proof of anything: see `credentialsEligibility`.
 */
export function findApplicantLink<L extends { guardianId: string; guardian: PersonName }>(
  links: readonly L[],
  applicant: PersonName & { guardianId?: string | null },
): L | undefined {
  if (applicant.guardianId) return links.find((l) => l.guardianId === applicant.guardianId)
  return links.find((l) => sameName(l.guardian, applicant))
}

/**
 * Addresses compare without case, spaces and punctuation («г. Саратов, ул. Мира, д.5» = «Г Саратов ул Мира д 5»), and
 * with Latin look-alikes read as the Russian letters (ADR 097): a guardian's «ул. Лeнина» imported before the
 * correction is the form's «ул. Ленина».
 */
export function sameAddress(a: string, b: string): boolean {
  const key = (s: string) => norm(cyrillicLookalikes(s.normalize('NFC'))).replace(/[\s.,;:№#"«»()-]+/g, '')
  return key(a) !== '' && key(a) === key(b)
}

/** One mailbox: the local part without case, the domain in punycode («@почта.рф» = «@xn--80a1acny.xn--p1ai»). */
function sameEmail(a: string, b: string): boolean {
  return a.trim() !== '' && emailKey(a) === emailKey(b)
}

export type DeliveryChannel = 'in_person' | 'post' | 'email'

type ReplyContact = { ok: true } | { ok: false; message: string; correction?: string }

/**
 * Where an answer about a child may go (152-ФЗ): an application from a guardian's own account, or one handed over in
 * person (by passport), goes to its applicant; a remote one from anyone else goes to the contact it names, so that
 * contact is compared with the one the school has for the guardian it names. A stranger who knows the family's names
 * could otherwise have the child's marks sent to their own address. A different contact asks for a correction (as
 * credentialsEligibility does); no contact on record asks the employee to compare the identity document.
 */
export function replyContactCheck(input: {
  delivery: DeliveryChannel
  fromAccount: boolean
  applicantEmail: string
  applicantPostalAddress: string
  guardian: { email: string; postalAddress: string }
}): ReplyContact {
  if (input.fromAccount || input.delivery === 'in_person') return { ok: true }
  const email = input.delivery === 'email'
  const known = (email ? input.guardian.email : input.guardian.postalAddress).trim() !== ''
  const same = email
    ? sameEmail(input.applicantEmail, input.guardian.email)
    : sameAddress(input.applicantPostalAddress, input.guardian.postalAddress)
  if (same) return { ok: true }
  const what = email ? 'Адрес электронной почты' : 'Почтовый адрес'
  if (!known)
    return {
      ok: false,
      message:
        `${what} законного представителя школе неизвестен: прежде чем направлять сведения об обучающемся по адресу ` +
        'из заявления, сверьте документ, удостоверяющий личность заявителя.',
    }
  return {
    ok: false,
    message:
      `${what} в заявлении не совпадает с адресом законного представителя, известным школе: ` +
      'сведения об обучающемся по нему не направляются.',
    correction: `Получите ответ лично (с паспортом) или укажите ${email ? 'адрес электронной почты' : 'почтовый адрес'}, известный школе.`,
  }
}

type CredentialsEligibility =
  | { ok: true }
  | {
      ok: false
      code: 'no-pupil' | 'not-guardian' | 'unconfirmed' | 'contact' | 'email-unsettled'
      proposal: 'refuse' | 'correction'
      message: string
      correction?: string
    }

/**
 * Порядок 1.2, 2.7, 3.3 and issue «credentials only to a confirmed guardian»: e-diary access is given only to a
 * guardian whose link to the pupil is confirmed by a document, and only through a contact the school already has
 * or checks itself. A name typed into an application proves nothing: an impostor with a real parent's name would
 * reset that parent's account and receive the new password at an address of their own.
 * - in person: the letter is handed over at the desk against the passport (the contact is verified there);
 * - by post: only to the postal address on file for that guardian;
 * - by e-mail: only to the e-mail address on file for that guardian, and not while that address is fresh (ADR 102,
 *   114: changed by an import less than SETTLED_EMAIL_DAYS ago — the administrator's guardians import sets addresses,
 *   and a password mailed to a fresh one is theirs). An address the school has held longer is vouched for by the
 *   procedure itself: the applicant's documents checked, the director's decision, the address the applicant wrote
 *   (Порядок 3.2, 3.3 — credentials by e-mail are the procedure's own way).
 * Otherwise the review proposes a refusal (not a guardian) or a correction request (prove the status, or ask for
 * the letter in person / at the address on file).
 */
export function credentialsEligibility(input: {
  pupilFound: boolean
  link: (LinkStatus & { guardian: { email: string; postalAddress: string } }) | undefined
  delivery: DeliveryChannel
  applicantEmail: string
  applicantPostalAddress: string
  /** The guardian's address changed lately (settledParentEmail): the days it must be held; null when not. */
  emailUnsettled?: { days: number } | null
}): CredentialsEligibility {
  if (!input.pupilFound) {
    return {
      ok: false,
      code: 'no-pupil',
      proposal: 'correction',
      message: 'Обучающийся не найден в журнале: реквизиты доступа выдать некому.',
      correction: 'Уточните фамилию, имя и класс обучающегося.',
    }
  }
  if (!input.link) {
    return {
      ok: false,
      code: 'not-guardian',
      proposal: 'refuse',
      message: 'Заявителя нет среди законных представителей обучающегося в журнале: реквизиты доступа не выдаются.',
    }
  }
  if (!isConfirmedLink(input.link)) {
    return {
      ok: false,
      code: 'unconfirmed',
      proposal: 'correction',
      message: 'Статус законного представителя не подтверждён документом (Порядок, п. 1.2, 2.7): реквизиты доступа не выдаются.',
      correction: 'Представьте документ, подтверждающий статус законного представителя (оригинал — лично, копию — почтой).',
    }
  }
  const g = input.link.guardian
  if (input.delivery === 'email' && !sameEmail(input.applicantEmail, g.email)) {
    return {
      ok: false,
      code: 'contact',
      proposal: 'correction',
      message:
        'Адрес электронной почты в заявлении не совпадает с адресом законного ' +
        'представителя, известным школе: реквизиты доступа по нему не направляются.',
      correction: 'Получите реквизиты доступа лично (с паспортом) или укажите адрес электронной почты, известный школе.',
    }
  }
  if (input.delivery === 'email' && input.emailUnsettled) {
    return {
      ok: false,
      code: 'email-unsettled',
      proposal: 'correction',
      message:
        `Адрес электронной почты законного представителя изменён в журнале менее ${input.emailUnsettled.days} дней назад: ` +
        'реквизиты доступа (пароль) на него не направляются.',
      correction:
        'Получите реквизиты доступа лично у классного руководителя под роспись (с паспортом) или почтой на почтовый адрес, ' +
        'известный школе (Положение 3.1, 4.3.7; Порядок 2.6).',
    }
  }
  if (input.delivery === 'post' && !sameAddress(input.applicantPostalAddress, g.postalAddress)) {
    return {
      ok: false,
      code: 'contact',
      proposal: 'correction',
      message:
        'Почтовый адрес в заявлении не совпадает с адресом законного представителя, ' +
        'известным школе: реквизиты доступа по нему не направляются.',
      correction: 'Получите реквизиты доступа лично (с паспортом) или укажите почтовый адрес, известный школе.',
    }
  }
  return { ok: true }
}

export const PERIODIC_HOLD_MESSAGES = {
  pupil: 'обучающегося по заявлению больше нет в журнале',
  gone: 'заявителя больше нет среди родителей (законных представителей) обучающегося в журнале',
  unconfirmed: 'статус законного представителя у заявителя в журнале больше не подтверждён документом',
} as const

/** What follows a hold's reason: the recipient's (periodicRecipientCheck) or the pupil's leaving (leftBeforeSlot). */
const PERIODIC_HOLD_TAILS = {
  recipient:
    'Сведения об обучающемся не направляются, пока журнал снова не подтвердит заявителя законным представителем ' +
    '(или пока заявитель не откажется от выписок).',
  left:
    'Выписки больше не формируются; если дата выбытия в журнале ошибочна, исправьте её — выписка будет сформирована ' + 'в течение часа.',
} as const

/** What a held slot's row says (shown on the application page): the reason and what follows. */
export const periodicHoldText = (message: string, why: keyof typeof PERIODIC_HOLD_TAILS = 'recipient') =>
  `Выписка не сформирована: ${message}. ${PERIODIC_HOLD_TAILS[why]}`

/** A slot's row held (periodicHoldText), not failed for another reason (a render error, a busy database). */
export const isPeriodicHold = (lastError: string | null) =>
  Object.values(PERIODIC_HOLD_TAILS).some((tail) => Boolean(lastError?.endsWith(tail)))

/**
 * Порядок 1.2, 152-ФЗ: a periodic answer (weekly, monthly, each period) carries the child's marks all year, so each
 * extract asks again what the pre-check asked before the grant: the applicant is among the pupil's guardians in the
 * journal, and one who is not a parent (a guardian, a custodian) with the status confirmed by a document. The journal
 * may have dropped the link since (parental rights removed, a guardian replaced, a mistake put right): the extract is
 * then held, not sent.
 *
 * `override`: the director granted despite the pre-check's doubt (ADR 089), and whether the applicant had a link in
 * the journal then (`linkAtGrant`; null for a decision recorded before it was kept). The director answered for what
 * the journal did not show: no link then (the documents were the proof) — a missing link does not hold; a link
 * without the confirmed status — an unconfirmed one does not hold. A link that existed at the grant and is gone now
 * holds, whatever the override: the journal has since said something new.
 */
export function periodicRecipientCheck(input: {
  applicantRole: string
  pupilFound: boolean
  link: LinkStatus | undefined
  override: { linkAtGrant: boolean | null } | null
}): { ok: true } | { ok: false; message: string } {
  const waivesMissing = input.override !== null && input.override.linkAtGrant !== true
  if (!input.pupilFound) return waivesMissing ? { ok: true } : { ok: false, message: PERIODIC_HOLD_MESSAGES.pupil }
  if (!input.link) return waivesMissing ? { ok: true } : { ok: false, message: PERIODIC_HOLD_MESSAGES.gone }
  // ADR 045: a parent brings no status document; the journal's record is the check, as at the grant. Anyone else
  // (and an application that did not ask, '') needed the confirmed status then and needs it now.
  if (input.applicantRole !== 'parent' && !isConfirmedLink(input.link) && input.override === null)
    return { ok: false, message: PERIODIC_HOLD_MESSAGES.unconfirmed }
  return { ok: true }
}
