import fs from 'node:fs'
import AxeBuilder from '@axe-core/playwright'
import PizZip from 'pizzip'
import { expect, test } from '@playwright/test'
import {
  act,
  chooseFamily,
  e2eDb,
  expectDocument,
  identityDocument,
  PDF,
  pupilOf,
  signIn,
  signOut,
  weeklyByPostHandedOver,
} from './fixtures'
import { genitiveFullName } from '../../workflows/declension'

test('desk intake: a family found by keyboard is registered in person with a number within the 10 minutes', async ({ page }) => {
  await signIn(page, 'secretary')
  await page.getByRole('link', { name: 'Приём', exact: true }).click()
  await expect(page.getByRole('timer')).toContainText('осталось')
  const pupil = pupilOf('4А')
  await chooseFamily(page, pupil)
  await expect(page.getByLabel(/по результатам которых получены оценки/)).toBeFocused()
  await page.keyboard.press('Space')
  await identityDocument(page)
  await page.getByLabel('паспорт предъявлен (оригинал)').check()
  await page.getByLabel('документ, подтверждающий статус, предъявлен').check()
  await page.getByRole('button', { name: 'Зарегистрировать' }).focus()
  await page.keyboard.press('Enter')
  const heading = page.getByRole('heading', { name: /^Заявление зарегистрировано № \d+$/ })
  await expect(heading).toBeVisible()
  await expect(page.getByText(/с начала приёма: \d+ мин/)).toBeVisible()
  // The number said over the phone finds it again, and so does the pupil's surname typed in small letters.
  const number = /№ (\d+)/.exec((await heading.textContent()) ?? '')![1]
  await page.goto('/staff/applications')
  await page.getByRole('searchbox', { name: 'Найти заявление' }).fill(`№ ${number}`)
  await page.getByRole('button', { name: 'Найти' }).click()
  await expect(page.getByRole('heading', { name: 'Найти заявление' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Найденные заявления' }).getByRole('link', { name: `№ ${number}` })).toBeVisible()
  await page.getByRole('searchbox', { name: 'Найти заявление' }).fill(pupil.lastName.toLowerCase())
  await page.getByRole('button', { name: 'Найти' }).click()
  await expect(page.getByRole('region', { name: 'Найденные заявления' }).getByRole('link', { name: `№ ${number}` })).toBeVisible()
})

test('post: received with the scan, reviewed, granted by the director, posted with a tracking number', async ({ page }) => {
  await signIn(page, 'responsible')
  await page.goto('/staff/intake/post')
  await chooseFamily(page, pupilOf('5Б', 1))
  await page.getByLabel(/о расписании занятий/).check()
  await page.getByLabel(/Скан заявления/).setInputFiles({ name: 'скан.pdf', mimeType: 'application/pdf', buffer: PDF })
  // Without the identity document's details and copy the letter is not registered: the desk is told what to do.
  await page.getByRole('button', { name: 'Зарегистрировать' }).click()
  await expect(
    page.getByRole('heading', {
      name: /^Не указаны вид и реквизиты документа, удостоверяющего личность заявителя \(Порядок, п\. 2\.7, 3\.2\)/,
    }),
  ).toBeVisible()
  await expect(
    page.getByRole('heading', {
      name: /оформите отказ в приёме документов по основанию «Не представлен документ, удостоверяющий личность заявителя»/,
    }),
  ).toBeVisible()
  await expect(page.getByLabel(/о расписании занятий/)).toBeChecked() // what was typed stays
  await page.getByLabel(/Скан заявления/).setInputFiles({ name: 'скан.pdf', mimeType: 'application/pdf', buffer: PDF })
  await identityDocument(page, { copy: true })
  await page.getByRole('button', { name: 'Зарегистрировать' }).click()
  await expect(page.getByRole('heading', { name: /Заявление зарегистрировано № \d+/ })).toBeVisible()
  await page.getByRole('link', { name: 'Открыть заявление' }).click()
  await expect(page).toHaveURL(/\/staff\/applications\/app_/)
  const url = page.url()
  await expect(page.getByRole('link', { name: 'скан.pdf' })).toBeVisible()
  await act(page, 'Принять к рассмотрению')
  await expect(page.getByText(/Предварительная проверка: оснований для отказа не выявлено/).first()).toBeVisible()
  await act(page, 'Передать директору')
  await expect(page.getByText('У директора')).toBeVisible()
  await signOut(page)

  await signIn(page, 'director')
  await page.getByRole('link', { name: 'Решения' }).click()
  await page.goto(url)
  await page.getByLabel('Пароль для подписи решения').fill('demo2026')
  await act(page, 'Подписать решение')
  await expect(page.getByText('Решено предоставить', { exact: true })).toBeVisible()
  await act(page, 'Начать отправку')
  // The worker makes the extract from the journal; it appears among the documents and on the day's postal list.
  await expectDocument(page, /^Выписка № \d+\.docx$/)
  await page.getByRole('link', { name: 'Почтовый список дня' }).click()
  await expect(page).toHaveURL(/\/staff\/delivery\/post/)
  await expect(async () => {
    await page.reload()
    await expect(page.getByRole('region', { name: 'Почтовые отправления' })).toContainText('подготовлено', { timeout: 1000 })
  }).toPass({ timeout: 40_000 })
  await page.goto(url)
  await page.getByLabel('Почтовый идентификатор (трек-номер)').fill('41001283123456')
  await act(page, 'Отметить вручение')
  await expect(page.getByText('Предоставлено', { exact: true })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Предоставления' })).toContainText('41001283123456')
})

test('acceptance refused: a post application without the status document, with a written notice', async ({ page }) => {
  await signIn(page, 'responsible')
  await page.goto('/staff/intake/post')
  await chooseFamily(page, pupilOf('8Б', 2))
  await page.getByLabel(/о посещаемости/).check()
  await page.getByRole('button', { name: 'Принять без регистрации' }).click()
  await expect(page.getByRole('heading', { name: /Заявление принято, квитанция/ })).toBeVisible()
  await page.getByRole('link', { name: 'Открыть заявление' }).click()
  // Порядок 3.1.1: the written notice is signed by the director — the employee is not offered it, and is told who does.
  await expect(page.getByText(/Письменное уведомление об отказе в приёме документов подписывает директор/).first()).toBeVisible()
  await expect(page.getByLabel(/письменное уведомление/)).toHaveCount(0)
  const url = page.url()
  await signOut(page)
  await signIn(page, 'director')
  await page.goto(url)
  await page.getByLabel(/Не представлен документ, подтверждающий статус/).check()
  await page.getByLabel(/письменное уведомление/).check()
  // The notice goes out as the director's at once: signed with the password, as a decision is.
  await page.getByLabel(/Пароль для подписи уведомления/).fill('demo2026')
  await act(page, 'Отказать в приёме документов')
  await expect(page.getByText('Отказ в приёме', { exact: true })).toBeVisible()
  await expect(page.getByRole('table').first()).toContainText('форма отказа: письменным уведомлением')
  await expectDocument(page, /^Уведомление об отказе в приёме документов .*\.docx$/)
  await expect(page.getByText('Действий по заявлению в этом статусе нет.')).toBeVisible()
})

test('refusal after review: a 1st-grade pupil’s marks are absent from the journal', async ({ page }) => {
  await signIn(page, 'responsible')
  await page.goto('/staff/intake')
  await chooseFamily(page, pupilOf('1Б', 1))
  await page.keyboard.press('Space') // the marks kind
  await identityDocument(page)
  await page.getByLabel('паспорт предъявлен (оригинал)').check()
  await page.getByLabel('документ, подтверждающий статус, предъявлен').check()
  await page.getByRole('button', { name: 'Зарегистрировать' }).click()
  await page.getByRole('link', { name: 'Открыть заявление' }).click()
  await expect(page).toHaveURL(/\/staff\/applications\/app_/)
  const url = page.url()
  await act(page, 'Принять к рассмотрению')
  await expect(page.getByText('Предварительная проверка: предлагается отказать').first()).toBeVisible()
  await expect(page.getByLabel('Отказать в предоставлении')).toBeChecked()
  await act(page, 'Передать директору')
  await signOut(page)

  await signIn(page, 'director')
  await page.goto(url)
  await expect(page.getByLabel('Отказать в предоставлении')).toBeChecked()
  await expect(page.getByLabel('Другое основание (каждое с новой строки)')).toHaveValue(/информация отсутствует[\s\S]*В 1-х классах оценки/)
  await page.getByLabel('Пароль для подписи решения').fill('demo2026')
  await act(page, 'Подписать решение')
  await expect(page.getByText('Отказ: уведомление не вручено')).toBeVisible()
  await act(page, 'Отметить вручение уведомления')
  await expect(page.getByText('Отказ: уведомление вручено')).toBeVisible()
})

// Порядок 3.1.2: information absent from the journal is refused «уведомлением в письменной форме с указанием
// оснований отказа …, которое подписывается руководителем»; the rest is provided — one signature for both.
test('mixed decision: a 1st-grader’s attendance granted, marks and homework refused; a wrong password is refused once', async ({
  page,
}) => {
  await signIn(page, 'responsible')
  await page.goto('/staff/intake')
  await chooseFamily(page, pupilOf('1А', 2))
  await page.getByLabel(/по результатам которых получены оценки/).check()
  await page.getByLabel(/о задаваемых обучающемуся домашних заданиях/).check()
  await page.getByLabel(/о посещаемости/).check()
  await identityDocument(page)
  await page.getByLabel('паспорт предъявлен (оригинал)').check()
  await page.getByLabel('документ, подтверждающий статус, предъявлен').check()
  await page.getByRole('button', { name: 'Зарегистрировать' }).click()
  await page.getByRole('link', { name: 'Открыть заявление' }).click()
  await expect(page).toHaveURL(/\/staff\/applications\/app_/)
  const url = page.url()
  const id = /\/staff\/applications\/(app_[^/?#]+)/.exec(url)?.[1] as string
  await act(page, 'Принять к рассмотрению')
  await expect(
    page
      .getByText(/Предварительная проверка: предлагается предоставить информацию, которая есть в журнале, и отказать в остальной/)
      .first(),
  ).toBeVisible()
  await act(page, 'Передать директору')
  await signOut(page)

  await signIn(page, 'director')
  await page.goto(url)
  await expect(page.getByLabel('Предоставить информацию, которая есть в журнале, в остальной отказать')).toBeChecked()
  // A wrong signing password: refused with a Russian message, shown once (not above the page and in the form).
  await page.getByLabel('Пароль для подписи решения').fill('не-тот-пароль-1')
  await page.getByRole('button', { name: 'Подписать решение', exact: true }).click()
  await expect(page.getByText('Пароль для подписи введён неверно — решение не принято', { exact: true })).toHaveCount(1)
  await expect(page.getByText('Решено предоставить', { exact: true })).toHaveCount(0)
  await page.getByLabel('Пароль для подписи решения').fill('demo2026')
  await act(page, 'Подписать решение')
  await expect(page.getByText('Решено предоставить', { exact: true })).toBeVisible()
  await act(page, 'Начать отправку')
  await expectDocument(page, /^Выписка № \d+\.docx$/)
  await expectDocument(page, /^Уведомление об отказе в предоставлении информации.*\.docx$/)
  await signOut(page)

  // The parent's status page shows both parts of the decision.
  const conn = e2eDb()
  const { statusToken } = conn.prepare('SELECT statusToken FROM Application WHERE id = ?').get(id) as { statusToken: string }
  conn.close()
  await page.goto(`/s/${statusToken}`)
  const decision = page.getByRole('region', { name: 'Решение по заявлению' })
  await expect(decision).toContainText(/Предоставляется информация: .*посещаемости/)
  await expect(decision).toContainText(/Отказано в части: .*оценки.*домашних заданиях.*Основание: .*отсутств/)
})

test('the queue and the application page pass axe, fit 320 px and hydrate without errors', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  await page.setViewportSize({ width: 320, height: 700 })
  await signIn(page, 'responsible')
  await page.goto('/staff/intake/post')
  await chooseFamily(page, pupilOf('9А', 3))
  await page.getByLabel(/о расписании занятий/).check()
  await page.getByRole('button', { name: 'Принять без регистрации' }).click()
  await expect(page.getByRole('heading', { name: /Заявление принято/ })).toBeVisible()
  for (const path of [
    '/staff/applications',
    '/staff/applications/find?q=%D0%B0%D0%B0',
    '/staff/intake',
    '/staff/intake/post',
    '/staff/log',
    '/staff/meeting',
    '/staff/delivery/post',
    '/staff/delivery/batch',
    '/staff/settings/grounds',
  ]) {
    await page.goto(path)
    const result = await new AxeBuilder({ page }).analyze()
    expect([path, result.violations.map((v) => v.id)]).toEqual([path, []])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
  }
  await page.goto('/staff/applications')
  await page.locator('tbody a').first().click()
  await expect(page.getByRole('heading', { name: 'Действия' })).toBeVisible()
  const result = await new AxeBuilder({ page }).analyze()
  expect(result.violations.map((v) => v.id)).toEqual([])
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
  await page.goto('/staff/meeting/slides')
  await expect(page.getByRole('img', { name: /QR-код адреса .*\/apply/ })).toBeHidden() // the QR is on the last slide
  await page.waitForLoadState('networkidle')
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('img', { name: /QR-код адреса .*\/apply/ })).toBeVisible()
  expect(errors.filter((e) => !/favicon/.test(e))).toEqual([])
})

test('parent meeting: the kit of a class downloads as one Word file with a form for every pupil', async ({ page }) => {
  const conn = e2eDb()
  const pupils = conn
    .prepare(
      'SELECT p.lastName, p.firstName, p.middleName, c.name AS className FROM Pupil p JOIN ' +
        `SchoolClass c ON c.id = p.classId WHERE c.name = '6Б' AND p.leftOn IS NULL`,
    )
    .all() as Array<{ lastName: string; firstName: string; middleName: string | null }>
  conn.close()
  expect(pupils.length).toBeGreaterThan(10)
  await signIn(page, 'responsible')
  await page.goto('/staff/meeting')
  await page.getByRole('combobox', { name: 'Класс' }).selectOption({ label: '6Б' })
  await page.getByRole('button', { name: 'Выбрать' }).click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Комплект для собрания' }).click()])
  expect(download.suggestedFilename()).toBe('Комплект для собрания 6Б.docx')
  const xml = new PizZip(fs.readFileSync(await download.path())).file('word/document.xml')?.asText() ?? ''
  const text = xml.replace(/<[^>]+>/g, '')
  expect(text).toContain('ПАМЯТКА')
  expect(text.split('ЗАЯВЛЕНИЕ').length - 1).toBe(pupils.length)
  // Each form names its pupil after «о текущей успеваемости», in the genitive (issue 19, item 4).
  for (const p of pupils) expect(text).toContain(genitiveFullName(p))
})

test('a weekly application by post: handed over, then the parent stops the extracts from the status page', async ({ page }) => {
  const id = await weeklyByPostHandedOver(page, pupilOf('7А', 2), '41001283654321')

  const conn = e2eDb()
  const { statusToken } = conn.prepare('SELECT statusToken FROM Application WHERE id = ?').get(id) as { statusToken: string }
  conn.close()
  await page.goto(`/s/${statusToken}`)
  await expect(page.getByRole('heading', { name: 'Отозвать заявление' })).toHaveCount(0) // information already given
  await page.getByRole('link', { name: 'Прекратить получение выписок…' }).click()
  await expect(page.getByRole('heading', { name: 'Прекратить получение выписок?' })).toBeVisible()
  await page.getByRole('button', { name: 'Да, прекратить' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Получение выписок' })).toHaveText(
    'Получение выписок прекращено: новых выписок по заявлению не будет.',
  )
  await expect(page.getByRole('status').filter({ hasText: 'Статус:' })).toHaveText('Статус: Информация предоставлена')
  await expect(page.getByText('Периодическое предоставление прекращено по просьбе заявителя')).toBeVisible()
  await expect(page.getByRole('link', { name: 'Прекратить получение выписок…' })).toHaveCount(0)
  const result = await new AxeBuilder({ page }).analyze()
  expect(result.violations.map((v) => v.id)).toEqual([])
})
