// The mail screens hydrate and render their letters in the browser: the incoming letter for the responsible
// employee, the outgoing one for the ЭЖ administrator. Values of `*.server` modules are undefined in the
// browser bundle: a label map imported from one broke these pages as soon as a letter was listed.
import { expect, test, type Page } from '@playwright/test'
import { signIn } from './fixtures'

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')

function eml(args: { fromName: string; from: string; subject: string; text: string }) {
  const id = `<e2e-${Date.now()}-${Math.random().toString(36).slice(2)}@example.ru>`
  return Buffer.from(
    [
      `From: =?UTF-8?B?${b64(args.fromName)}?= <${args.from}>`,
      'To: school8@example.org',
      `Subject: =?UTF-8?B?${b64(args.subject)}?=`,
      `Date: ${new Date(Date.now() - 3_600_000).toUTCString()}`,
      `Message-ID: ${id}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      b64(args.text),
      '',
    ].join('\r\n'),
  )
}

/** Every uncaught error and console error of the page (React reports hydration mismatches there). */
function collectErrors(page: Page) {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  return () => errors.filter((e) => !/favicon/.test(e))
}

/** Waits until the page is hydrated and idle, so late errors are caught too. */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle')
  await expect(page.getByRole('heading', { name: 'Произошла ошибка' })).toHaveCount(0)
}

test('the inbound and outgoing mail pages show their letters in the browser without errors', async ({ page }) => {
  const errors = collectErrors(page)
  const subject = `Прошу выписку об оценках ${Date.now()}`
  const sender = { fromName: 'Кузнецова Ирина Петровна', from: `kuznetsova.${Date.now()}@example.ru` }

  // The responsible employee uploads a letter by hand and opens it.
  await signIn(page, 'responsible')
  await page.goto('/staff/mail')
  await settled(page)
  await page.getByLabel('Файл письма (.eml)').setInputFiles({
    name: 'письмо.eml',
    mimeType: 'message/rfc822',
    buffer: eml({ ...sender, subject, text: 'Прошу предоставить оценки сына.' }),
  })
  await page.getByRole('button', { name: 'Загрузить' }).click()
  await expect(page).toHaveURL(/\/staff\/mail\/[^/]+$/)
  const inboundUrl = page.url()
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible()
  await expect(page.getByText(sender.from).first()).toBeVisible()
  await settled(page)

  // The list and the card, each loaded afresh (server render + hydration) and reached by a link (browser render).
  await page.goto('/staff/mail?status=all')
  await settled(page)
  const row = page.getByRole('row').filter({ hasText: subject })
  await expect(row).toContainText(sender.from)
  await expect(row).toContainText('загружено вручную')
  await expect(row).toContainText('новое')
  await row.getByRole('link', { name: subject }).click()
  await expect(page).toHaveURL(inboundUrl)
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible()
  await page.goto(inboundUrl)
  await settled(page)
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible()
  await expect(page.getByText('Прошу предоставить оценки сына.')).toBeVisible()

  // Refusing to accept it sends the sender a letter: the outgoing letter the administrator reads next.
  await page.getByLabel('Основания отказа (каждое с новой строки)').fill('Не указаны фамилия и имя обучающегося')
  await page.getByRole('button', { name: 'Отказать в приёме' }).click()
  await expect(page.getByText('отказано в приёме')).toBeVisible()
  await page.getByRole('button', { name: 'Выйти' }).click()
  await expect(page).toHaveURL(/\/login/)

  await signIn(page, 'admin')
  await page.goto('/admin/mail')
  await settled(page)
  const reply = `Re: ${subject} — отказ в приёме документов`
  const letterRow = page.getByRole('row').filter({ hasText: reply })
  await expect(letterRow).toContainText(sender.from)
  await letterRow.getByRole('link', { name: reply }).click()
  await expect(page).toHaveURL(/\/admin\/mail\/[^/]+$/)
  await expect(page.getByRole('heading', { level: 1, name: reply })).toBeVisible()
  await page.reload()
  await settled(page)
  await expect(page.getByRole('heading', { level: 1, name: reply })).toBeVisible()
  await expect(page.getByText(sender.from)).toBeVisible()
  await expect(page.getByText('Не указаны фамилия и имя обучающегося').first()).toBeVisible()
  await page.getByRole('link', { name: '← Исходящая почта' }).click()
  await expect(page.getByRole('row').filter({ hasText: reply })).toBeVisible()

  expect(errors()).toEqual([])
})
