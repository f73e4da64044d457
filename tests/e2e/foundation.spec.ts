import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { demoLogins, e2eDb, signIn } from './fixtures'

test('every demo login reaches its own home page with real data', async ({ page }) => {
  const logins = demoLogins()
  const conn = e2eDb()
  const classCount = (conn.prepare('SELECT count(*) AS n FROM SchoolClass').get() as { n: number }).n
  conn.close()
  expect(classCount).toBe(22)
  for (const l of logins.filter((x) => x.login !== 'newparent')) {
    await signIn(page, l.login, l.password)
    await expect(page.getByRole('banner')).toContainText(l.name)
    if (['director', 'responsible', 'deputy', 'secretary'].includes(l.login)) {
      await expect(page).toHaveURL(/\/staff$/)
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('МОУ «СОШ № 8»')
      await expect(page.locator('table tbody tr')).toHaveCount(classCount)
    } else if (l.login === 'admin') {
      await expect(page).toHaveURL(/\/admin$/)
      // The count's word agrees with it: «7 902 урока», «7 905 уроков», «7 901 урок».
      await expect(page.getByText(/\d+ урок(а|ов)?,/)).toBeVisible()
    } else if (l.role.startsWith('Классный руководитель')) {
      await expect(page).toHaveURL(/\/teacher$/)
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Класс 5А')
      expect(await page.locator('table').first().locator('tbody tr').count()).toBeGreaterThan(20)
    } else if (l.login === 'authority') {
      // The education authority's administrator (ADR 057): the schools of the installation, no school's pages.
      await expect(page).toHaveURL(/\/authority\/schools$/)
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Школы')
      await expect(page.getByRole('table', { name: 'Школы установки' })).toContainText('МОУ «СОШ № 8»')
    } else if (l.role === 'Учитель-предметник') {
      await expect(page).toHaveURL(/\/teacher$/)
      await expect(page.getByRole('heading', { name: 'Мои уроки по расписанию' })).toBeVisible()
      expect(await page.locator('table tbody tr').count()).toBeGreaterThan(0)
    } else {
      await expect(page).toHaveURL(/\/parent$/)
      expect(await page.getByRole('heading', { level: 2 }).count()).toBeGreaterThan(0)
    }
    await page.getByRole('button', { name: 'Выйти' }).click()
    await expect(page).toHaveURL(/\/login/)
  }
})

test('wrong password: a Russian message, no session', async ({ page }) => {
  await page.goto('/login')
  await page.getByLabel('Логин').fill('director')
  await page.getByLabel('Пароль').fill('не-тот-пароль1')
  await page.getByRole('button', { name: 'Войти' }).click()
  await expect(page.getByRole('alert')).toHaveText('Неверный логин или пароль.')
  await page.goto('/staff')
  await expect(page).toHaveURL(/\/login/)
})

test('a one-time password forces a new password before anything else', async ({ page }) => {
  await signIn(page, 'newparent', 'vremya2026')
  await expect(page).toHaveURL(/\/change-password/)
  await page.goto('/parent')
  await expect(page).toHaveURL(/\/change-password/)
  await page.getByLabel('Одноразовый пароль').fill('vremya2026')
  await page.getByLabel('Новый пароль', { exact: true }).fill('кор1')
  await page.getByLabel('Новый пароль ещё раз').fill('кор1')
  await page.getByRole('button', { name: 'Сохранить пароль' }).click()
  await expect(page.getByText('Пароль должен быть не короче 10 символов')).toBeVisible()
  await page.getByLabel('Одноразовый пароль').fill('vremya2026')
  await page.getByLabel('Новый пароль', { exact: true }).fill('мойПароль2026')
  await page.getByLabel('Новый пароль ещё раз').fill('мойПароль2026')
  await page.getByRole('button', { name: 'Сохранить пароль' }).click()
  await expect(page).toHaveURL(/\/parent/)
  await expect(page.getByRole('status')).toHaveText('Пароль изменён.')
})

test('a parent cannot open another family’s child by changing the id in the address', async ({ page }) => {
  await signIn(page, 'parent')
  const own = page.locator('main h2 a').first()
  const ownName = await own.textContent()
  await own.click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ownName!)
  const conn = e2eDb()
  const stranger = conn
    .prepare(
      'SELECT p.id, p.lastName FROM Pupil p WHERE p.id NOT IN (SELECT l.pupilId FROM GuardianLink l JOIN Guardian ' +
        `g ON g.id = l.guardianId JOIN User u ON u.id = g.userId WHERE u.login = 'parent') LIMIT 1`,
    )
    .get() as { id: string; lastName: string }
  conn.close()
  const response = await page.goto(`/parent/children/${stranger.id}`)
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Страница не найдена')
  await expect(page.locator('main')).not.toContainText(stranger.lastName)
  const staff = await page.goto('/staff')
  expect(staff?.status()).toBe(403)
})

test('public and parent pages pass axe and work at 320 px', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 })
  for (const path of ['/', '/login']) {
    await page.goto(path)
    const result = await new AxeBuilder({ page }).analyze()
    expect(result.violations.map((v) => v.id)).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
  }
  await signIn(page, 'parent')
  const result = await new AxeBuilder({ page }).analyze()
  expect(result.violations.map((v) => v.id)).toEqual([])
  await page.goto('/parent')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Перейти к содержанию' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.locator('main')).toBeFocused()
})

test('the import page says in Russian that a file must be chosen, and points to no file of the code repository', async ({ page }) => {
  await signIn(page, 'admin')
  await page.goto('/admin/import')
  await expect(page.locator('main')).not.toContainText('docs/import.md')
  await page.getByRole('button', { name: 'Проверить файл' }).click()
  await expect(page.getByRole('alert')).toHaveText('Выберите файл')
})
