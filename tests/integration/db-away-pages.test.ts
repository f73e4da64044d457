// The database away while the built server runs (ADR 095): PostgreSQL unreachable (a TCP proxy in front of it cut, as
// a stopped server or a network gone looks to the product) or the SQLite file locked by another program past the busy
// timeout. Pages, a posted form, a client-side data request and the API answer 503 with Retry-After and Russian words
// — for the form, that nothing was saved — instead of 500 «Произошла ошибка»; and once the database is back, the same
// server answers 200 without a restart.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { onPostgres } from '#tests/setup/test-db'
import { startCheck } from '#app/models/control-checks.server'
import type { LocalDay } from '#workflows/time'
import { signIn } from '#tests/helpers/auth'

const root = path.resolve(__dirname, '..', '..')
const tmp = path.join(root, 'tests', '.tmp', `db-away-${process.pid}`)
let child: ChildProcess | undefined
let proxy: net.Server | undefined
const proxied = new Set<net.Socket>()
let lock: Database.Database | undefined

afterAll(() => {
  if (child?.exitCode === null) child.kill('SIGKILL')
  for (const s of proxied) s.destroy()
  proxy?.close()
  lock?.close()
  fs.rmSync(tmp, { recursive: true, force: true })
})

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })

/** Set by `cutAfter`: the words of the server's statement after whose answer the proxy cuts (ADR 104). */
let cutAfterStatement: { words: RegExp; seen: boolean; done: () => void } | undefined
/** PostgreSQL's ReadyForQuery message: the statement's answer is complete. */
const READY = Buffer.from([0x5a, 0, 0, 0, 5])

/**
 * PostgreSQL through a proxy that `cut` stops (listener closed, connections dropped) and `mend` opens again;
 * `cutAfter(words)` cuts once a statement with these words has been answered — its commit done — before the next.
 */
async function pgProxy(target: URL) {
  const port = await freePort()
  let cut = () => {}
  const open = () =>
    new Promise<void>((resolve) => {
      proxy = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname)
        for (const s of [client, upstream]) {
          proxied.add(s)
          s.on('close', () => proxied.delete(s))
          s.on('error', () => {})
        }
        client.on('data', (chunk: Buffer) => {
          if (cutAfterStatement && cutAfterStatement.words.test(chunk.toString('latin1'))) cutAfterStatement.seen = true
          upstream.write(chunk)
        })
        upstream.on('data', (chunk: Buffer) => {
          if (!cutAfterStatement?.seen || !chunk.includes(READY)) return void client.write(chunk)
          const { done } = cutAfterStatement
          cutAfterStatement = undefined
          // The answer (the commit done) reaches the server; then the database is away.
          client.write(chunk, () => {
            cut()
            done()
          })
        })
      })
      proxy.listen(port, '127.0.0.1', () => resolve())
    })
  await open()
  const url = new URL(target)
  url.port = String(port)
  cut = () => {
    proxy?.close()
    for (const s of proxied) s.destroy()
  }
  return {
    url: url.toString(),
    cut: () => cut(),
    mend: open,
    cutAfter: (words: RegExp) => new Promise<void>((done) => (cutAfterStatement = { words, seen: false, done })),
  }
}

/** SQLite: another program holding the write lock (BEGIN IMMEDIATE) — writers wait out the busy timeout, then fail. */
function sqliteLock(file: string) {
  return {
    cut: () => {
      lock = new Database(file, { timeout: 10_000 })
      lock.exec('BEGIN IMMEDIATE')
    },
    mend: () => {
      lock?.exec('ROLLBACK')
      lock?.close()
      lock = undefined
    },
  }
}

/** The newest modification time of the files under a folder (the build is older than the code it should hold). */
function newest(dir: string): number {
  let latest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(file) : fs.statSync(file).mtimeMs)
  }
  return latest
}

