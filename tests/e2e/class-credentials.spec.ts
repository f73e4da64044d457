// Положение 3.1, 4.3.7: the class teacher of 5А forms the e-diary credentials of one parent and downloads them.
// Issue 19.3: nothing is ticked by default; after the download the issued parent shows as issued and unticked;
// issuing again a password that works asks first, naming whose password stops working.
import fs from 'node:fs'
import PizZip from 'pizzip'
import { expect, test, type Download, type Page } from '@playwright/test'
import { e2eDb, signIn } from './fixtures'

async function sheet(download: Download) {
  const xml = new PizZip(fs.readFileSync(await download.path())).file('word/document.xml')?.asText() ?? ''
  const text = xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '')
  return { text, login: /\nЛогин\n(\S+)\n/.exec(text)![1], password: /\nВременный \(одноразовый\) пароль\n(\S+)\n/.exec(text)![1] }
}

async function tryPassword(page: Page, login: string, password: string) {
  await page.goto('/login')
  await page.getByLabel('Логин').fill(login)
  await page.getByLabel('Пароль').fill(password)
  await page.getByRole('button', { name: 'Войти' }).click()
}

/** A screenshot at 1280 and at 360 px kept in the test's output folder and its report (issue 19: screens at both widths). */
async function shots(page: Page, name: string) {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 })
    const file = test.info().outputPath(`${name}-${width}.png`)
    await page.screenshot({ path: file, fullPage: true })
    await test.info().attach(`${name}-${width}`, { path: file, contentType: 'image/png' })
  }
  await page.setViewportSize({ width: 1280, height: 720 })
}

test('class teacher: credentials of one guardian download as a Word file whose password signs the parent in', async ({ page, browser }) => {
  const conn = e2eDb()
  const cls = conn.prepare(`SELECT id FROM SchoolClass WHERE name = '5А'`).get() as { id: string }
  conn.close()
  await signIn(page, 'popova.ym')
  await page.goto(`/teacher/classes/${cls.id}`)
  const section = page.getByRole('region', { name: 'Реквизиты доступа к электронному дневнику' })
  await expect(section.getByText('пароли показаны один раз', { exact: false })).toBeVisible()
  // Nothing is ticked by default (a guardian whose status is not confirmed by a document cannot be ticked at all).
  expect(await section.getByRole('checkbox', { disabled: false }).count()).toBeGreaterThan(10)
  await expect(section.getByRole('checkbox', { checked: true })).toHaveCount(0)
  await expect(section.getByText('Выбрано: 0.')).toBeVisible()
  await shots(page, 'credentials-nothing-ticked')

  // Tick one guardian without an account.
  const row = section
    .getByRole('row')
    .filter({ hasText: 'нет учётной записи' })
    .filter({ has: page.getByRole('checkbox', { disabled: false }) })
    .first()
  const box = row.getByRole('checkbox')
  const guardianName = ((await box.getAttribute('aria-label')) ?? '').replace('Выдать реквизиты: ', '')
  await box.check()
  await expect(section.getByText('Выбрано: 1.')).toBeVisible()

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    section.getByRole('button', { name: 'Сформировать реквизиты' }).click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^Реквизиты доступа 5А \d\d\.\d\d\.\d{4}\.docx$/)
  const first = await sheet(download)
  expect(first.text).toContain(`Законный представитель: ${guardianName}`)
  expect(first.text).toContain('ВЕДОМОСТЬ')

  // Without a reload: the guardian shows as issued, and is no longer ticked.
  const issuedRow = section.getByRole('row', { name: new RegExp(guardianName) })
  await expect(issuedRow).toContainText('выдан временный пароль, ещё не входил')
  await expect(issuedRow).toContainText('реквизиты выданы сейчас')
  await expect(issuedRow.getByRole('checkbox')).not.toBeChecked()
  await expect(section.getByText('Выбрано: 0.')).toBeVisible()
  await shots(page, 'credentials-issued-unticked')

  // Issuing again asks first and names whose password stops working; «Отмена» changes nothing.
  await issuedRow.getByRole('checkbox').check()
  await section.getByRole('button', { name: 'Сформировать реквизиты' }).click()
  const dialog = section.getByRole('alertdialog', { name: 'Выдать пароли заново?' })
  await expect(dialog).toContainText(`Перестанут действовать пароли: ${guardianName} (${first.login})`)
  await shots(page, 'credentials-reissue-confirmation')
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'Отмена' }).click()
  await expect(dialog).toBeHidden()

  // The parent signs in with the first sheet and is asked for a password of their own.
  const parent = await browser.newPage()
  await signIn(parent, first.login, first.password)
  await expect(parent).toHaveURL(/\/change-password/)

  // Confirmed: a new sheet; the first password no longer works.
  await section.getByRole('button', { name: 'Сформировать реквизиты' }).click()
  const [again] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Да, выдать новые пароли' }).click(),
  ])
  const second = await sheet(again)
  expect(second.login).toBe(first.login)
  expect(second.password).not.toBe(first.password)
  await expect(issuedRow.getByRole('checkbox')).not.toBeChecked()

  const other = await browser.newPage()
  await tryPassword(other, first.login, first.password)
  await expect(other.getByText('Неверный логин или пароль.')).toBeVisible()
  await signIn(other, second.login, second.password)
  await expect(other).toHaveURL(/\/change-password/)
  await parent.close()
  await other.close()
})
