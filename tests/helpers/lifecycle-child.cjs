// A real server process for tests/integration/server-stop.test.ts: server-lifecycle.js's serve() with a small
// express app — /slow answers after SLOW_MS, /fast at once, /stuck never, POST /submit after reading its body, POST
// /read-later reads its body only READ_AFTER_MS after it came,
// /block-then-stop holds the thread BLOCK_MS (clients connecting meanwhile wait in the kernel's accept queue) and then
// starts the stop in the same turn, as a SIGTERM arriving then would — and a worker whose current task takes
// WORKER_STOP_MS to finish. Lines on stdout tell the test what happened.
const express = require('express')
const { serve } = require('../../server-lifecycle')

const app = express()
app.get('/fast', (_req, res) => res.send('ok'))
app.get('/slow', (_req, res) => setTimeout(() => res.send('slow ok'), Number(process.env.SLOW_MS || 1500)))
app.get('/stuck', () => {})
app.post('/submit', (req, res) => {
  let size = 0
  req.on('data', (c) => (size += c.length))
  req.on('end', () => {
    console.log(`submit: saved ${size}`)
    res.send(`saved ${size}`)
  })
})
// An app slower than its client: the body has all been sent, but the app reads it only READ_AFTER_MS after it came.
app.post('/read-later', (req, res) => {
  req.pause()
  setTimeout(
    () => {
      let size = 0
      req.on('data', (c) => (size += c.length))
      req.on('end', () => {
        console.log(`read-later: saved ${size}`)
        res.send(`saved ${size}`)
      })
      req.resume()
    },
    Number(process.env.READ_AFTER_MS || 3000),
  )
})
app.get('/block-then-stop', (_req, res) => {
  const until = Date.now() + Number(process.env.BLOCK_MS || 600)
  while (Date.now() < until) {
    // the thread held: new connections queue in the kernel
  }
  res.send('blocked')
  lifecycle.stop('SIGTERM')
})

const lifecycle = serve(app, {
  port: Number(process.env.PORT),
  graceSeconds: Number(process.env.GRACE || 5),
  log: (line) => console.log(line),
  startWorker: () => ({
    stop: () =>
      new Promise((resolve) =>
        setTimeout(
          () => {
            console.log('worker: current task finished')
            resolve()
          },
          Number(process.env.WORKER_STOP_MS || 300),
        ),
      ),
  }),
})
