// Issue 19 (screens and words): what staff and parents see at 1280 px and at 360 px.
// Screenshots are kept under test-results/screens/ for a person to look at. Every test fails on an uncaught page
// error or a console error: React reports a hydration mismatch (#418, #423) there, and a page whose server HTML
// differs from the browser's render (a date formatted in the browser's zone, Date.now() in render) must not pass.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { e2eDb, firstPupilId, identityDocument, openStatusToken as statusToken, PDF, pupilOf, signIn } from './fixtures'
import { dativeFullName } from '../../workflows/declension'

const pageErrors = new WeakMap<Page, string[]>()
const expectedStatuses = new WeakMap<Page, Set<number>>()
test.beforeEach(({ page }) => {
  const errors: string[] = []
  pageErrors.set(page, errors)
  expectedStatuses.set(page, new Set())
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() !== 'error') return
    // Chromium logs every 4xx answer; one the test itself provokes (a form sent incomplete: 400) is not an error.
    const status = /^Failed to load resource: the server responded with a status of (\d{3})/.exec(m.text())
    if (status && expectedStatuses.get(page)!.has(Number(status[1]))) return
    errors.push(`console: ${m.text()}`)
  })
})
/** The next answers with this status are provoked by the test (a failed submit shows the form again with a 400). */
const expectStatus = (page: Page, status: number) => expectedStatuses.get(page)!.add(status)
test.afterEach(async ({ page }) => {
  await page.waitForLoadState('networkidle').catch(() => {})
  expect(pageErrors.get(page), 'no page or console errors (hydration mismatches included)').toEqual([])
})

/** Hydrated and idle: a late hydration error is caught by afterEach's check too. */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle')
  expect(pageErrors.get(page)).toEqual([])
}

async function axe(page: Page) {
  const result = await new AxeBuilder({ page }).analyze()
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
}

const WIDTHS = [1280, 360] as const
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true })

async function box(locator: Locator) {
  const b = await locator.boundingBox()
  expect(b, 'the element is laid out').not.toBeNull()
  return b!
}

/** The element lies inside the viewport horizontally (seen without scrolling sideways). */
async function expectInView(page: Page, locator: Locator) {
  const b = await box(locator)
  expect(b.x).toBeGreaterThanOrEqual(0)
  expect(b.x + b.width).toBeLessThanOrEqual(page.viewportSize()!.width + 0.5)
}

