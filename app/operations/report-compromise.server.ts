// Compromised credentials. Регламент 3.3: the participant tells the director and the portal's technical support
// within one working day; Регламент 1.16: «Все операции, произведенные участниками образовательного процесса с
// момента получения информации директором … признаются недействительными». The moment is therefore the director's
// receipt of the report, never an earlier moment the reporter names (ADR 034):
// - a parent's report filed here reaches the director as it is filed: the moment is the report;
// - a report made by phone or in person is recorded by staff (Регламент 3.3 names no form); taken by the director,
//   the moment is the report; taken by someone else, it is the director's acknowledgement.
// The account is locked and its sessions end as soon as the report is recorded, whoever takes it (a protective
// step, not the legal moment). The school tells the portal's technical support and records when it did.
import { db } from '#app/utils/db.server'
import { auditRow } from '#app/models/audit.server'
import type { SessionUser } from '#app/utils/auth.server'
import type { Prisma } from '#app/generated/prisma/client'
import { OperationError } from './errors'
import { jobPayload, type JobPayload } from '#app/jobs/payloads'
import { SCHOOL_ACCOUNT } from '#app/models/users.server'
import { replaceOwnStatusLinks } from '#app/models/application-status.server'
import { clip } from '#app/utils/text'

type CompromiseResult = {
  reportId: string
  compromisedAt: Date | null
  /** Null: a privileged account reported to other staff waits for the director's acknowledgement. */
  lockedAt: Date | null
  invalidAuditEvents: number
  invalidApplicationEvents: number
}

type Tx = Prisma.TransactionClient
type Reporter = Pick<SessionUser, 'id' | 'schoolId' | 'login' | 'displayName'>
type Staff = Pick<SessionUser, 'id' | 'schoolId' | 'displayName' | 'roles'>

const MAX_BACK_MS = 7 * 24 * 3_600_000 // a call recorded later than a week after it is a typing mistake
export const COMPROMISE_VIA_LABELS: Record<string, string> = { portal: 'через личный кабинет', phone: 'по телефону', in_person: 'лично' }

type Person = { lastName: string; firstName: string; middleName: string } | null
const personName = (p: Person) => (p ? [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ') : null)

const isDirector = (roles: readonly string[]) => roles.includes('director')

/** Marks the account's operations from `from` on invalid; the user's compromisedAt keeps the earliest moment. */
async function invalidateFrom(tx: Tx, userId: string, from: Date) {
  const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { compromisedAt: true } })
  const compromisedAt = before.compromisedAt && before.compromisedAt < from ? before.compromisedAt : from
  await tx.user.update({ where: { id: userId }, data: { compromisedAt } })
  const audit = await tx.auditEvent.updateMany({
    where: { userId, at: { gte: from }, NOT: { action: { startsWith: 'report-compromise' } } },
    data: { invalid: true },
  })
  const events = await tx.applicationEvent.updateMany({ where: { actorUserId: userId, at: { gte: from } }, data: { invalid: true } })
  return { audit: audit.count, events: events.count }
}

type Withdrawn = { statusLinksReplaced: number; apiTokensRevoked: number; oneTimePasswordsWithdrawn: number }

/** What an account issues and shows once: another account's password (ADR 034). */
const SHOWN_ONCE = ['issue:one-time-password', 'issue:credentials', 'produce:credentials-letter']

/** The account a «shown once» audit row gave a password to: a user, a guardian's, or the applicant's of a letter. */
async function passwordHolder(tx: Tx, e: { entity: string; entityId: string; data: string }): Promise<string | null> {
  if (e.entity === 'user') return e.entityId
  const guardianId = e.entity === 'guardian' ? e.entityId : (JSON.parse(e.data || '{}') as { guardianId?: string }).guardianId
  if (!guardianId) return null
  return (await tx.guardian.findUnique({ where: { id: guardianId }, select: { userId: true } }))?.userId ?? null
}

/**
 * Whoever had the account's password saw what it issued, shown once: the portal's tokens, the one-time passwords of
 * other accounts (an administrator's reset, a class's credentials sheet, a credentials letter). The account's tokens
 * still working are revoked; an account whose one-time password it issued and that still waits for its first sign-in
 * is locked (a new one is given).
 */
