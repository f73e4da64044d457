import { expect, test } from '@playwright/test'
import { demoLogins, e2eDb, signIn } from './fixtures'

/** A teacher's account no other spec signs in with: its password is reset here. */
function spareLogin(): string {
  const taken = new Set(demoLogins().map((l) => l.login))
  const conn = e2eDb()
  const rows = conn
    .prepare(
      `SELECT u.login AS login FROM User u JOIN UserRole r ON r.userId = u.id WHERE r.role = 'teacher'
        AND u.id NOT IN (SELECT userId FROM UserRole WHERE role = 'class_teacher') ORDER BY u.login`, // ADR 114: not a class teacher's
    )
    .all() as Array<{ login: string }>
  conn.close()
  const login = rows.map((r) => r.login).find((l) => !taken.has(l))
  if (!login) throw new Error('нет свободной учётной записи учителя')
  return login
}

// Plain forms: the confirmation of a one-time password works without JavaScript.
test.use({ javaScriptEnabled: false })

test('the administrator confirms a one-time password and cannot reset their own', async ({ page }) => {
  await signIn(page, 'admin')
  await page.goto('/admin/users?q=admin')
  const own = page.getByRole('row', { name: /^admin / })
  await expect(own.getByRole('link', { name: 'Сменить свой пароль' })).toHaveAttribute('href', '/change-password')
  await expect(own.getByRole('link', { name: /Выдать временный пароль/ })).toHaveCount(0)

  const login = spareLogin()
  await page.goto(`/admin/users?q=${login}`)
  await page.getByRole('link', { name: `Выдать временный пароль: ${login}` }).click()
  const confirm = page.getByRole('region', { name: new RegExp(`Выдать временный пароль: .*${login}`) })
  await expect(confirm).toContainText('перестанет действовать')
  await confirm.getByRole('link', { name: 'Нет, вернуться' }).click()
  await expect(page).toHaveURL(new RegExp(`/admin/users\\?q=${login.replace('.', '\\.')}$`))
  await expect(page.getByRole('row', { name: new RegExp(login) })).toContainText('действует')

  await page.getByRole('link', { name: `Выдать временный пароль: ${login}` }).click()
  await page.getByRole('button', { name: 'Да, выдать временный пароль' }).click()
  await expect(page.getByRole('status')).toContainText(`Временный пароль для ${login}`)
  await expect(page.getByRole('row', { name: new RegExp(login) })).toContainText('временный пароль')
})
