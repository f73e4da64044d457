// Separation of duties around the director's signature (ADR 093). The school's ЭЖ administrator keeps the accounts
// but reads no applications. What would open applications or the director's signature to someone — a role that reads
// applications (director, responsible employee, secretary) or a one-time password for an account that holds one — is
// only asked by the administrator and waits as an AccessGrant until another person confirms it: the director with the
// signing password, or, when it touches the director's signature (the director's role or the director's account), the
// education authority's administrator with their password, or the server's operator (`npm run confirm-access`).
// Whoever confirms a one-time password is shown it once and hands it over; the administrator who asked never sees it.
import type { Prisma } from '#app/generated/prisma/client'
import { auditRow } from '#app/models/audit.server'
import { applicationRoles, grantApprover, guardedRoles, queueAccessNotice } from '#app/models/access-notice.server'
import { parseGrantRoles } from '#app/models/json-columns'
import { fullName } from '#app/models/school.server'
import { confirmPassword, type SessionUser } from '#app/utils/auth.server'
import { maskEmail, SCHOOL_ACCOUNT, type OneTimePasswordRefusal } from '#app/models/users.server'
import { currentEmailText, SETTLED_EMAIL_DAYS, type GrantKind } from '#app/models/account-words'
import { settledParentEmail } from '#app/models/parent-email.server'
import { queueParentAccountNotice } from '#app/mail/parent-account-notice.server'
import { emailKey, parseEmail } from '#workflows/email'
import { formatDateTime } from '#workflows/time'
import { db } from '#app/utils/db.server'
import { can, ROLE_LABELS, type Role } from '#app/utils/permissions'
import { after, keysetOrder, pageOf } from '#app/utils/keyset.server'
import { OperationError } from './errors'
import { newOneTimeSecret, resetToOneTimePassword } from './issue-credentials.server'

type Tx = Prisma.TransactionClient

/**
 * Records the administrator's request and tells the director. A newer request of the same kind for the same account
 * replaces one still waiting (the roles asked are added up; the newer e-mail wins). Returns who confirms it.
 */
export async function requestAccessGrant(
  tx: Tx,
  args: {
    schoolId: string
    userId: string
    kind: GrantKind
    roles: string[]
    byUserId: string | null
    at: Date
    ip?: string
    email?: string
  },
): Promise<'director' | 'authority'> {
  const earlier = await tx.accessGrant.findMany({ where: { userId: args.userId, kind: args.kind, outcome: null } })
  const roles = [...new Set([...earlier.flatMap((g) => parseGrantRoles(g.roles)), ...args.roles])]
  if (earlier.length) await tx.accessGrant.deleteMany({ where: { id: { in: earlier.map((g) => g.id) } } })
  // The replaced requests leave a trace: the audit says which request took their place (written below, same id).
  for (const g of earlier)
    await tx.auditEvent.create({
      data: auditRow({
        schoolId: args.schoolId,
        userId: args.byUserId,
        action: 'replace:access-grant',
        entity: 'user',
        entityId: args.userId,
        ip: args.ip ?? '',
        data: { grantId: g.id, kind: g.kind, roles: parseGrantRoles(g.roles), requestedById: g.requestedById },
      }),
    })
  const approver = grantApprover(roles)
  const grant = await tx.accessGrant.create({
    data: {
      schoolId: args.schoolId,
      userId: args.userId,
      kind: args.kind,
      roles: JSON.stringify(roles),
      approver,
      email: args.email ?? '',
      requestedById: args.byUserId,
      requestedAt: args.at,
    },
  })
  await tx.auditEvent.create({
    data: {
      schoolId: args.schoolId,
      userId: args.byUserId,
      action: 'request:access-grant',
      entity: 'user',
      entityId: args.userId,
      ip: args.ip ?? '',
      data: JSON.stringify({ grantId: grant.id, kind: args.kind, roles, approver, ...(args.email ? { email: args.email } : {}) }),
    },
  })
  if (args.byUserId)
    await queueAccessNotice(tx, {
      schoolId: args.schoolId,
      grant: args.kind,
      accountId: args.userId,
      roles,
      byUserId: args.byUserId,
      at: args.at,
      ...(args.email ? { email: args.email } : {}),
    })
  return approver
}

