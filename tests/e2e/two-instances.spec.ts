// Issue 21: two app instances (the built `server.js`, as `npm start` runs it) on ONE PostgreSQL database behind one
// port — a small round-robin proxy that alternates every request between them, as the authority's proxy may, with
// TRUST_PROXY set as README «Муниципальное развёртывание» says. A parent applies online, the responsible employee
// signs in (her session is read by both instances) and registers the application; both workers race over one
// outbox, and each letter reaches the SMTP sink on 127.0.0.1 exactly once. The build is the one the run's own
// server (scripts/e2e-server.cjs → npm start) made a moment ago; nothing is built again. PG_URL names the server
// (.ci/run exports it); when none answers the spec is skipped with the reason.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { expect, test, type Page } from '@playwright/test'
import { migratePostgres } from '../../app/utils/pg-migrate.server'
import { PG_URL, pgReachable, pgUrlFor, quoteIdent, withPgAdmin } from '../setup/test-db'
import { startSmtpSink, type SmtpSink } from '../setup/mail-servers'
import { PROXY_CLIENT_IP, startRoundRobinProxy, type RoundRobinProxy } from '../helpers/round-robin-proxy'

const ROOT = path.resolve(__dirname, '..', '..')
const BASE = Number(process.env.E2E_PORT ?? 3101)
const PROXY_PORT = BASE + 1
const PORTS = [BASE + 2, BASE + 3]
const DB_NAME = `pg_t_${process.pid}_e2e_two_${Date.now()}`
const DATA_DIR = path.join(ROOT, 'tests', '.tmp', `e2e-two-data-${BASE}`)
const EMAIL = `two-instances-${Date.now()}@example.org`
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

type Served = { backend: number; method: string; path: string; status: number; cookie: boolean; location: string }

let url = ''
let sink: SmtpSink
let proxy: RoundRobinProxy | undefined
const served: Served[] = []
const instances: ChildProcess[] = []
let reason = ''

test.describe.configure({ mode: 'serial' })

/** The proxy: each request to the next instance in turn; what each instance answered is kept for the checks below. */
function startProxy(): Promise<RoundRobinProxy> {
  return startRoundRobinProxy({
    port: PROXY_PORT,
    backends: PORTS,
    onServed: ({ backend, request, response }) =>
      served.push({
        backend,
        method: request.method ?? 'GET',
        path: (request.url ?? '').split('?')[0],
        status: response.statusCode ?? 0,
        cookie: /(^|;\s*)sid=/.test(String(request.headers.cookie ?? '')),
        location: String(response.headers.location ?? ''),
      }),
  })
}

async function healthy(port: number, timeoutMs: number) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return
    await new Promise((r) => setTimeout(r, 300))
  }
  throw new Error(`экземпляр на порту ${port} не ответил на /healthz`)
}

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return (await c.query<T>(sql, params)).rows
  } finally {
    await c.end()
  }
}

test.beforeAll(async () => {
  test.setTimeout(240_000)
  if (!(await pgReachable())) {
    reason =
      'PostgreSQL недоступен по PG_URL ' + `(${PG_URL.replace(/:[^:@/]*@/, ':***@')}): два экземпляра на одной базе PostgreSQL не проверены`
    console.warn(`two-instances.spec: ${reason}`)
    return
  }
  if (!fs.existsSync(path.join(ROOT, 'build', 'index.js')))
    throw new Error('Нет сборки build/index.js: её делает сервер этого прогона (npm start)')
  await withPgAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(DB_NAME)}`))
  url = pgUrlFor(DB_NAME)
  await migratePostgres(url)
  const seed = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['prisma/seed/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
  })
  if (seed.status !== 0) throw new Error(`seed: ${seed.stdout}${seed.stderr}`)
  fs.rmSync(DATA_DIR, { recursive: true, force: true })
  fs.mkdirSync(DATA_DIR, { recursive: true })
  sink = await startSmtpSink()
  for (const [i, port] of PORTS.entries()) {
    const child = spawn(process.execPath, [path.join(ROOT, 'server.js')], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: url,
        DATA_DIR,
        NODE_ENV: 'production',
        DEMO: '1',
        TRUST_PROXY: 'loopback',
        WORKER_INTERVAL_SECONDS: '1',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(sink.port),
        SMTP_SECURE: 'false',
        INSTANCE_NAME: `instance-${i + 1}`,
      },
    })
    child.stderr?.on('data', (c: Buffer) => process.stderr.write(`[экземпляр ${i + 1}] ${c.toString()}`))
    instances.push(child)
  }
  await Promise.all(PORTS.map((p) => healthy(p, 60_000)))
  proxy = await startProxy()
})

test.afterAll(async () => {
  await Promise.all(
    instances.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve()
          child.once('exit', () => resolve())
          child.kill('SIGTERM')
        }),
    ),
  )
  await proxy?.close()
  await sink?.close()
  if (url) await withPgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(DB_NAME)} WITH (FORCE)`))
  fs.rmSync(DATA_DIR, { recursive: true, force: true })
})

