// Overload protection (server/overload.js, ADR 047) over real HTTP: a page that keeps the thread busy in steps (as a
// diary loader with its synchronous SQLite reads does) is requested 50 times at once while a light page is asked
// every few milliseconds; a page past the time limit; a full queue; clients that leave.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createOverloadGuard } = require('../../server/overload.js') as {
  createOverloadGuard: (o: Record<string, unknown>) => express.RequestHandler & { stats: () => Record<string, number> }
}

const servers: http.Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((r) => s.close(r))
  }
})

const busy = (ms: number) => {
  const end = performance.now() + ms
  while (performance.now() < end) {
    // the thread is held, as by a synchronous SQLite read or a render
  }
}
const tick = () => new Promise((r) => setImmediate(r))

type Seen = { started: number; aborted: number; finished: number }

/** The app as server.js composes it: the guard first, then handlers that read res.locals.abortController. */
async function start(guardOptions: Record<string, unknown>) {
  const seen: Seen = { started: 0, aborted: 0, finished: 0 }
  const app = express()
  const guard = createOverloadGuard(guardOptions)
  app.use(guard)
  app.get('/parent/diary', async (_req, res) => {
    const signal = (res.locals.abortController as AbortController).signal
    seen.started++
    for (let step = 0; step < 10; step++) {
      if (signal.aborted) return void seen.aborted++
      busy(5)
      await tick()
    }
    seen.finished++
    res.send('дневник')
  })
  app.get('/parent/forever', (_req, res) => {
    const signal = (res.locals.abortController as AbortController).signal
    seen.started++
    signal.addEventListener('abort', () => seen.aborted++)
  })
  app.post('/staff/import', (_req, res) => {
    setTimeout(() => res.send('импорт выполнен'), 600)
  })
  app.get('/deadlines', (_req, res) => {
    busy(1)
    res.send('сроки')
  })
  const server = http.createServer(app)
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, guard }
}

/** 50 diary requests at once; meanwhile /deadlines every 20 ms. Light latencies and how long the diaries took. */
async function peak(base: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 100 })
  const get = (path: string) =>
    new Promise<{ status: number; ms: number }>((resolve, reject) => {
      const t = performance.now()
      http
        .get(`${base}${path}`, { agent }, (res) => {
          res.resume()
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t }))
        })
        .on('error', reject)
    })
  const t0 = performance.now()
  const diaries = Promise.all(Array.from({ length: 50 }, () => get('/parent/diary')))
  let done = false
  const heavy = diaries.then((r) => ((done = true), { results: r, ms: performance.now() - t0 }))
  const light: Array<{ status: number; ms: number }> = []
  while (!done) {
    light.push(await get('/deadlines'))
    await new Promise((r) => setTimeout(r, 20))
  }
  const h = await heavy
  agent.destroy()
  const sorted = light.map((l) => l.ms).sort((a, b) => a - b)
  return { light, p90: sorted[Math.floor(sorted.length * 0.9)], heavy: h }
}

describe('under 50 connections to a heavy page', () => {
  it('light pages keep answering promptly when heavy pages wait their turn, and not without the bound', async () => {
    const bounded = await start({ heavyConcurrency: 2, queueLimit: 100, timeoutMs: 60_000 })
    const b = await peak(bounded.base)
    expect(b.heavy.results.every((r) => r.status === 200)).toBe(true)
    expect(b.light.length).toBeGreaterThan(5)
    expect(b.light.every((l) => l.status === 200)).toBe(true)

    const unbounded = await start({ heavyConcurrency: 1000, queueLimit: 100, timeoutMs: 60_000 })
    const u = await peak(unbounded.base)
    expect(u.heavy.results.every((r) => r.status === 200)).toBe(true)
    // Without the bound every light request waits for a step of each of the 50 diaries (≈ 50 × 5 ms).
    console.log(
      `/deadlines p90 under 50 diaries: bounded ${b.p90.toFixed(0)} ms (${b.light.length} answered), unbounded ${u.p90.toFixed(0)} ` +
        `ms (${u.light.length} answered); the diaries took ${b.heavy.ms.toFixed(0)} / ${u.heavy.ms.toFixed(0)} ms`,
    )
    expect(b.p90 * 3).toBeLessThan(u.p90)
    expect(b.light.length).toBeGreaterThan(u.light.length * 3)
    expect(b.p90).toBeLessThan(b.heavy.ms / 10)
  }, 60_000)
})