/**
 * A new one-time password for an account (Положение 4.1.9): unlocks it, ends its sessions, forces a new password
 * at the first sign-in. The password is shown once to the administrator and never stored in clear. Never for the
 * administrator's own account: their sessions would end before the password could be shown, locking them out.
 * An account that reads applications — the director's above all — is not reset by the administrator alone (ADR 093):
 * the request waits for the director's (or, for the director's signature, the authority's) confirmation, and whoever
 * confirms is shown the password; nothing changes until then.
 */
export async function issueOneTimePassword(
  schoolId: string,
  userId: string,
  adminUserId: string,
  ip = '',
): Promise<
  | { ok: true; waits: null; login: string; password: string }
  | { ok: true; waits: null; login: string; mailedTo: string }
  | { ok: true; waits: 'director' | 'authority'; login: string }
  | { ok: false; refused: OneTimePasswordRefusal }
> {
  if (userId === adminUserId) return { ok: false, refused: 'own-account' }
  // ADR 057: the authority's account is nobody's staff — a school's administrator cannot take it over this way.
  const user = await db.user.findFirst({ where: { id: userId, schoolId, ...SCHOOL_ACCOUNT } })
  if (!user) return { ok: false, refused: 'not-found' }
  // ADR 114: a class teacher's account too — whoever knows its password confirms guardians' statuses. A role still
  // waiting counts as held: a password the administrator saw must not become a reading role's password once the role
  // is confirmed (confirming it also issues a fresh one). ADR 118: read after the account's row is locked, in the
  // transaction that resets the password — a staff import giving the class teacher's role to this account «because
  // it has no password yet» locks the same row before writing the role, so one of the two sees the other.
  const guardedNow = async (tx: Tx) => {
    await tx.user.update({ where: { id: user.id }, data: { login: user.login } })
    const [roles, waiting] = await Promise.all([
      tx.userRole.findMany({ where: { userId: user.id } }),
      tx.accessGrant.findMany({ where: { userId: user.id, kind: 'roles', outcome: null } }),
    ])
    return guardedRoles([...roles.map((r) => r.role), ...waiting.flatMap((g) => parseGrantRoles(g.roles))])
  }
  const request = (tx: Tx, roles: string[]) =>
    requestAccessGrant(tx, { schoolId, userId: user.id, kind: 'one-time-password', roles, byUserId: adminUserId, at: new Date(), ip })
  const opens = await db.$transaction(async (tx) => {
    const roles = await guardedNow(tx)
    return roles.length ? { roles, waits: await request(tx, roles) } : null
  })
  if (opens) return { ok: true, waits: opens.waits, login: user.login }
  const guardian = await db.guardian.findFirst({ where: { userId: user.id, schoolId } })
  if (guardian) return mailParentPassword(schoolId, user, guardian, adminUserId, ip)
  const secret = await newOneTimeSecret()
  const waits = await db.$transaction(async (tx) => {
    // Checked again with the row locked: a role given between the two transactions is asked for, not reset over.
    const roles = await guardedNow(tx)
    if (roles.length) return request(tx, roles)
    await resetToOneTimePassword(tx, user.id, secret.passwordHash, new Date())
    await tx.auditEvent.create({
      data: auditRow({ schoolId, userId: adminUserId, action: 'issue:one-time-password', entity: 'user', entityId: user.id, ip }),
    })
    return null
  })
  if (waits) return { ok: true, waits, login: user.login }
  return { ok: true, waits: null, login: user.login, password: secret.password }
}

/**
 * ADR 102: a parent's password is not the administrator's to know — whoever knows it reads the family's diary and
 * applications. The one-time password goes by mail to the guardian's address, in a file wiped from the outbox once
 * sent (ADR 019); the administrator is told where it went. No address, or one changed lately (by an import the
 * administrator ran, say) — refused: parents get their credentials from the class teacher (Положение 3.1, 4.3.7).
 */
