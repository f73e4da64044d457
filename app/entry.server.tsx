// Server rendering: the page as one string (ADR 081). No page streams — none defers data or has a Suspense boundary —
// so a streaming renderer only cut the same HTML into chunks: React 18.3's Web Streams renderer (ADR 021) encoded
// each of them with TextEncoder (3 ms of a queue page), and its Node renderer can write a U+0000 where a multi-byte
// character straddles its buffer (facebook/react#31134). renderToString builds a JavaScript string, encoded once.
// tests/e2e/http-hardening.spec.ts checks every page.
import { randomBytes } from 'node:crypto'
import type { EntryContext, HandleDataRequestFunction, HandleErrorFunction } from '@remix-run/node'
import { RemixServer, isRouteErrorResponse } from '@remix-run/react'
import type { Express } from 'express'
import { renderToString } from 'react-dom/server'
import { startWorker } from '#app/jobs/index.server'
import { getEnv } from '#app/utils/env.server'
import { NonceProvider } from '#app/utils/nonce'
import { parseTrustProxy, configureProxy } from '#app/utils/proxy.server'
import { contextForRender } from '#app/utils/render-routes.server'
import { withRowsOnce } from '#app/utils/rows-once.server'
import { applyPageHeaders } from '#app/utils/security-headers'
import { DATABASE_AWAY_RETRY_SECONDS, awayText, isDatabaseAwayRequest, noteDatabaseAway } from '#app/utils/database-away.server'

export { startWorker as startBackgroundJobs }
export { bodyLimitFor, tooLargeMessage } from '#app/utils/body-limits'
export { REQUEST_SCOPE_HEADER, openRequestScope, closeRequestScope } from '#app/utils/auth.server'
export { databaseAwayResponse } from '#app/utils/database-away.server'
export { trackActions, trackRequestCommits } from '#app/utils/request-commits.server'

/** server.js: the client's address and scheme, from the socket or a trusted proxy (TRUST_PROXY, ADR 023). */
export function applyProxySettings(app: Express): void {
  configureProxy(app, parseTrustProxy(getEnv().TRUST_PROXY))
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  // The loaders' data is in; let waiting requests in before the render holds the thread (ADR 047).
  await new Promise((resolve) => setImmediate(resolve))
  // The client gone or the request's time limit passed (server/overload.js, which has answered it): no render for
  // nobody. A render itself holds the thread from start to end, as the streaming one did without Suspense boundaries.
  if (request.signal.aborted) return new Response(null, { status: 503 })
  // A loader or action met the database away (ADR 095): not «Произошла ошибка» 500 but 503 with the words of
  // app/utils/database-away.server.ts. The thrown Response makes Remix render again with it as the route error.
  if (isDatabaseAwayRequest(request)) {
    if (responseStatusCode >= 500 && responseStatusCode !== 503) {
      throw new Response(awayText(request), { status: 503, statusText: 'Service Unavailable' })
    }
    if (responseStatusCode === 503) responseHeaders.set('Retry-After', String(DATABASE_AWAY_RETRY_SECONDS))
  }
  const nonce = randomBytes(16).toString('base64')
  // The render gets the routes the page's initial manifest names, not all of them (ADR 122): the same HTML. The rows a
  // table shows are not sent again as hydration data (ADR 127).
  const html = renderToString(
    <NonceProvider value={nonce}>
      <RemixServer context={withRowsOnce(contextForRender(remixContext))} url={request.url} nonce={nonce} />
    </NonceProvider>,
  )
  applyPageHeaders(responseHeaders, { nonce, pathname: new URL(request.url).pathname })
  return new Response(`<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode })
}

/**
 * The stop cut this request's body short (server-lifecycle.js, ADR 105): its body stream failed with ESTOPPING, which
 * the action's read of its form passes on (itself or as a cause). The stop has said so in one line and answered 503.
 */
function isCutByStop(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ((e as { code?: unknown }).code === 'ESTOPPING') return true
  }
  return false
}

/** Errors of loaders, actions and the render: a database away is said once a minute (ADR 095); others as Remix does. */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (noteDatabaseAway(error, request)) return
  // The Response thrown above for the second render is no error; nor is a body the stop cut, at every deploy.
  if (error instanceof Response || request.signal.aborted || isCutByStop(error)) return
  console.error(isRouteErrorResponse(error) && (error as { error?: unknown }).error ? (error as { error?: unknown }).error : error)
}

/** Loader/action data fetched by the browser: never cached, like the pages (personal data). */
export const handleDataRequest: HandleDataRequestFunction = (response) => {
  if (!response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'private, no-store')
  response.headers.set('X-Content-Type-Options', 'nosniff')
  return response
}
