// Behind a reverse proxy (issue 13 item 6, docs/security.md «Работа за обратным прокси»). TRUST_PROXY says which
// peers may tell us the client's address and scheme in X-Forwarded-For / X-Forwarded-Proto: off by default (the
// socket is the client), a hop count, or a list of addresses and CIDR ranges of the proxies. server.js applies it
// with configureProxy(app) in its own middleware; every per-address limit and the audit read x-client-ip.
import net from 'node:net'
import type { Express, NextFunction, Request, Response } from 'express'

export type TrustProxy = false | number | string[]

const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal'])

/** What is wrong with a TRUST_PROXY value, in Russian, or null. */
export function trustProxyProblem(value: string): string | null {
  const v = value.trim()
  if (v === '' || v === 'false' || /^\d{1,2}$/.test(v)) return null
  if (v === 'true') return 'значение true доверяло бы любому отправителю заголовков; укажите число прокси или их адреса'
  for (const item of v.split(',').map((s) => s.trim())) {
    if (NAMED.has(item)) continue
    const [addr, bits, extra] = item.split('/')
    const family = net.isIP(addr)
    const prefixOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32))
    if (!family || !prefixOk || extra !== undefined)
      return `«${item}» — не адрес и не диапазон CIDR (ожидается, например, 1, 10.0.0.5 или 10.0.0.0/8,fd00::/8)`
  }
  return null
}

/** The parsed setting: false (off), a hop count, or the proxies' addresses and ranges. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim()
  if (v === '' || v === 'false' || v === '0') return false
  if (/^\d{1,2}$/.test(v)) return Number(v)
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

/** Strict-Transport-Security for a year: sent only over HTTPS (direct or reported by a trusted proxy). */
const HSTS = 'max-age=31536000'

/**
 * An IPv4 client of a dual-stack socket (the server listens on «::») arrives as «::ffff:192.0.2.7»: the audit
 * shows it, and the per-address limits count it, as the address people know — «192.0.2.7».
 */
function plainAddress(address: string): string {
  return /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)?.[1] ?? address
}

/**
 * The client's address and scheme for everything after it. Express resolves both from the socket and, for a
 * trusted proxy only, from X-Forwarded-For / -Proto (`trust proxy`); the Remix adapter builds request.url from
 * req.protocol, so the session cookie gets `Secure` behind TLS. An incoming x-client-ip is always overwritten.
 */
export function configureProxy(app: Express, setting: TrustProxy): void {
  app.set('trust proxy', setting === false ? false : setting)
  app.use((req: Request, res: Response, next: NextFunction) => {
    req.headers['x-client-ip'] = plainAddress((setting === false ? req.socket.remoteAddress : req.ip) || '')
    if (req.secure) res.setHeader('Strict-Transport-Security', HSTS)
    next()
  })
}
