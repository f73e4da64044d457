// Положение 3.1, 4.3.7: the class teacher of 5А forms the e-diary credentials of one parent and downloads them.
import fs from 'node:fs'
import PizZip from 'pizzip'
import { expect, test } from '@playwright/test'
import { e2eDb, signIn } from './fixtures'

test('class teacher: credentials of one guardian download as a Word file whose password signs the parent in', async ({ page, browser }) => {
  const conn = e2eDb()
  const cls = conn.prepare(`SELECT id FROM SchoolClass WHERE name = '5А'`).get() as { id: string }
  conn.close()
  await signIn(page, 'popova.ym')
  await page.goto(`/teacher/classes/${cls.id}`)
  const section = page.getByRole('region', { name: 'Реквизиты доступа к электронному дневнику' })
  await expect(section.getByText('пароли показаны один раз', { exact: false })).toBeVisible()
  // Everyone without an account is chosen by default: keep only the first guardian who may get credentials
  // (a guardian whose status is not confirmed by a document cannot be chosen).
  const boxes = section.getByRole('checkbox', { disabled: false })
  const count = await boxes.count()
  expect(count).toBeGreaterThan(10)
  await boxes.first().check()
  for (let i = 1; i < count; i++) await boxes.nth(i).uncheck()
  const label = (await boxes.first().getAttribute('aria-label')) ?? ''
  const guardianName = label.replace('Выдать реквизиты: ', '')
  await expect(section.getByText('Выбрано: 1.')).toBeVisible()

  const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Сформировать реквизиты' }).click()])
  expect(download.suggestedFilename()).toMatch(/^Реквизиты доступа 5А \d\d\.\d\d\.\d{4}\.docx$/)
  const xml = new PizZip(fs.readFileSync(await download.path())).file('word/document.xml')?.asText() ?? ''
  const text = xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '')
  expect(text).toContain(`Законный представитель: ${guardianName}`)
  expect(text).toContain('ВЕДОМОСТЬ')
  const loginName = /\nЛогин\n(\S+)\n/.exec(text)![1]
  const password = /\nВременный \(одноразовый\) пароль\n(\S+)\n/.exec(text)![1]

  // The page stays; refreshed, it shows the new account.
  await section.getByRole('link', { name: 'Обновить список' }).click()
  await expect(section.getByRole('row', { name: new RegExp(guardianName) })).toContainText('выдан временный пароль, ещё не входил')

  // The parent signs in with the sheet and is asked for a password of their own.
  const parent = await browser.newPage()
  await signIn(parent, loginName, password)
  await expect(parent).toHaveURL(/\/change-password/)
  await parent.close()
})