async function withdrawIssued(tx: Tx, userId: string, at: Date) {
  const tokens = (
    await tx.auditEvent.findMany({ where: { userId, action: 'create:api-token', entityId: { not: '' } }, select: { entityId: true } })
  ).map((e) => e.entityId)
  const revoked = tokens.length
    ? await tx.apiToken.updateMany({ where: { id: { in: tokens }, revokedAt: null }, data: { revokedAt: at } })
    : { count: 0 }
  let withdrawn = 0
  const shown = await tx.auditEvent.findMany({
    where: { userId, action: { in: SHOWN_ONCE }, entityId: { not: '' } },
    select: { entity: true, entityId: true, data: true, at: true },
  })
  for (const e of shown) {
    const holder = await passwordHolder(tx, e)
    if (!holder || holder === userId) continue
    // The audit row is written after the password: a password set later is someone else's issue.
    const pending = await tx.user.updateMany({
      where: { id: holder, mustChangePassword: true, lockedAt: null, passwordSetAt: { lte: e.at } },
      data: { lockedAt: at },
    })
    if (pending.count) await tx.session.deleteMany({ where: { userId: holder } })
    withdrawn += pending.count
  }
  // ADR 093: what the account asked and no one has confirmed yet is refused — whoever had the password asked it too.
  const asked = await tx.accessGrant.findMany({ where: { requestedById: userId, outcome: null } })
  await tx.accessGrant.updateMany({
    where: { id: { in: asked.map((g) => g.id) }, outcome: null },
    data: { outcome: 'refused', decidedVia: 'compromise', decidedAt: at },
  })
  for (const g of asked)
    await tx.auditEvent.create({
      data: auditRow({
        schoolId: g.schoolId,
        action: 'refuse:access-grant',
        entity: 'user',
        entityId: g.userId,
        data: { grantId: g.id, via: 'compromise', requestedById: userId },
      }),
    })
  return { apiTokensRevoked: revoked.count, oneTimePasswordsWithdrawn: withdrawn }
}

/**
 * Locks the account, ends its sessions and replaces the private links of the applications its parent's list showed:
 * whoever had the password may have copied them, and a link acts as the applicant (status, answers, withdrawal) with
 * no account to lock. What the account issued and showed once is withdrawn too (withdrawIssued).
 */
async function lock(tx: Tx, userId: string, at: Date): Promise<Withdrawn> {
  const row = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { lockedAt: true } })
  await tx.user.update({ where: { id: userId }, data: { lockedAt: row.lockedAt ?? at } })
  await tx.session.deleteMany({ where: { userId } })
  const statusLinksReplaced = await replaceOwnStatusLinks(tx, userId)
  return { statusLinksReplaced, ...(await withdrawIssued(tx, userId, at)) }
}

/** The accounts whose lock stops the school (decisions, new passwords): director and the ЭЖ administrator. */
const PRIVILEGED = ['director', 'admin']
const holdsPrivilege = (roles: readonly string[]) => roles.some((r) => PRIVILEGED.includes(r))

type CompromiseNotice = Omit<Extract<JobPayload<'notify-staff'>, { reason: 'account-compromised' }>, 'role' | 'reason'>

function notifyDirector(tx: Tx, schoolId: string, payload: CompromiseNotice, key: string) {
  return tx.outboxJob.create({
    data: {
      kind: 'notify-staff',
      payload: jobPayload('notify-staff', { role: 'director', reason: 'account-compromised', ...payload }),
      idempotencyKey: key,
      schoolId,
    },
  })
}

/** «Мой пароль скомпрометирован»: the parent's own report. */
export async function reportCompromise(args: { user: Reporter; now?: Date; ip?: string }): Promise<CompromiseResult> {
  const now = args.now ?? new Date()
  const userId = args.user.id
  return db.$transaction(async (tx) => {
    const withdrawn = await lock(tx, userId, now)
    const report = await tx.compromiseReport.create({
      data: { schoolId: args.user.schoolId, userId, via: 'portal', reportedAt: now, directorReceivedAt: now },
    })
    const marked = await invalidateFrom(tx, userId, now)
    await notifyDirector(
      tx,
      args.user.schoolId,
      {
        userId,
        login: args.user.login,
        name: args.user.displayName,
        via: 'portal',
        reportId: report.id,
        compromisedAt: now.toISOString(),
        reportedAt: now.toISOString(),
        invalidAuditEvents: marked.audit,
        invalidApplicationEvents: marked.events,
      },
      `compromise:${userId}:${now.toISOString()}`,
    )
    await tx.auditEvent.create({
      data: {
        schoolId: args.user.schoolId,
        userId,
        action: 'report-compromise',
        entity: 'user',
        entityId: userId,
        ip: args.ip ?? '',
        at: now,
        data: JSON.stringify({ reportId: report.id, via: 'portal', ...withdrawn }),
      },
    })
    return {
      reportId: report.id,
      compromisedAt: now,
      lockedAt: now,
      invalidAuditEvents: marked.audit,
      invalidApplicationEvents: marked.events,
    }
  })
}