/** server.js serves build/: a clean clone (CI runs vitest before Playwright builds) has none, a checkout may hold an old one. */
function ensureBuild() {
  const built = path.join(root, 'build', 'index.js')
  const stale =
    !fs.existsSync(built) || fs.statSync(built).mtimeMs < Math.max(newest(path.join(root, 'app')), newest(path.join(root, 'workflows')))
  if (stale)
    execFileSync(process.execPath, [path.join(root, 'node_modules', '.bin', 'remix'), 'build'], {
      cwd: root,
      stdio: 'ignore',
      // vitest's NODE_ENV=test would build React's development JSX, which the production server cannot run.
      env: { ...process.env, NODE_ENV: 'production' },
    })
}

let port = 0
let away: { cut: () => void; mend: () => unknown }
let pgAway: Awaited<ReturnType<typeof pgProxy>> | undefined
let output = ''

beforeAll(async () => {
  ensureBuild()
  fs.mkdirSync(tmp, { recursive: true })
  await db.$disconnect()
  const url = process.env.DATABASE_URL as string
  let serverUrl = url
  if (onPostgres) {
    const p = await pgProxy(new URL(url))
    serverUrl = p.url
    away = pgAway = p
  } else away = sqliteLock(url.slice('file:'.length))
  port = await freePort()
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['NODE_ENV', 'RENDER_THREADS', 'PLAN_CHECK'].includes(k)))
  child = spawn(process.execPath, ['server.js'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: serverUrl, DATA_DIR: tmp, DISABLE_WORKER: 'true' },
  })
  child.stdout!.on('data', (c) => (output += c))
  child.stderr!.on('data', (c) => (output += c))
  const end = Date.now() + 30_000
  while (!output.includes('Сервер запущен')) {
    if (child.exitCode !== null || Date.now() > end) throw new Error(output)
    await new Promise((r) => setTimeout(r, 50))
  }
}, 600_000)

const origin = () => `http://localhost:${port}`
const login = () =>
  fetch(`${origin()}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin() },
    body: new URLSearchParams({ login: 'director', password: 'wrong-password-1' }),
  })

const jsLogin = () =>
  fetch(`${origin()}/login?index&_data=routes%2Flogin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin() },
    body: new URLSearchParams({ login: 'director', password: 'wrong-password-1' }),
  })

function expectAway(r: Response) {
  expect(r.status, r.url).toBe(503)
  expect(r.headers.get('Retry-After'), r.url).toBe('60')
}

it.runIf(onPostgres)(
  'PostgreSQL away: pages, forms, data requests and the API answer 503 with Retry-After; back, 200 again',
  async () => {
    expect((await fetch(`${origin()}/deadlines`)).status).toBe(200)
    away.cut()
    try {
      const [page, form, data, jsForm, api] = await Promise.all([
        fetch(`${origin()}/deadlines`),
        login(),
        fetch(`${origin()}/deadlines?_data=root`),
        jsLogin(),
        fetch(`${origin()}/api/v1/applications/x`, { headers: { Authorization: 'Bearer not-a-real-token-0123456789' } }),
      ])
      for (const r of [page, form, data, jsForm, api]) expectAway(r)
      const html = await page.text()
      expect(html).toContain('<title>Сервис временно недоступен — Информация о текущей успеваемости</title>')
      expect(html).toMatch(/<h1>Сервис временно недоступен<\/h1>/)
      expect(html).toContain('Попробуйте открыть страницу ещё раз через минуту')
      expect(html).not.toContain('Произошла ошибка')
      expect(await form.text()).toContain('Отправленные данные не сохранены')
      // Remix's client shows an X-Remix-Catch answer in the ErrorBoundary with its status and words.
      expect(data.headers.get('X-Remix-Catch')).toBe('yes')
      expect(await data.text()).toContain('Попробуйте открыть страницу ещё раз')
      expect(jsForm.headers.get('X-Remix-Catch')).toBe('yes')
      expect(await jsForm.text()).toContain('Отправленные данные не сохранены')
      expect(await api.json()).toEqual({ error: expect.stringMatching(/^Сервис временно недоступен\. База данных не отвечает/) })
    } finally {
      await away.mend()
    }
    // The same server, no restart: the pool connects again.
    expect((await fetch(`${origin()}/deadlines`)).status).toBe(200)
    expect((await login()).status).not.toBe(503)
    // One Russian line for the outage in the server's log, not a stack per request.
    expect(output.match(/База данных не отвечает: страницы отвечают 503/g)).toHaveLength(1)
    expect(output).not.toMatch(/PrismaClient| {4}at /)
  },
  120_000,
)

