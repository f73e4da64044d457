import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { signIn } from './fixtures'

// ADR 093: the administrator asks, the director confirms with the signing password. A new account of the
// administrator's making gets the secretary's role (it reads applications) only at the director's confirmation, and
// its one-time password is shown to the director, not to the administrator.
const LOGIN = 'zaharova.e2e'

async function confirmAsDirector(page: Page, heading: RegExp) {
  await page.context().clearCookies()
  await signIn(page, 'director')
  await page.goto('/staff/access')
  const card = page.getByRole('region', { name: heading })
  await expect(card).toBeVisible()
  return card
}

test('a reading role and its password wait for the director; the administrator never sees the password', async ({ page }) => {
  await signIn(page, 'admin')
  await page.goto('/admin/import')
  await page.getByLabel('Вид файла').selectOption({ label: 'Сотрудники и роли' })
  const csv = ['Фамилия;Имя;Отчество;Должность;Логин;Роли', `Захарова;Елена;Петровна;Секретарь учебной части;${LOGIN};Секретарь`].join(
    '\r\n',
  )
  await page.getByLabel('Файл', { exact: true }).setInputFiles({ name: 'сотрудники.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await page.getByRole('button', { name: 'Проверить файл' }).click()
  await expect(page.getByRole('table', { name: 'Предупреждения' })).toContainText('Роль «Секретарь» открывает заявления')
  await page.getByRole('button', { name: 'Загрузить в журнал' }).click()
  await expect(page.getByText('Данные записаны в журнал.')).toBeVisible()
  await page.goto(`/admin/users?q=${LOGIN}`)
  await expect(page.getByRole('row', { name: new RegExp(LOGIN) })).toContainText('роль ждёт подтверждения')

  // The director: a wrong password is refused in Russian, the right one gives the role.
  let card = await confirmAsDirector(page, /Назначить роль: .*zaharova\.e2e/)
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([])
  await card.getByLabel('Ваш пароль (подпись)').fill('не тот пароль')
  await card.getByRole('button', { name: 'Подтвердить' }).click()
  await expect(page.getByRole('alert')).toHaveText('Пароль введён неверно — доступ не подтверждён.')
  card = page.getByRole('region', { name: /Назначить роль: .*zaharova\.e2e/ })
  await card.getByLabel('Ваш пароль (подпись)').fill('demo2026')
  await card.getByRole('button', { name: 'Подтвердить' }).click()
  // The role comes with a one-time password shown to the director: no password anyone else saw reads applications.
  await expect(page.getByRole('status')).toContainText(`Учётной записи ${LOGIN} назначены роли: запрос подтверждён.`)
  await expect(page.getByRole('status')).toContainText(`Временный пароль для ${LOGIN}:`)

  // The administrator asks for a one-time password: only a request, no password on the screen.
  await page.context().clearCookies()
  await signIn(page, 'admin')
  await page.goto(`/admin/users?q=${LOGIN}`)
  await page.getByRole('link', { name: `Выдать временный пароль: ${LOGIN}` }).click()
  await expect(page.getByRole('region', { name: new RegExp(LOGIN) })).toContainText('запрос подтверждает директор')
  await page.getByRole('button', { name: 'Да, запросить временный пароль' }).click()
  await expect(page.getByRole('status')).toContainText(`Запрос временного пароля для ${LOGIN} отправлен`)
  await expect(page.locator('code')).toHaveCount(0)

  // The director confirms and is shown the password once; it signs the new employee in.
  card = await confirmAsDirector(page, /Выдать временный пароль: .*zaharova\.e2e/)
  await card.getByLabel('Ваш пароль (подпись)').fill('demo2026')
  await card.getByRole('button', { name: 'Подтвердить' }).click()
  await expect(page.getByRole('status')).toContainText(`Временный пароль для ${LOGIN}:`)
  const password = (await page.getByRole('status').locator('code').textContent()) ?? ''
  expect(password.length).toBeGreaterThan(5)
  await page.context().clearCookies()
  await signIn(page, LOGIN, password)
  await expect(page).toHaveURL(/\/change-password/)
})