describe('limits', () => {
  it('past the time limit: 503 in Russian with Retry-After, and the work is told to stop', async () => {
    const { base, seen } = await start({ heavyConcurrency: 2, timeoutMs: 300, retryAfterSeconds: 7 })
    const t = performance.now()
    const res = await fetch(`${base}/parent/forever`)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('7')
    expect(await res.text()).toMatch(/Сервер перегружен.*Повторите попытку через 7 с/s)
    expect(performance.now() - t).toBeGreaterThanOrEqual(280)
    expect(seen.aborted).toBe(1)
  })

  it('a form past the time limit is left to finish: its work commits whatever the answer says', async () => {
    const { base } = await start({ timeoutMs: 200 })
    const res = await fetch(`${base}/staff/import`, { method: 'POST' })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('импорт выполнен')
  })

  it('a full queue answers 503 at once; light pages are never queued', async () => {
    const { base, guard } = await start({ heavyConcurrency: 1, queueLimit: 1, timeoutMs: 2_000 })
    const first = fetch(`${base}/parent/forever`)
    const second = fetch(`${base}/parent/forever`)
    await new Promise((r) => setTimeout(r, 100))
    const t = performance.now()
    const third = await fetch(`${base}/parent/forever`)
    expect(third.status).toBe(503)
    expect(performance.now() - t).toBeLessThan(500)
    expect((await fetch(`${base}/deadlines`)).status).toBe(200)
    expect(guard.stats()).toMatchObject({ refused: 1, running: 1, waiting: 1 })
    expect((await first).status).toBe(503)
    expect((await second).status).toBe(503)
  })

  it('waits while its turn is expected within maxWaitMs (recent time × places before it); refused at once beyond', async () => {
    // Each diary holds its slot ≈ 50 ms (10 steps of 5 ms): with one slot and 160 ms of patience, about three may wait.
    const { base, guard } = await start({ heavyConcurrency: 1, queueLimit: 100, maxWaitMs: 160, timeoutMs: 30_000 })
    for (let i = 0; i < 3; i++) expect((await fetch(`${base}/parent/diary`)).status).toBe(200) // the time is learnt
    expect(guard.stats().serviceMs).toBeGreaterThanOrEqual(45)
    const statuses = await Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/parent/diary`).then((r) => r.status)))
    const answered = statuses.filter((s) => s === 200).length
    expect(statuses.filter((s) => s === 503).length).toBe(20 - answered)
    expect(answered).toBeGreaterThanOrEqual(2) // the one running and those whose turn comes soon enough
    expect(answered).toBeLessThanOrEqual(10) // ≈ 4; more only if the twenty arrive spread over several diaries' time
    // A patient guard lets all twenty wait: none of them would miss the time limit.
    const patient = await start({ heavyConcurrency: 1, queueLimit: 100, maxWaitMs: 5_000, timeoutMs: 30_000 })
    for (let i = 0; i < 3; i++) await fetch(`${patient.base}/parent/diary`)
    const all = await Promise.all(Array.from({ length: 20 }, () => fetch(`${patient.base}/parent/diary`).then((r) => r.status)))
    expect(all.every((s) => s === 200)).toBe(true)
    expect(patient.guard.stats().refused).toBe(0)
  })

  it('a client that leaves: its running work is aborted, its queued request never starts', async () => {
    const { base, seen, guard } = await start({ heavyConcurrency: 1, queueLimit: 10, timeoutMs: 30_000 })
    const running = new AbortController()
    const queued = new AbortController()
    const a = fetch(`${base}/parent/forever`, { signal: running.signal }).catch(() => 'left')
    await new Promise((r) => setTimeout(r, 100))
    const b = fetch(`${base}/parent/diary`, { signal: queued.signal }).catch(() => 'left')
    await new Promise((r) => setTimeout(r, 100))
    expect(seen.started).toBe(1)
    queued.abort()
    await b
    await new Promise((r) => setTimeout(r, 100))
    running.abort()
    await a
    await new Promise((r) => setTimeout(r, 200))
    expect(seen.aborted).toBe(1) // the running one was told
    expect(seen.started).toBe(1) // the queued one was dropped, not started
    expect(guard.stats()).toMatchObject({ dropped: 1, running: 0, waiting: 0 })
    // The slot is free again.
    expect(await (await fetch(`${base}/parent/diary`)).text()).toBe('дневник')
  })

  it('a heavy loader stops at its next turn once its request is aborted', async () => {
    const { nextTurn } = await import('#app/utils/abort.server')
    const client = new AbortController()
    const request = new Request('http://localhost/parent/children/x', { signal: client.signal })
    await expect(nextTurn(request)).resolves.toBeUndefined()
    client.abort()
    await expect(nextTurn(request)).rejects.toMatchObject({ status: 503 })
  })
})
