// Limits of online applications (issue 18 item 1, docs/decisions/023-throttles-and-limits.md). A parents' meeting
// puts a whole class behind one school Wi-Fi address, so the address limit is generous; what is tight is the
// browser (a signed form token issued with the page), the applicant's e-mail and identity document, and a sender
// without a page token (a script). Every limit is counted inside the transaction that makes the application.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Prisma } from '#app/generated/prisma/client'
import { installationSecret, keyedDigest } from '#app/utils/installation-secret.server'
import { lockCounter, saveCounter } from '#app/utils/throttle.server'
import { formatDateTime } from '#workflows/time'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Each limit: how many applications in how long a window. */
export const APPLY_LIMITS = {
  /** One address: a school's Wi-Fi at a meeting (several classes of 30). */
  address: { max: 200, windowMs: HOUR },
  /** Without a valid page token (nobody who opened the form): a script. */
  tokenless: { max: 3, windowMs: HOUR },
  /** One browser (the form token's id): a parent with several children, and a retry or two. */
  browser: { max: 10, windowMs: HOUR },
  /** One applicant's e-mail or identity document. */
  email: { max: 10, windowMs: DAY },
  document: { max: 10, windowMs: DAY },
} as const
type LimitName = keyof typeof APPLY_LIMITS

/** A form token stays valid this long after the page was drawn. */
const FORM_TOKEN_TTL_MS = DAY
const BROWSER_COOKIE = 'apply_browser'

const LIMIT_TEXT: Record<LimitName, string> = {
  address: 'С вашего адреса в интернете',
  tokenless: 'Без открытой страницы заявления',
  browser: 'С этого устройства',
  email: 'С этим адресом электронной почты',
  document: 'С этим документом, удостоверяющим личность,',
}

export class ApplyLimitError extends Error {
  constructor(
    readonly limit: LimitName,
    readonly retryAt: Date,
    timeZone: string,
  ) {
    super(
      `${LIMIT_TEXT[limit]} подано слишком много заявлений. Попробуйте снова после ` +
        `${formatDateTime(retryAt, timeZone)} или подайте заявление в школе лично.`,
    )
  }
}

// ── The form token: HMAC(server secret, browser id · issued at) ──

const BROWSER_ID = /^[A-Za-z0-9_-]{16,32}$/
const sign = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest('base64url')

/** A browser id from the cookie, or a new one (the page then sets the cookie). */
export function browserIdFrom(cookieHeader: string | null): { id: string; fresh: boolean } {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, value] = part.trim().split('=')
    if (name === BROWSER_COOKIE && BROWSER_ID.test(value ?? '')) return { id: value, fresh: false }
  }
  return { id: randomBytes(16).toString('base64url'), fresh: true }
}

export function browserCookie(id: string): string {
  return `${BROWSER_COOKIE}=${id}; Path=/apply; HttpOnly; SameSite=Lax; Max-Age=${365 * 86_400}`
}

/** `<browser id>.<issued at, ms>.<HMAC>`: put into the form when the page is drawn. */
export async function issueFormToken(browserId: string, now = new Date()): Promise<string> {
  const body = `${browserId}.${now.getTime()}`
  return `${body}.${sign(await installationSecret(), body)}`
}

/** The browser id of a genuine, fresh token; null for a missing, forged or stale one. */
export async function verifyFormToken(token: string, now = new Date()): Promise<string | null> {
  // The secret is read first, also for a missing token: countApplication's digests then never read it for the first
  // time inside the application's transaction (a second connection's write would wait for that transaction).
  const secret = await installationSecret()
  const [browserId, issued, mac, extra] = token.split('.')
  if (extra !== undefined || !browserId || !BROWSER_ID.test(browserId) || !/^\d{13}$/.test(issued ?? '') || !mac) return null
  const expected = Buffer.from(sign(secret, `${browserId}.${issued}`))
  const given = Buffer.from(mac)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  const age = now.getTime() - Number(issued)
  return age >= -60_000 && age <= FORM_TOKEN_TTL_MS ? browserId : null
}

// ── Counting, inside the application's transaction ──

type ApplySubject = { ip: string; browserId: string | null; email: string; identityDocument: string }

/** The e-mail and the identity document are counted by their keyed digests: the table keeps them for a day. */
async function keysOf(subject: ApplySubject): Promise<Array<[LimitName, string]>> {
  const keys: Array<[LimitName, string]> = []
  if (subject.ip) keys.push(['address', `apply:address:${subject.ip}`])
  if (subject.browserId) keys.push(['browser', `apply:browser:${subject.browserId}`])
  else keys.push(['tokenless', `apply:tokenless:${subject.ip}`])
  const email = subject.email.trim().toLowerCase()
  if (email) keys.push(['email', `apply:email:${await keyedDigest('apply:email', email)}`])
  const document = subject.identityDocument.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')
  if (document) keys.push(['document', `apply:document:${await keyedDigest('apply:document', document)}`])
  // One order for every transaction: two of them never wait for each other's rows crosswise (PostgreSQL).
  return keys.sort((a, b) => a[1].localeCompare(b[1]))
}

/** Counts one application against every limit; throws ApplyLimitError (undoing the transaction) when one is full. */
export async function countApplication(
  tx: Prisma.TransactionClient,
  subject: ApplySubject,
  timeZone: string,
  now = new Date(),
): Promise<void> {
  for (const [name, key] of await keysOf(subject)) {
    const { max, windowMs } = APPLY_LIMITS[name]
    const counter = await lockCounter(tx, key, now)
    if (counter.count >= max) throw new ApplyLimitError(name, counter.resetAt, timeZone)
    const fresh = counter.count === 0
    await saveCounter(tx, { ...counter, count: counter.count + 1, resetAt: fresh ? new Date(now.getTime() + windowMs) : counter.resetAt })
  }
}