for (const width of WIDTHS) {
  test(`item 1: the staff home page's cards share the row by their content at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 })
    await signIn(page, 'director')
    await page.goto('/staff')
    const school = page.locator('section', { has: page.getByRole('heading', { name: 'Школа', exact: true }) })
    const year = page.locator('section', { has: page.getByRole('heading', { name: /^Учебный год/ }) })
    const main = await box(page.locator('main'))
    const [a, b] = [await box(school), await box(year)]
    if (width === 1280) {
      // Two cards fill the row between them (no empty tracks): each takes about half of it.
      expect(a.width + b.width).toBeGreaterThan(main.width - 64 - 32)
      expect(Math.abs(a.y - b.y)).toBeLessThan(1)
    } else {
      expect(b.y).toBeGreaterThan(a.y) // one card under the other on a phone
    }
    // The school's full name wraps by words, never letter by letter: no line narrower than a long word.
    const name = school.locator('dd').first()
    const words = (await name.innerText()).split(/\s+/)
    const longest = words.reduce((m, w) => Math.max(m, w.length), 0)
    const perLine = await name.evaluate((el) => {
      const range = document.createRange()
      range.selectNodeContents(el)
      return Array.from(range.getClientRects()).length
    })
    expect(perLine).toBeLessThanOrEqual(words.length)
    expect((await box(name)).width).toBeGreaterThan(longest * 6)
    await expectInView(page, school)
    // Numbers agree with their nouns (issue 19, item 4): «22 класса», «21 класс», «25 классов».
    const stats = (
      await page
        .locator('p', { has: page.locator('.stat') })
        .first()
        .innerText()
    ).replace(/\s+/g, ' ')
    const [, n] = /^(\d+) /.exec(stats)!
    const mod10 = Number(n) % 10,
      mod100 = Number(n) % 100
    const word = mod10 === 1 && mod100 !== 11 ? 'класс' : mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14) ? 'класса' : 'классов'
    expect(stats.startsWith(`${n} ${word}, `)).toBe(true)
    await shot(page, `staff-home-${width}`)
  })

  test(`item 1: the director sees the overdue counts by stage at a glance at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 })
    await signIn(page, 'director')
    await page.goto('/staff/dashboard')
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'Сроки по этапам' }) })
    const region = card.getByRole('region', { name: 'Сроки по этапам: таблица' })
    const overdue = region.getByRole('columnheader', { name: 'Просрочено' })
    await expect(overdue).toHaveCount(1)
    if (width === 1280) await expectInView(page, overdue)
    // Every stage's overdue count is within the card and on screen without scrolling the table.
    const cardBox = await box(card)
    for (const row of await region.locator('tbody tr').all()) {
      const cell = row.locator('td').first()
      await expect(cell).toHaveText(/^\d+$/)
      const c = await box(cell)
      expect(c.x + c.width).toBeLessThanOrEqual(cardBox.x + cardBox.width)
      await expectInView(page, cell)
      // On a phone the stages stack and each count carries its column's name.
      const label = await cell.evaluate((el) => getComputedStyle(el, '::before').content)
      expect(label).toBe(width === 360 ? '"Просрочено: "' : 'none')
    }
    if (width === 1280) {
      // At a desktop width nothing of the table is cut off: all four columns fit the card.
      const { scroll, client } = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }))
      expect(scroll).toBeLessThanOrEqual(client)
      await expectInView(page, region.getByRole('columnheader', { name: 'Срок на этой неделе' }))
    }
    await shot(page, `director-dashboard-${width}`)
  })

  test(`item 7: the parent's status page shows «Состояние» and never «срок истекает» at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 })
    const token = await statusToken(page)
    await page.goto(`/s/${token}`)
    const table = page.getByRole('table', { name: /./ }).or(page.getByRole('region', { name: 'Сроки по заявлению' }).getByRole('table'))
    const rows = page.getByRole('region', { name: 'Сроки по заявлению' }).locator('tbody tr')
    await expect(rows).toHaveCount(3)
    for (const row of await rows.all()) {
      const state = row.locator('td[data-label="Состояние"]')
      await expect(state).toBeVisible()
      await expect(state).toHaveText(/\S/)
      await expectInView(page, state)
      // On a phone the column's name is written before the value (the header row is out of sight).
      const label = await state.evaluate((el) => getComputedStyle(el, '::before').content)
      expect(label).toBe(width === 360 ? '"Состояние: "' : 'none')
    }
    await expect(table.first()).toBeVisible()
    await expect(page.locator('main')).not.toContainText('срок истекает')
    // The table keeps its meaning for a screen reader: the column headers are still there.
    await expect(page.getByRole('columnheader', { name: 'Состояние' })).toHaveCount(1)
    await shot(page, `parent-status-${width}`)
  })
}

test('the staff pages hydrate as rendered on the server: the queue, an application, the dashboard (no #418/#423)', async ({ page }) => {
  await statusToken(page) // an open application in the queue, whatever ran before
  for (const role of ['responsible', 'director'] as const) {
    await signIn(page, role)
    // (The dashboard is the director's: another role gets a 403, itself a console error.)
    for (const path of [
      '/staff',
      '/staff/applications',
      '/staff/applications?due=overdue',
      ...(role === 'director' ? ['/staff/dashboard'] : []),
    ]) {
      await page.goto(path)
      await settled(page)
    }
    // An application's page loaded afresh (server render + hydration) and reached by a link (browser render).
    await page.goto('/staff/applications')
    const link = page.getByRole('region', { name: 'Список заявлений' }).getByRole('link').first()
    await expect(link).toBeVisible()
    const href = (await link.getAttribute('href'))!
    await link.click()
    await expect(page).toHaveURL(new RegExp(`${href}$`))
    await settled(page)
    await page.reload()
    await settled(page)
    await page.context().clearCookies()
  }
})

test('item 5: the home page offers applying online beside signing in, and one contact point as links', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 })
  const conn = e2eDb()
  const school = conn.prepare('SELECT fullName, email, phone, address FROM School LIMIT 1').get() as {
    fullName: string
    email: string
    phone: string
    address: string
  }
  conn.close()
  await page.goto('/')
  await settled(page)
  const apply = page.getByRole('link', { name: 'Подать заявление онлайн' })
  const login = page.getByRole('link', { name: 'Войти в электронный дневник' })
  await expect(apply).toHaveAttribute('href', '/apply')
  await expect(login).toBeVisible()
  await expectInView(page, apply)
  // Both in the first screen of a phone, without scrolling.
  expect((await box(apply)).y + (await box(apply)).height).toBeLessThan(800)
  expect((await box(login)).y + (await box(login)).height).toBeLessThan(800)
  const contacts = page.locator('section', { has: page.getByRole('heading', { name: 'Куда обращаться' }) })
  await expect(contacts).toContainText(school.address)
  // The school's mailbox (the one the mail intake reads), as a mailto: link; the phone as a tel: link.
  await expect(contacts.getByRole('link', { name: school.email })).toHaveAttribute('href', `mailto:${school.email}`)
  await expect(contacts.getByRole('link', { name: /^\+?\d[\d ()-]+$/ })).toHaveAttribute('href', /^tel:\+?\d{10,12}$/)
  await axe(page)
  await shot(page, 'home-360')
  await page.getByRole('link', { name: 'Подать заявление онлайн' }).click()
  await expect(page).toHaveURL(/\/apply$/)
  await settled(page)
})

/** Chooses the first parent of this pupil of this class (the demo school has namesakes in other classes). */
async function chooseFamily(page: Page, pupil: { lastName: string; firstName: string; className: string }) {
  await page.getByLabel('Фамилия обучающегося или родителя (и, через пробел, имя)').fill(`${pupil.lastName} ${pupil.firstName}`)
  const found = page
    .locator('#journal-results button')
    .filter({ hasText: `— ${pupil.lastName} ${pupil.firstName}, ${pupil.className}` })
    .first()
  await expect(found).toBeVisible()
  await found.click()
}

for (const width of WIDTHS) {
  test(`item 2: after a failed submit the journal search still fills the desk form, and the clock runs on at ${width} px`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 })
    await signIn(page, 'secretary')
    await page.goto('/staff/intake')
    await settled(page)
    const startedAt = await page.locator('input[name="startedAt"]').inputValue()
    // A first family, then a failed submit (the originals not ticked).
    const first = pupilOf('7А', 3 + (width === 360 ? 1 : 0))
    await chooseFamily(page, first)
    await expect(page.getByLabel('Фамилия обучающегося', { exact: true })).toHaveValue(first.lastName)
    expectStatus(page, 400)
    await page.getByRole('button', { name: 'Зарегистрировать' }).click()
    await expect(page.getByText(/оригиналы/).first()).toBeVisible()
    await expect(page.getByLabel('Фамилия обучающегося', { exact: true })).toHaveValue(first.lastName)
    await shot(page, `desk-failed-${width}`)
    // The person at the desk meant another child: the search fills the form again, no reload needed.
    const second = pupilOf('7Б', 3 + (width === 360 ? 1 : 0))
    await chooseFamily(page, second)
    await expect(page.getByLabel('Фамилия обучающегося', { exact: true })).toHaveValue(second.lastName)
    await expect(page.getByLabel('Имя обучающегося', { exact: true })).toHaveValue(second.firstName)
    await expect(page.getByRole('textbox', { name: 'Класс', exact: true })).toHaveValue('7Б')
    // Same intake, same clock: the start time the server gave is kept.
    await expect(page.locator('input[name="startedAt"]')).toHaveValue(startedAt)
    await page.getByLabel(/по результатам которых получены оценки/).check()
    await identityDocument(page)
    await page.getByLabel('паспорт предъявлен (оригинал)').check()
    await page.getByLabel('документ, подтверждающий статус, предъявлен').check()
    await page.getByRole('button', { name: 'Зарегистрировать' }).click()
    await expect(page.getByRole('heading', { level: 1, name: /^Заявление зарегистрировано № \d+$/ })).toBeVisible()
    await expect(page.getByText(/с начала приёма: \d+ мин/)).toBeVisible()
    const conn = e2eDb()
    const app = conn.prepare('SELECT pupilName, receivedAt FROM Application ORDER BY createdAt DESC LIMIT 1').get() as {
      pupilName: string
      receivedAt: string
    }
    conn.close()
    expect(app.pupilName).toContain(second.lastName)
    expect(Math.abs(Date.parse(app.receivedAt) - Date.parse(startedAt))).toBeLessThan(1000)
    await axe(page)
    await shot(page, `desk-registered-${width}`)
  })
}

test('item 6: a letter registered from an earlier stamp: no desk minutes, no «Сообщите заявителю», no invented 00:00', async ({ page }) => {
  await signIn(page, 'responsible')
  await page.goto('/staff/intake/post')
  await settled(page)
  await expect(page.getByLabel('Дата поступления (по штампу)')).toBeVisible()
  await chooseFamily(page, pupilOf('6Б', 3))
  await page.getByLabel(/о расписании занятий/).check()
  await page.getByLabel('почтой на указанный адрес проживания').check()
  // The postcode has its own field, checked as six digits (a Russian message on the field).
  await page.getByLabel('Почтовый индекс').fill('41001')
  // Three days ago (by the browser's clock, which is in the school's zone in this run): surely an earlier day.
  const stamp = new Date(Date.now() - 3 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Saratov' })
  await page.getByLabel('Дата поступления (по штампу)').fill(stamp)
  await page.getByLabel(/Скан заявления/).setInputFiles({ name: 'скан.pdf', mimeType: 'application/pdf', buffer: PDF })
  await identityDocument(page, { copy: true })
  expectStatus(page, 400)
  await page.getByRole('button', { name: 'Зарегистрировать' }).click()
  await expect(page.getByLabel('Почтовый индекс')).toHaveAccessibleDescription(/Почтовый индекс — 6 цифр, например 410056/)
  await page.getByLabel('Почтовый индекс').fill('410012')
  if ((await page.getByLabel(/Скан заявления/).inputValue()) === '')
    await page.getByLabel(/Скан заявления/).setInputFiles({ name: 'скан.pdf', mimeType: 'application/pdf', buffer: PDF })
  await page.getByRole('button', { name: 'Зарегистрировать' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /^Заявление зарегистрировано № \d+$/ })).toBeVisible()
  const done = page.getByRole('status').filter({ has: page.getByRole('heading', { level: 1 }) })
  const shown = stamp.split('-').reverse().join('.')
  await expect(done).toContainText(`Поступило по почте ${shown} (по штампу)`)
  await expect(done).not.toContainText('с начала приёма')
  await expect(done).not.toContainText('Сообщите заявителю')
  await axe(page)
  await shot(page, 'post-registered-1280')
  await page.getByRole('link', { name: 'Открыть заявление' }).click()
  await settled(page)
  await expect(page.locator('main')).toContainText(shown)
  await expect(page.locator('main')).not.toContainText(`${shown} 00:00`)
  // The postcode is stored and printed on the post label in its own field; «Кому» names the applicant in the dative.
  const conn = e2eDb()
  const app = conn
    .prepare(
      'SELECT id, applicantLastName AS lastName, applicantFirstName AS firstName, applicantMiddleName AS middleName, ' +
        "applicantPostcode AS postcode FROM Application WHERE channel = 'post' ORDER BY createdAt DESC LIMIT 1",
    )
    .get() as { id: string; lastName: string; firstName: string; middleName: string; postcode: string }
  conn.close()
  expect(app.postcode).toBe('410012')
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 })
    await page.goto(`/staff/delivery/label/${app.id}`)
    await settled(page)
    await expect(page.getByTestId('postcode-to')).toHaveText('410012')
    await expect(page.locator('.label-to')).toContainText(`Кому: ${dativeFullName(app)}`)
    await shot(page, `post-label-postcode-${width}`)
  }
})

test(
  'item 9: axe finds nothing on the pupil card, an application ' + 'under review with its pre-check, the post label and the dashboard',
  async ({ page }) => {
    test.setTimeout(180_000) // four pages with axe each, on a shared machine
    const pupil = { id: firstPupilId('5А') }
    const conn = e2eDb()
    const app = conn
      .prepare(
        'SELECT id, applicantPostalAddress AS address, applicantPostcode AS postcode FROM Application ' +
          "WHERE channel = 'post' AND status = 'registered' ORDER BY createdAt DESC LIMIT 1",
      )
      .get() as { id: string; address: string; postcode: string } | undefined
    conn.close()
    await signIn(page, 'responsible')
    await page.goto(`/staff/pupils/${pupil.id}`)
    await settled(page)
    // Every scrollable table is a named region that takes the keyboard focus.
    for (const region of await page.locator('.table-wrap').all()) {
      await expect(region).toHaveAttribute('tabindex', '0')
      await expect(region).toHaveAttribute('role', 'region')
    }
    await axe(page)
    expect(app, 'item 6 registered a letter before this test').toBeTruthy()
    await page.goto(`/staff/applications/${app!.id}`)
    await settled(page)
    await page.getByRole('button', { name: 'Принять к рассмотрению', exact: true }).click()
    await expect(page.getByText(/^Предварительная проверка:/).first()).toBeVisible()
    await settled(page)
    await axe(page)
    await page.goto(`/staff/delivery/label/${app!.id}`)
    await settled(page)
    await expect(page.getByRole('heading', { level: 1, name: /^Почтовый ярлык/ })).toBeVisible()
    await expect(page.locator('.label-to')).toContainText('Индекс:')
    if (app!.postcode) await expect(page.getByTestId('postcode-to')).toHaveText(app!.postcode)
    else if (!/\b\d{6}\b/.test(app!.address)) await expect(page.locator('.label-to')).toContainText('не указан: уточните у заявителя')
    await axe(page)
    await shot(page, 'post-label-1280')
    await page.context().clearCookies()
    await signIn(page, 'director')
    await page.goto('/staff/dashboard')
    await settled(page)
    await axe(page)
  },
)

for (const width of WIDTHS) {
  test(`item 8: without JavaScript a file over 10 МБ comes back on its own field, everything typed kept, at ${width} px`, async ({
    browser,
  }, testInfo) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } })
    const page = await context.newPage()
    await page.goto('/apply')
    await page.getByRole('textbox', { name: 'Фамилия', exact: true }).fill('Сидорова')
    await page.getByRole('textbox', { name: 'Имя', exact: true }).fill('Анна')
    await page.getByRole('textbox', { name: 'Адрес проживания' }).fill('г. Саратов, ул. Московская, д. 1, кв. 2')
    await page.getByLabel('Почтовый индекс').fill('410012')
    await page.getByLabel('Фамилия обучающегося').fill('Сидоров')
    await page.getByRole('textbox', { name: 'Класс', exact: true }).fill('5А')
    const file = page.getByLabel('Копия документа, удостоверяющего личность')
    await file.setInputFiles({
      name: 'паспорт.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(11 * 1024 * 1024)]),
    })
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/apply'),
      page.getByRole('button', { name: 'Отправить заявление' }).click(),
    ])
    // The page itself answers (a 400 with the form), not a bare 413.
    expect(response.status()).toBe(400)
    await page.waitForLoadState('load')
    // The error sits on the file's own field: its description names it.
    await expect(page.getByLabel('Копия документа, удостоверяющего личность')).toHaveAccessibleDescription(/Файл больше 10 МБ/)
    await expect(page.getByRole('textbox', { name: 'Фамилия', exact: true })).toHaveValue('Сидорова')
    await expect(page.getByRole('textbox', { name: 'Имя', exact: true })).toHaveValue('Анна')
    await expect(page.getByRole('textbox', { name: 'Адрес проживания' })).toHaveValue('г. Саратов, ул. Московская, д. 1, кв. 2')
    await expect(page.getByLabel('Почтовый индекс')).toHaveValue('410012')
    await expect(page.getByLabel('Фамилия обучающегося')).toHaveValue('Сидоров')
    await expect(page.getByRole('textbox', { name: 'Класс', exact: true })).toHaveValue('5А')
    await page.getByLabel('Копия документа, удостоверяющего личность').scrollIntoViewIfNeeded()
    await shot(page, `no-js-upload-${width}`)
    await testInfo.attach(`no-js-upload-${width}`, { path: `test-results/screens/no-js-upload-${width}.png`, contentType: 'image/png' })
    await context.close()
  })
}
