// The installation's secret (docs/decisions/023-throttles-and-limits.md): FORM_TOKEN_SECRET, else one made once and
// kept in the database (shared by every instance, ADR 042). It signs the /apply form token and keys the digests that
// stand in for a typed login, an applicant's e-mail or identity document in the throttle counters: a plain hash of
// a short text is undone by trying every likely one, a keyed one is not without the secret.
import { createHmac, randomBytes } from 'node:crypto'
import type { PrismaClient } from '#app/generated/prisma/client'
import { db } from './db.server'
import { getEnv } from './env.server'

/**
 * The secret kept in the database, made by the first call: the seed's (a new installation), else the first use. A
 * sign-in then writes no setting of its own (a refused form changes nothing, not even that).
 */
export async function keptSecret(client: Pick<PrismaClient, 'setting'> = db): Promise<string> {
  const row = await client.setting.upsert({
    where: { schoolId_key: { schoolId: '', key: 'apply.form-token-secret' } },
    create: { schoolId: '', key: 'apply.form-token-secret', value: randomBytes(32).toString('base64url') },
    update: {},
  })
  return row.value
}

let secret: Promise<Buffer> | undefined

export function installationSecret(): Promise<Buffer> {
  secret ??= (async () => {
    const configured = getEnv().FORM_TOKEN_SECRET
    return Buffer.from(configured || (await keptSecret()))
  })()
  // A failed first read (a busy database) is not kept: the next call tries again.
  secret.catch(() => (secret = undefined))
  return secret
}

/** HMAC(secret, purpose · value) in hex: one purpose's digests say nothing about another's. */
export async function keyedDigest(purpose: string, value: string): Promise<string> {
  return createHmac('sha256', await installationSecret())
    .update(`${purpose}\u0000${value}`)
    .digest('hex')
}
