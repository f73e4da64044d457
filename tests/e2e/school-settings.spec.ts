import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { signIn } from './fixtures'

test('the administrator sets the school’s forecast thresholds; a bad value is refused in Russian; the page passes axe', async ({
  page,
}) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await signIn(page, 'admin')
  await page.goto('/admin')
  await page.getByRole('link', { name: /Настройки школы/ }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Настройки школы')
  await expect(page.getByLabel('Порог для «5»')).toHaveValue('4,6')

  await page.getByLabel('Порог для «4»').fill('4,7')
  await page.getByRole('button', { name: 'Сохранить пороги' }).click()
  await expect(page.getByRole('alert')).toContainText('Пороги должны убывать')
  await expect(page.getByLabel('Порог для «4»')).toHaveValue('4,7')

  await page.getByLabel('Порог для «4»').fill('3,5')
  await page.getByRole('button', { name: 'Сохранить пороги' }).click()
  await expect(page.getByRole('status')).toHaveText('Пороги прогноза сохранены')
  await page.reload()
  await expect(page.getByLabel('Порог для «4»')).toHaveValue('3,5')
  await page.setViewportSize({ width: 320, height: 800 })
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([])
  expect(errors).toEqual([])
  // Back to the school's default, so later specs see the usual forecast.
  await page.getByLabel('Порог для «4»').fill('3,6')
  await page.getByRole('button', { name: 'Сохранить пороги' }).click()
  await expect(page.getByRole('status')).toHaveText('Пороги прогноза сохранены')
})