/** Staff record a report made by phone or in person (Регламент 3.3). */
export async function recordCompromiseReport(args: {
  staff: Staff
  login: string
  via: 'phone' | 'in_person'
  reportedAt?: Date | null
  note?: string
  now?: Date
}): Promise<CompromiseResult> {
  const now = args.now ?? new Date()
  const reportedAt = args.reportedAt ?? now
  if (Number.isNaN(reportedAt.getTime())) throw new OperationError('Неверные дата и время', 400, { reportedAt: 'Неверные дата и время' })
  if (reportedAt.getTime() > now.getTime() + 60_000)
    throw new OperationError('Время сообщения не может быть в будущем', 400, { reportedAt: 'Время сообщения не может быть в будущем' })
  if (now.getTime() - reportedAt.getTime() > MAX_BACK_MS)
    throw new OperationError('Сообщение записывается в день, когда оно получено: укажите время в пределах последней недели', 400, {
      reportedAt: 'Укажите время в пределах последней недели',
    })
  // Not the authority's administrator (ADR 057): it is none of the school's accounts.
  const found = await db.user.findFirst({
    where: { schoolId: args.staff.schoolId, login: args.login.trim(), ...SCHOOL_ACCOUNT },
    select: { id: true, login: true, guardian: true, staff: true, roles: true },
  })
  const target = found ? { id: found.id, login: found.login, displayName: personName(found.guardian ?? found.staff) ?? found.login } : null
  if (!target)
    throw new OperationError('Учётная запись с таким логином в школе не найдена', 400, {
      login: 'Учётная запись с таким логином в школе не найдена',
    })
  const byDirector = isDirector(args.staff.roles)
  // The director's or an administrator's account locked by anyone's word would stop the school (decisions, new
  // passwords) on a secretary's say-so or a phished low account's: the lock then waits for the director's
  // acknowledgement; the director and the administrators lock at once, as for every other account.
  const lockNow = !holdsPrivilege(found!.roles.map((r) => r.role)) || holdsPrivilege(args.staff.roles)
  return db.$transaction(async (tx) => {
    const withdrawn = lockNow ? await lock(tx, target.id, now) : null
    const report = await tx.compromiseReport.create({
      data: {
        schoolId: args.staff.schoolId,
        userId: target.id,
        via: args.via,
        reportedAt,
        takenById: args.staff.id,
        takenByName: args.staff.displayName,
        directorReceivedAt: byDirector ? reportedAt : null,
        acknowledgedById: byDirector ? args.staff.id : null,
        note: clip((args.note ?? '').trim(), 500),
      },
    })
    const marked = byDirector ? await invalidateFrom(tx, target.id, reportedAt) : { audit: 0, events: 0 }
    await notifyDirector(
      tx,
      args.staff.schoolId,
      {
        userId: target.id,
        login: target.login,
        name: target.displayName,
        via: args.via,
        reportId: report.id,
        takenBy: args.staff.displayName,
        ...(lockNow ? {} : { lockDeferred: true }),
        compromisedAt: byDirector ? reportedAt.toISOString() : null,
        reportedAt: reportedAt.toISOString(),
        invalidAuditEvents: marked.audit,
        invalidApplicationEvents: marked.events,
      },
      `compromise:${target.id}:${report.id}`,
    )
    await tx.auditEvent.create({
      data: {
        schoolId: args.staff.schoolId,
        userId: args.staff.id,
        action: 'report-compromise:record',
        entity: 'user',
        entityId: target.id,
        at: now,
        data: JSON.stringify({ reportId: report.id, via: args.via, ...(withdrawn ?? { lockDeferred: true }) }),
      },
    })
    return {
      reportId: report.id,
      compromisedAt: byDirector ? reportedAt : null,
      lockedAt: withdrawn ? now : null,
      invalidAuditEvents: marked.audit,
      invalidApplicationEvents: marked.events,
    }
  })
}

