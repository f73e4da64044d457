// Issue 19, «How to show it»: axe over every page a role can reach, 0 violations. Each role signs in and walks the
// links of its pages breadth first in Chromium (hydrated, as a person sees them); a page that differs only by an id
// (/staff/applications/<id>, /staff/pupils/<id>) is one page, checked once per role. Every page is checked at
// 1280 px; the role's home page at 360 px too. Nothing is clicked but links: GET pages only, no form is sent.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { crawlPages } from './crawl'
import { demoLogins, openStatusToken, signIn } from './fixtures'

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
  const { visited, findings } = await crawlPages(page, ['/', '/apply', '/deadlines', '/login', status], 25, axeViolations)
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
    const { visited, findings } = await crawlPages(page, [home], 45, axeViolations)
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
  const { visited, findings } = await crawlPages(page, ['/authority/schools'], 10, axeViolations)
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
