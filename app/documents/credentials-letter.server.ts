// The credentials letter of an application (Порядок 3.3, template rekvizity-dostupa) in its two forms
// (docs/decisions/019-credentials-letters-never-stored.md): the letter itself, with the one-time password, made once
// for the applicant at the moment it is printed or e-mailed and never stored; and the school's copy, stored with the
// application, which shows the login and «пароль выдан <date>» instead of the password.
import type { Application } from '#app/generated/prisma/client'
import { ONE_TIME_PASSWORD_DAYS } from '#app/utils/auth.server'
import { formatDate } from './format'
import { addressee, applicantBlock, outgoing, pupilBlock } from './letters-data.server'
import type { SchoolDocContext } from './school-block.server'
import type { TemplateDataMap } from './types'

type LetterData = TemplateDataMap['rekvizity-dostupa']

/** What the stored copy prints where the letter has the password. */
function passwordIssuedNote(issuedOn: string): string {
  return `пароль выдан ${issuedOn}; в копии не хранится`
}

/** The letter with the password: for the applicant only, never stored. */
export function credentialsLetterData(
  app: Application,
  ctx: SchoolDocContext,
  now: Date,
  issued: { login: string; password: string },
): LetterData {
  const { fullName, fullNameDative } = applicantBlock(app)
  return {
    school: ctx.school,
    outgoing: outgoing(app, now, ctx),
    addressee: addressee(app),
    applicant: { fullName, fullNameDative },
    pupil: pupilBlock(app),
    application: { number: String(app.registrationNumber ?? app.receiptNumber), date: formatDate(app.receivedAt, ctx.timeZone) },
    credentials: {
      siteUrl: ctx.siteUrl,
      login: issued.login,
      temporaryPassword: issued.password,
      validUntil: formatDate(new Date(now.getTime() + ONE_TIME_PASSWORD_DAYS * 86_400_000), ctx.timeZone),
    },
    issuer: ctx.director,
    issuedAt: formatDate(now, ctx.timeZone),
    executor: ctx.executor,
  }
}

/** The same letter for the school's files: the login, and «пароль выдан <date>» instead of the password. */
export function credentialsCopyData(letter: LetterData): LetterData {
  return { ...letter, credentials: { ...letter.credentials, temporaryPassword: passwordIssuedNote(letter.issuedAt) } }
}

export function credentialsFileName(app: Application, copy: boolean): string {
  return `Реквизиты доступа № ${app.registrationNumber ?? app.receiptNumber}${copy ? ' (копия без пароля)' : ''}.docx`
}