/**
 * A privileged account's report whose lock waited for the director (recordCompromiseReport) locks it now — unless an
 * administrator has since given the account a new one-time password: the one whoever had it knew no longer opens it.
 * A password the account's user changed does not count: whoever holds the stolen one can change it too.
 */
async function lockDeferred(tx: Tx, report: { id: string; userId: string; createdAt: Date }): Promise<boolean> {
  const recorded = await tx.auditEvent.findFirst({
    where: { action: 'report-compromise:record', entityId: report.userId, data: { contains: `"reportId":"${report.id}"` } },
    select: { data: true },
  })
  if (!recorded || !(JSON.parse(recorded.data) as { lockDeferred?: boolean }).lockDeferred) return false
  const reset = await tx.auditEvent.findFirst({
    where: {
      action: 'issue:one-time-password',
      entity: 'user',
      entityId: report.userId,
      at: { gt: report.createdAt },
      // Given by another account, or by the server's console (no account: npm run confirm-access, create-admin --reset).
      OR: [{ userId: null }, { userId: { not: report.userId } }],
    },
    select: { id: true },
  })
  return !reset
}

/** The director acknowledges a report taken by staff: from this moment the account's operations are invalid. */
export async function acknowledgeCompromiseReport(args: { director: Staff; reportId: string; now?: Date }) {
  if (!isDirector(args.director.roles)) throw new OperationError('Сообщение принимает директор (Регламент, п. 1.16)', 403)
  const now = args.now ?? new Date()
  return db.$transaction(async (tx) => {
    const report = await tx.compromiseReport.findFirst({ where: { id: args.reportId, schoolId: args.director.schoolId } })
    if (!report) throw new OperationError('Сообщение не найдено', 404)
    if (report.directorReceivedAt)
      return { directorReceivedAt: report.directorReceivedAt, invalidAuditEvents: 0, invalidApplicationEvents: 0, locked: false }
    await tx.compromiseReport.update({ where: { id: report.id }, data: { directorReceivedAt: now, acknowledgedById: args.director.id } })
    const marked = await invalidateFrom(tx, report.userId, now)
    const withdrawn = (await lockDeferred(tx, report)) ? await lock(tx, report.userId, now) : null
    await tx.auditEvent.create({
      data: {
        schoolId: args.director.schoolId,
        userId: args.director.id,
        action: 'report-compromise:acknowledge',
        entity: 'user',
        entityId: report.userId,
        at: now,
        data: JSON.stringify({ reportId: report.id, ...withdrawn }),
      },
    })
    return {
      directorReceivedAt: now,
      invalidAuditEvents: marked.audit,
      invalidApplicationEvents: marked.events,
      locked: Boolean(withdrawn),
    }
  })
}

/** Регламент 3.3: the school told the portal's technical support; staff record when. */
export async function recordSupportNotified(args: { staff: Staff; reportId: string; at?: Date | null; now?: Date }) {
  const now = args.now ?? new Date()
  const at = args.at ?? now
  if (Number.isNaN(at.getTime()) || at.getTime() > now.getTime() + 60_000)
    throw new OperationError('Укажите, когда сообщили в техническую поддержку (не в будущем)', 400, {
      supportNotifiedAt: 'Время не может быть в будущем',
    })
  const report = await db.compromiseReport.findFirst({ where: { id: args.reportId, schoolId: args.staff.schoolId } })
  if (!report) throw new OperationError('Сообщение не найдено', 404)
  if (at < report.reportedAt)
    throw new OperationError('Техническую поддержку уведомляют после получения сообщения', 400, {
      supportNotifiedAt: 'Раньше, чем получено сообщение',
    })
  await db.compromiseReport.update({ where: { id: report.id }, data: { supportNotifiedAt: at, supportNotifiedById: args.staff.id } })
  return { supportNotifiedAt: at }
}

export async function listCompromiseReports(schoolId: string) {
  const reports = await db.compromiseReport.findMany({ where: { schoolId }, orderBy: { reportedAt: 'desc' }, take: 100 })
  const users = await db.user.findMany({
    where: { id: { in: reports.map((r) => r.userId) } },
    select: { id: true, login: true, guardian: true, staff: true },
  })
  const byId = new Map(users.map((u) => [u.id, { login: u.login, displayName: personName(u.guardian ?? u.staff) ?? u.login }]))
  return reports.map((r) => ({ ...r, login: byId.get(r.userId)?.login ?? '', name: byId.get(r.userId)?.displayName ?? '' }))
}
