import { db } from '#app/utils/db.server'
import { login, type SessionUser } from '#app/utils/auth.server'
import { DEMO_PASSWORD } from '../../prisma/seed/generate'
import { cookieFrom, formRequest } from './http'

export async function signIn(loginName: string, password = DEMO_PASSWORD): Promise<string> {
  const result = await login(formRequest('/login', {}), loginName, password)
  if (!result.ok) throw new Error(`вход ${loginName}: ${result.error}`)
  return cookieFrom(result.setCookie)
}

/** A staff member's session as an operation receives it (no cookie): for operations called directly in tests. */
export async function staffSession(loginName: string): Promise<SessionUser> {
  const u = await db.user.findUniqueOrThrow({ where: { login: loginName }, include: { roles: true, staff: true } })
  return {
    id: u.id,
    login: loginName,
    schoolId: u.schoolId,
    roles: u.roles.map((r) => r.role),
    displayName: `${u.staff?.lastName} ${u.staff?.firstName}`,
    mustChangePassword: false,
    staffId: u.staff?.id ?? null,
    guardianId: null,
    sessionId: 'test',
  }
}
