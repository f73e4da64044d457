// What a school's staff member or a parent met walking the product in Chromium (session 15): the browser's console
// on every page, the error page of a dead status link, the empty registration log, and where the keyboard focus is
// after a form comes back refused — on the forms that disable their button while sending (the focus fell to <body>).
import { expect, test, type Page } from '@playwright/test'
import { firstPupilId, openStatusToken, signIn } from './fixtures'

const focused = (page: Page) =>
  page.evaluate(() => {
    const e = document.activeElement
    return e === document.body || !e ? 'BODY' : `${e.tagName}#${e.id} ${(e.textContent ?? '').trim().slice(0, 60)}`
  })

test('no page makes Chromium warn about its Permissions-Policy (a feature it does not know)', async ({ page }) => {
  const warnings: string[] = []
  page.on('console', (m) => {
    if (/Permissions-Policy/i.test(m.text())) warnings.push(m.text())
  })
  for (const path of ['/', '/login', '/apply', '/deadlines']) {
    await page.goto(path)
    await page.waitForLoadState('networkidle')
  }
  expect(warnings).toEqual([])
})

test('a dead status link: the error page says what to do, and the tab says what happened', async ({ page }) => {
  const response = await page.goto(`/s/${'B'.repeat(32)}`)
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Страница не найдена')
  // Not the heading once more: the applicant is told to check the link or call the school.
  await expect(page.locator('main p').first()).toContainText('скопирована полностью')
  await expect(page).toHaveTitle('Страница не найдена — Информация о текущей успеваемости')
  await page.goto('/no-such-page')
  await expect(page).toHaveTitle('Страница не найдена — Информация о текущей успеваемости')

  await signIn(page, 'parent')
  expect((await page.goto('/staff/dashboard'))?.status()).toBe(403)
  await expect(page).toHaveTitle('Доступ запрещён — Информация о текущей успеваемости')
})

test('the registration log of a period without entries says so inside its table', async ({ page }) => {
  await signIn(page, 'secretary')
  await page.goto('/staff/log?from=2020-01-01&to=2020-01-31')
  await expect(page.getByRole('table')).toContainText('За период записей нет.')
})

test('a refused form keeps the keyboard focus: on the first wrong field, else on the message', async ({ page }) => {
  await signIn(page, 'admin')

  // A template sent without a file: the message about it takes the focus (the button was disabled while sending).
  await page.goto('/admin/templates')
  await page
    .locator('main form[enctype="multipart/form-data"]')
    .first()
    .getByRole('button', { name: 'Загрузить и сделать активной' })
    .click()
  await expect(page.getByText('Выберите файл шаблона (.docx).').first()).toBeVisible()
  await expect.poll(() => focused(page)).toContain('Шаблон не загружен')

  // The forecast thresholds: only the threshold typed wrong is marked, its message under it, the focus on it.
  await page.goto('/admin/settings')
  await page.getByLabel('Порог для «4»').fill('четыре')
  await page.getByRole('button', { name: 'Сохранить пороги' }).click()
  const four = page.getByLabel('Порог для «4»')
  await expect(four).toHaveAttribute('aria-invalid', 'true')
  await expect(four).toHaveAccessibleDescription(/«4»/)
  await expect(page.getByLabel('Порог для «5»')).not.toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Порог для «3»')).not.toHaveAttribute('aria-invalid', 'true')
  await expect(four).toBeFocused()
})

test('the compromise report: each refused field is described by its own message', async ({ page }) => {
  await signIn(page, 'secretary')
  await page.goto('/staff/compromise')
  await page.getByRole('button', { name: 'Записать и заблокировать' }).click()
  const login = page.getByLabel('Логин учётной записи')
  await expect(login).toHaveAttribute('aria-invalid', 'true')
  await expect(login).toHaveAccessibleDescription('Укажите логин учётной записи')
  await expect(login).toBeFocused()
})

