// ADR 127: the queue's and the registration log's rows travel once in a document — as the table — and the page hydrates
// from that HTML: no hydration error, the same rows on screen, a row's link still navigates inside the app (no new
// document), and data fetched later (a filter, «back», an action's revalidation) renders the table from its rows.
import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { chooseFamily, identityDocument, pupilOf, signIn } from './fixtures'

function watch(page: Page) {
  const errors: string[] = []
  const documents: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error' || /hydrat/i.test(m.text())) errors.push(m.text())
  })
  page.on('request', (r) => {
    if (r.resourceType() === 'document') documents.push(r.url())
  })
  return { errors, documents }
}

/** The document as the server sends it: the rows' count in its hydration data; `rowText` (a pupil's surname, which
 * the rows' data carries) in the table's HTML, not in the hydration data. */
async function sentOnce(page: Page, path: string, rowCount: number, rowText: string) {
  const html = await (await page.request.get(path)).text()
  const script = html.slice(html.indexOf('window.__remixContext'))
  expect(script).toContain(`"rows":{"rowsOnce":true,"length":${rowCount}}`)
  expect(script).not.toContain(rowText)
  expect(html.split(rowText).length - 1).toBeGreaterThanOrEqual(1)
}

/** Two applications registered at the desk (the demo school starts with none): rows in the queue and in the log. */
test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage()
  await signIn(page, 'secretary')
  for (const [className, n] of [
    ['4А', 2],
    ['6Б', 2],
  ] as const) {
    await page.goto('/staff/intake')
    await chooseFamily(page, pupilOf(className, n))
    await page.getByLabel(/о расписании занятий/).check()
    await identityDocument(page)
    await page.getByLabel('паспорт предъявлен (оригинал)').check()
    await page.getByLabel('документ, подтверждающий статус, предъявлен').check()
    await page.getByRole('button', { name: 'Зарегистрировать' }).click()
    await expect(page.getByRole('heading', { name: /^Заявление зарегистрировано № \d+$/ })).toBeVisible()
  }
  await page.close()
})

/** Hydrated: Remix's router is running in the page. */
async function hydrated(page: Page) {
  await page.waitForFunction(() => Boolean((window as { __remixRouter?: unknown }).__remixRouter))
}

test('the queue: rows sent once, hydrated from the HTML, its links navigate in the app', async ({ page }) => {
  const { errors, documents } = watch(page)
  await signIn(page, 'responsible')
  await page.goto('/staff/applications')
  await hydrated(page)
  const table = page.getByRole('region', { name: 'Список заявлений' })
  const links = table.locator('tbody a')
  const count = await links.count()
  expect(count).toBeGreaterThan(1)
  const first = (await links.first().textContent())!
  const rowsBefore = await table.locator('tbody tr').allInnerTexts()
  await sentOnce(page, '/staff/applications', count, pupilOf('4А', 2).lastName)
  // A click on a row is handed to the router: the application page comes without a new document.
  const loaded = documents.length
  await links.first().click()
  await expect(page.getByRole('heading', { name: 'Действия' })).toBeVisible()
  expect(documents.length).toBe(loaded)
  // Back: the queue's data is fetched and the table rendered from its rows — the same rows.
  await page.goBack()
  await expect(table.locator('tbody a').first()).toHaveText(first)
  expect(await table.locator('tbody tr').allInnerTexts()).toEqual(rowsBefore)
  // A filter (a GET form, in the app): rendered from the fetched rows.
  await page.getByLabel('Статус').selectOption({ index: 1 })
  await page.getByRole('button', { name: 'Показать' }).click()
  await expect(page).toHaveURL(/state=/)
  await expect(page.getByRole('status')).toBeVisible()
  expect(documents.length).toBe(loaded)
  expect(errors.filter((e) => !/favicon/.test(e))).toEqual([])
})

test('the registration log: rows sent once, hydrated from the HTML, the same rows after the integrity check', async ({ page }) => {
  const { errors } = watch(page)
  await signIn(page, 'responsible')
  await page.goto('/staff/log')
  await hydrated(page)
  const table = page.getByRole('region', { name: 'Записи журнала' })
  const rows = await table.locator('tbody tr').allInnerTexts()
  expect(rows.length).toBeGreaterThan(1)
  await sentOnce(page, '/staff/log', rows.length, pupilOf('6Б', 2).lastName)
  // The check is an action: the loader runs again and the table is rendered from the fetched rows.
  await page.getByRole('button', { name: 'Проверить целостность' }).click()
  await expect(page.getByRole('status').filter({ hasText: /Журнал цел/ })).toBeVisible()
  expect(await table.locator('tbody tr').allInnerTexts()).toEqual(rows)
  expect(errors.filter((e) => !/favicon/.test(e))).toEqual([])
})
