// Issue 19, «How to show it»: axe over every page a role can reach, 0 violations. Each role signs in and walks the
// links of its pages breadth first in Chromium (hydrated, as a person sees them); a page that differs only by an id
// (/staff/applications/<id>, /staff/pupils/<id>) is one page, checked once per role. Every page is checked at
// 1280 px; the role's home page at 360 px too. Nothing is clicked but links: GET pages only, no form is sent.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { demoLogins, openStatusToken, signIn } from './fixtures'

/** Links that are not pages: files, downloads, the sign-out, the browser's own assets. */
const NOT_A_PAGE = new RegExp(
  String.raw`^\/(build|logout|favicon|healthz)|\.(css|svg|docx|pdf|png|jpg|xlsx|csv|eml|zip|json|xml)$|download|` +
    String.raw`\/documents\/|\/uploads\/|\/files\/|\/file$|\/export`,
)

/** One page per shape: path segments that carry an id or a number become «:id». */
const shapeOf = (path: string) =>
  path
    .split('/')
    .map((s) => (/\d/.test(s) || s.length >= 20 ? ':id' : s))
    .join('/')

async function axeViolations(page: Page): Promise<string[]> {
  // A letter's own HTML is shown in a sandboxed iframe (no scripts): axe cannot run inside it and would wait for it.
  const result = await new AxeBuilder({ page }).exclude('iframe[sandbox]').analyze()
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  )
}

/** Visits every page shape reachable by links from `start` (at most `max`), runs axe on each; returns the findings. */
async function crawlWithAxe(page: Page, start: string[], max: number) {
  const shapes = new Set<string>()
  const visited: string[] = []
  const findings: Record<string, string[]> = {}
  const queue = [...start]
  while (queue.length && visited.length < max) {
    const path = queue.shift()!
    const shape = shapeOf(path)
    if (shapes.has(shape)) continue
    shapes.add(shape)
    const response = await page.goto(path).catch(() => null)
    if (!response || !(response.headers()['content-type'] ?? '').startsWith('text/html')) continue
    // A page that sent the visitor elsewhere (to /login, to the role's home) is checked under its own address.
    const landed = new URL(page.url()).pathname
    if (landed !== path) {
      if (shapes.has(shapeOf(landed))) continue
      shapes.add(shapeOf(landed))
    }
    await page.waitForLoadState('networkidle')
    visited.push(landed)
    const found = await axeViolations(page)
    if (found.length) findings[landed] = found
    const links = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))
    for (const link of links) if (!NOT_A_PAGE.test(link) && !shapes.has(shapeOf(link))) queue.push(link)
  }
  return { visited, findings }
}

/** The pages checked, kept in the test's output folder (test-results/…/pages-*.txt) and attached to its report. */
async function keepPageList(name: string, visited: string[]) {
  const file = test.info().outputPath(`${name}.txt`)
  fs.writeFileSync(file, `${visited.length}\n${visited.join('\n')}\n`)
  await test.info().attach(name, { path: file, contentType: 'text/plain' })
}

test.describe.configure({ timeout: 420_000 })

test('signed out: every public page has no axe violation', async ({ page }) => {
  // The applicant's private status page too: an open application's, made through /apply when the run has none yet.
  const status = `/s/${await openStatusToken(page)}`
  const { visited, findings } = await crawlWithAxe(page, ['/', '/apply', '/deadlines', '/login', status], 25)
  expect(visited).toContain(status)
  expect(visited.length).toBeGreaterThanOrEqual(5)
  await keepPageList('pages-signed-out', visited)
  expect(findings).toEqual({})
})

// Every role the demo school has, each on its own: the secretary, the deputy and the subject teacher see other
// menus than the responsible employee, the director and the class teacher.
const ROLES = [
  'Директор',
  'Ответственный работник',
  'Заместитель директора по УВР',
  'Секретарь',
  'Администратор ЭЖ',
  'Классный руководитель 5А',
  'Учитель-предметник',
  'Родитель (двое детей)',
  'Родитель',
]

for (const role of ROLES) {
  test(`${role}: every page the role reaches has no axe violation (1280 px; the home page at 360 px too)`, async ({ page }) => {
    const login = demoLogins().find((l) => l.role === role)
    expect(login, `demo login of «${role}»`).toBeTruthy()
    await page.setViewportSize({ width: 1280, height: 900 })
    await signIn(page, login!.login, login!.password)
    const home = new URL(page.url()).pathname
    const { visited, findings } = await crawlWithAxe(page, [home], 45)
    expect(visited.length, `pages reached by «${role}»`).toBeGreaterThanOrEqual(2)
    await keepPageList(`pages-${role}`, visited)
    await page.setViewportSize({ width: 360, height: 800 })
    await page.goto(home)
    await page.waitForLoadState('networkidle')
    const narrow = await axeViolations(page)
    if (narrow.length) findings[`${home} @360`] = narrow
    expect(findings).toEqual({})
  })
}

// The education authority's administrator (ADR 057, 069) is no demo login: the operator's command makes one on the
// run's own database, as in a city's installation; it sets its own password, then walks the schools' screens.
test("Администратор органа управления образованием: the schools' screens have no axe violation", async ({ page }) => {
  const root = path.resolve(__dirname, '..', '..')
  const login = `organ-${Date.now().toString(36)}`
  const printed = execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      'scripts/create-school.ts',
      '--authority-login',
      login,
      '--authority-name',
      'Дмитриев Дмитрий Дмитриевич',
    ],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        DATABASE_URL: `file:${path.join(root, 'tests', '.tmp', `e2e-${process.env.E2E_PORT ?? 3101}.db`)}`,
        DATA_DIR: path.join(root, 'tests', '.tmp', `e2e-data-${process.env.E2E_PORT ?? 3101}`),
      },
    },
  )
  const oneTime = new RegExp(`логин ${login}, пароль (\\S+)`).exec(printed)?.[1]
  expect(oneTime, printed).toBeTruthy()
  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, login, oneTime!)
  await expect(page).toHaveURL(/\/change-password/)
  await page.waitForLoadState('networkidle')
  await page.getByLabel('Одноразовый пароль').fill(oneTime!)
  await page.getByLabel('Новый пароль', { exact: true }).fill('Ведомство-7391')
  await page.getByLabel('Новый пароль ещё раз').fill('Ведомство-7391')
  await page.getByRole('button', { name: 'Сохранить пароль' }).click()
  await expect(page).toHaveURL(/\/authority\/schools(\?passwordChanged=1)?$/)
  const { visited, findings } = await crawlWithAxe(page, ['/authority/schools'], 10)
  expect(visited).toContain('/authority/schools')
  expect(
    visited.some((p) => /^\/authority\/schools\/[^/]+$/.test(p)),
    visited.join(', '),
  ).toBe(true)
  await keepPageList('pages-authority', visited)
  await page.setViewportSize({ width: 360, height: 800 })
  await page.goto('/authority/schools')
  await page.waitForLoadState('networkidle')
  const narrow = await axeViolations(page)
  if (narrow.length) findings['/authority/schools @360'] = narrow
  expect(findings).toEqual({})
})
