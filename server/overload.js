// Overload protection of the production server (issue 14, ADR 047). One Node process answers every page, and
// SQLite reads run on its thread: fifty parents opening the e-diary at a meeting must not leave /deadlines, /login
// and /healthz unanswered. Three rules:
//  1. Heavy pages (the e-diary, the dashboard, extracts and other documents) are admitted through a bounded queue:
//     at most `heavyConcurrency` run at once; one more waits while its turn is expected within `maxWaitMs` (the
//     heavy pages' recent time, times the places before it) and fewer than `queueLimit` wait; beyond that the answer
//     is 503 at once. Light pages never wait in it, so they get the thread between the heavy pages' steps.
//  2. Every read (GET, HEAD) has a time limit: past it, its work is told to stop (the Remix request.signal is
//     aborted) and the answer is 503 with Retry-After and a Russian page. Forms are left to finish: their work
//     commits whatever the answer would say.
//  3. A request whose client has gone (closed tab, a proxy's timeout) is not started if it is still queued, and
//     the signal of a running one is aborted, so loaders and the renderer stop at their next step.

const { performance } = require('node:perf_hooks')

/** Heavy pages: GET paths whose loaders read much or render documents. */
const HEAVY = [
  /^\/parent(\/|$)/, // the e-diary: weeks, periods, forecasts
  /^\/staff\/dashboard/,
  /^\/staff\/activity/,
  /^\/staff\/journal\//,
  /^\/staff\/log\/download/,
  /^\/staff\/checks\/[^/]+\/docx/,
  /^\/staff\/meeting\//,
  /^\/staff\/delivery\/batch\/print/,
  /^\/staff\/classes\//,
  /^\/teacher(\/|$)/,
  /\/documents\//, // Word and PDF downloads
]

const isHeavy = (req) => (req.method === 'GET' || req.method === 'HEAD') && HEAVY.some((re) => re.test(req.path))

function busyPage(seconds, reason) {
  const what =
    reason === 'timeout'
      ? 'Страница не успела подготовиться: сервер сейчас очень загружен.'
      : 'Сейчас сервер обслуживает много запросов одновременно.'
  return (
    '<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Сервер перегружен</title></head>' +
    `<body><h1>Сервер перегружен</h1><p>${what}</p><p>Повторите попытку через ${seconds} с — обновите страницу. ` +
    'Введённые данные не потеряны: если вы отправляли форму, проверьте результат, прежде чем отправлять её снова.</p></body></html>'
  )
}

/**
 * @param {{ heavyConcurrency?: number, queueLimit?: number, maxWaitMs?: number, timeoutMs?: number,
 *   retryAfterSeconds?: number, isHeavy?: (req: import('express').Request) => boolean }} [opts]
 */
function createOverloadGuard(opts = {}) {
  const heavyConcurrency = opts.heavyConcurrency ?? 2
  const queueLimit = opts.queueLimit ?? 200
  const timeoutMs = opts.timeoutMs ?? 30_000
  // A turn expected later than this is refused at once (ADR 080): at a parent meeting fifty e-diaries of 30 ms each
  // are answered within two seconds, and a 503 for a page that would come in two seconds only made the browser (or
  // a load driver) ask again; a third of the time limit leaves the rest of it to the page itself.
  const maxWaitMs = opts.maxWaitMs ?? timeoutMs / 3
  const retryAfter = opts.retryAfterSeconds ?? 10
  const heavy = opts.isHeavy ?? isHeavy
  let running = 0
  /** How long a heavy page has held its slot lately (ms; a moving average, 0 before the first one ended). */
  let serviceMs = 0
  /** @type {Array<{ start: () => void, gone: () => boolean }>} */
  const waiting = []
  const stats = { admitted: 0, refused: 0, timedOut: 0, dropped: 0 }

  // The two pages made once: a full queue answers hundreds of refusals a second.
  const pages = { busy: Buffer.from(busyPage(retryAfter, 'busy')), timeout: Buffer.from(busyPage(retryAfter, 'timeout')) }

  function unavailable(res, reason) {
    if (res.headersSent || res.writableEnded) return
    const page = pages[reason]
    res.writeHead(503, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': page.length,
      'Retry-After': String(retryAfter),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    })
    res.end(page)
  }

  function release() {
    running--
    while (waiting.length && running < heavyConcurrency) {
      const next = waiting.shift()
      if (next.gone()) {
        stats.dropped++
        continue
      }
      running++
      next.start()
    }
  }

  const guard = (req, res, next) => {
    const controller = new AbortController()
    res.locals.abortController = controller
    let finished = false
    // Reads only: a form that takes long (an import, a batch of extracts) is left to finish, since its work commits
    // whatever the answer says; and an answer already on its way (a download) is not cut.
    const limited = req.method === 'GET' || req.method === 'HEAD'
    const timer = setTimeout(() => {
      if (finished || !limited || res.headersSent) return
      stats.timedOut++
      controller.abort(new Error('request time limit'))
      unavailable(res, 'timeout')
    }, timeoutMs)
    timer.unref?.()
    let slot = false
    let startedAt = 0
    res.once('close', () => {
      finished = true
      clearTimeout(timer)
      // The client left before the answer was complete: whatever still runs for it stops at its next step.
      if (!res.writableFinished) controller.abort(new Error('client gone'))
      if (slot) {
        slot = false
        const held = performance.now() - startedAt
        serviceMs = serviceMs === 0 ? held : 0.8 * serviceMs + 0.2 * held
        release()
      }
    })
    if (!heavy(req)) return next()
    const start = () => {
      slot = true
      startedAt = performance.now()
      stats.admitted++
      // On the next turn of the event loop: a request read meanwhile (a light page) goes first.
      setImmediate(next)
    }
    if (running < heavyConcurrency) {
      running++
      return start()
    }
    const expectedWaitMs = ((waiting.length + 1) * serviceMs) / heavyConcurrency
    if (waiting.length >= queueLimit || expectedWaitMs > maxWaitMs) {
      stats.refused++
      return unavailable(res, 'busy')
    }
    waiting.push({ start, gone: () => finished || controller.signal.aborted || res.writableEnded })
  }
  guard.stats = () => ({ ...stats, running, waiting: waiting.length, serviceMs: Math.round(serviceMs) })
  return guard
}

module.exports = { createOverloadGuard, isHeavy, busyPage }
