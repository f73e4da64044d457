// A clean stop (issue 18.5, ADR 025), end to end with real processes: the built server under `npm start`, slow
// requests in flight, SIGTERM to the whole process group (what systemd, Docker and Ctrl-C send). Every request
// already received is answered; the server then exits 0 and the port is free.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { copyOfTemplate, dropTestDatabase, onPostgres } from '#tests/setup/test-db'

const root = path.resolve(__dirname, '..', '..')
const tmp = path.join(root, 'tests', '.tmp', `clean-stop-${process.pid}`)
const PORT = 3204
let child: ChildProcess | undefined
let pgCopy: string | undefined

afterAll(async () => {
  if (pgCopy) await dropTestDatabase(pgCopy)
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true })
})

/** A POST whose body arrives slowly: the request is in flight on the server until the last byte. */
function slowPost(): { sent: Promise<void>; finish: () => void; answer: Promise<string> } {
  const body = 'login=nobody&password=wrong-password-1'
  const socket = net.connect(PORT, '127.0.0.1')
  let finish = () => {}
  const sent = new Promise<void>((resolve) =>
    socket.once('connect', () => {
      socket.write(
        `POST /login?index HTTP/1.1\r\nHost: localhost:${PORT}\r\nContent-Type: ` +
          `application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
      )
      finish = () => socket.write(body.slice(10))
      resolve()
    }),
  )
  const answer = new Promise<string>((resolve, reject) => {
    let data = ''
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1')
      if (/^HTTP\/1\.1 \d{3}/.test(data)) resolve(data.slice(0, 12))
    })
    socket.on('error', reject)
    socket.on('close', () => resolve(data.slice(0, 12) || 'closed without an answer'))
  })
  return { sent, finish: () => finish(), answer }
}

it('SIGTERM to the npm start group answers every request in flight, then exits 0', async () => {
  fs.mkdirSync(tmp, { recursive: true })
  const db = path.join(tmp, 'app.db')
  if (onPostgres) pgCopy = await copyOfTemplate('cleanstop')
  else fs.copyFileSync((process.env.DATABASE_URL as string).slice('file:'.length), db)
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['NODE_ENV', 'DISABLE_WORKER', 'RENDER_THREADS'].includes(k)))
  child = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      NODE_ENV: 'production',
      DEMO: '1',
      PORT: String(PORT),
      DATABASE_URL: pgCopy ?? `file:${db}`,
      DATA_DIR: path.join(tmp, 'data'),
      SHUTDOWN_GRACE_SECONDS: '30',
      WORKER_INTERVAL_SECONDS: '1',
    },
  })
  let out = ''
  child.stdout!.on('data', (c) => (out += c))
  child.stderr!.on('data', (c) => (out += c))
  // 'close': every process holding the output pipes (npm, tsx, start.ts, the server) has exited.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child!.on('close', (code, signal) => resolve({ code, signal })),
  )
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('Откройте')) {
        clearInterval(timer)
        resolve()
      }
      if (child!.exitCode !== null) {
        clearInterval(timer)
        reject(new Error(`npm start exited: ${out}`))
      }
    }, 100)
  })
  // «Откройте» comes only once the server listens.
  const ready = await fetch(`http://127.0.0.1:${PORT}/healthz`)
  expect(ready.status).toBe(200)

  const requests = Array.from({ length: 16 }, () => slowPost())
  await Promise.all(requests.map((r) => r.sent))
  // Let the server parse every request's headers, so that all 16 are in flight at the signal (a connection whose
  // request has not arrived yet gets a second of its own: server-stop.test.ts).
  await new Promise((resolve) => setTimeout(resolve, 2000))
  process.kill(-child.pid!, 'SIGTERM')
  await new Promise((resolve) => setTimeout(resolve, 700))
  for (const r of requests) r.finish()
  const answers = await Promise.all(requests.map((r) => r.answer))
  for (const a of answers) expect(a).toMatch(/^HTTP\/1\.1 [2-4]\d\d/)
  // npm itself, signalled too, ends by re-raising the signal once its script has exited; the server and start.ts
  // exit 0 (start.ts passes the server's code on), which the server's last line shows.
  expect([
    { code: 0, signal: null },
    { code: null, signal: 'SIGTERM' },
  ]).toContainEqual(await exited)
  expect(out.match(/Получен сигнал SIGTERM/g)).toHaveLength(1)
  expect(out).toContain('Сервер остановлен.')
  expect(out).not.toContain('не завершились')
  expect(out).not.toMatch(/ECONNRESET|Error:/)
  // Stopped means stopped: nothing listens on the port any more.
  await expect(fetch(`http://127.0.0.1:${PORT}/healthz`)).rejects.toThrow()
}, 300_000)
