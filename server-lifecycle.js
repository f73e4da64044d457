// The server's start and clean stop (ADR 025), kept apart from server.js's middleware.
//
// Start: listen first, then start the background worker, then tell `npm start` (scripts/start.ts, over the IPC
// channel when there is one) that the address is open — only then does it print «Откройте …». A port taken in
// between gives one Russian sentence and exit code 1, not a stack.
//
// Stop: SIGTERM or SIGINT — to this process alone or to the whole `npm start` process group, which is what systemd,
// Docker and Ctrl-C send, so the same signal may arrive several times (from the terminal and forwarded by
// start.ts): the first one starts the stop, the others change nothing. The server stops accepting connections,
// answers every request already received (their responses say `Connection: close`), closes keep-alive connections
// as they fall idle, lets the worker finish the task it is in, and exits 0. Whatever is still running after
// SHUTDOWN_GRACE_SECONDS is cut and the exit code is 1.
//
// A connection already accepted whose request has not arrived yet (a client between connect and write, a browser's
// preconnect) is not dropped at once — Node's `server.close()` would do that — but gets IDLE_GRACE_MS to send it;
// that request is answered like the others, with `Connection: close`; one that sends nothing is closed then.
const http = require('node:http')
const net = require('node:net')

const IDLE_GRACE_MS = 1000

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
 * @typedef {{ port: number, graceSeconds: number, idleGraceMs?: number, startWorker?: StartWorker, log?: Log }} ServeOptions
 * @param {import('express').Express} app
 * @param {ServeOptions} opts
 */
function serve(app, opts) {
  const log = opts.log ?? ((line) => console.log(line))
  // The app is attached after the stop's own 'request' listener, which must set `Connection: close` before it answers.
  const server = http.createServer()
  let worker
  let stopping = false
  let inFlight = 0
  /** Responses not yet complete: at the stop, those whose headers are not out yet are told the connection closes. */
  const open = new Set()
  /** Each connection: its requests in flight, and whether it has had one (a kept-alive connection) or not yet. */
  const sockets = new Map()
  let idleGraceOver = false

  server.on('connection', (socket) => {
    sockets.set(socket, { inFlight: 0, served: false })
    socket.once('close', () => sockets.delete(socket))
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
      if (stopping && idleGraceOver) server.closeIdleConnections()
    })
  })
  server.on('request', app)

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
    log(`Получен сигнал ${signal}: новые запросы не принимаются, начатые (${inFlight}) завершаются — не дольше ${opts.graceSeconds} с.`)
    const force = setTimeout(() => {
      console.error(`За ${opts.graceSeconds} с не завершились запросы (${inFlight}) или задача фонового обработчика: они прерваны.`)
      server.closeAllConnections()
      process.exit(1)
    }, opts.graceSeconds * 1000)
    force.unref()
    for (const res of open) if (!res.headersSent) res.setHeader('Connection', 'close')
    // Stop listening without http's close(), which would also drop connections whose request has not arrived yet.
    const closed = new Promise((resolve) => net.Server.prototype.close.call(server, () => resolve()))
    // Kept-alive connections with nothing in flight go now; the ones that never had a request get a moment.
    for (const [socket, state] of sockets) if (state.served && state.inFlight === 0) socket.destroy()
    const idleGrace = setTimeout(
      () => {
        idleGraceOver = true
        server.closeIdleConnections()
        // Node counts a connection that never sent a byte as neither idle nor busy: without this it would hold the
        // stop until the grace period is cut (a browser's speculative preconnect does exactly that). One that has
        // sent part of its request is left to finish it.
        for (const [socket, state] of sockets) if (!state.served && state.inFlight === 0 && socket.bytesRead === 0) socket.destroy()
      },
      Math.min(opts.idleGraceMs ?? IDLE_GRACE_MS, (opts.graceSeconds * 1000) / 2),
    )
    idleGrace.unref()
    const workerDone = Promise.resolve(worker?.stop())
    Promise.all([closed, workerDone]).then(
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
