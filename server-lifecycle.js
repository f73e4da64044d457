// The server's start and clean stop (ADR 025), kept apart from server.js's middleware.
//
// Start: listen first, then start the background worker, then tell `npm start` (scripts/start.ts, over the IPC
// channel when there is one) that the address is open — only then does it print «Откройте …». A port taken in
// between gives one Russian sentence and exit code 1, not a stack.
//
// Stop: SIGTERM or SIGINT — to this process alone or to the whole `npm start` process group, which is what systemd,
// Docker and Ctrl-C send, so the same signal may arrive several times (from the terminal and forwarded by
// start.ts): the first one starts the stop, the others change nothing. Every request already received is answered
// (its response says `Connection: close`), keep-alive connections are closed as they fall idle, the worker finishes
// the task it is in, and the process exits 0. Whatever is still running after SHUTDOWN_GRACE_SECONDS is cut and the
// exit code is 1.
//
// The port stays open while the stop drains (ADR 096). Closing the listening socket at the signal — as Node's
// `server.close()` does — made the kernel reset every connection still waiting in its accept queue: a parent whose
// form was sent at that moment got «соединение сброшено», not knowing whether it was saved. Instead:
//  - a connection accepted before the signal, or within IDLE_GRACE_MS after it (the accept queue of the moment), is
//    served as usual: its request, when it comes, is answered with `Connection: close`; one that sends nothing in
//    that time is closed then;
//  - a connection accepted later is answered 503 with Retry-After and a Russian page («сервер перезапускается,
//    ничего не сохранено»), before the app sees the request, so a stream of new clients cannot hold the stop;
//    /healthz answers 503 from the signal on, so that a load balancer stops sending;
//  - the port is closed once nothing is in flight, the worker has stopped and no connection has come for QUIET_MS.
//
// A request half sent when the stop begins — its headers or its body still arriving — is served while it moves (ADR
// 105): one from which nothing has arrived for BODY_DEADLINE_MS (counted from the signal at the earliest) is stalled;
// one still arriving when the grace period is about to end (LINGER_MS and a margin before it) will not make it. Either
// is answered 503 with the same page and its connection closed after a lingering read, so the client reads the answer
// rather than a reset: the app never sees the rest of its body (a form whose body did not arrive was not saved), and
// the stop ends in its time with exit code 0 rather than being held until the grace period is cut (exit 1). A slow
// upload that finishes within the grace period is served as before the stop. A body the app itself is slow to read
// (bytes waiting in the request's buffer) is not the client's delay: it counts as moving.
const http = require('node:http')
const net = require('node:net')
const { performance } = require('node:perf_hooks')
const { lingerOnClose } = require('./server/lingering-close')

const IDLE_GRACE_MS = 1000
const BODY_DEADLINE_MS = 2000
/** After its 503, a cut connection is read (dropped) this long, so the answer is not lost to a reset, then closed. */
const LINGER_MS = 1000
/** Requests still arriving are cut this long (and LINGER_MS) before the grace period ends: the stop still exits 0. */
const CUT_MARGIN_MS = 1500
const QUIET_MS = 200
const RETRY_AFTER_SECONDS = 5

const STOPPING_PAGE = Buffer.from(
  '<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Сервер перезапускается</title></head>' +
    '<body><h1>Сервер перезапускается</h1><p>Через несколько секунд он снова будет доступен — обновите страницу.</p>' +
    '<p>Если вы отправляли форму, она не сохранена: вернитесь к ней кнопкой «Назад» браузера и отправьте ещё раз.</p></body></html>',
)

/** Answers a request that came after the stop began: 503, nothing done. Its body is read (dropped) first — a reply
 * while the client still sends would be lost to a reset — but not for longer than a second. */
