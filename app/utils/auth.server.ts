import { createHash, randomBytes } from 'node:crypto'
import { redirect } from '@remix-run/node'
import { db } from './db.server'
import { getEnv } from './env.server'
import { hashPassword, verifyPassword } from './password.server'
import { admitPasswordTry, passwordAccepted } from './password-throttle.server'
import { can, type Permission } from './permissions'
import { clientIp, userAgent } from './request.server'
import { recordAudit } from '#app/models/audit.server'
import { onlySchoolId } from '#app/models/only-school.server'

const COOKIE = 'sid'
/** A one-time password from a credentials letter works for this many days (Порядок 3.3 letter says so). */
export const ONE_TIME_PASSWORD_DAYS = 30

export type SessionUser = {
  id: string
  login: string
  schoolId: string
  roles: string[]
  displayName: string
  mustChangePassword: boolean
  staffId: string | null
  guardianId: string | null
  sessionId: string
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

function readCookie(request: Request): string | null {
  const header = request.headers.get('cookie') ?? ''
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === COOKIE) return decodeURIComponent(rest.join('='))
  }
  return null
}

function cookieHeader(value: string, maxAgeSeconds: number, request: Request): string {
  const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : ''
  return `${COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`
}

/**
 * One read of the session per page view (ADR 082). A page's root loader and its route's loader both ask who is signed
 * in, each with a copy of the request (Remix copies it for every loader), and each read was five queries. The
 * production handler (server/http-hardening.js) opens a scope for every GET and HEAD, names it in this header (its own
 * value: a client's is replaced) and closes it when the answer is sent; within it the read is shared, by session token.
 * No scope for other methods: an action may change the user (a new password) before the page's loaders run again.
 */
export const REQUEST_SCOPE_HEADER = 'x-request-scope'
const scopes = new Map<string, Map<string, Promise<SessionUser | null>>>()

export function openRequestScope(id: string): void {
  scopes.set(id, new Map())
}

export function closeRequestScope(id: string): void {
  scopes.delete(id)
}

export function getUser(request: Request): Promise<SessionUser | null> {
  const token = readCookie(request)
  if (!token) return Promise.resolve(null)
  const scope = scopes.get(request.headers.get(REQUEST_SCOPE_HEADER) ?? '')
  if (!scope) return readUser(token)
  let user = scope.get(token)
  if (!user) scope.set(token, (user = readUser(token)))
  return user
}

async function readUser(token: string): Promise<SessionUser | null> {
  const id = tokenHash(token)
  const session = await db.session.findUnique({
    where: { id },
    include: { user: { include: { roles: true, staff: true, guardian: true } } },
  })
  if (!session) return null
  const now = Date.now()
  const idleMs = getEnv().SESSION_IDLE_MINUTES * 60_000
  const user = session.user
  if (session.expiresAt.getTime() < now || session.lastSeenAt.getTime() + idleMs < now || user.lockedAt) {
    await db.session.deleteMany({ where: { id } })
    return null
  }
  // Touch at most once a minute: idle expiry needs no write per request.
  if (now - session.lastSeenAt.getTime() > 60_000) {
    // updateMany: the session may have been ended meanwhile on another instance (sign-out there) — no error then.
    await db.session.updateMany({ where: { id }, data: { lastSeenAt: new Date(now) } })
  }
  const person = user.staff ?? user.guardian
  return {
    id: user.id,
    login: user.login,
    schoolId: user.schoolId,
    roles: user.roles.map((r) => r.role),
    // The authority's administrator is nobody's staff (ADR 057): its name is on the account itself.
    displayName: person ? [person.lastName, person.firstName, person.middleName].filter(Boolean).join(' ') : user.fullName || user.login,
    mustChangePassword: user.mustChangePassword,
    staffId: user.staff?.id ?? null,
    guardianId: user.guardian?.id ?? null,
    sessionId: id,
  }
}