it.runIf(!onPostgres)(
  'SQLite locked by another program: a form answers 503 «не сохранены»; pages that only read still answer',
  async () => {
    expect((await fetch(`${origin()}/deadlines`)).status).toBe(200)
    await new Promise((r) => setTimeout(r, 1000)) // the start's pragmas and ANALYZE done
    const started = Date.now()
    away.cut()
    try {
      // Both wait out the 10-s busy timeout at once.
      const [page, form, jsForm] = await Promise.all([fetch(`${origin()}/deadlines`), login(), jsLogin()])
      expect(page.status).toBe(200) // WAL: readers are not held by a writer
      for (const r of [form, jsForm]) expectAway(r)
      const html = await form.text()
      expect(html).toMatch(/<h1>Сервис временно недоступен<\/h1>/)
      expect(html).toContain('Отправленные данные не сохранены')
      expect(jsForm.headers.get('X-Remix-Catch')).toBe('yes')
      // One wait of the busy timeout each (they queue behind each other), not five tries of it.
      expect(Date.now() - started).toBeLessThan(35_000)
    } finally {
      away.mend()
    }
    expect((await login()).status).not.toBe(503)
    expect(output.match(/База данных не отвечает: страницы отвечают 503/g)).toHaveLength(1)
    expect(output).not.toMatch(/PrismaClient| {4}at /)
  },
  120_000,
)

it.runIf(onPostgres)(
  'the database away after the action committed: the page says «Сохранено», not «не сохранены» (ADR 104)',
  async () => {
    const user = await db.user.findUniqueOrThrow({ where: { login: 'director' } })
    const period = { from: '2026-09-01' as LocalDay, to: '2026-11-30' as LocalDay }
    const director = { id: user.id, displayName: 'Тушинская Татьяна Викторовна', schoolId: user.schoolId }
    const check = await startCheck({
      user: director,
      kind: 'unplanned',
      ...period,
      employeeUserId: null,
      basis: 'Проверка',
      now: new Date(),
      timeZone: 'Europe/Moscow',
    })
    const cookie = await signIn('director')
    const post = (text: string, data = false) =>
      fetch(`${origin()}/staff/checks/${check.id}${data ? '?_data=routes%2Fstaff.checks.%24id' : ''}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin(), Cookie: cookie },
        body: new URLSearchParams({ intent: 'finding', text }),
      })
    for (const data of [false, true]) {
      const text = `Замечание ${data ? 'с JavaScript' : 'без JavaScript'}`
      // The finding's INSERT commits; the database goes away before the action reads the check again.
      const cut = pgAway!.cutAfter(/INSERT INTO "public"."ControlFinding"/)
      try {
        const r = await post(text, data)
        await cut
        expectAway(r)
        const body = await r.text()
        expect(body).toContain('Сохранено, но страница не может показаться')
        expect(body).not.toContain('не сохранены')
      } finally {
        await away.mend()
      }
      expect(await db.controlFinding.count({ where: { checkId: check.id, text } })).toBe(1)
    }
    // Nothing of the form committed (the database away from the start): «не сохранены», as before.
    away.cut()
    try {
      const r = await post('Не дошло')
      expectAway(r)
      expect(await r.text()).toContain('Отправленные данные не сохранены')
    } finally {
      await away.mend()
    }
    expect(await db.controlFinding.count({ where: { checkId: check.id, text: 'Не дошло' } })).toBe(0)
  },
  120_000,
)
