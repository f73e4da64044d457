// The procedure's notifications become letters: 'notify-applicant' and 'notify-staff' outbox jobs each queue
// 'send-email' rows keyed by the job's own idempotency key, so a job run twice still queues each letter once.
// The handlers are listed in OUTBOX_HANDLERS (app/jobs/outbox.server.ts).
import { db } from '#app/utils/db.server'
import type { JobPayload } from '#app/jobs/payloads'
import { applicantLetter } from './compose.server'
import { accessLetter, compromiseLetter, staffLetter, type AccessNotice, type CompromiseNotice } from './compose-staff.server'
import { ROLE_LABELS, type Role } from '#app/utils/permissions'
import { renderHtml, renderText, type Letter } from './letter'
import { loadLetterContext } from './letter-context.server'
import { queueEmail } from './queue-email.server'
import { threadOf } from './thread.server'

export { queueEmail, messageIdFor, type EmailAttachment, type QueueEmailInput } from './queue-email.server'
export { queueDocumentEmail, type QueueDocumentEmailInput } from './document-email.server'

const body = (letter: Letter) => ({ subject: letter.subject, text: renderText(letter), html: renderHtml(letter) })

export async function notifyApplicant(jobKey: string, payload: JobPayload<'notify-applicant'>): Promise<string> {
  const ctx = await loadLetterContext(db, payload.applicationId)
  if (!ctx) return 'заявление не найдено — письмо не нужно'
  if (!ctx.app.applicantEmail) return 'у заявителя нет адреса электронной почты — письмо не нужно'
  const letter = applicantLetter(ctx, payload.reason, payload.items ?? [])
  const queued = await queueEmail(db, {
    schoolId: ctx.app.schoolId,
    to: ctx.app.applicantEmail,
    ...body(letter),
    applicationId: ctx.app.id,
    audience: 'applicant',
    idempotencyKey: jobKey,
    ...(await threadOf(db, ctx.app)),
  })
  return `письмо заявителю в очереди: ${queued.messageId}`
}

/** Staff with a role in the school and an e-mail; the responsible employee named in the school's card first. */
async function recipients(schoolId: string, role: string) {
  const school = await db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { responsibleEmployeeId: true } })
  if (role === 'responsible' && school.responsibleEmployeeId) {
    const named = await db.staff.findUnique({ where: { id: school.responsibleEmployeeId }, select: { id: true, email: true } })
    if (named?.email) return [named]
  }
  return db.staff.findMany({
    where: { schoolId, email: { not: '' }, user: { roles: { some: { role } }, lockedAt: null } },
    select: { id: true, email: true },
  })
}

/** Регламент 3.3: a parent reported that their password was compromised — the director is told at once. */
async function notifyCompromise(jobKey: string, payload: CompromiseNotice): Promise<string> {
  const user = await db.user.findUnique({ where: { id: payload.userId }, select: { schoolId: true } })
  if (!user) return 'учётная запись не найдена — письмо не нужно'
  const school = await db.school.findUniqueOrThrow({ where: { id: user.schoolId }, select: { timeZone: true } })
  const letter = body(compromiseLetter(payload, school.timeZone))
  const staff = await recipients(user.schoolId, 'director')
  if (staff.length === 0) return 'нет директора с адресом электронной почты — письмо не отправлено'
  await db.$transaction(async (tx) => {
    for (const s of staff) await queueEmail(tx, { schoolId: user.schoolId, to: s.email, ...letter, idempotencyKey: `${jobKey}:${s.id}` })
  })
  return `писем директору в очереди: ${staff.length}`
}

const nameOf = (u: { login: string; staff: { lastName: string; firstName: string; middleName: string } | null }) =>
  u.staff ? [u.staff.lastName, u.staff.firstName, u.staff.middleName].filter(Boolean).join(' ') : u.login

/** An administrator opened applications to an account: the directors are told (the account's own director too). */
async function notifyAccess(jobKey: string, payload: AccessNotice): Promise<string> {
  const select = { schoolId: true, login: true, staff: { select: { lastName: true, firstName: true, middleName: true } } }
  const [account, by] = await Promise.all([
    db.user.findUnique({ where: { id: payload.accountId }, select }),
    db.user.findUnique({ where: { id: payload.byUserId }, select }),
  ])
  if (!account) return 'учётная запись не найдена — письмо не нужно'
  const school = await db.school.findUniqueOrThrow({ where: { id: account.schoolId }, select: { timeZone: true } })
  const roles = payload.roles.map((r) => `«${ROLE_LABELS[r as Role] ?? r}»`).join(', ')
  const names = {
    account: nameOf(account),
    login: account.login,
    by: by ? `${nameOf(by)} (${by.login})` : '(учётная запись удалена)',
    roles,
  }
  const letter = body(accessLetter(payload, names, school.timeZone))
  const staff = await recipients(account.schoolId, 'director')
  if (staff.length === 0) return 'нет директора с адресом электронной почты — письмо не отправлено'
  await db.$transaction(async (tx) => {
    for (const s of staff) await queueEmail(tx, { schoolId: account.schoolId, to: s.email, ...letter, idempotencyKey: `${jobKey}:${s.id}` })
  })
  return `писем директору в очереди: ${staff.length}`
}

export async function notifyStaff(jobKey: string, payload: JobPayload<'notify-staff'>): Promise<string> {
  if ('userId' in payload) return notifyCompromise(jobKey, payload)
  if ('accountId' in payload) return notifyAccess(jobKey, payload)
  const ctx = await loadLetterContext(db, payload.applicationId)
  if (!ctx) return 'заявление не найдено — письмо не нужно'
  const role = payload.role
  const due = payload.due ? new Date(payload.due) : undefined
  const letter = body(staffLetter(ctx, payload.reason, due))
  const staff = await recipients(ctx.app.schoolId, role)
  if (staff.length === 0) return `нет сотрудников с ролью «${role}» и адресом электронной почты — письмо не отправлено`
  await db.$transaction(async (tx) => {
    for (const s of staff)
      await queueEmail(tx, {
        schoolId: ctx.app.schoolId,
        to: s.email,
        ...letter,
        applicationId: ctx.app.id,
        audience: 'staff',
        idempotencyKey: `${jobKey}:${s.id}`,
      })
  })
  return `писем сотрудникам в очереди: ${staff.length}`
}
