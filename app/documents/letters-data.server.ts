// Application rows → the data of the notices and letters (types.ts).
import type { Application } from '#app/generated/prisma/client'
import { fullPostalAddress, postalParts } from '#app/utils/format'
import { CHANNEL_LABELS, PERIODICITY_LABELS } from '#app/operations/application-schema'
import { dativeFullName, salutation } from '#workflows/declension'
import { applicationDocData } from './application-doc-data'
import { className, refusedKindsOf } from './extract-data.server'
import { kindsText } from '#workflows/application-rules'
import { formatDate, formatReceivedAt } from './format'
import type { SchoolDocContext } from './school-block.server'
import type { AcceptanceRefusalData, AddresseeBlock, ApplicantBlock, ApplicationDocData, PupilBlock, RefusalData } from './types'
import { parseGrounds, parseKinds } from '#app/models/json-columns'

const nameOf = (a: Application) => ({ lastName: a.applicantLastName, firstName: a.applicantFirstName, middleName: a.applicantMiddleName })

export function applicantBlock(a: Application): ApplicantBlock {
  return {
    fullName: [a.applicantLastName, a.applicantFirstName, a.applicantMiddleName].filter(Boolean).join(' '),
    identityDocument: a.applicantIdentityDocument,
    postalAddress: fullPostalAddress(a.applicantPostalAddress, a.applicantPostcode),
    postcode: postalParts(a.applicantPostalAddress, a.applicantPostcode).postcode,
    fullNameDative: dativeFullName(nameOf(a)),
    email: a.applicantEmail,
    phone: a.applicantPhone,
  }
}

export function pupilBlock(a: Application): PupilBlock {
  return { fullName: a.pupilName, className: className(a.className) }
}

export function addressee(a: Application): AddresseeBlock {
  return {
    name: dativeFullName(nameOf(a)),
    address: a.delivery === 'email' ? a.applicantEmail : fullPostalAddress(a.applicantPostalAddress, a.applicantPostcode),
    salutation: salutation(nameOf(a)),
  }
}

/** Outgoing numbers of the procedure's letters: «ПИ-<registration number or receipt>». */
export function outgoing(a: Application, now: Date, ctx: SchoolDocContext) {
  return { number: `ПИ-${a.registrationNumber ?? a.receiptNumber}`, date: formatDate(now, ctx.timeZone) }
}

const groundsOf = (a: Application) => parseGrounds(a.grounds).map((text) => ({ text, details: '' }))

export function acceptanceRefusalData(a: Application, ctx: SchoolDocContext, now: Date): AcceptanceRefusalData {
  return {
    school: ctx.school,
    outgoing: outgoing(a, now, ctx),
    addressee: addressee(a),
    pupil: pupilBlock(a),
    application: {
      number: a.receiptNumber,
      receivedAt: formatReceivedAt(a.receivedAt, a.channel, ctx.timeZone),
      channel: CHANNEL_LABELS[a.channel] ?? a.channel,
    },
    grounds: groundsOf(a),
    executor: ctx.executor,
  }
}

/**
 * A partial decision (Порядок 3.1.2) refuses only the kinds the journal lacks: the notice names them beside the
 * ground and says the rest goes by the extract.
 */
function partialGrounds(a: Application): Array<{ text: string; details: string }> {
  const refused = refusedKindsOf(a)
  if (refused.length === 0) return groundsOf(a)
  const part = `— в части: ${kindsText(refused)}. Остальная запрошенная информация предоставляется выпиской из электронного журнала.`
  return groundsOf(a).map((g) => ({ text: g.text, details: part }))
}

export function refusalData(a: Application, ctx: SchoolDocContext, now: Date): RefusalData {
  return {
    school: ctx.school,
    outgoing: outgoing(a, now, ctx),
    addressee: addressee(a),
    pupil: pupilBlock(a),
    application: {
      number: String(a.registrationNumber ?? a.receiptNumber),
      date: formatDate(a.receivedAt, ctx.timeZone),
      registeredAt: a.registeredAt ? formatDate(a.registeredAt, ctx.timeZone) : '',
    },
    grounds: partialGrounds(a),
    executor: ctx.executor,
  }
}

const DELIVERY_METHOD = { in_person: 'inPerson', post: 'post', email: 'email' } as const

export function applicationFormData(a: Application, ctx: SchoolDocContext): ApplicationDocData {
  return applicationDocData({
    school: ctx.school,
    applicant: applicantBlock(a),
    pupil: pupilBlock(a),
    kinds: parseKinds(a.kinds),
    periodicity: a.periodicity === 'once' ? '' : (PERIODICITY_LABELS[a.periodicity as keyof typeof PERIODICITY_LABELS] ?? ''),
    delivery: DELIVERY_METHOD[a.delivery as keyof typeof DELIVERY_METHOD] ?? 'inPerson',
    date: formatDate(a.receivedAt, ctx.timeZone),
    registration:
      a.registrationNumber && a.registeredAt
        ? { number: String(a.registrationNumber), date: formatDate(a.registeredAt, ctx.timeZone) }
        : undefined,
  })
}
