// Bearer tokens of other systems (the regional portal) for /api/v1. Only the sha256 of a token is stored; the
// environment's PORTAL_API_TOKEN is also accepted, for the demo and for a school that has issued no token yet.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { db } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'

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
    const school = await db.school.findFirst({ select: { id: true }, orderBy: { id: 'asc' } })
    return school ? { schoolId: school.id, clientId: 'env', name: 'PORTAL_API_TOKEN' } : null
  }
  return null
}

/** A new token: the plain value is returned once and never stored. */
export async function createApiToken(schoolId: string, name: string): Promise<{ id: string; token: string }> {
  const token = `sk_${randomBytes(32).toString('base64url')}`
  const row = await db.apiToken.create({ data: { schoolId, name, tokenHash: hashApiToken(token) } })
  return { id: row.id, token }
}

export async function revokeApiToken(id: string, now = new Date()): Promise<void> {
  await db.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } })
}
