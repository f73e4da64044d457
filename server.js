// The production server: Express + the Remix request handler + the background worker (one process).
const path = require('node:path')
const express = require('express')
const compression = require('compression')
const { createBoundedRequestHandler, russianErrors, sameOriginOnly } = require('./server/http-hardening')
const { serve } = require('./server-lifecycle')
const { createOverloadGuard } = require('./server/overload')
const { publicFiles } = require('./server/public-files')

const BUILD = path.join(__dirname, 'build', 'index.js')
const build = require(BUILD)
const port = Number(process.env.PORT || 3000)
const app = express()

app.disable('x-powered-by')

// Heavy pages through a bounded queue, a time limit for every request, the work of a gone client stopped
// (server/overload.js, ADR 047). First: a refusal of a full queue costs nothing else (no file looked up, no
// compression set up) — at 50 connections the refusals were a few per cent of the e-diary's own throughput. Static
// files are light and never wait in it.
app.use(
  createOverloadGuard({
    heavyConcurrency: Number(process.env.HEAVY_CONCURRENCY || 2),
    queueLimit: Number(process.env.HEAVY_QUEUE ?? 200),
    timeoutMs: Number(process.env.REQUEST_TIMEOUT_SECONDS || 30) * 1000,
  }),
)
app.use(compression())
app.use('/build', express.static(path.join(__dirname, 'public', 'build'), { immutable: true, maxAge: '1y' }))
// The rest of public/ (the favicons): only a path with an extension is looked for there (server/public-files.js).
app.use(publicFiles(path.join(__dirname, 'public'), { maxAge: '1h' }))

// The client address and scheme for throttling, the audit trail, the Secure cookie and HSTS: from the socket, or
// from X-Forwarded-For/-Proto of a proxy that TRUST_PROXY names (app/utils/proxy.server.ts). Never trust an
// incoming x-client-ip.
build.entry.module.applyProxySettings(app)

// State-changing requests must come from our own pages (same origin); API clients use a bearer token
// (server/http-hardening.js, tested in tests/integration/http-hardening.test.ts).
app.use(sameOriginOnly())

// Bodies bounded per route, baseline headers (server/http-hardening.js, docs/decisions/021).
app.all('*', createBoundedRequestHandler({ build, mode: process.env.NODE_ENV || 'production' }))
app.use(russianErrors)

// Listen, then the worker; a clean stop on SIGTERM/SIGINT (server-lifecycle.js, ADR 025).
serve(app, {
  port,
  graceSeconds: Number(process.env.SHUTDOWN_GRACE_SECONDS || 8),
  startWorker: () => build.entry.module.startBackgroundJobs?.(),
})
