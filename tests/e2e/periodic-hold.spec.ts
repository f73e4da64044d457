// ADR 091 in the browser: a weekly application by post is handed over; weeks later the school removes the applicant
// from the pupil's record. The worker holds the week's extract (no document, no letter) and the responsible employee
// sees, on the application page, which extract was not sent and why. The two changes no screen makes (the first
// hand-over weeks ago, the journal's link removed, as an import does) are written to the server's database.
import path from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from '@playwright/test'
import { pupilOf, signIn, weeklyByPostHandedOver } from './fixtures'

function writableDb() {
  const conn = new Database(path.resolve(__dirname, '..', '.tmp', `e2e-${process.env.E2E_PORT ?? 3101}.db`), { fileMustExist: true })
  conn.pragma('busy_timeout = 10000')
  return conn
}

test('a held periodic extract: the application page names the week and why it was not sent', async ({ page }) => {
  test.setTimeout(120_000)
  const id = await weeklyByPostHandedOver(page, pupilOf('8А', 2), '41001283777777')

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
