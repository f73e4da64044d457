// The clean stop of server-lifecycle.js (issue 18.5, ADR 025) in a real child process: at SIGTERM an idle
// keep-alive connection is closed at once, a connection whose request has not arrived yet gets a second to send it,
// a request in flight is answered (with Connection: close), the worker
// finishes its task and the process exits 0; a request that never ends is cut at the grace period, exit code 1.
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'

const CHILD = path.resolve(__dirname, '..', 'helpers', 'lifecycle-child.cjs')
const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
})

async function startChild(port: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CHILD], { env: { ...process.env, PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let out = ''
  child.stdout!.on('data', (c) => (out += c))
  child.stderr!.on('data', (c) => (out += c))
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.on('exit', (code) => resolve({ code, at: performance.now() })),
  )
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('Сервер запущен')) resolve(clearInterval(timer))
      if (child.exitCode !== null) reject(new Error(out))
    }, 20)
  })
  return { child, exited, output: () => out }
}

/** A raw keep-alive connection: send requests on it, read answers, see when the server closes it (or resets it). */
function connection(port: number, { allowHalfOpen = false } = {}) {
  // allowHalfOpen: it goes on sending after the server's FIN, as a browser still uploading does (Node's own client
  // would close its side at once).
  const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen })
  let data = ''
  let dataAt: number | null = null
  let closedAt: number | null = null
  let error: string | null = null
  socket.on('data', (c) => {
    dataAt ??= performance.now()
    data += c.toString('utf8')
  })
  socket.on('close', () => (closedAt = performance.now()))
  socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message))
  return {
    ready: new Promise<void>((r) => socket.once('connect', () => r())),
    get: (p: string) => socket.write(`GET ${p} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n`),
    write: (text: string) => !socket.destroyed && socket.write(text),
    end: () => socket.end(),
    data: () => data,
    /** When the first byte of an answer came. */
    dataAt: () => dataAt,
    closedAt: () => closedAt,
    /** ECONNRESET, EPIPE: the connection was reset under the client. */
    error: () => error,
  }
}