export async function requireUser(request: Request, { allowPasswordChange = false } = {}): Promise<SessionUser> {
  const user = await getUser(request)
  if (!user) {
    const url = new URL(request.url)
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}&expired=${readCookie(request) ? 1 : 0}`)
  }
  if (user.mustChangePassword && !allowPasswordChange) throw redirect('/change-password')
  return user
}

export async function requireUserWithPermission(request: Request, permission: Permission): Promise<SessionUser> {
  const user = await requireUser(request)
  if (!can(user.roles, permission)) {
    throw new Response('Недостаточно прав для этой страницы', { status: 403 })
  }
  return user
}

export async function requireAnonymous(request: Request): Promise<void> {
  if (await getUser(request)) throw redirect('/')
}

type LoginResult =
  { ok: true; setCookie: string; user: { id: string; mustChangePassword: boolean; roles: string[] } } | { ok: false; error: string }

/** An argon2 hash of a random secret: an unknown login is checked against it, so it costs what a known one does. */
let dummyHash: Promise<string> | undefined
function unknownLoginHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(18).toString('base64url'))
  return dummyHash
}

/** Where a password is typed; each is throttled alike and audited by its own name (ADR 023). */
type PasswordPurpose = 'sign-in' | 'signature' | 'change-password'
const PURPOSE_TEXT: Record<PasswordPurpose, string> = { 'sign-in': 'вход', signature: 'подпись решения', 'change-password': 'смена пароля' }

/** The school whose audit gets a throttled try: the account's; for an unknown login, the server's only school. */
async function auditSchoolId(schoolId: string | null): Promise<string | null> {
  return schoolId ?? (await onlySchoolId())
}

/**
 * Counts a password try (login and address, ADR 023) and checks it against the stored hash — or against a dummy
 * hash when there is no such login. A throttled try is not checked at all, and is audited.
 */
async function checkPasswordThrottled(args: {
  purpose: PasswordPurpose
  login: string
  ip: string
  passwordHash: string | null
  password: string
  schoolId: string | null
  userId: string | null
}): Promise<{ ok: true } | { ok: false; throttled: boolean; error: string }> {
  const admission = await admitPasswordTry(args.login, args.ip)
  if (!admission.ok) {
    const schoolId = await auditSchoolId(args.schoolId)
    if (schoolId) {
      await recordAudit({
        schoolId,
        userId: args.userId,
        action: 'throttle:password',
        ip: args.ip,
        // An unknown login may be a password typed in the wrong field: only an account's login is written down.
        data: {
          purpose: PURPOSE_TEXT[args.purpose],
          ...(args.userId ? { login: args.login } : {}),
          retryAt: admission.retryAt.toISOString(),
        },
      })
    }
    return { ok: false, throttled: true, error: admission.message }
  }
  // An account with no password yet ('!', a staff import) costs what an unknown login does: a check that failed at
  // once would tell which logins exist and wait for their first password.
  const stored = args.passwordHash?.startsWith('$argon2') ? args.passwordHash : null
  const right = await verifyPassword(stored ?? (await unknownLoginHash()), args.password)
  if (right && stored) {
    await passwordAccepted(args.login, args.ip)
    return { ok: true }
  }
  return { ok: false, throttled: false, error: '' }
}

export async function login(request: Request, loginName: string, password: string): Promise<LoginResult> {
  const ip = clientIp(request)
  const login = loginName.trim().toLowerCase()
  const user = await db.user.findUnique({ where: { login }, include: { roles: true } })
  // People type their password into the login field: what names no account is not kept (the try is, as unknown).
  const recorded = user ? login : ''
  const fail = async (reason: string, error: string): Promise<LoginResult> => {
    await db.loginAttempt.create({ data: { login: recorded, ip, success: false, reason } })
    return { ok: false, error }
  }
  const check = await checkPasswordThrottled({
    purpose: 'sign-in',
    login,
    ip,
    passwordHash: user?.passwordHash ?? null,
    password,
    schoolId: user?.schoolId ?? null,
    userId: user?.id ?? null,
  })
  if (!check.ok && check.throttled) return fail('throttled', check.error)
  // Same message for an unknown login and a wrong password: don't reveal which logins exist.
  if (!user || !check.ok) {
    return fail(user ? 'wrong-password' : 'unknown-login', 'Неверный логин или пароль.')
  }
  if (user.lockedAt) {
    return fail('locked', 'Учётная запись заблокирована. Обратитесь к администратору электронного журнала.')
  }
  if (user.mustChangePassword && Date.now() - user.passwordSetAt.getTime() > ONE_TIME_PASSWORD_DAYS * 86_400_000) {
    return fail('one-time-expired', 'Срок действия временного пароля истёк. Обратитесь в школу за новыми реквизитами доступа.')
  }
  await db.loginAttempt.create({ data: { login, ip, success: true } })
  // ADR 118: a sign-in over a live session (another person's on a shared computer, one's own) ends it — the cookie is
  // replaced below, and a token no browser holds any more would otherwise open the account until it expires.
  const previous = readCookie(request)
  if (previous) await db.session.deleteMany({ where: { id: tokenHash(previous) } })
  const token = randomBytes(32).toString('base64url')
  const maxHours = getEnv().SESSION_MAX_HOURS
  await db.session.create({
    data: {
      id: tokenHash(token),
      userId: user.id,
      expiresAt: new Date(Date.now() + maxHours * 3_600_000),
      ip,
      userAgent: userAgent(request),
    },
  })
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'sign-in', ip })
  return {
    ok: true,
    setCookie: cookieHeader(token, maxHours * 3600, request),
    user: { id: user.id, mustChangePassword: user.mustChangePassword, roles: user.roles.map((r) => r.role) },
  }
}

export async function logout(request: Request): Promise<string> {
  const token = readCookie(request)
  if (token) await db.session.deleteMany({ where: { id: tokenHash(token) } })
  return cookieHeader('', 0, request)
}

/**
 * Changes the person's own password. Every other session of the account ends; with `request`, the session that made
 * the change goes on under a new token (ADR 118) — so that a token someone copied before (a shared computer, the session
 * that signed in with a one-time password) stops at the change like every other device's. Rotated in the change's own
 * transaction: a session ended meanwhile (signed out in another tab) gets no new token, and nothing fails after the new
 * password is in force. Returns the Russian reason, or the Set-Cookie header (null: no live session to go on).
 */
export async function changePassword(
  user: SessionUser,
  current: string,
  next: string,
  ip = '',
  request?: Request,
): Promise<{ problem: string } | { problem: null; setCookie: string | null }> {
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id } })
  const check = await checkPasswordThrottled({
    purpose: 'change-password',
    login: row.login,
    ip,
    passwordHash: row.passwordHash,
    password: current,
    schoolId: user.schoolId,
    userId: user.id,
  })
  if (!check.ok) {
    if (check.throttled) return { problem: check.error }
    await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'wrong-password:change-password', ip })
    return { problem: 'Текущий пароль введён неверно' }
  }
  if (current === next) return { problem: 'Новый пароль должен отличаться от текущего' }
  const passwordHash = await hashPassword(next)
  const token = randomBytes(32).toString('base64url')
  const kept = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false, passwordSetAt: new Date() } })
    const old = request ? await tx.session.findUnique({ where: { id: user.sessionId } }) : null
    // Other devices signed in with the old password are signed out; this one's token is replaced (or kept, no request).
    await tx.session.deleteMany({ where: { userId: user.id, ...(request ? {} : { id: { not: user.sessionId } }) } })
    if (!request || !old || old.userId !== user.id) return null
    await tx.session.create({
      data: { id: tokenHash(token), userId: user.id, expiresAt: old.expiresAt, ip: clientIp(request), userAgent: userAgent(request) },
    })
    return old.expiresAt
  })
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'change-password', ip })
  const setCookie = request && kept ? cookieHeader(token, Math.max(0, Math.floor((kept.getTime() - Date.now()) / 1000)), request) : null
  return { problem: null, setCookie }
}

/**
 * Re-asks the password before a signature (the director's decision): throttled and audited like the sign-in form.
 * Returns null when it is right, else the Russian reason.
 */
export async function confirmPassword(user: SessionUser, password: string, ip = ''): Promise<string | null> {
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id } })
  const check = await checkPasswordThrottled({
    purpose: 'signature',
    login: row.login,
    ip,
    passwordHash: row.passwordHash,
    password,
    schoolId: user.schoolId,
    userId: user.id,
  })
  if (check.ok) return null
  if (check.throttled) return check.error
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'wrong-password:signature', ip })
  return 'Пароль для подписи введён неверно — решение не принято'
}
