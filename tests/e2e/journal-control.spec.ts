// The journal's control screens (ADR 049, 050): the bell schedule per shift (/admin/bells, the ЭЖ administrator) and
// the lessons given against the plan (/staff/curriculum, the deputy director) and the journal reports (attendance by
// month, сводная ведомость; a class teacher's for their class, ADR 068) pass axe and do not scroll sideways,
// at 320 px and 1280 px.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { demoLogins, signIn } from './fixtures'

async function checkPage(page: Page, width: number) {
  const result = await new AxeBuilder({ page }).analyze()
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
}

for (const width of [320, 1280]) {
  test(`/admin/bells, /staff/curriculum and the journal reports pass axe at ${width} px`, async ({ page }) => {
    test.setTimeout(120_000)
    await page.setViewportSize({ width, height: 900 })
    await signIn(page, 'admin')
    await page.goto('/admin/bells')
    await expect(page.getByRole('heading', { level: 1, name: 'Расписание звонков' })).toBeVisible()
    await expect(page.getByLabel('1 урок, начало (первая смена)')).toHaveValue('08:30')
    await checkPage(page, width)

    await page.context().clearCookies()
    await signIn(page, 'deputy')
    await page.goto('/staff/curriculum')
    await expect(page.getByRole('heading', { level: 1, name: 'Статистика проведённых занятий' })).toBeVisible()
    await page.getByLabel('Класс').selectOption({ label: '5А' })
    await page.getByRole('button', { name: 'Показать' }).click()
    await expect(page).toHaveURL(/class=/)
    await checkPage(page, width)

    // The journal reports (Положение 4.3.8, 4.6.3): attendance by month and the сводная ведомость.
    await page.goto('/staff/reports/attendance')
    await expect(page.getByRole('heading', { level: 1, name: 'Посещаемость за месяц' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Скачать отчёт (Word)' })).toBeVisible()
    await checkPage(page, width)
    await page.goto('/staff/reports/results')
    await expect(page.getByRole('heading', { level: 1, name: 'Сводная ведомость успеваемости' })).toBeVisible()
    await page.getByLabel('Класс').selectOption({ label: '5А' })
    await page.getByRole('button', { name: 'Показать' }).click()
    await expect(page.getByRole('heading', { level: 2, name: 'Итоги по предметам' })).toBeVisible()
    await checkPage(page, width)

    // A class teacher (ADR 068): «Отчёты» in the menu, each report on the class they lead, only it in the chooser.
    await page.context().clearCookies()
    await signIn(page, demoLogins().find((l) => l.role === 'Классный руководитель 5А')!.login)
    await page.goto('/staff/reports')
    await expect(page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Отчёты', exact: true })).toHaveCount(1)
    await expect(page.getByRole('heading', { level: 2, name: '5А класс' })).toBeVisible()
    await checkPage(page, width)
    await page.getByRole('link', { name: 'Посещаемость за месяц' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Посещаемость за месяц' })).toBeVisible()
    await expect(page.getByLabel('Класс').locator('option')).toHaveText(['5А'])
    await checkPage(page, width)
  })
}
