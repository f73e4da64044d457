import { expect, test } from '@playwright/test'
import { signIn } from './fixtures'

// Plain forms: the confirmation of a one-time password works without JavaScript.
test.use({ javaScriptEnabled: false })

test('the administrator confirms a one-time password and cannot reset their own', async ({ page }) => {
  await signIn(page, 'admin')
  await page.goto('/admin/users?q=admin')
  const own = page.getByRole('row', { name: /^admin / })
  await expect(own.getByRole('link', { name: 'Сменить свой пароль' })).toHaveAttribute('href', '/change-password')
  await expect(own.getByRole('link', { name: /Выдать временный пароль/ })).toHaveCount(0)

  await page.goto('/admin/users?q=parent2')
  await page.getByRole('link', { name: 'Выдать временный пароль: parent2' }).click()
  const confirm = page.getByRole('region', { name: /Выдать временный пароль: .*parent2/ })
  await expect(confirm).toContainText('перестанет действовать')
  await confirm.getByRole('link', { name: 'Нет, вернуться' }).click()
  await expect(page).toHaveURL(/\/admin\/users\?q=parent2$/)
  await expect(page.getByRole('row', { name: /parent2/ })).toContainText('действует')

  await page.getByRole('link', { name: 'Выдать временный пароль: parent2' }).click()
  await page.getByRole('button', { name: 'Да, выдать временный пароль' }).click()
  await expect(page.getByRole('status')).toContainText('Временный пароль для parent2')
  await expect(page.getByRole('row', { name: /parent2/ })).toContainText('временный пароль')
})