async function fillForm(page: Page, pupil: { lastName: string; firstName: string; middleName: string }) {
  await page.getByRole('textbox', { name: 'Фамилия', exact: true }).fill('Двухсерверова')
  await page.getByRole('textbox', { name: 'Имя', exact: true }).fill('Анна')
  await page.getByLabel('Отчество (необязательно)', { exact: true }).fill('Петровна')
  await page.getByLabel('Серия и номер').fill('6310 123456')
  await page.getByLabel('Кем выдан').fill('ГУ МВД России по Саратовской области')
  await page.getByLabel('Дата выдачи').fill('01.02.2015')
  await page.getByRole('textbox', { name: 'Адрес проживания' }).fill('г. Саратов, ул. Московская, д. 1, кв. 2')
  await page.getByLabel('Электронная почта').fill(EMAIL)
  await page.getByLabel('Фамилия обучающегося').fill(pupil.lastName)
  await page.getByLabel('Имя обучающегося').fill(pupil.firstName)
  await page.getByLabel('Отчество обучающегося').fill(pupil.middleName)
  await page.getByRole('textbox', { name: 'Класс', exact: true }).fill('5А')
  await page.getByLabel('о посещаемости занятий обучающимся').check()
  await page.getByLabel('однократно').check()
  await page.getByLabel('по электронной почте').check()
  await page
    .getByLabel('Копия документа, удостоверяющего личность')
    .setInputFiles({ name: 'паспорт.pdf', mimeType: 'application/pdf', buffer: PDF })
  await page.getByLabel('я родитель (мать, отец)').check()
}