async function mailParentPassword(
  schoolId: string,
  user: { id: string; login: string },
  guardian: { id: string; email: string },
  adminUserId: string,
  ip: string,
  now = new Date(),
): Promise<{ ok: true; waits: null; login: string; mailedTo: string } | { ok: false; refused: OneTimePasswordRefusal }> {
  const to = parseEmail(guardian.email)
  if (!to.ok) return { ok: false, refused: 'parent-without-email' }
  const settled = await settledParentEmail({ id: guardian.id, userId: user.id }, now)
  if (!settled.ok) return { ok: false, refused: settled.refused }
  const previous = settled.previous ? parseEmail(settled.previous) : null
  const secret = await newOneTimeSecret()
  await db.$transaction(async (tx) => {
    await resetToOneTimePassword(tx, user.id, secret.passwordHash, now)
    await queueParentAccountNotice(tx, {
      schoolId,
      userId: user.id,
      to: to.email,
      login: user.login,
      at: now,
      notice: { kind: 'password-mailed', password: secret.password },
    })
    // The address before the last change hears of the reset too: a parent whose address was replaced learns of it.
    if (previous?.ok && emailKey(previous.email) !== emailKey(to.email))
      await queueParentAccountNotice(tx, {
        schoolId,
        userId: user.id,
        to: previous.email,
        login: user.login,
        at: now,
        notice: { kind: 'password-mailed-elsewhere', to: maskEmail(to.email) },
      })
    // Not «issue:one-time-password»: nobody at the school saw this password (ADR 034 withdraws what someone saw).
    await tx.auditEvent.create({
      data: auditRow({
        schoolId,
        userId: adminUserId,
        action: 'mail:one-time-password',
        entity: 'user',
        entityId: user.id,
        ip,
        data: { to: to.email },
      }),
    })
  })
  return { ok: true, waits: null, login: user.login, mailedTo: maskEmail(to.email) }
}

/**
 * The console's own request (`npm run confirm-access -- --reset <login>`): a one-time password for a school's account,
 * confirmed at once by the same command. Returns the request's id; an unknown login is refused in Russian.
 */
export async function requestConsoleReset(login: string): Promise<string> {
  const user = await db.user.findFirst({ where: { login: login.trim().toLowerCase(), ...SCHOOL_ACCOUNT }, include: { roles: true } })
  if (!user) throw new OperationError(`Учётная запись «${login}» не найдена среди учётных записей школ.`, 404)
  const roles = applicationRoles(user.roles.map((r) => r.role))
  await db.$transaction((tx) =>
    requestAccessGrant(tx, { schoolId: user.schoolId, userId: user.id, kind: 'one-time-password', roles, byUserId: null, at: new Date() }),
  )
  const grant = await db.accessGrant.findFirstOrThrow({ where: { userId: user.id, kind: 'one-time-password', outcome: null } })
  return grant.id
}

const roleNames = (roles: readonly string[]) => roles.map((r) => ROLE_LABELS[r as Role] ?? r)

/** Requests a page of «Подтверждение доступа» (and of the authority's school page) shows. */
export const GRANTS_PAGE = 50

/**
 * The grants waiting in a school (every school for the console), oldest first, with the names a person checks; a page
 * at a time (keyset on the request's time and id, ADR 048: stable while requests arrive and are decided). `next` is the
 * cursor of the following page, or null; a forged cursor is the first page.
 */
