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
const http = require('node:http')

function listenErrorMessage(error, port) {
  if (error && error.code === 'EADDRINUSE') {
    return `Порт ${port} занят: на нём уже работает другая программа (возможно, этот же сервер, запущенный раньше). Остановите её или задайте другой порт в переменной PORT.`
  }
  if (error && error.code === 'EACCES') return `Нет прав открыть порт ${port}: порты ниже 1024 требуют прав администратора. Задайте PORT от 1024 (например, 3000).`
  return `Не удалось открыть порт ${port}: ${error && error.message}`
}

/**
 * @param {import('express').Express} app
 * @param {{ port: number, graceSeconds: number, startWorker?: () => ({ stop: () => (Promise<void> | void) } | undefined), log?: (line: string) => void }} opts
 */
function serve(app, opts) {
  const log = opts.log ?? ((line) => console.log(line))
  const server = http.createServer(app)
  let worker
  let stopping = false
  let inFlight = 0
  /** Responses not yet complete: at the stop, those whose headers are not out yet are told the connection closes. */
  const open = new Set()

  server.on('request', (req, res) => {
    inFlight++
    open.add(res)
    if (stopping) res.setHeader('Connection', 'close')
    res.once('close', () => {
      inFlight--
      open.delete(res)
      // The connection this response used is idle now: close it rather than wait for the keep-alive timeout.
      if (stopping) server.closeIdleConnections()
    })
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
    log(`Получен сигнал ${signal}: новые запросы не принимаются, начатые (${inFlight}) завершаются — не дольше ${opts.graceSeconds} с.`)
    const force = setTimeout(() => {
      console.error(`За ${opts.graceSeconds} с не завершились запросы (${inFlight}) или задача фонового обработчика: они прерваны.`)
      server.closeAllConnections()
      process.exit(1)
    }, opts.graceSeconds * 1000)
    force.unref()
    for (const res of open) if (!res.headersSent) res.setHeader('Connection', 'close')
    const closed = new Promise((resolve) => server.close(() => resolve()))
    server.closeIdleConnections()
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