test('a parent applies and staff registers through one port over two instances; every letter goes out once', async ({ page }) => {
  test.skip(!!reason, reason)
  test.setTimeout(180_000)
  const proxyUrl = `http://localhost:${PROXY_PORT}`
  const [pupil] = await query<{ lastName: string; firstName: string; middleName: string }>(
    'SELECT p."lastName", p."firstName", p."middleName" FROM "Pupil" p JOIN "SchoolClass" c ON c."id" = ' +
      `p."classId" WHERE c."name" = '5А' AND p."leftOn" IS NULL ORDER BY p."lastName" LIMIT 1`,
  )

  // The parent, through the proxy.
  await page.goto(`${proxyUrl}/apply`)
  await fillForm(page, pupil)
  await page.getByRole('button', { name: 'Отправить заявление' }).click()
  await expect(page).toHaveURL(/\/apply\/received\/[A-Za-z0-9_-]{32}$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Заявление отправлено')
  const [app] = await query<{ id: string; status: string }>(`SELECT "id", "status" FROM "Application" WHERE "applicantEmail" = $1`, [EMAIL])
  expect(app.status).toBe('received')
  // The upload went to the shared DATA_DIR, whichever instance took it.
  const [upload] = await query<{ storagePath: string }>(`SELECT "storagePath" FROM "Upload" WHERE "applicationId" = $1`, [app.id])
  expect(fs.existsSync(path.join(DATA_DIR, upload.storagePath))).toBe(true)

  // The responsible employee: signs in on one instance, every later request alternates between the two.
  await page.goto(`${proxyUrl}/login`)
  await page.getByLabel('Логин').fill('responsible')
  await page.getByLabel('Пароль').fill('demo2026')
  await page.getByRole('button', { name: 'Войти' }).click()
  await expect(page).not.toHaveURL(/\/login/)
  for (let i = 0; i < 4; i++) {
    await page.goto(`${proxyUrl}/staff/applications/${app.id}`)
    await expect(page).toHaveURL(new RegExp(`/staff/applications/${app.id}$`))
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  }
  await page.getByRole('button', { name: 'Зарегистрировать', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: /./ }).first()).toBeVisible()
  await expect
    .poll(async () => (await query<{ status: string }>(`SELECT "status" FROM "Application" WHERE "id" = $1`, [app.id]))[0].status)
    .toBe('registered')
  await page.getByRole('button', { name: 'Принять к рассмотрению', exact: true }).click()
  await expect
    .poll(async () => (await query<{ status: string }>(`SELECT "status" FROM "Application" WHERE "id" = $1`, [app.id]))[0].status)
    .toBe('in_review')
  await page.reload()
  await expect(page).not.toHaveURL(/\/login/)

  // Each instance took the client's address from the proxy (TRUST_PROXY), not the proxy's own.
  const signIns = await query<{ ip: string; success: boolean }>(`SELECT "ip", "success" FROM "LoginAttempt" WHERE "login" = 'responsible'`)
  expect(signIns).toEqual([{ ip: PROXY_CLIENT_IP, success: true }])

  // Both instances answer the signed-in employee's page: the session is in the database, not in a process. Requests
  // one after another, so the proxy's alternation sends them to each instance in turn whatever the page loaded before.
  const from = served.length
  for (let i = 0; i < 6; i++) {
    const res = await page.request.get(`${proxyUrl}/staff/applications/${app.id}`)
    expect(res.status()).toBe(200)
    expect(res.url()).not.toMatch(/\/login/)
    expect(await res.text()).toContain('Двухсерверова')
  }
  const staffPages = served.slice(from).filter((s) => s.path === `/staff/applications/${app.id}` && s.cookie && s.status === 200)
  expect(staffPages).toHaveLength(6)
  expect(new Set(staffPages.map((s) => s.backend))).toEqual(new Set([0, 1]))
  // and no signed-in request was sent back to the sign-in page by the instance that did not sign her in.
  expect(served.filter((s) => s.cookie && s.path.startsWith('/staff') && /\/login/.test(s.location))).toEqual([])

  // The letters to the parent (the acknowledgement, the registration notice): each reaches the sink once, even with
  // both workers polling the one outbox every second for a while longer.
  const toParent = () => sink.messages.filter((m) => m.envelopeTo.includes(EMAIL))
  await expect.poll(() => toParent().length, { timeout: 60_000 }).toBeGreaterThanOrEqual(2)
  // Once no letter to the parent waits or is being sent, no worker can send one again: then count.
  const unsent = async () =>
    Number(
      (
        await query<{ n: string }>(
          `SELECT COUNT(*) AS n FROM "OutboxJob" WHERE "kind" = 'send-email' AND "payload" LIKE $1 AND "status" IN ('pending', 'running')`,
          [`%${EMAIL}%`],
        )
      )[0].n,
    )
  await expect.poll(unsent, { timeout: 60_000 }).toBe(0)
  const letters = toParent()
  const jobs = await query<{ status: string; n: string }>(
    `SELECT "status", COUNT(*) AS n FROM "OutboxJob" WHERE "kind" = 'send-email' AND "payload" LIKE $1 GROUP BY "status"`,
    [`%${EMAIL}%`],
  )
  expect(jobs).toEqual([{ status: 'done', n: String(letters.length) }])
  const ids = letters.map((m) => m.parsed.messageId)
  expect(new Set(ids).size).toBe(letters.length)
  const subjects = letters.map((m) => m.parsed.subject ?? '')
  expect(new Set(subjects).size).toBe(subjects.length)
})
