// Bearer tokens of other systems (the regional portal) for /api/v1. Only the sha256 of a token is stored; a school's
// administrator issues and revokes them in «Администрирование → Доступ портала» (ADR 088). The environment's
// PORTAL_API_TOKEN is also accepted, for the demo and for a one-school server that has issued no token yet — never
// on a server of several schools, where it could not say whose applications it files and reads.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { recordAudit } from '#app/models/audit.server'
import { onlySchoolId } from '#app/models/only-school.server'
import { getSchool } from '#app/models/school.server'
import { db } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'
import { clip } from '#workflows/text'
import { formatDateTime } from '#workflows/time'

type ApiClient = { schoolId: string; clientId: string; name: string }

function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

function sameSecret(a: string, b: string): boolean {
  // Compare hashes: equal lengths, and the time does not depend on where the strings differ.
  return timingSafeEqual(Buffer.from(hashApiToken(a), 'hex'), Buffer.from(hashApiToken(b), 'hex'))
}

/** The client behind `Authorization: Bearer <token>`, or null for a missing, malformed, revoked or unknown token. */
export async function authenticateApiRequest(request: Request): Promise<ApiClient | null> {
  const header = request.headers.get('authorization') ?? ''
  const match = /^Bearer\s+([\x21-\x7e]{16,200})\s*$/i.exec(header)
  if (!match) return null
  const token = match[1]
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashApiToken(token) } })
  if (row && !row.revokedAt) return { schoolId: row.schoolId, clientId: row.id, name: row.name }
  const envToken = getEnv().PORTAL_API_TOKEN // '' outside the demo when unset (ADR 025)
  if (envToken && sameSecret(token, envToken)) {
    const schoolId = await onlySchoolId()
    return schoolId ? { schoolId, clientId: 'env', name: 'PORTAL_API_TOKEN' } : null
  }
  return null
}

/** A new token: the plain value is returned once and never stored. */
export async function createApiToken(schoolId: string, name: string): Promise<{ id: string; token: string }> {
  const token = `sk_${randomBytes(32).toString('base64url')}`
  const row = await db.apiToken.create({ data: { schoolId, name, tokenHash: hashApiToken(token) } })
  return { id: row.id, token }
}

/**
 * The page «Доступ портала»: the school's tokens newest first (names and times in the school's time zone, never a
 * hash), and whether the environment's token is set and answers for this school.
 */
export async function getApiAccess(schoolId: string) {
  const [{ timeZone }, rows, onlyId] = await Promise.all([
    getSchool(schoolId),
    db.apiToken.findMany({
      where: { schoolId },
      select: { id: true, name: true, createdAt: true, revokedAt: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 200,
    }),
    onlySchoolId(),
  ])
  const envSet = Boolean(getEnv().PORTAL_API_TOKEN)
  return {
    tokens: rows.map((t) => ({
      id: t.id,
      name: t.name,
      createdAt: formatDateTime(t.createdAt, timeZone),
      revokedAt: t.revokedAt ? formatDateTime(t.revokedAt, timeZone) : null,
    })),
    environmentToken: envSet ? (onlyId === schoolId ? ('serves' as const) : ('refused' as const)) : ('unset' as const),
  }
}

type Admin = { id: string; schoolId: string }

/** An administrator issues a token for the named system; the audit keeps who and when, never the token. */
export async function issueApiToken(admin: Admin, name: string, ip: string): Promise<{ id: string; token: string; name: string }> {
  const label = clip(name, 120)
  const issued = await createApiToken(admin.schoolId, label)
  await recordAudit({
    schoolId: admin.schoolId,
    userId: admin.id,
    action: 'create:api-token',
    entity: 'ApiToken',
    entityId: issued.id,
    ip,
    data: { name: label },
  })
  return { ...issued, name: label }
}

/**
 * Revokes the school's token `id`: it stops working at once. Another school's token, an unknown id and a token
 * already revoked change nothing (false).
 */
export async function revokeApiToken(admin: Admin, id: string, ip: string, now = new Date()): Promise<boolean> {
  const { count } = await db.apiToken.updateMany({ where: { id, schoolId: admin.schoolId, revokedAt: null }, data: { revokedAt: now } })
  if (count)
    await recordAudit({ schoolId: admin.schoolId, userId: admin.id, action: 'revoke:api-token', entity: 'ApiToken', entityId: id, ip })
  return count > 0
}