export async function pendingAccessGrants(
  where: { schoolId?: string; approver?: 'director' | 'authority' },
  page: { after?: string | null; take?: number } = {},
) {
  const take = page.take ?? GRANTS_PAGE
  const found = await db.accessGrant.findMany({
    where: { AND: [{ outcome: null, ...where }, after('requestedAt', page.after, 'asc')] },
    include: { user: { include: { staff: true, roles: true } }, school: { select: { shortName: true } } },
    orderBy: keysetOrder('requestedAt', 'asc'),
    take: take + 1,
  })
  const { rows: grants, next } = pageOf(found, take, (g) => g.requestedAt)
  // Who last issued each account's password, and when: the confirmer sees whether someone else may know it.
  const issued = await db.auditEvent.findMany({
    where: { action: 'issue:one-time-password', entity: 'user', entityId: { in: [...new Set(grants.map((g) => g.userId))] } },
    orderBy: { at: 'desc' },
  })
  const lastIssue = new Map<string, (typeof issued)[number]>()
  for (const e of issued) if (!lastIssue.has(e.entityId)) lastIssue.set(e.entityId, e)
  // ADR 114: the account's address now, and its last change by an import that nobody confirmed since (a confirmed
  // «new address» request writes confirm:access-grant): the director confirming a role sees where its letters go.
  const staffIds = [...new Set(grants.flatMap((g) => (g.user.staff ? [g.user.staff.id] : [])))]
  const changes = staffIds.length
    ? await db.auditEvent.findMany({
        where: { action: 'change:staff-email', entity: 'staff', entityId: { in: staffIds } },
        orderBy: { at: 'desc' },
      })
    : []
  const lastChange = new Map<string, (typeof changes)[number]>()
  for (const e of changes) if (!lastChange.has(e.entityId)) lastChange.set(e.entityId, e)
  const confirmedEmails = await db.accessGrant.findMany({
    where: { userId: { in: grants.map((g) => g.userId) }, kind: 'email', outcome: 'confirmed' },
    select: { userId: true, decidedAt: true },
  })
  const peopleIds = [
    ...grants.map((g) => g.requestedById),
    ...[...lastIssue.values()].map((e) => e.userId),
    ...[...lastChange.values()].map((e) => e.userId),
  ]
  const people = await db.user.findMany({
    where: { id: { in: [...new Set(peopleIds.filter((id): id is string => !!id))] } },
    include: { staff: true },
  })
  const nameOf = new Map(people.map((u) => [u.id, u.staff ? fullName(u.staff) : u.login]))
  const passwordIssue = (userId: string) => {
    const e = lastIssue.get(userId)
    return e ? { by: e.userId ? (nameOf.get(e.userId) ?? '') : 'команда сервера', at: e.at.toISOString() } : null
  }
  const emailChanged = (g: (typeof grants)[number]) => {
    const e = g.user.staff ? lastChange.get(g.user.staff.id) : undefined
    if (!e || confirmedEmails.some((c) => c.userId === g.userId && c.decidedAt && c.decidedAt > e.at)) return null
    return { by: e.userId ? (nameOf.get(e.userId) ?? '') : 'команда сервера', at: e.at.toISOString() }
  }
  const rows = grants.map((g) => ({
    id: g.id,
    school: g.school.shortName,
    kind: g.kind as GrantKind,
    approver: g.approver as 'director' | 'authority',
    login: g.user.login,
    name: g.user.staff ? fullName(g.user.staff) : '',
    roles: roleNames(parseGrantRoles(g.roles)),
    email: g.email,
    holds: roleNames(g.user.roles.map((r) => r.role)),
    requestedBy: g.requestedById ? (nameOf.get(g.requestedById) ?? '') : 'команда сервера',
    requestedAt: g.requestedAt.toISOString(),
    passwordIssued: passwordIssue(g.userId),
    currentEmail: g.user.staff?.email ?? '',
    emailChanged: emailChanged(g),
  }))
  return { rows, next }
}

/** Who confirms: the director or the authority's administrator, each with their password typed again; or the console. */
export type GrantConfirmer = { via: 'director' | 'authority'; user: SessionUser; password: string; ip?: string } | { via: 'console' }

/** Refusing asks no password. */
type RefusingConfirmer = { via: 'director' | 'authority'; user: SessionUser; ip?: string } | { via: 'console' }

/**
 * A role or a password: the account gets a one-time password, shown once to whoever confirmed. An e-mail (ADR 102):
 * the staff record's address changes, the password stays (null).
 */
export type ConfirmedGrant = { kind: GrantKind; login: string; password: string | null; roles: string[]; email: string }

const GONE = 'Запрос не найден или уже рассмотрен.'