/** The stop's 503 page, whole: its body as long as its Content-Length says. */
function wholeStoppingAnswer(data: string): boolean {
  const [head, body = ''] = data.split('\r\n\r\n')
  const length = Number(head.match(/Content-Length: (\d+)/i)?.[1])
  return /^HTTP\/1\.1 503 /.test(head) && Buffer.byteLength(body) === length && body.endsWith('</html>')
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = performance.now() + ms
  while (!check()) {
    if (performance.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

it('SIGTERM: idle keep-alive closed at once, the request in flight answered, the worker finished, exit 0', async () => {
  const port = 3304
  const { child, exited, output } = await startChild(port, { SLOW_MS: '1500', WORKER_STOP_MS: '400' })
  const idle = connection(port)
  await idle.ready
  idle.get('/fast')
  await until(() => idle.data().includes('ok'))
  const busy = connection(port)
  await busy.ready
  busy.get('/slow')
  await new Promise((r) => setTimeout(r, 200))
  const signalled = performance.now()
  child.kill('SIGTERM')
  // The idle connection goes at once, not after the keep-alive timeout (5 s) or the slow request.
  await until(() => idle.closedAt() !== null, 1000)
  expect(idle.closedAt()! - signalled).toBeLessThan(500)
  // The request in flight is answered, and told the connection closes.
  await until(() => busy.data().includes('slow ok'), 5000)
  expect(busy.data()).toMatch(/^HTTP\/1\.1 200/)
  expect(busy.data()).toMatch(/Connection: close/i)
  await until(() => busy.closedAt() !== null, 1000)
  const { code, at } = await exited
  expect(code).toBe(0)
  expect(at - signalled).toBeGreaterThanOrEqual(1000) // it waited for the slow request
  expect(output()).toContain('worker: current task finished')
  expect(output()).toContain('Сервер остановлен.')
  // A new connection is refused once stopped.
  await expect(fetch(`http://127.0.0.1:${port}/fast`)).rejects.toThrow()
}, 30_000)

it('SIGTERM: a connection whose request has not arrived yet gets a moment to send it, and it is answered', async () => {
  const port = 3306
  const { child, exited, output } = await startChild(port, { WORKER_STOP_MS: '50' })
  const partial = connection(port) // has sent the start of its request line: Node's own «active»
  const late = connection(port) // connected, nothing sent yet (a client between connect and write)
  const silent = connection(port) // connected and never sends anything
  await Promise.all([late.ready, silent.ready, partial.ready])
  partial.write('GET /fa')
  await new Promise((r) => setTimeout(r, 100))
  const signalled = performance.now()
  child.kill('SIGTERM')
  await new Promise((r) => setTimeout(r, 300))
  expect(late.closedAt()).toBeNull()
  late.get('/fast')
  await until(() => late.data().includes('ok'), 2000)
  expect(late.data()).toMatch(/^HTTP\/1\.1 200/)
  expect(late.data()).toMatch(/Connection: close/i)
  await until(() => late.closedAt() !== null, 1000)
  // The one that never sends is closed after the short grace, not kept until the whole grace period.
  await until(() => silent.closedAt() !== null, 3000)
  expect(silent.closedAt()! - signalled).toBeGreaterThanOrEqual(900)
  // The one whose request was half-sent is still waited for: it finishes and is answered.
  expect(partial.closedAt()).toBeNull()
  partial.write('st HTTP/1.1\r\nHost: localhost\r\n\r\n')
  await until(() => partial.data().includes('ok'), 2000)
  expect(partial.data()).toMatch(/^HTTP\/1\.1 200[\s\S]*Connection: close/i)
  const { code, at } = await exited
  expect(code).toBe(0)
  expect(at - signalled).toBeLessThan(4000)
  expect(output()).toContain('Сервер остановлен.')
  expect(output()).not.toContain('не завершились')
}, 30_000)

it('a request that never ends is cut at the grace period: exit 1 with a Russian line', async () => {
  const port = 3305
  const { child, exited, output } = await startChild(port, { GRACE: '1' })
  const stuck = connection(port)
  await stuck.ready
  stuck.get('/stuck')
  await new Promise((r) => setTimeout(r, 200))
  const signalled = performance.now()
  child.kill('SIGTERM')
  const { code, at } = await exited
  expect(code).toBe(1)
  expect(at - signalled).toBeGreaterThanOrEqual(900)
  expect(at - signalled).toBeLessThan(3000)
  expect(output()).toMatch(/За 1 с не завершились запросы \(1\)/)
}, 30_000)

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })

/** A form sent on a new connection: what came back — the status line, or how the connection ended without one. */
function submit(port: number): Promise<{ outcome: string; answer: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    let data = ''
    let done = false
    const end = (outcome: string) => {
      if (done) return
      done = true
      resolve({ outcome, answer: data })
    }
    socket.on('connect', () =>
      socket.write('POST /submit HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\n0123456789'),
    )
    socket.on('data', (c) => (data += c.toString('utf8')))
    socket.on('error', (e: NodeJS.ErrnoException) => end(e.code ?? 'error'))
    socket.on('close', () => end(data.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 'closed without an answer'))
  })
}

it('the stop starting while forms wait in the accept queue: each is answered, none is reset (ADR 096)', async () => {
  const port = await freePort()
  const { exited, output } = await startChild(port, { WORKER_STOP_MS: '50', BLOCK_MS: '800' })
  const blocker = connection(port)
  await blocker.ready
  blocker.get('/block-then-stop')
  await new Promise((r) => setTimeout(r, 150))
  // The server's thread is held: these connect (the kernel completes the handshake) and send, unaccepted.
  const forms = Array.from({ length: 20 }, () => submit(port))
  const results = await Promise.all(forms)
  expect(blocker.data()).toContain('blocked')
  expect(results.map((r) => r.outcome)).toEqual(Array(20).fill('200'))
  for (const r of results) expect(r.answer).toMatch(/Connection: close[\s\S]*saved 10$/i)
  expect((await exited).code).toBe(0)
  expect(output()).toContain('Сервер остановлен.')
}, 30_000)

