// HTTP hardening of the production server (docs/decisions/021, docs/security.md): request bodies bounded per
// route, and the Remix handler fed through that bound. Kept apart from server.js so that the server's other
// middleware (proxy, throttling, HSTS) changes without touching this file.
const { randomUUID } = require('node:crypto')
const { createRequestHandler: createRemixHandler, writeReadableStreamToWritable } = require('@remix-run/node')
const { lingerOnClose } = require('./lingering-close')

function createRemixHeaders(requestHeaders) {
  const headers = new Headers()
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (!values) continue
    if (Array.isArray(values)) for (const value of values) headers.append(key, value)
    else headers.set(key, values)
  }
  return headers
}

async function sendRemixResponse(res, response) {
  res.statusMessage = response.statusText
  res.status(response.status)
  for (const [key, value] of response.headers.entries()) res.append(key, value)
  if (/text\/event-stream/i.test(response.headers.get('Content-Type') ?? '')) res.flushHeaders()
  if (response.body) await writeReadableStreamToWritable(response.body, res)
  else res.end()
}

/** After a refusal, the rest of a body is read (and dropped) up to this much or this long, then the answer goes
 * out with `Connection: close`: a client still sending gets the 413, not a reset (a "lingering close"). */
const DRAIN_BYTES = 1024 * 1024
const DRAIN_MS = 2000

/** Headers every answer of the app carries unless it set its own (docs/security.md «Заголовки»). */
const BASELINE = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'same-origin'],
]

function tooLargePage(message) {
  return (
    `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Запрос слишком большой</title></head>` +
    `<body><h1>Запрос слишком большой</h1><p>${message}</p><p>Вернитесь к форме кнопкой «Назад» браузера.</p></body></html>`
  )
}

/** Answers 413 once, after draining what the client is still sending (bounded), and closes the connection. */
function refuse(req, res, message) {
  if (res.locals.bodyRefused) return
  res.locals.bodyRefused = true
  let drained = 0
  let sent = false
  const send = () => {
    if (sent) return
    sent = true
    clearTimeout(timer)
    if (res.headersSent) return res.end()
    const page = tooLargePage(message)
    lingerOnClose(res.socket, DRAIN_MS)
    res.writeHead(413, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(page),
      'Cache-Control': 'no-store',
      Connection: 'close',
    })
    res.end(page)
  }
  const timer = setTimeout(send, DRAIN_MS)
  req.on('data', (chunk) => {
    drained += chunk.length
    if (drained > DRAIN_BYTES) send()
  })
  req.on('end', send)
  req.on('error', send)
  req.on('close', send)
  req.resume()
}

/** The request body as a web stream that stops at `limit` bytes; beyond it `onExceed` is called once. */
function boundedBody(req, limit, onExceed) {
  let seen = 0
  let finished = false
  return new ReadableStream(
    {
      start(controller) {
        req.on('data', (chunk) => {
          if (finished) return
          seen += chunk.length
          if (seen > limit) {
            finished = true
            controller.error(new Error('request body over the route limit'))
            onExceed()
            return
          }
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length))
          if ((controller.desiredSize ?? 1) <= 0) req.pause()
        })
        req.on('end', () => {
          if (finished) return
          finished = true
          controller.close()
        })
        req.on('error', (error) => {
          if (finished) return
          finished = true
          controller.error(error)
        })
        req.pause()
      },
      pull() {
        req.resume()
      },
      cancel() {
        // Never destroy the socket here (that resets the client before it reads an answer): drop the rest instead.
        finished = true
        req.resume()
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  )
}

/**
 * The Remix request handler with every body bounded by the route's limit (app/utils/body-limits.ts, read from
 * the server build): a larger Content-Length is refused before a byte is read; a body without Content-Length is
 * counted as it arrives and cut at the limit. Either way the answer is 413 with a Russian message and
 * `Connection: close`; any other 413 of the app also closes the connection (its body was left unread).
 */
