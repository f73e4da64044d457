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

/** A raw keep-alive connection: send requests on it, read answers, see when the server closes it. */
function connection(port: number) {
  const socket = net.connect(port, '127.0.0.1')
  let data = ''
  let closedAt: number | null = null
  socket.on('data', (c) => (data += c.toString('utf8')))
  socket.on('close', () => (closedAt = performance.now()))
  socket.on('error', () => {})
  return {
    ready: new Promise<void>((r) => socket.once('connect', () => r())),
    get: (p: string) => socket.write(`GET ${p} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n`),
    write: (text: string) => socket.write(text),
    data: () => data,
    closedAt: () => closedAt,
  }
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