function answerStopping(req, res) {
  let sent = false
  const send = () => {
    if (sent || res.headersSent) return
    sent = true
    lingerOnClose(req.socket, LINGER_MS)
    const json = req.url === '/healthz' || req.url?.startsWith('/healthz?')
    const body = json ? Buffer.from(JSON.stringify({ ok: false, stopping: true })) : STOPPING_PAGE
    res.writeHead(503, {
      'Content-Type': json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
      'Content-Length': body.length,
      'Retry-After': String(RETRY_AFTER_SECONDS),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      Connection: 'close',
    })
    res.end(body)
  }
  req.on('end', send)
  req.on('error', send)
  setTimeout(send, 1000).unref()
  req.resume()
}

/** The 503 of a stopping server written straight to a connection whose request has not been parsed yet. */
function rawStopping() {
  return Buffer.concat([
    Buffer.from(
      'HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html; charset=utf-8\r\n' +
        `Content-Length: ${STOPPING_PAGE.length}\r\nRetry-After: ${RETRY_AFTER_SECONDS}\r\nCache-Control: no-store\r\n` +
        'X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n',
    ),
    STOPPING_PAGE,
  ])
}

/** A request whose body has not arrived: the app is told it failed and sees no more of it; the client gets 503, and
 * its connection is read (dropped) LINGER_MS after the answer before it is closed. */
function cutRequest(req, res) {
  // The app's body reader (server/http-hardening.js) fails its stream on 'error': the action never gets a whole form.
  req.on('error', () => {})
  req.emit('error', Object.assign(new Error('Сервер останавливается: тело запроса не пришло вовремя.'), { code: 'ESTOPPING' }))
  req.removeAllListeners('data')
  req.removeAllListeners('end')
  req.resume()
  if (!res.headersSent) {
    // Not Node's own close of a `Connection: close` answer, which destroys the socket once the answer is written: the
    // client, still sending its body, would get a reset before it reads the 503.
    lingerOnClose(req.socket, LINGER_MS)
    res.writeHead(503, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': STOPPING_PAGE.length,
      'Retry-After': String(RETRY_AFTER_SECONDS),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      Connection: 'close',
    })
    res.end(STOPPING_PAGE)
  } else setTimeout(() => req.socket.destroy(), LINGER_MS).unref() // the app's own answer has begun: it is cut short
}

function listenErrorMessage(error, port) {
  if (error && error.code === 'EADDRINUSE') {
    return (
      `Порт ${port} занят: на нём уже работает другая программа (возможно, этот же сервер, ` +
      'запущенный раньше). Остановите её или задайте другой порт в переменной PORT.'
    )
  }
  if (error && error.code === 'EACCES')
    return `Нет прав открыть порт ${port}: порты ниже 1024 требуют прав администратора. Задайте PORT от 1024 (например, 3000).`
  return `Не удалось открыть порт ${port}: ${error && error.message}`
}

/**
 * @typedef {{ stop: () => (Promise<void> | void) }} Worker
 * @typedef {() => (Worker | undefined)} StartWorker
 * @typedef {(line: string) => void} Log
 * @typedef {{ port: number, graceSeconds: number, idleGraceMs?: number, bodyDeadlineMs?: number, startWorker?: StartWorker,
 *   log?: Log }} ServeOptions
 * @param {import('express').Express} app
 * @param {ServeOptions} opts
 */
