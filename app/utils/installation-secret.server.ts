// The installation's secret (docs/decisions/023-throttles-and-limits.md): FORM_TOKEN_SECRET, else one made once and
// kept in the database (shared by every instance, ADR 042). It signs the /apply form token and keys the digests that
// stand in for a typed login, an applicant's e-mail or identity document in the throttle counters: a plain hash of
// a short text is undone by trying every likely one, a keyed one is not without the secret.
import { createHmac, randomBytes } from 'node:crypto'
import { db } from './db.server'
import { getEnv } from './env.server'

let secret: Promise<Buffer> | undefined

export function installationSecret(): Promise<Buffer> {
  secret ??= (async () => {
    const configured = getEnv().FORM_TOKEN_SECRET
    if (configured) return Buffer.from(configured)
    const row = await db.setting.upsert({
      where: { schoolId_key: { schoolId: '', key: 'apply.form-token-secret' } },
      create: { schoolId: '', key: 'apply.form-token-secret', value: randomBytes(32).toString('base64url') },
      update: {},
    })
    return Buffer.from(row.value)
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