/**
 * The grant a confirmer may decide on; an OperationError in Russian otherwise. The director refuses any request of
 * the school (refusing opens nothing — a request to reset their own password they did not make, say).
 */
async function grantFor(grantId: string, confirmer: RefusingConfirmer, purpose: 'confirm' | 'refuse') {
  const grant = grantId
    ? await db.accessGrant.findFirst({ where: { id: grantId, outcome: null }, include: { user: { include: { roles: true } } } })
    : null
  if (!grant) throw new OperationError(GONE, 404)
  if (confirmer.via === 'console') return grant
  const { user } = confirmer
  if (confirmer.via === 'authority') {
    if (!can(user.roles, 'create:school:any')) throw new OperationError('Подтверждает администратор органа управления образованием.', 403)
    return grant
  }
  // The director: own school only, never the grant's own account nor a request of their own account.
  if (!can(user.roles, 'decide:application:any') || grant.schoolId !== user.schoolId) throw new OperationError(GONE, 404)
  if (purpose === 'refuse') return grant
  const touches = [...grant.user.roles.map((r) => r.role), ...parseGrantRoles(grant.roles)]
  if (grant.approver !== 'director' || grantApprover(applicationRoles(touches)) !== 'director' || grant.userId === user.id)
    throw new OperationError(
      'Этот запрос касается подписи директора: его подтверждает администратор органа управления образованием ' +
        'или оператор сервера (npm run confirm-access).',
      403,
    )
  if (grant.requestedById === user.id)
    throw new OperationError('Свой запрос подтвердить нельзя: его подтверждает администратор органа управления образованием.', 403)
  return grant
}

async function checkPassword(confirmer: GrantConfirmer) {
  if (confirmer.via === 'console') return
  if (!confirmer.password) throw new OperationError('Введите свой пароль', 400, { password: 'Введите свой пароль' })
  const problem = await confirmPassword(confirmer.user, confirmer.password, confirmer.ip ?? '')
  if (!problem) return
  const throttled = problem.startsWith('Слишком много')
  throw new OperationError(throttled ? problem : 'Пароль введён неверно — доступ не подтверждён.', throttled ? 429 : 400, {
    password: throttled ? 'Подождите и введите пароль снова' : 'Неверный пароль',
  })
}

/** Marks the grant decided, unless another confirmation got there first (then GONE). */
async function decide(tx: Tx, grantId: string, confirmer: RefusingConfirmer, outcome: 'confirmed' | 'refused', at: Date) {
  const done = await tx.accessGrant.updateMany({
    where: { id: grantId, outcome: null },
    data: { outcome, decidedAt: at, decidedVia: confirmer.via, decidedById: confirmer.via === 'console' ? null : confirmer.user.id },
  })
  if (done.count !== 1) throw new OperationError(GONE, 404)
}

/**
 * Confirms a waiting grant: the roles are given and/or the account's password is replaced with a one-time one that is
 * returned here, once, to whoever confirmed, and its sessions end. A role that reads applications is never given to a
 * password someone else may know (the administrator who reset the account before asking the role, say): the account
 * starts again from the confirmer's one-time password. The password typed again is throttled like a signature (ADR 023).
 */