function createBoundedRequestHandler({ build, mode }) {
  const { bodyLimitFor, tooLargeMessage, REQUEST_SCOPE_HEADER, openRequestScope, closeRequestScope, databaseAwayResponse } =
    build.entry.module
  // Whether a request's action has committed (ADR 104): the actions mark their time, the request its scope.
  const { trackActions, trackRequestCommits } = build.entry.module
  const handle = createRemixHandler(trackActions ? trackActions(build) : build, mode)
  const tracked = trackRequestCommits ?? ((run) => run())
  return async (req, res, next) => {
    const limit = bodyLimitFor(req.method, req.path)
    const declared = req.headers['content-length']
    if (declared !== undefined && !(Number(declared) <= limit)) return refuse(req, res, tooLargeMessage(limit))
    // A GET or HEAD: its loaders share one read of the session (app/utils/auth.server.ts, ADR 082).
    const scope = (req.method === 'GET' || req.method === 'HEAD') && openRequestScope ? randomUUID() : null
    try {
      // The overload guard's controller when there is one (it also aborts at the time limit), else our own: the
      // Remix request.signal is aborted when the client goes.
      const controller = res.locals.abortController ?? new AbortController()
      if (!res.locals.abortController) res.on('close', () => controller.abort())
      const init = { method: req.method, headers: createRemixHeaders(req.headers), signal: controller.signal }
      // Always ours: a client's own value of the header is replaced, or dropped when there is no scope.
      if (REQUEST_SCOPE_HEADER) init.headers.delete(REQUEST_SCOPE_HEADER)
      if (scope) {
        openRequestScope(scope)
        init.headers.set(REQUEST_SCOPE_HEADER, scope)
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        init.body = boundedBody(req, limit, () => refuse(req, res, tooLargeMessage(limit)))
        init.duplex = 'half'
      }
      const url = `${req.protocol}://${req.get('host') || 'localhost'}${req.originalUrl}`
      const request = new Request(url, init)
      const response = await tracked(async () => {
        const answer = await handle(request, undefined)
        // The database away (ADR 095): a data request, a download or the API answers 503 with Retry-After, not 500 —
        // within the request's scope, which knows whether its action saved (ADR 104).
        return databaseAwayResponse ? databaseAwayResponse(request, answer) : answer
      })
      // Refused, or answered 503 by the time limit, or the client has gone: nothing more to send.
      if (res.locals.bodyRefused || res.headersSent || res.writableEnded) return
      if (response.status === 413) response.headers.set('Connection', 'close')
      // Pages get their full set in entry.server.tsx; downloads and JSON get these at least.
      for (const [name, value] of BASELINE) if (!response.headers.has(name)) response.headers.set(name, value)
      await sendRemixResponse(res, response)
    } catch (error) {
      if (res.locals.bodyRefused || res.headersSent) return
      next(error)
    } finally {
      if (scope) closeRequestScope(scope)
    }
  }
}

module.exports = { createBoundedRequestHandler }

/** The last middleware: an error before the app (a malformed address, a static file) answers in Russian. */
function russianErrors(error, req, res, next) {
  if (res.headersSent) return next(error)
  const status = Number(error?.status ?? error?.statusCode) || 500
  if (status >= 500) console.error(error)
  const text =
    status === 400
      ? 'Неверный адрес или запрос.'
      : status === 403
        ? 'Доступ запрещён.'
        : status === 404
          ? 'Страница не найдена.'
          : status === 413
            ? 'Запрос слишком большой.'
            : status < 500
              ? 'Запрос не выполнен.'
              : 'Внутренняя ошибка сервера. Попробуйте позже; если ошибка повторяется, сообщите администратору.'
  res
    .status(status)
    .set({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' })
    .send(text)
}

module.exports.russianErrors = russianErrors

/**
 * State-changing requests must come from our own pages (same origin; CSRF): a POST (PUT, PATCH, DELETE) whose Origin —
 * or, without one, Referer — names another host is refused with 403 in Russian before the app sees it. A request with
 * neither (old browsers, curl) passes — unless `Sec-Fetch-Site` says another site sent it: the session cookie is
 * SameSite=Lax, so another site's form never carries it. The portal's API calls with a bearer token are not a browser's.
 */
function sameOriginOnly() {
  return (req, res, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next()
    // The portal's API reads no cookie, only its bearer token: another site's request can act as nobody there, so it
    // gets the API's own answer — 401 JSON with WWW-Authenticate without a token (docs/api.md), never this page's 403.
    // By the path the app routes (dot segments resolved, «%2e%2e» too, as new URL does for Remix), not the raw one:
    // «/api/v1/../../admin/import» is the import page and carries its cookie (review, session 23).
    const path = routedPath(req.originalUrl || req.url)
    if (path.startsWith('/api/v1/')) return next()
    if (path.startsWith('/api/') && req.headers.authorization) return next()
    // ADR 118: the browser's own word on where the request comes from, whatever a proxy left of Origin and Referer —
    // «cross-site» (another site), «same-site» (another host of the same site: another school of the city).
    const fetchSite = req.headers['sec-fetch-site']
    if (fetchSite === 'cross-site' || fetchSite === 'same-site') return refuseCrossSite(res)
    const origin = req.headers.origin || req.headers.referer
    if (!origin) return next()
    try {
      if (new URL(origin).host === req.headers.host) return next()
    } catch {
      // not a URL («null» from a sandboxed frame or a redirect): refused below
    }
    refuseCrossSite(res)
  }
}

/** The pathname the app's router sees for a request target; '' (no exemption) when it is not a path at all. */
function routedPath(target) {
  try {
    return new URL(target, 'http://x').pathname
  } catch {
    return ''
  }
}

function refuseCrossSite(res) {
  res.status(403).type('text/plain; charset=utf-8').send('Запрос отклонён: он отправлен не со страницы этого сайта.')
}

module.exports.sameOriginOnly = sameOriginOnly
