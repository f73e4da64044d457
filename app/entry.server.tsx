// Server rendering. React 18.3's Node renderer (renderToPipeableStream) writes a U+0000 into the HTML when a
// multi-byte character straddles the end of its 2 048-byte buffer: it flushes the whole buffer where TextEncoder
// .encodeInto stopped short of it (facebook/react#31134, fixed upstream in #26228 for React 19 only). The Web
// Streams renderer of the same React version encodes each string whole and copies bytes, so it cannot split a
// character: we render with it (docs/decisions/021). tests/e2e/http-hardening.spec.ts checks every page.
import { randomBytes } from 'node:crypto'
import type { EntryContext, HandleDataRequestFunction } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import type { Express } from 'express'
import { renderToReadableStream } from 'react-dom/server.browser'
import { startWorker } from '#app/jobs/index.server'
import { getEnv } from '#app/utils/env.server'
import { NonceProvider } from '#app/utils/nonce'
import { parseTrustProxy, configureProxy } from '#app/utils/proxy.server'
import { applyPageHeaders } from '#app/utils/security-headers'

export { startWorker as startBackgroundJobs }
export { bodyLimitFor, tooLargeMessage } from '#app/utils/body-limits'

/** server.js: the client's address and scheme, from the socket or a trusted proxy (TRUST_PROXY, ADR 023). */
export function applyProxySettings(app: Express): void {
  configureProxy(app, parseTrustProxy(getEnv().TRUST_PROXY))
}

const ABORT_DELAY = 5_000

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  // The loaders' data is in; let waiting requests in before the render holds the thread (ADR 047).
  await new Promise((resolve) => setImmediate(resolve))
  const nonce = randomBytes(16).toString('base64')
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), ABORT_DELAY)
  // The client gone or the request's time limit passed (server/overload.js): stop rendering for nobody.
  if (request.signal.aborted) controller.abort()
  else request.signal.addEventListener('abort', () => controller.abort(), { once: true })
  let status = responseStatusCode
  const body = await renderToReadableStream(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
    </NonceProvider>,
    {
      nonce,
      signal: controller.signal,
      onError(error: unknown) {
        status = 500
        if (!controller.signal.aborted) console.error(error)
      },
    },
  )
  // Crawlers get the whole page at once; browsers get the shell first.
  if (isbot(request.headers.get('user-agent') ?? '')) await body.allReady
  body.allReady.then(
    () => clearTimeout(timer),
    () => clearTimeout(timer),
  )
  applyPageHeaders(responseHeaders, { nonce, pathname: new URL(request.url).pathname })
  return new Response(body, { headers: responseHeaders, status })
}

/** Loader/action data fetched by the browser: never cached, like the pages (personal data). */
export const handleDataRequest: HandleDataRequestFunction = (response) => {
  if (!response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'private, no-store')
  response.headers.set('X-Content-Type-Options', 'nosniff')
  return response
}
