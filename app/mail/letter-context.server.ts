// What every letter about an application needs: the application, the school's time zone and contacts, links.
import type { Application, Prisma, PrismaClient } from '#app/generated/prisma/client'
import { fullName } from '#app/models/school.server'
import { roomLabel } from '#app/utils/format'
import { formatDate } from '#workflows/time'
import { getCalendar } from '#app/models/calendar.server'
import { answerDate } from '#workflows/deadlines'
import { mailSettings } from './config.server'
import { contactPoint } from '#app/models/school-contacts.server'

export type LetterContext = {
  app: Application
  timeZone: string
  schoolName: string
  signature: string
  statusUrl: string
  staffUrl: string
  /** The answer's date in the words every place uses (ADR 032); null before registration sets it. */
  answerBy: string | null
}

type Client = Prisma.TransactionClient | PrismaClient

/** The school, the responsible employee and how to answer — under every letter. */
export async function schoolSignature(
  client: Client,
  schoolId: string,
): Promise<{ signature: string; timeZone: string; shortName: string }> {
  const school = await client.school.findUniqueOrThrow({ where: { id: schoolId } })
  const employee = school.responsibleEmployeeId ? await client.staff.findUnique({ where: { id: school.responsibleEmployeeId } }) : null
  const signature = [
    school.fullName,
    employee ? [`Ответственный работник: ${fullName(employee)}`, roomLabel(school.responsibleRoom)].filter(Boolean).join(', ') : '',
    [`тел. ${contactPoint(school, employee).phone}`, contactPoint(school, employee).email].filter(Boolean).join(', '), // ADR 051
    'Письмо отправлено автоматически. Чтобы ответить по этому заявлению, нажмите «Ответить» — ответ попадёт к ответственному работнику.',
  ]
    .filter(Boolean)
    .join('\n')
  return { signature, timeZone: school.timeZone, shortName: school.shortName }
}

/** Reads through `client`, so it also works inside the caller's transaction (SQLite has one writer). */
export async function loadLetterContext(client: Client, applicationId: string): Promise<LetterContext | null> {
  const app = await client.application.findUnique({ where: { id: applicationId } })
  if (!app) return null
  const [school, calendar] = await Promise.all([schoolSignature(client, app.schoolId), getCalendar()])
  const base = mailSettings().publicUrl
  return {
    app,
    timeZone: school.timeZone,
    schoolName: school.shortName,
    signature: school.signature,
    // The applicant's private status page (Application.statusToken) and the staff card of the application.
    statusUrl: `${base}/s/${app.statusToken}`,
    staffUrl: `${base}/staff/applications/${app.id}`,
    answerBy: app.deliveryDue ? answerDate(app.deliveryDue, { calendar, timeZone: school.timeZone }).text : null,
  }
}

/** «Заявление № 15 от 12.05.2026» once registered; «Заявление (квитанция 20261129-AB12C3)» before. */
export function subjectBase(app: Pick<Application, 'registrationNumber' | 'registeredAt' | 'receiptNumber'>, timeZone: string): string {
  return app.registrationNumber != null && app.registeredAt
    ? `Заявление № ${app.registrationNumber} от ${formatDate(app.registeredAt, timeZone)}`
    : `Заявление (квитанция ${app.receiptNumber})`
}

export function greeting(app: Pick<Application, 'applicantFirstName' | 'applicantMiddleName'>): string {
  return `Здравствуйте, ${[app.applicantFirstName, app.applicantMiddleName].filter(Boolean).join(' ')}!`
}

export function pupilLine(app: Pick<Application, 'pupilName' | 'className'>): string {
  return `${app.pupilName}, ${app.className} класс`
}
