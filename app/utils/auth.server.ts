import { createHash, randomBytes } from 'node:crypto'
import { redirect } from '@remix-run/node'
import { db } from './db.server'
import { getEnv } from './env.server'
import { hashPassword, verifyPassword } from './password.server'
import { can, type Permission } from './permissions'
import { clientIp, userAgent } from './request.server'
import { recordAudit } from '#app/models/audit.server'

const COOKIE = 'sid'
const FAILS_PER_ACCOUNT = 5
const FAILS_PER_IP = 30
const THROTTLE_WINDOW_MS = 15 * 60_000
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

export async function getUser(request: Request): Promise<SessionUser | null> {
  const token = readCookie(request)
  if (!token) return null
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
    await db.session.update({ where: { id }, data: { lastSeenAt: new Date(now) } })
  }
  const person = user.staff ?? user.guardian
  return {
    id: user.id,
    login: user.login,
    schoolId: user.schoolId,
    roles: user.roles.map((r) => r.role),
    displayName: person ? [person.lastName, person.firstName, person.middleName].filter(Boolean).join(' ') : user.login,
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

type LoginResult = { ok: true; setCookie: string; user: { id: string; mustChangePassword: boolean; roles: string[] } } | { ok: false; error: string }

export async function login(request: Request, loginName: string, password: string): Promise<LoginResult> {
  const ip = clientIp(request)
  const login = loginName.trim().toLowerCase()
  const since = new Date(Date.now() - THROTTLE_WINDOW_MS)
  const [accountFails, ipFails] = await Promise.all([
    db.loginAttempt.count({ where: { login, success: false, at: { gte: since } } }),
    ip ? db.loginAttempt.count({ where: { ip, success: false, at: { gte: since } } }) : 0,
  ])
  const fail = async (reason: string, error: string): Promise<LoginResult> => {
    await db.loginAttempt.create({ data: { login, ip, success: false, reason } })
    return { ok: false, error }
  }
  if (accountFails >= FAILS_PER_ACCOUNT || ipFails >= FAILS_PER_IP) {
    return fail('throttled', 'Слишком много неудачных попыток входа. Попробуйте снова через 15 минут.')
  }
  const user = await db.user.findUnique({ where: { login }, include: { roles: true } })
  // Same message for an unknown login and a wrong password: don't reveal which logins exist.
  if (!user || !(await verifyPassword(user.passwordHash, password))) {
    return fail(user ? 'wrong-password' : 'unknown-login', 'Неверный логин или пароль.')
  }
  if (user.lockedAt) {
    return fail('locked', 'Учётная запись заблокирована. Обратитесь к администратору электронного журнала.')
  }
  if (user.mustChangePassword && Date.now() - user.passwordSetAt.getTime() > ONE_TIME_PASSWORD_DAYS * 86_400_000) {
    return fail('one-time-expired', 'Срок действия временного пароля истёк. Обратитесь в школу за новыми реквизитами доступа.')
  }
  await db.loginAttempt.create({ data: { login, ip, success: true } })
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

export async function changePassword(user: SessionUser, current: string, next: string): Promise<string | null> {
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id } })
  if (!(await verifyPassword(row.passwordHash, current))) return 'Текущий пароль введён неверно'
  if (current === next) return 'Новый пароль должен отличаться от текущего'
  await db.$transaction([
    db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(next), mustChangePassword: false, passwordSetAt: new Date() } }),
    // Other devices signed in with the old password are signed out.
    db.session.deleteMany({ where: { userId: user.id, id: { not: user.sessionId } } }),
  ])
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'change-password' })
  return null
}

/** Re-asks the password before a signature (the director's decision). */
export async function confirmPassword(user: SessionUser, password: string): Promise<boolean> {
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id } })
  return verifyPassword(row.passwordHash, password)
}
