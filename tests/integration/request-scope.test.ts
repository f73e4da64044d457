// ADR 082: the loaders of one GET share one read of the session (the root's and the page's asked twice, five queries
// each); the production handler opens the scope, names it in a header of its own and closes it when the answer is sent.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { closeRequestScope, getUser, openRequestScope, REQUEST_SCOPE_HEADER } from '#app/utils/auth.server'
import { bodyLimitFor, tooLargeMessage } from '#app/utils/body-limits'
import { signIn } from '#tests/helpers/auth'
import { getRequest } from '#tests/helpers/http'

const { createBoundedRequestHandler } = createRequire(import.meta.url)('../../server/http-hardening.js') as {
  createBoundedRequestHandler: (options: { build: unknown; mode: string }) => express.RequestHandler
}

/** A copy of the request, as Remix makes one for every loader (its own Headers, its own signal). */
const copyOf = (request: Request) => new Request(request.url, { headers: new Headers(request.headers) })

describe('one read of the session per request', () => {
  it('within a scope every copy of the request gets the same read; outside it, each call reads again', async () => {
    const cookie = await signIn('responsible')
    const request = getRequest('/staff/applications', cookie)
    request.headers.set(REQUEST_SCOPE_HEADER, 'scope-1')

    const [first, second] = await Promise.all([getUser(copyOf(request)), getUser(copyOf(request))])
    expect(first?.login).toBe('responsible')
    expect(second).toEqual(first)
    expect(second).not.toBe(first) // no scope open: two reads

    openRequestScope('scope-1')
    try {
      const [a, b] = await Promise.all([getUser(copyOf(request)), getUser(copyOf(request))])
      expect(a?.login).toBe('responsible')
      expect(b).toBe(a)
      expect(await getUser(copyOf(request))).toBe(a)
      // Another session in the same scope is read apart: the scope is shared by token, never across users.
      const other = await getUser(getRequestWithScope(await signIn('director'), 'scope-1'))
      expect(other?.login).toBe('director')
      // A request naming another scope (or none) reads for itself.
      expect(await getUser(getRequestWithScope(cookie, 'scope-2'))).not.toBe(a)
    } finally {
      closeRequestScope('scope-1')
    }
    expect(await getUser(copyOf(request))).not.toBe(first)
  })

  it('a session ended between two requests is not served from the scope of the first', async () => {
    const cookie = await signIn('responsible')
    openRequestScope('scope-3')
    const request = getRequestWithScope(cookie, 'scope-3')
    expect((await getUser(copyOf(request)))?.login).toBe('responsible')
    closeRequestScope('scope-3')
    await db.session.deleteMany({ where: { user: { login: 'responsible' } } })
    expect(await getUser(copyOf(request))).toBeNull()
  })
})

function getRequestWithScope(cookie: string, scope: string): Request {
  const request = getRequest('/staff/applications', cookie)
  request.headers.set(REQUEST_SCOPE_HEADER, scope)
  return request
}

describe('the production handler opens and closes the scope', () => {
  // A build of one resource route that reports the header its loader saw and whether that scope was open then.
  const seen: Array<{ method: string; scope: string | null; open: boolean }> = []
  const opened = new Set<string>()
  const build = {
    mode: 'production',
    basename: '',
    future: {},
    isSpaMode: false,
    publicPath: '/build/',
    assetsBuildDirectory: 'public/build',
    assets: { version: 'test', entry: { module: '', imports: [] }, routes: {}, url: '' },
    entry: {
      module: {
        default: () => new Response('no pages here', { status: 500 }),
        bodyLimitFor,
        tooLargeMessage,
        REQUEST_SCOPE_HEADER,
        openRequestScope: (id: string) => opened.add(id),
        closeRequestScope: (id: string) => opened.delete(id),
      },
    },
    routes: {
      root: {
        id: 'root',
        path: '',
        module: {
          loader: ({ request }: { request: Request }) => report(request),
          action: ({ request }: { request: Request }) => report(request),
        },
      },
    },
  }
  function report(request: Request) {
    const scope = request.headers.get(REQUEST_SCOPE_HEADER)
    seen.push({ method: request.method, scope, open: scope !== null && opened.has(scope) })
    return new Response('ok')
  }
  let server: http.Server
  let base = ''
  beforeAll(async () => {
    const app = express()
    app.all('*', createBoundedRequestHandler({ build, mode: 'production' }))
    server = http.createServer(app)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('a GET gets a scope of its own, open while its loader runs and closed after; a client cannot choose it', async () => {
    seen.length = 0
    const answers = await Promise.all([fetch(`${base}/`), fetch(`${base}/`, { headers: { [REQUEST_SCOPE_HEADER]: 'chosen-by-client' } })])
    expect(answers.map((a) => a.status)).toEqual([200, 200])
    expect(seen).toHaveLength(2)
    for (const { scope, open } of seen) {
      expect(scope).toMatch(/^[0-9a-f-]{36}$/)
      expect(open).toBe(true)
    }
    expect(seen[0].scope).not.toBe(seen[1].scope)
    expect(opened.size).toBe(0)
  })

  it('a POST has no scope, and a client-sent header does not reach the loaders', async () => {
    seen.length = 0
    const answer = await fetch(`${base}/`, { method: 'POST', headers: { [REQUEST_SCOPE_HEADER]: 'chosen-by-client' }, body: 'a=1' })
    expect(answer.status).toBe(200)
    expect(seen).toEqual([{ method: 'POST', scope: null, open: false }])
    expect(opened.size).toBe(0)
  })
})
