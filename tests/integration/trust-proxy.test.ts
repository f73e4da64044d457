// Issue 13 item 6: behind a reverse proxy the client's address and scheme come from X-Forwarded-For/-Proto only
// when TRUST_PROXY names the proxy; then the session cookie is Secure, HSTS is sent, and per-address limits see
// the parent, not the proxy. The chain is the real one: express + the Remix adapter's request + our sign-in.
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import { login } from '#app/utils/auth.server'
import { parseEnv } from '#app/utils/env.server'
import { parseTrustProxy, trustProxyProblem, configureProxy, type TrustProxy } from '#app/utils/proxy.server'
import { clientIp } from '#app/utils/request.server'

// The adapter's own Request builder (what server.js's createRequestHandler uses), not re-exported by its index.
const { createRemixRequest } = createRequire(import.meta.url)('@remix-run/express/dist/server.js') as {
  createRemixRequest: (req: express.Request, res: express.Response) => Request
}

const servers: Array<{ close: () => void }> = []
afterEach(() => servers.splice(0).forEach((s) => s.close()))

/** The production server's first middleware and a route that signs the director in, as server.js wires them. */
async function serverWith(setting: TrustProxy, host = '127.0.0.1'): Promise<string> {
  const app = express()
  configureProxy(app, setting)
  app.post('/login', async (req, res) => {
    const request = createRemixRequest(req, res)
    const result = await login(request, 'director', 'demo2026')
    res.json({ url: request.url, ip: clientIp(request), setCookie: result.ok ? result.setCookie : result.error })
  })
  const server = app.listen(0, host)
  await new Promise((resolve) => server.once('listening', resolve))
  servers.push(server)
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

async function post(base: string, headers: Record<string, string>) {
  const response = await fetch(`${base}/login`, { method: 'POST', headers })
  return {
    hsts: response.headers.get('strict-transport-security'),
    ...((await response.json()) as { url: string; ip: string; setCookie: string }),
  }
}

const FORWARDED = { 'X-Forwarded-For': '6.6.6.6, 198.51.100.23', 'X-Forwarded-Proto': 'https', 'x-client-ip': '1.2.3.4' }

describe('TRUST_PROXY', () => {
  it('off by default: the socket is the client, forwarded headers and a forged x-client-ip are ignored', async () => {
    expect(parseTrustProxy(parseEnv({}).TRUST_PROXY)).toBe(false)
    const r = await post(await serverWith(false), FORWARDED)
    expect(r.ip).toMatch(/127\.0\.0\.1$/)
    expect(r.url).toMatch(/^http:/)
    expect(r.setCookie).not.toMatch(/Secure/)
    expect(r.hsts).toBeNull()
  })

  it('an IPv4 client of a dual-stack server (as server.js listens) is «127.0.0.1», not «::ffff:127.0.0.1»', async () => {
    expect((await post(await serverWith(false, '::'), {})).ip).toBe('127.0.0.1')
    expect((await post(await serverWith(parseTrustProxy('::ffff:127.0.0.1'), '::'), FORWARDED)).ip).toBe('198.51.100.23')
    expect((await post(await serverWith(parseTrustProxy('127.0.0.1'), '::'), { 'X-Forwarded-For': '::ffff:203.0.113.9' })).ip).toBe(
      '203.0.113.9',
    )
  })

  it('a CIDR list naming the proxy: the parent’s address and https, a Secure cookie and HSTS', async () => {
    const r = await post(await serverWith(parseTrustProxy('10.0.0.0/8, 127.0.0.1')), FORWARDED)
    // Only the proxy is trusted: the address it saw (the last hop), never the spoofable first entry.
    expect(r.ip).toBe('198.51.100.23')
    expect(r.url).toMatch(/^https:/)
    expect(r.setCookie).toMatch(/; Secure$/)
    expect(r.hsts).toBe('max-age=31536000')
    // Over plain HTTP through the same proxy: no HSTS, no Secure.
    const plain = await post(await serverWith(parseTrustProxy('127.0.0.1')), {
      'X-Forwarded-For': '198.51.100.23',
      'X-Forwarded-Proto': 'http',
    })
    expect(plain.hsts).toBeNull()
    expect(plain.setCookie).not.toMatch(/Secure/)
  })

  it('a hop count takes the address one hop behind; a list that does not name the peer trusts nothing', async () => {
    expect((await post(await serverWith(parseTrustProxy('1')), FORWARDED)).ip).toBe('198.51.100.23')
    const other = await post(await serverWith(parseTrustProxy('10.0.0.0/8')), FORWARDED)
    expect(other.ip).toMatch(/127\.0\.0\.1$/)
    expect(other.hsts).toBeNull()
  })

  it('refuses a bad value at start-up with a Russian message naming the variable', () => {
    expect(trustProxyProblem('10.0.0.0/8,fd00::/8')).toBeNull()
    expect(trustProxyProblem('2')).toBeNull()
    expect(() => parseEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: значение true доверяло бы любому отправителю/)
    expect(() => parseEnv({ TRUST_PROXY: '10.0.0.0/40' })).toThrow(/TRUST_PROXY: «10\.0\.0\.0\/40» — не адрес и не диапазон CIDR/)
  })
})
