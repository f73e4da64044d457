// The real server (server.js + the Remix build) over real HTTP: bodies bounded per route with or without
// Content-Length and the server's memory flat (issue 13, item 3), a keep-alive client not reset after a 413, the
// page headers and the CSP nonce (item 9) with pages still working under the CSP, no U+0000 and valid UTF-8 in
// every page each role reaches (issue 19, item 10), and /apply without JavaScript answering an oversize file in
// the page (issue 19, item 8).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import { expect, test, type Page } from '@playwright/test'
import { demoLogins, signIn } from './fixtures'

const PORT = Number(process.env.E2E_PORT ?? 3101)

function serverRssKb(): number {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${PORT}`], { encoding: 'utf8' })
  const pid = /pid=(\d+)/.exec(out)?.[1]
  if (!pid) throw new Error(`сервер на порту ${PORT} не найден: ${out}`)
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1])
}

/** POSTs `size` bytes chunked (no Content-Length) and resolves with the status and headers of the answer. */
function chunkedPost(
  path: string,
  size: number,
  agent?: http.Agent,
  extra: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: PORT,
        path,
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked', ...extra },
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    const chunk = Buffer.alloc(256 * 1024, 0x61)
    let sent = 0
    const write = () => {
      while (sent < size) {
        sent += chunk.length
        if (!req.write(chunk)) return void req.once('drain', write)
      }
      req.end()
    }
    req.on('response', () => {
      sent = size
    }) // the answer came: stop sending
    write()
  })
}

function request(
  options: http.RequestOptions,
  body?: Buffer,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: PORT, ...options }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

test('a 400 MB chunked POST to /login is cut at its limit: 413 in Russian, Connection: close, memory flat', async () => {
  test.setTimeout(120_000)
  const before = serverRssKb()
  const answer = await chunkedPost('/login', 400 * 1024 * 1024)
  expect(answer.status).toBe(413)
  expect(answer.headers.connection).toBe('close')
  expect(answer.body).toContain('Запрос слишком большой')
  expect(serverRssKb() - before).toBeLessThan(64 * 1024) // far from the 400 MB sent
  expect((await request({ path: '/healthz' })).status).toBe(200)
})

test('a keep-alive client gets 413 with Connection: close from the portal API and no reset on its next request', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const big = Buffer.alloc(300 * 1024, 0x20)
  const first = await request(
    {
      path: '/api/v1/applications',
      method: 'POST',
      agent,
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer demo-portal-token-change-me', 'Content-Length': big.length },
    },
    big,
  )
  expect(first.status).toBe(413)
  expect(first.headers.connection).toBe('close')
  expect(first.body.toString()).toMatch(/[А-Яа-я]/)
  const chunked = await chunkedPost('/api/v1/applications', 2 * 1024 * 1024, agent, { Authorization: 'Bearer demo-portal-token-change-me' })
  expect(chunked.status).toBe(413)
  expect(chunked.headers.connection).toBe('close')
  const next = await request({ path: '/api/deadlines?channel=online&receivedAt=2026-12-01T10:00', agent })
  expect(next.status).toBe(200)
  agent.destroy()
})

test('paths that climb out (/api/../x) or are malformed end in 4xx in Russian, never 500', async () => {
  for (const path of ['/api/../x', '/api/..%2f..%2fx', '/api/%zz', '/s/..%2f..%2fetc%2fpasswd', '/build/../server.js']) {
    const answer = await request({ path })
    expect(answer.status, path).toBeGreaterThanOrEqual(400)
    expect(answer.status, path).toBeLessThan(500)
    expect(answer.body.toString(), path).toMatch(/[А-Яа-я]/)
  }
})

/** Every same-origin page linked from the pages reached so far (breadth first, up to `max`). */
async function crawl(page: Page, start: string[], max = 40): Promise<string[]> {
  const seen = new Set<string>()
  const queue = [...start]
  while (queue.length && seen.size < max) {
    const url = queue.shift()!
    if (seen.has(url)) continue
    seen.add(url)
    const response = await page.request.get(url)
    const bytes = await response.body()
    expect(bytes.includes(0), `U+0000 в ${url}`).toBe(false)
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), `UTF-8 в ${url}`).not.toThrow()
    if (!(response.headers()['content-type'] ?? '').startsWith('text/html')) continue
    const csp = response.headers()['content-security-policy'] ?? ''
    expect(csp, url).toContain("frame-ancestors 'none'")
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
    const html = bytes.toString('utf8')
    // Every inline script carries this response's nonce.
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) if (!/\bsrc=/.test(tag)) expect(tag, url).toContain(`nonce="${nonce}"`)
    expect(response.headers()['cache-control'], url).toContain('no-store')
    expect(response.headers()['permissions-policy'], url).toContain('camera=()')
    for (const m of html.matchAll(/href="(\/[^"#?]*)"/g)) {
      const link = m[1]
      if (/^\/(build|logout|favicon)|\.(css|svg|docx|pdf|png)$|download|\/documents\/|\/uploads\/|\/files\//.test(link)) continue
      if (!seen.has(link)) queue.push(link)
    }
  }
  return [...seen]
}

test('no U+0000 and valid UTF-8 in every page each role reaches; CSP with a nonce, no-store, Permissions-Policy', async ({ page }) => {
  test.setTimeout(300_000)
  const anonymous = await crawl(page, ['/', '/apply', '/deadlines', '/login'], 15)
  expect(anonymous.length).toBeGreaterThan(3)
  const logins = demoLogins()
  const roles = ['Директор', 'Ответственный работник', 'Администратор ЭЖ', 'Классный руководитель 5А', 'Родитель двоих детей']
  for (const role of roles) {
    const login = logins.find((l) => l.role === role)?.login ?? (role === 'Родитель двоих детей' ? 'parent' : undefined)
    if (!login) continue
    await page.context().clearCookies()
    await signIn(page, login)
    const pages = await crawl(page, [new URL(page.url()).pathname], 30)
    expect(pages.length, role).toBeGreaterThan(2)
  }
})

test('pages work under the CSP: no violation while the applicant form hydrates and validates', async ({ page }) => {
  const violations: string[] = []
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text())
  })
  await page.goto('/apply')
  await page
    .getByRole('button', { name: /Подать заявление|Отправить/ })
    .first()
    .click()
  await expect(page.locator('.field-error').first()).toBeVisible() // client-side validation ran: scripts work
  await page.goto('/deadlines')
  await page.goto('/login')
  expect(violations).toEqual([])
})

test('/apply without JavaScript: a file over 10 МБ comes back on its field with everything typed kept', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await page.goto('/apply')
  await page.getByRole('textbox', { name: 'Фамилия', exact: true }).fill('Сидорова')
  await page.getByRole('textbox', { name: 'Имя', exact: true }).fill('Анна')
  await page.getByLabel('Фамилия обучающегося').fill('Сидоров')
  await page.getByLabel('Копия документа, удостоверяющего личность').setInputFiles({
    name: 'паспорт.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(11 * 1024 * 1024)]),
  })
  await page
    .getByRole('button', { name: /Подать заявление|Отправить/ })
    .first()
    .click()
  await expect(page.getByText('Файл больше 10 МБ').first()).toBeVisible()
  await expect(page.getByRole('textbox', { name: 'Фамилия', exact: true })).toHaveValue('Сидорова')
  await expect(page.getByRole('textbox', { name: 'Имя', exact: true })).toHaveValue('Анна')
  await expect(page.getByLabel('Фамилия обучающегося')).toHaveValue('Сидоров')
  await context.close()
})