export async function confirmAccessGrant(grantId: string, confirmer: GrantConfirmer, now = new Date()): Promise<ConfirmedGrant> {
  const grant = await grantFor(grantId, confirmer, 'confirm')
  await checkPassword(confirmer)
  const roles = parseGrantRoles(grant.roles)
  const byUserId = confirmer.via === 'console' ? null : confirmer.user.id
  const ip = confirmer.via === 'console' ? '' : (confirmer.ip ?? '')
  const data = { grantId: grant.id, via: confirmer.via, requestedById: grant.requestedById, roles }
  const audit = (action: string, extra: object = {}) =>
    auditRow({
      schoolId: grant.schoolId,
      userId: byUserId,
      action,
      entity: 'user',
      entityId: grant.userId,
      ip,
      data: { ...data, ...extra },
    })
  const done = { kind: grant.kind as GrantKind, login: grant.user.login, roles, email: grant.email }
  if (grant.kind === 'email') {
    // ADR 102: the address where the director's letters (and the notices of the account) go; no password changes.
    await db.$transaction(async (tx) => {
      await decide(tx, grant.id, confirmer, 'confirmed', now)
      const staff = await tx.staff.findFirst({
        where: { userId: grant.userId, schoolId: grant.schoolId },
        select: { id: true, email: true },
      })
      if (!staff) throw new OperationError('У учётной записи нет карточки сотрудника: адрес менять негде.', 409)
      await tx.staff.update({ where: { id: staff.id }, data: { email: grant.email } })
      await tx.auditEvent.create({ data: audit('confirm:access-grant', { email: grant.email, was: staff.email }) })
    })
    return { ...done, password: null }
  }
  const secret = await newOneTimeSecret()
  await db.$transaction(async (tx) => {
    await decide(tx, grant.id, confirmer, 'confirmed', now)
    if (grant.kind === 'roles') {
      const has = new Set(grant.user.roles.map((r) => r.role))
      const add = roles.filter((role) => !has.has(role))
      if (add.length) await tx.userRole.createMany({ data: add.map((role) => ({ userId: grant.userId, role })) })
    }
    await resetToOneTimePassword(tx, grant.userId, secret.passwordHash, now)
    // Written with the change: a confirmation is never in force without its audit row.
    await tx.auditEvent.create({ data: audit('confirm:access-grant') })
    // The one who saw the password issued it: a compromise of that account withdraws it (ADR 034).
    await tx.auditEvent.create({ data: audit('issue:one-time-password') })
  })
  return { ...done, password: secret.password }
}

/** What the confirmer is told, in Russian (the one-time password, if any, is shown beside it). */
export function confirmedMessage(done: ConfirmedGrant): string {
  if (done.kind === 'roles') return `Учётной записи ${done.login} назначены роли: запрос подтверждён.`
  if (done.kind === 'email')
    return `Адрес эл. почты работника (учётная запись ${done.login}) изменён на «${done.email}»: запрос подтверждён.`
  return 'Запрос подтверждён.'
}

/** Refuses a waiting grant: nothing changes for the account. No password is asked — refusing opens nothing. */
export async function refuseAccessGrant(grantId: string, confirmer: RefusingConfirmer, now = new Date()) {
  const grant = await grantFor(grantId, confirmer, 'refuse')
  await db.$transaction(async (tx) => {
    await decide(tx, grant.id, confirmer, 'refused', now)
    await tx.auditEvent.create({
      data: auditRow({
        schoolId: grant.schoolId,
        userId: confirmer.via === 'console' ? null : confirmer.user.id,
        action: 'refuse:access-grant',
        entity: 'user',
        entityId: grant.userId,
        ip: confirmer.via === 'console' ? '' : (confirmer.ip ?? ''),
        data: { grantId: grant.id, via: confirmer.via },
      }),
    })
  })
  return { login: grant.user.login }
}

/**
 * The waiting requests as «Подтверждение доступа» and the authority's school page show them: times in the school's
 * zone, who issued the account's last password, the account's current address and an import's unconfirmed change of it.
 */
export function pendingGrantsView(rows: Awaited<ReturnType<typeof pendingAccessGrants>>['rows'], timeZone: string, now = Date.now()) {
  return rows.map((g) => ({
    ...g,
    requestedAt: formatDateTime(new Date(g.requestedAt), timeZone),
    passwordIssued: g.passwordIssued
      ? `${g.passwordIssued.by}, ${formatDateTime(new Date(g.passwordIssued.at), timeZone)}`
      : 'не выдавался',
    currentEmail: currentEmailText(
      g.currentEmail,
      g.emailChanged
        ? {
            by: g.emailChanged.by,
            at: formatDateTime(new Date(g.emailChanged.at), timeZone),
            recent: now - new Date(g.emailChanged.at).getTime() < SETTLED_EMAIL_DAYS * 86_400_000,
          }
        : null,
    ),
  }))
}