test('a printed e-diary is the child’s marks and lessons, without the page’s buttons, tabs and period form', async ({ page }) => {
  await signIn(page, 'parent')
  // The parent's home leads to each child's marks of the period («Оценки за период» under each child): the first child's.
  await page.getByRole('link', { name: 'Оценки за период' }).first().click()
  await page.waitForURL(/\/parent\/children\/.*view=period/)
  await expect(page.getByText(/^Период: /)).toBeVisible()
  await page.emulateMedia({ media: 'print' })
  // On paper: the period as text, the subjects with their marks.
  await expect(page.getByText(/^Период: /)).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'Оценки по предметам' })).toBeVisible()
  for (const hidden of [
    page.getByLabel('Период', { exact: true }),
    page.getByRole('link', { name: 'Подать заявление' }),
    page.getByRole('link', { name: '← Мои дети' }),
    page.getByRole('navigation', { name: 'Дневник' }),
  ])
    await expect(hidden).toBeHidden()
  await page.emulateMedia({ media: 'screen' })
  await page.getByRole('link', { name: 'Неделя', exact: true }).click()
  await expect(page.getByRole('navigation', { name: 'Недели' })).toBeVisible()
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByRole('navigation', { name: 'Недели' })).toBeHidden()
  await expect(page.getByRole('heading', { level: 2, name: /^Неделя / })).toBeVisible()
})

test('/admin/bells: emptying a shift asks once more, the focus on the question, and nothing is lost before', async ({ page }) => {
  await signIn(page, 'admin')
  await page.goto('/admin/bells')
  const first = page.getByRole('form', { name: 'Первая смена' })
  const start1 = first.getByLabel('1 урок, начало (первая смена)')
  const kept = await start1.inputValue()
  expect(kept).toMatch(/^\d\d:\d\d$/)
  for (const input of await first.locator('input[name^="start"], input[name^="end"]').all()) await input.fill('')
  await first.getByRole('button', { name: 'Сохранить: первая смена' }).click()
  await expect(first.getByRole('alert')).toContainText('Все поля пусты: первая смена останется без расписания звонков')
  const confirm = first.getByLabel('Удалить расписание звонков смены')
  await expect(confirm).toBeFocused()
  await expect(confirm).not.toBeChecked()
  // Not ticked: the schedule is still there.
  await page.reload()
  await expect(page.getByRole('form', { name: 'Первая смена' }).getByLabel('1 урок, начало (первая смена)')).toHaveValue(kept)
})

test('the pupil card shows each mark’s date, work type and weight as text, not in a tooltip only a mouse reaches', async ({ page }) => {
  await signIn(page, 'responsible')
  await page.goto(`/staff/pupils/${firstPupilId('5А')}`)
  const marks = page.getByRole('region', { name: 'Оценки по предметам: таблица' })
  await expect(marks.locator('caption')).not.toContainText('наведите')
  const first = marks.getByRole('listitem').first()
  await expect(first).toHaveText(/^[2-5зн]\S* \d\d\.\d\d\.\d{4}, [А-ЯЁ][^,]+, вес \d+(,\d+)?$/)
})

test('a card’s heading starts at the card’s padding, without an empty band above it', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 })
  await page.goto(`/s/${await openStatusToken(page)}`)
  const gaps = await page.$$eval('main .card > h2:first-child', (headings) =>
    headings.map((h) => h.getBoundingClientRect().top - h.parentElement!.getBoundingClientRect().top),
  )
  expect(gaps.length).toBeGreaterThan(0)
  for (const gap of gaps) expect(gap).toBeLessThanOrEqual(20) // 1rem of padding and the border
})

test("the education authority's screens at 360 px: the schools' table scrolls in its own region, the header is the authority's", async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 800 })
  await signIn(page, 'authority')
  await expect(page).toHaveURL(/\/authority\/schools$/)
  // The account sits in a school only because every account has one (ADR 057): the header is not that school's.
  await expect(page.locator('.brand')).toContainText('Орган управления образованием')
  await expect(page.locator('.site-footer')).not.toContainText('Средняя общеобразовательная школа')
  const table = page.getByRole('region', { name: 'Школы установки' })
  await expect(table).toBeVisible()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
  // A school made by the demo has no creation record: the cell says so rather than staying blank.
  await expect(table.getByRole('row').nth(1).getByRole('cell').nth(4)).not.toBeEmpty()

  await table
    .getByRole('link', { name: /^Изменить адрес и почтовый ящик/ })
    .first()
    .click()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
  // The TLS box sits on its label's line, not alone above it.
  const box = (await page.getByLabel('Защищённое соединение (TLS)').boundingBox())!
  const label = (await page.locator('label[for="imapTls"]').boundingBox())!
  expect(Math.abs(box.y + box.height / 2 - (label.y + label.height / 2))).toBeLessThan(label.height)
})
