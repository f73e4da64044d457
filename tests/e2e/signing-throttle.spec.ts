// Issue 13 item 5: the director's signing password is throttled like the sign-in form — wrong guesses are slowed
// with a growing delay and said so in Russian, and the director still signs once the short delay has passed.
import { expect, test, type Page } from '@playwright/test'
import { e2eDb, pupilOf, signIn } from './fixtures'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

async function act(page: Page, button: string) {
  await page.getByRole('button', { name: button, exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: /./ }).first()).toBeVisible()
}

test('wrong signing passwords are slowed down and audited; the director signs after the delay', async ({ page }) => {
  await signIn(page, 'responsible')
  await page.goto('/staff/intake/post')
  const pupil = pupilOf('6А', 2)
  const search = page.getByLabel('Фамилия обучающегося или родителя (и, через пробел, имя)')
  await search.focus()
  await page.keyboard.type(`${pupil.lastName} ${pupil.firstName}`)
  await page
    .locator('#journal-results button', { hasText: `— ${pupil.lastName} ${pupil.firstName}` })
    .first()
    .click()
  await expect(page.getByLabel('Фамилия обучающегося', { exact: true })).toHaveValue(pupil.lastName)
  await page.getByLabel(/о расписании занятий/).check()
  await page.getByLabel(/Скан заявления/).setInputFiles({ name: 'скан.pdf', mimeType: 'application/pdf', buffer: PDF })
  await page.getByLabel('Документ, удостоверяющий личность', { exact: true }).fill('паспорт 6310 123456, выдан 01.02.2015')
  await page.getByLabel(/в письме есть копия документа, удостоверяющего личность/).check()
  await page.getByRole('button', { name: 'Зарегистрировать' }).click()
  await expect(page.getByRole('heading', { name: /Заявление зарегистрировано № \d+/ })).toBeVisible()
  await page.getByRole('link', { name: 'Открыть заявление' }).click()
  await expect(page).toHaveURL(/\/staff\/applications\/app_/)
  const url = page.url()
  await act(page, 'Принять к рассмотрению')
  await act(page, 'Передать директору')
  await expect(page.getByText('У директора')).toBeVisible()
  await page.getByRole('button', { name: 'Выйти' }).click()
  await expect(page).toHaveURL(/\/login/)

  await signIn(page, 'director')
  await page.goto(url)
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Пароль для подписи решения').fill(`guess-${i}-pass`)
    await page.getByRole('button', { name: 'Подписать решение', exact: true }).click()
    await expect(page.getByText('Пароль для подписи введён неверно — решение не принято').first()).toBeVisible()
  }
  await page.getByLabel('Пароль для подписи решения').fill('demo2026')
  await page.getByRole('button', { name: 'Подписать решение', exact: true }).click()
  const notice = page.getByText(/Слишком много неудачных попыток ввода пароля\. Следующая попытка — через \d+ секунд/).first()
  await expect(notice).toBeVisible()

  // A delay, not a lock: once the seconds the message names have passed, the right password signs.
  const seconds = Number(/через (\d+) секунд/.exec((await notice.textContent()) ?? '')![1])
  expect(seconds).toBeGreaterThan(0)
  expect(seconds).toBeLessThanOrEqual(10)
  await page.waitForTimeout(seconds * 1000 + 250) // the server's own delay, as the director is told it
  await page.getByLabel('Пароль для подписи решения').fill('demo2026')
  await act(page, 'Подписать решение')
  await expect(page.getByText('Решено предоставить', { exact: true })).toBeVisible()

  const conn = e2eDb()
  try {
    const audited = conn
      .prepare(
        `SELECT action, COUNT(*) AS n FROM AuditEvent WHERE action IN ('wrong-password:signature', 'throttle:password') GROUP BY action ORDER BY action`,
      )
      .all()
    expect(audited).toEqual([
      { action: 'throttle:password', n: 1 },
      { action: 'wrong-password:signature', n: 5 },
    ])
  } finally {
    conn.close()
  }
})
