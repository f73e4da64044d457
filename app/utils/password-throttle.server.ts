// The throttle of password checks: the sign-in form, the director's signing password and the change-password form
// share it (docs/decisions/023-throttles-and-limits.md). Every try is counted before the password is checked, per
// login and per source address, in one transaction; beyond a few free failures the next try waits a growing
// delay instead of a lock. The login's delay does not stop an address that has not failed: whoever keeps guessing
// the director's password from elsewhere does not keep the director out.
import net from 'node:net'
import { db, withBusyRetry } from './db.server'
import { keyedDigest } from './installation-secret.server'
import { blockedAt, lockCounter, saveCounter, waitText, type Counter } from './throttle.server'

export const PASSWORD_LIMITS = {
  /** Failures of one login before its delays begin. */
  freePerLogin: 5,
  /** Failures from one address (a school's NAT: many people mistyping) before its delays begin. */
  freePerAddress: 20,
  /** The first delay; each further failure doubles it, up to maxDelayMs. */
  firstDelayMs: 2_000,
  maxDelayMs: 15 * 60_000,
  /** Failures are forgotten when none has been counted for this long (and on a correct password for the login). */
  windowMs: 60 * 60_000,
} as const

/** The wait before the next try after `failures` failures, when `free` of them cost nothing. */
export function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0
  return Math.min(PASSWORD_LIMITS.firstDelayMs * 2 ** (failures - free), PASSWORD_LIMITS.maxDelayMs)
}

/**
 * A login's counter is keyed by the login's keyed digest (the installation's secret), not the login nor its plain
 * hash: an unknown one is often a password typed in the wrong field, the table keeps it for a day, and a plain
 * SHA-256 of a password is undone by trying likely passwords.
 */
export const loginKey = async (login: string) => `password:login:${await keyedDigest('password:login', login)}`
const addressKey = (ip: string) => `password:address:${addressGroup(ip)}`

/**
 * The source counted for an address: an IPv4 address itself (an IPv4-mapped IPv6 one as IPv4), an IPv6 address by its
 * /64 — one home or office network holds a whole /64, so counting each address apart gave one client an unlimited
 * supply of «clean» addresses.
 */
export function addressGroup(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip)
  if (mapped) return mapped[1]
  if (net.isIP(ip) !== 6) return ip
  const [left, right = ''] = ip.toLowerCase().split('%')[0].split('::')
  const l = left ? left.split(':') : []
  const r = ip.includes('::') && right ? right.split(':') : []
  const groups = ip.includes('::') ? [...l, ...Array(8 - l.length - r.length).fill('0'), ...r] : l
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

function countFailure(counter: Counter, free: number, now: Date): Counter {
  const count = counter.count + 1
  const delay = delayAfter(count, free)
  return {
    ...counter,
    count,
    resetAt: new Date(now.getTime() + PASSWORD_LIMITS.windowMs),
    blockedUntil: delay ? new Date(now.getTime() + delay) : null,
  }
}

type Admission = { ok: true } | { ok: false; retryAt: Date; message: string }

/**
 * Admits one password try for a login from an address, or says when the next one may come. An admitted try is
 * counted as a failure at once (so a burst of parallel tries is counted whole); passwordAccepted gives it back.
 */
export async function admitPasswordTry(login: string, ip: string, now = new Date()): Promise<Admission> {
  const key = await loginKey(login) // before the transaction: the first digest reads the secret from the database
  return withBusyRetry(() =>
    db.$transaction(async (tx) => {
      const account = await lockCounter(tx, key, now)
      const address = ip ? await lockCounter(tx, addressKey(ip), now) : null
      // An address that has not failed is not held back by the login's delay (the owner from the office).
      const cleanAddress = address !== null && address.count === 0
      const waits = [cleanAddress ? null : blockedAt(account, now), blockedAt(address, now)].filter((d): d is Date => d !== null)
      if (waits.length) {
        const retryAt = new Date(Math.max(...waits.map((d) => d.getTime())))
        return {
          ok: false as const,
          retryAt,
          message: `Слишком много неудачных попыток ввода пароля. Следующая попытка — ${waitText(retryAt, now)}.`,
        }
      }
      await saveCounter(tx, countFailure(account, PASSWORD_LIMITS.freePerLogin, now))
      if (address) await saveCounter(tx, countFailure(address, PASSWORD_LIMITS.freePerAddress, now))
      return { ok: true as const }
    }),
  )
}

/** A correct password: the login's failures are forgotten, and the address gets back the try counted in advance. */
export async function passwordAccepted(login: string, ip: string, now = new Date()): Promise<void> {
  const key = await loginKey(login)
  await withBusyRetry(() =>
    db.$transaction(async (tx) => {
      const account = await lockCounter(tx, key, now)
      await saveCounter(tx, { ...account, count: 0, blockedUntil: null })
      if (!ip) return
      const address = await lockCounter(tx, addressKey(ip), now)
      const count = Math.max(0, address.count - 1)
      await saveCounter(tx, {
        ...address,
        count,
        blockedUntil: delayAfter(count, PASSWORD_LIMITS.freePerAddress) ? address.blockedUntil : null,
      })
    }),
  )
}