it('SIGTERM under a stream of forms: no reset, no refusal while it drains; late ones get 503 with Retry-After', async () => {
  const port = await freePort()
  const { child, exited, output } = await startChild(port, { WORKER_STOP_MS: '300' })
  const outcomes: Record<string, number> = {}
  const answers: string[] = []
  let sending = true
  let signalled = 0
  const client = async () => {
    while (sending) {
      // Sent a moment after the signal: the child has begun its stop by then.
      const afterSignal = signalled > 0 && performance.now() - signalled > 100
      const { outcome, answer } = await submit(port)
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
      if (afterSignal) answers.push(answer)
      // A parent's pace, not a flood: thousands of connections a second exhaust the loopback's own ports.
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  const clients = Array.from({ length: 8 }, client)
  await new Promise((r) => setTimeout(r, 300))
  signalled = performance.now()
  child.kill('SIGTERM')
  await new Promise((r) => setTimeout(r, 2000))
  sending = false
  await Promise.all(clients)
  // Answered, every one of them: the first second's as usual, later ones 503 — never a reset or a refused connection.
  expect(Object.keys(outcomes).sort()).toEqual(['200', '503'])
  expect(outcomes['200']).toBeGreaterThan(20)
  expect(outcomes['503']).toBeGreaterThan(10)
  for (const a of answers) expect(a).toMatch(/Connection: close/i)
  const late = answers.find((a) => a.startsWith('HTTP/1.1 503'))!
  expect(late).toMatch(/Retry-After: 5/i)
  expect(late).toContain('Сервер перезапускается')
  expect(late).toContain('она не сохранена')
  const { code, at } = await exited
  expect(code).toBe(0)
  expect(at - signalled).toBeLessThan(4000)
  expect(output()).toContain('Сервер остановлен.')
  await expect(fetch(`http://127.0.0.1:${port}/fast`)).rejects.toThrow()
}, 30_000)

it('half-sent at the stop (headers unfinished, a body stalled, one trickling too slowly): 503 in time, exit 0 (ADR 105)', async () => {
  const port = await freePort()
  const { child, exited, output } = await startChild(port, { WORKER_STOP_MS: '50', GRACE: '8' })
  const headersHalf = connection(port)
  const bodyStalled = connection(port)
  const bodyTrickling = connection(port)
  const whole = connection(port)
  await Promise.all([headersHalf.ready, bodyStalled.ready, bodyTrickling.ready, whole.ready])
  const form = 'POST /submit HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n'
  headersHalf.write('POST /submit HTTP/1.1\r\nHost: loc')
  bodyStalled.write(`${form}0123456789`)
  bodyTrickling.write(form)
  let sent = 0
  const trickle = setInterval(() => sent < 99 && (bodyTrickling.write('x'), sent++), 200)
  await new Promise((r) => setTimeout(r, 200))
  const signalled = performance.now()
  child.kill('SIGTERM')
  // A whole form sent now, on a connection from before the signal, is served as usual.
  whole.write(`${form}${'y'.repeat(100)}`)
  try {
    const { code, at } = await exited
    // Bounded: the stalled ones at the deadline (2 s); the trickle, still moving, at the last cut (the grace period of
    // 8 s less the linger and the margin), so that the stop still ends before the grace period with exit 0.
    expect(code).toBe(0)
    expect(at - signalled).toBeLessThan(8000)
  } finally {
    clearInterval(trickle)
  }
  for (const c of [headersHalf, bodyStalled]) {
    expect(c.dataAt()! - signalled).toBeGreaterThanOrEqual(1500)
    expect(c.dataAt()! - signalled).toBeLessThan(4500)
  }
  // Still arriving at 2 s, it was not taken for stalled: cut only when it could no longer finish in time.
  expect(bodyTrickling.dataAt()! - signalled).toBeGreaterThanOrEqual(4000)
  expect(whole.data()).toMatch(/^HTTP\/1\.1 200[\s\S]*saved 100$/)
  for (const c of [headersHalf, bodyStalled, bodyTrickling]) {
    expect(c.data()).toMatch(/^HTTP\/1\.1 503 Service Unavailable/)
    expect(c.data()).toMatch(/Connection: close/i)
    expect(c.data()).toMatch(/Retry-After: 5/i)
    expect(c.data()).toContain('она не сохранена')
    expect(c.closedAt()).not.toBeNull()
  }
  // The app never saw a whole body of the cut ones: only the whole form was saved.
  expect(output().match(/submit: saved/g)).toEqual(['submit: saved'])
  expect(output()).toContain('Сервер остановлен.')
  expect(output()).not.toContain('не завершились')
}, 30_000)

it('a slow upload still arriving at the stop is served if it ends in the grace period; a stalled one is cut at 2 s (ADR 105)', async () => {
  const port = await freePort()
  const { child, exited, output } = await startChild(port, { WORKER_STOP_MS: '50', GRACE: '10' })
  const trickling = connection(port)
  const stalled = connection(port)
  await Promise.all([trickling.ready, stalled.ready])
  const form = (length: number) =>
    `POST /submit HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: ${length}\r\n\r\n`
  stalled.write(`${form(100)}0123456789`)
  // 30 bytes, one every 100 ms: the last arrives about 3 s after the signal — past the 2 s deadline, well within 10 s.
  trickling.write(form(30))
  let sent = 0
  let lastSentAt = 0
  const trickle = setInterval(() => {
    if (sent >= 30) return
    trickling.write('x')
    sent++
    lastSentAt = performance.now()
  }, 100)
  await new Promise((r) => setTimeout(r, 200))
  const signalled = performance.now()
  child.kill('SIGTERM')
  try {
    const { code } = await exited
    expect(code).toBe(0)
  } finally {
    clearInterval(trickle)
  }
  expect(lastSentAt - signalled).toBeGreaterThan(2300)
  expect(trickling.data()).toMatch(/^HTTP\/1\.1 200[\s\S]*Connection: close[\s\S]*saved 30$/i)
  expect(stalled.data()).toMatch(/^HTTP\/1\.1 503 Service Unavailable/)
  expect(stalled.dataAt()! - signalled).toBeGreaterThanOrEqual(1500)
  expect(stalled.dataAt()! - signalled).toBeLessThan(4500)
  expect(output().match(/submit: saved \d+/g)).toEqual(['submit: saved 30'])
  // One calm line for the cut request; no stack.
  expect(output()).toContain('Остановка: тело запроса POST /submit не приходит — ответ 503, запрос не обработан.')
  expect(output()).not.toMatch(/\n\s+at /)
  expect(output()).not.toContain('не завершились')
}, 30_000)

it('the stop’s 503 to a client still uploading is read whole, not lost to a reset: the connection lingers (ADR 105)', async () => {
  const port = await freePort()
  // Grace 4 s: an upload still moving is cut 1.5 s after the signal (4 s less the linger of 1 s and the margin).
  const { child, exited } = await startChild(port, { WORKER_STOP_MS: '50', GRACE: '4' })
  const uploading = connection(port, { allowHalfOpen: true })
  await uploading.ready
  uploading.write('POST /submit HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 100000000\r\n\r\n')
  // A browser sends its body on while the answer arrives, and reads the answer only after a while (as on Windows):
  // 4 KB every 10 ms, for 300 ms more after the whole 503 has come.
  const chunk = 'z'.repeat(4096)
  let answeredAt = 0
  const upload = setInterval(() => {
    if (answeredAt && performance.now() - answeredAt > 300) {
      clearInterval(upload)
      uploading.end()
      return
    }
    if (!answeredAt && wholeStoppingAnswer(uploading.data())) answeredAt = performance.now()
    uploading.write(chunk)
  }, 10)
  await new Promise((r) => setTimeout(r, 200))
  child.kill('SIGTERM')
  try {
    expect((await exited).code).toBe(0)
    await until(() => uploading.closedAt() !== null, 3000)
  } finally {
    clearInterval(upload)
  }
  expect(wholeStoppingAnswer(uploading.data())).toBe(true)
  expect(uploading.data()).toContain('она не сохранена')
  // Not reset while it still sent: the server kept reading (and dropping) after its answer.
  expect(uploading.error()).toBeNull()
  expect(answeredAt).toBeGreaterThan(0)
}, 30_000)

it('a body the app is slow to read is not taken for a stalled client: read 3 s later, it is saved (ADR 105)', async () => {
  const port = await freePort()
  const { child, exited, output } = await startChild(port, { WORKER_STOP_MS: '50', GRACE: '10', READ_AFTER_MS: '3200' })
  const form = connection(port)
  await form.ready
  // The whole body sent at once: what the app has not read fills the request's buffer and the kernel's, and no byte
  // more arrives on the connection for 3 s — the app's delay, not the client's.
  const size = 4 * 1024 * 1024
  form.write(`POST /read-later HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: ${size}\r\n\r\n`)
  form.write('q'.repeat(size))
  await new Promise((r) => setTimeout(r, 200))
  const signalled = performance.now()
  child.kill('SIGTERM')
  expect((await exited).code).toBe(0)
  expect(form.dataAt()! - signalled).toBeGreaterThan(2500)
  expect(form.data()).toMatch(new RegExp(`^HTTP/1\\.1 200[\\s\\S]*saved ${size}$`))
  expect(output()).toContain(`read-later: saved ${size}`)
  expect(output()).not.toContain('Остановка: тело запроса')
}, 30_000)