function serve(app, opts) {
  const log = opts.log ?? ((line) => console.log(line))
  const idleGraceMs = Math.min(opts.idleGraceMs ?? IDLE_GRACE_MS, (opts.graceSeconds * 1000) / 2)
  // A half-sent request's time: after the short grace of new connections, well before the grace period ends.
  const bodyDeadlineMs = Math.max(idleGraceMs, Math.min(opts.bodyDeadlineMs ?? BODY_DEADLINE_MS, (opts.graceSeconds * 1000) / 4))
  // A request still arriving is cut when its 503 and the linger after it still end before the grace period.
  const lastCutMs = Math.max(bodyDeadlineMs, opts.graceSeconds * 1000 - LINGER_MS - CUT_MARGIN_MS)
  // The app is attached after the stop's own 'request' listener, which must set `Connection: close` before it answers.
  const server = http.createServer()
  let worker
  let stopping = false
  let stoppedAt = 0
  let inFlight = 0
  /** When the last connection was accepted: the port closes after QUIET_MS without one. */
  let lastConnectionAt = 0
  /** Responses not yet complete: at the stop, those whose headers are not out yet are told the connection closes. */
  const open = new Set()
  /** Each connection: its requests in flight, whether it has had one (a kept-alive connection), and whether it came
   * too late in the stop to be served (answered 503). */
  const sockets = new Map()
  let idleGraceOver = false
  let afterStop = () => {}

  server.on('connection', (socket) => {
    lastConnectionAt = performance.now()
    const late = stopping && lastConnectionAt - stoppedAt >= idleGraceMs
    // movedAt: when bytes were last seen arriving on it, from the stop on (ADR 105); bytesSeen: its bytesRead then.
    const state = { inFlight: 0, served: false, late, before: !stopping, cut: false, movedAt: lastConnectionAt, bytesSeen: 0 }
    sockets.set(socket, state)
    // One that comes during the stop has the same moment to send its request as those before it, counted from its own
    // connect: one that sends nothing is closed then, not waited for.
    if (stopping) setTimeout(() => !state.served && socket.bytesRead === 0 && socket.destroy(), idleGraceMs).unref()
    socket.once('close', () => {
      sockets.delete(socket)
      afterStop()
    })
  })

  server.on('request', (req, res) => {
    inFlight++
    open.add(res)
    const state = sockets.get(req.socket)
    if (state) {
      state.inFlight++
      state.served = true
    }
    if (stopping) res.setHeader('Connection', 'close')
    res.once('close', () => {
      inFlight--
      open.delete(res)
      if (state) state.inFlight--
      // The connection this response used is idle now: close it rather than wait for the keep-alive timeout.
      if (stopping && state && state.inFlight === 0) req.socket.end()
      afterStop()
    })
  })
  server.on('request', (req, res) => {
    const state = sockets.get(req.socket)
    // Its headers came after it was answered 503 (below): nothing more for it.
    if (state?.cut) return req.socket.destroy()
    if (stopping && (state?.late || req.url === '/healthz' || req.url?.startsWith('/healthz?'))) return answerStopping(req, res)
    app(req, res)
  })

  server.once('error', (error) => {
    console.error(`\nЗапуск невозможен. ${listenErrorMessage(error, opts.port)}\n`)
    process.exit(1)
  })

  server.listen(opts.port, () => {
    log(`Сервер запущен: http://localhost:${opts.port}`)
    worker = opts.startWorker?.()
    if (process.send) process.send({ type: 'listening', port: opts.port })
  })

  function stop(signal) {
    if (stopping) return
    stopping = true
    stoppedAt = performance.now()
    log(`Получен сигнал ${signal}: новые запросы не принимаются, начатые (${inFlight}) завершаются — не дольше ${opts.graceSeconds} с.`)
    let workerDone = false
    let quietTimer
    let closing = false
    const force = setTimeout(() => {
      // Only the port left open (new clients kept coming, each answered 503): nothing was cut.
      if (!closing && inFlight === 0 && workerDone) {
        server.close()
        server.closeAllConnections()
        log('Сервер остановлен.')
        process.exit(0)
      }
      console.error(`За ${opts.graceSeconds} с не завершились запросы (${inFlight}) или задача фонового обработчика: они прерваны.`)
      server.closeAllConnections()
      process.exit(1)
    }, opts.graceSeconds * 1000)
    force.unref()
    for (const res of open) if (!res.headersSent) res.setHeader('Connection', 'close')
    // Kept-alive connections with nothing in flight go now; the ones that never had a request get a moment.
    for (const [socket, state] of sockets) if (state.served && state.inFlight === 0) socket.destroy()
    const idleGrace = setTimeout(() => {
      idleGraceOver = true
      // Not server.closeIdleConnections(): Node counts a connection just accepted, its request not parsed yet, as
      // idle, and destroying it answers the request it has sent with a reset. Kept-alive connections are ended as
      // their last response goes (above). A connection from before the signal that has sent nothing by now is closed:
      // without this it would hold the stop until the grace period is cut (a browser's speculative preconnect does
      // exactly that). One that has sent part of its request is left to finish it, until the body deadline (ADR 105).
      for (const [socket, state] of sockets) {
        if (state.before && !state.served && state.inFlight === 0 && socket.bytesRead === 0) socket.destroy()
      }
      afterStop()
    }, idleGraceMs)
    idleGrace.unref()
    // Half-sent requests (ADR 105): headers not complete, or a body not arrived. A connection moves while bytes arrive
    // on it — or while bytes it sent wait in its request's buffer for the app to read them (the app's delay, not the
    // client's); one that has not moved for the body deadline (counted from the signal, or from its own connect when
    // it came later) is stalled. Whatever is still arriving at the last cut will not finish in the grace period.
    for (const [socket, state] of sockets) {
      state.movedAt = stoppedAt
      state.bytesSeen = socket.bytesRead
    }
    const overdue = (socket, state, waiting) => {
      const now = performance.now()
      if (socket.bytesRead !== state.bytesSeen || waiting) {
        state.bytesSeen = socket.bytesRead
        state.movedAt = now
      }
      return now - state.movedAt >= bodyDeadlineMs || now - stoppedAt >= lastCutMs
    }
    const cutHalfSent = () => {
      for (const res of open) {
        const req = res.req
        const state = sockets.get(req.socket)
        if (!state || state.cut || req.complete || !overdue(req.socket, state, req.readableLength > 0)) continue
        state.cut = true
        // One calm line (the action's own error, ESTOPPING, is not logged: entry.server.tsx).
        const stalled = performance.now() - state.movedAt >= bodyDeadlineMs
        log(
          `Остановка: тело запроса ${req.method} ${String(req.url).split('?')[0]} ${stalled ? 'не приходит' : 'не успевает прийти'} — ` +
            'ответ 503, запрос не обработан.',
        )
        cutRequest(req, res)
      }
      for (const [socket, state] of sockets) {
        if (state.cut || state.inFlight > 0 || socket.bytesRead === 0 || !socket.writable || !overdue(socket, state, false)) continue
        state.cut = true
        socket.end(rawStopping())
        socket.resume()
        setTimeout(() => socket.destroy(), LINGER_MS).unref()
      }
    }
    const bodyDeadline = setInterval(cutHalfSent, Math.min(250, bodyDeadlineMs))
    bodyDeadline.unref()

    // The port is closed — without http's close(), which would also drop connections whose request has not arrived
    // yet — once the requests are answered, the worker has stopped and no client has connected for QUIET_MS.
    const closed = new Promise((resolve) => {
      afterStop = () => {
        if (closing || !workerDone || !idleGraceOver || inFlight > 0 || quietTimer) return
        const wait = QUIET_MS - (performance.now() - lastConnectionAt)
        quietTimer = setTimeout(
          () => {
            quietTimer = undefined
            if (closing || inFlight > 0) return
            if (performance.now() - lastConnectionAt < QUIET_MS) return afterStop()
            closing = true
            net.Server.prototype.close.call(server, () => resolve())
          },
          Math.max(0, wait),
        )
      }
    })
    Promise.resolve(worker?.stop())
      .then(() => {
        workerDone = true
        afterStop()
        return closed
      })
      .then(
        () => {
          log('Сервер остановлен.')
          process.exit(0)
        },
        (error) => {
          console.error('Ошибка при остановке:', error)
          process.exit(1)
        },
      )
  }

  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  return { server, stop }
}

module.exports = { serve, listenErrorMessage }
