// The parent's e-diary (Порядок 2.5, Положение 2.5): the week view first, the previous week, then the marks by
// subject of the last quarter with a mark and its final marks; lessons with their times from the bell schedule and
// homework with its due day; at 320 px and 1280 px, axe-clean, no sideways scroll.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { signIn } from './fixtures'

async function checkPage(page: Page, width: number) {
  const result = await new AxeBuilder({ page }).analyze()
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
}

for (const width of [320, 1280]) {
  test(`the week, the previous week and last quarter’s marks at ${width} px`, async ({ page }) => {
    // Four axe runs over long pages (a week of lessons, the period with its control works, teachers and holidays):
    // on a shared 2-core machine the first, cold run needs more than the default minute.
    test.setTimeout(150_000)
    await page.setViewportSize({ width, height: 900 })
    await signIn(page, 'parent')
    const own = page.locator('main h2 a').first()
    const name = (await own.textContent())!
    await own.click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name)

    // The week view is the default; today is marked.
    const weekHeading = page.getByRole('heading', { level: 2, name: /^Неделя \d\d\.\d\d\.\d{4} — \d\d\.\d\d\.\d{4}$/ })
    await expect(weekHeading).toBeVisible()
    await expect(page.locator('[aria-current="date"]')).toHaveCount(1)
    await expect(page.locator('[aria-current="date"] h3')).toContainText('сегодня')
    await checkPage(page, width)
    const thisWeek = (await weekHeading.textContent())!

    await page.getByRole('link', { name: '← Предыдущая неделя' }).click()
    await expect(page).toHaveURL(/\?week=\d{4}-\d\d-\d\d$/)
    await expect(weekHeading).not.toHaveText(thisWeek)
    await expect(page.locator('[aria-current="date"]')).toHaveCount(0)
    // A school week has lessons with topics and marks shown as chips with the work type and weight.
    await expect(page.locator('li.lesson').first()).toBeVisible()
    await expect(page.locator('li.lesson', { hasText: 'Тема:' }).first()).toBeVisible()
    // Each lesson with its time from the school's bell schedule (расписание звонков); the first rings at 08:30.
    await expect(page.locator('li.lesson .lesson-head strong', { hasText: /^1 урок · 08:30–09:15 · / }).first()).toBeVisible()
    const heads = await page.locator('li.lesson .lesson-head strong').allTextContents()
    expect(heads.length).toBeGreaterThan(10)
    for (const head of heads) expect(head).toMatch(/^\d урок · \d\d:\d\d–\d\d:\d\d · \S/)
    // Homework carries its due day, and a day lists what was set for it at an earlier lesson.
    await expect(page.getByText(/^Домашнее задание \(к \d\d\.\d\d\.\d{4}\):$/).first()).toBeVisible()
    await expect(page.getByText('Задано на этот день:').first()).toBeVisible()
    await checkPage(page, width)

    await page.getByRole('link', { name: 'Оценки за период' }).click()
    await expect(page.getByRole('heading', { level: 2, name: 'Оценки по предметам' })).toBeVisible()
    await expect(page.getByRole('heading', { level: 2, name: 'Посещаемость' })).toBeVisible()
    await page.getByLabel('Период').selectOption({ label: '1 четверть' })
    await page.getByRole('button', { name: 'Показать' }).click()
    await expect(page).toHaveURL(/view=period&period=/)
    await expect(page.getByText(/^Период: 1 четверть/)).toBeVisible()
    const chip = page.locator('ul.chips li.chip').first()
    await expect(chip.locator('.mark')).toHaveText(/^([2-5]|зачёт|незачёт)$/)
    await expect(chip).toContainText(/вес \d/)
    await expect(page.getByText('Итоговые отметки').first()).toBeVisible()
    await expect(page.locator('ul.subjects dd', { hasText: /1 четверть: [2-5]/ }).first()).toBeVisible()
    await checkPage(page, width)
  })
}
