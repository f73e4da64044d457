// ADR 091 in the browser: a weekly application by post is handed over; weeks later the school removes the applicant
// from the pupil's record. The worker holds the week's extract (no document, no letter) and the responsible employee
// sees, on the application page, which extract was not sent and why. The two changes no screen makes (the first
// hand-over weeks ago, the journal's link removed, as an import does) are written to the server's database.
import path from 'node:path'
import Database from 'better-sqlite3'
import { expect, test, type Page } from '@playwright/test'
import { identityDocument, pupilOf, signIn } from './fixtures'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

function writableDb() {
  const conn = new Database(path.resolve(__dirname, '..', '.tmp', `e2e-${process.env.E2E_PORT ?? 3101}.db`), { fileMustExist: true })
  conn.pragma('busy_timeout = 10000')
  return conn
}

async function act(page: Page, button: string) {
  await page.getByRole('button', { name: button, exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: /./ }).first()).toBeVisible()
}

test('a held periodic extract: the application page names the week and why it was not sent', async ({ page }) => {
  test.setTimeout(120_000)
  const pupil = pupilOf('8А', 2)
  await signIn(page, 'responsible')
  await page.goto('/staff/intake/post')
  const search = page.getByLabel('Фамилия обучающегося или родителя (и, через пробел, имя)')
  await search.focus()
  await page.keyboard.type(`${pupil.lastName} ${pupil.firstName}`)
  const wanted = `— ${pupil.lastName} ${pupil.firstName}, ${pupil.className}`
  const results = page.locator('#journal-results button')
  await expect(results.filter({ hasText: wanted }).first()).toBeVisible()
  await results.filter({ hasText: wanted }).first().click()
  await page.getByLabel(/о посещаемости/).check()
  await page.getByLabel('еженедельно').check()
  await page.getByLabel(/Скан заявления/).setInputFiles({ name: 'скан.pdf', mimeType: 'application/pdf', buffer: PDF })
  await identityDocument(page, { copy: true })
  await page.getByRole('button', { name: 'Зарегистрировать' }).click()
  await page.getByRole('link', { name: 'Открыть заявление' }).click()
  await expect(page).toHaveURL(/\/staff\/applications\/app_/)
  const id = /\/staff\/applications\/(app_[^/?#]+)/.exec(page.url())?.[1] as string
  await act(page, 'Принять к рассмотрению')
  await act(page, 'Передать директору')
  await page.getByRole('button', { name: 'Выйти' }).click()
  await signIn(page, 'director')
  await page.goto(`/staff/applications/${id}`)
  await page.getByLabel('Пароль для подписи решения').fill('demo2026')
  await act(page, 'Подписать решение')
  await act(page, 'Начать отправку')
  await expect(async () => {
    await page.reload()
    await expect(page.getByRole('link', { name: /^Выписка № \d+\.docx$/ })).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 40_000 })
  await page.getByLabel('Почтовый идентификатор (трек-номер)').fill('41001283777777')
  await act(page, 'Отметить вручение')
  await expect(page.getByText('Периодическое предоставление', { exact: true }).first()).toBeVisible()
  await page.getByRole('button', { name: 'Выйти' }).click()

  // Three weeks later (the first hand-over moved back) the school has removed the family's link from the record.
  const conn = writableDb()
  try {
    conn
      .prepare(
        `UPDATE ApplicationEvent SET at = CASE typeof(at) WHEN 'integer' THEN at - 21 * 86400000 ` +
          `ELSE strftime('%Y-%m-%dT%H:%M:%fZ', at, '-21 days') END WHERE applicationId = ? AND event = 'DELIVER'`,
      )
      .run(id)
    conn.prepare('DELETE FROM GuardianLink WHERE pupilId = (SELECT pupilId FROM Application WHERE id = ?)').run(id)
  } finally {
    conn.close()
  }

  await signIn(page, 'responsible')
  await page.goto(`/staff/applications/${id}`)
  const deliveries = page.getByRole('region', { name: 'Предоставления' })
  await expect(async () => {
    await page.reload()
    await expect(deliveries.getByText(/^Выписка не сформирована:/).first()).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 40_000 })
  const held = deliveries.getByRole('row').filter({ hasText: 'Выписка не сформирована' }).first()
  await expect(held).toContainText('заявителя больше нет среди родителей (законных представителей)')
  await expect(held).toContainText('пока журнал снова не подтвердит заявителя законным представителем')
  // Held on purpose, not broken: «не направлена», not «ошибка».
  await expect(held).toContainText('⏸ не направлена')
  await expect(held).not.toContainText('ошибка')
  // The row names the week it is for (dd.MM.yyyy), and no document was made for it.
  await expect(held.getByRole('cell').nth(1)).toHaveText(/^\d{2}\.\d{2}\.\d{4}\s*–\s*\d{2}\.\d{2}\.\d{4}$/)
  await expect(held.getByRole('link', { name: 'документ' })).toHaveCount(0)
})
