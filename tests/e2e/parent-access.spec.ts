import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { e2eDb, signIn } from './fixtures'

async function axe(page: Page) {
  const result = await new AxeBuilder({ page }).analyze()
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
}

/** Another family's child, application and upload (not linked to the demo login 'parent'). */
function strangers() {
  const conn = e2eDb()
  try {
    const ownPupils =
      'SELECT l.pupilId FROM GuardianLink l JOIN Guardian g ON g.id = l.guardianId ' +
      `JOIN User u ON u.id = g.userId WHERE u.login = 'parent'`
    const pupil = conn.prepare(`SELECT id, lastName FROM Pupil WHERE id NOT IN (${ownPupils}) LIMIT 1`).get() as {
      id: string
      lastName: string
    }
    const application = conn
      .prepare(
        'SELECT a.id, a.statusToken, a.applicantLastName FROM Application a JOIN Upload u ON u.applicationId = a.id WHERE ' +
          `a.applicantLastName <> (SELECT g.lastName FROM Guardian g JOIN User us ON us.id = g.userId WHERE us.login = 'parent') ` +
          'LIMIT 1',
      )
      .get() as { id: string; statusToken: string; applicantLastName: string } | undefined
    const upload = application
      ? (conn.prepare('SELECT id, storagePath FROM Upload WHERE applicationId = ? LIMIT 1').get(application.id) as {
          id: string
          storagePath: string
        })
      : undefined
    return { pupil, application, upload }
  } finally {
    conn.close()
  }
}

test('the parent’s pages: own children with the e-diary, applications, a pre-filled form; all pass axe at 320 px', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 800 })
  await signIn(page, 'parent')
  await expect(page.getByRole('heading', { name: 'Мои заявления' })).toBeVisible()
  await axe(page)
  const own = page.locator('main h2 a').first()
  const name = (await own.textContent())!
  await own.click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name)
  // The e-diary: the week view (lessons, topics, homework, marks, absences) first, the marks by subject with the
  // forecast and attendance one tab away (tests/e2e/parent-diary.spec.ts walks through both).
  for (const heading of [/^Неделя /, 'Заявления о предоставлении информации']) {
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible()
  }
  await axe(page)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
  await page.getByRole('link', { name: 'Оценки за период' }).click()
  for (const heading of ['Оценки по предметам', 'Посещаемость', 'Заявления о предоставлении информации']) {
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible()
  }
  await expect(page.getByText('Прогноз', { exact: true }).first()).toBeVisible()
  await axe(page)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)

  await page.locator('main').getByRole('link', { name: 'Подать заявление' }).click()
  await expect(page).toHaveURL(/\/apply\?pupil=/)
  const [lastName, firstName] = name.split(' ')
  await expect(page.getByLabel('Фамилия обучающегося')).toHaveValue(lastName)
  await expect(page.getByLabel('Имя обучающегося')).toHaveValue(firstName)
  await expect(page.getByRole('textbox', { name: 'Фамилия', exact: true })).not.toHaveValue('')
  await axe(page)

  for (const path of ['/parent/applications', '/parent/compromised']) {
    await page.goto(path)
    await axe(page)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
  }
})

test('a parent cannot reach another family’s child, application or upload by changing ids (nothing leaked)', async ({ page, request }) => {
  // Another family's application with an upload, sent through the public form (multipart, as a browser would).
  const pdf = { name: 'паспорт.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') }
  const sent = await request.post('/apply', {
    multipart: {
      'applicant.lastName': 'Посторонняя',
      'applicant.firstName': 'Мария',
      'identity.kind': 'passport',
      'identity.number': '6300 111111',
      'identity.issuedBy': 'ГУ МВД России по Саратовской области',
      'identity.issuedOn': '2016-03-04',
      'applicant.postalAddress': 'г. Саратов',
      'applicant.email': 'm@example.org',
      'pupil.lastName': 'Иванов',
      'pupil.firstName': 'Иван',
      'pupil.className': '5А',
      kinds: 'marks',
      'applicant.role': 'guardian',
      periodicity: 'once',
      delivery: 'email',
      idempotencyKey: crypto.randomUUID(),
      'documents.identity': pdf,
      'documents.statusProof': pdf,
    },
    maxRedirects: 0,
  })
  expect(sent.status()).toBe(302)
  const conn = e2eDb()
  const foreignApp = conn
    .prepare(`SELECT id, statusToken FROM Application WHERE applicantLastName = 'Посторонняя' ORDER BY createdAt DESC LIMIT 1`)
    .get() as { id: string; statusToken: string }
  conn.close()
  const { pupil, application, upload } = strangers()
  expect(application && upload).toBeTruthy()

  await signIn(page, 'parent')
  const child = await page.goto(`/parent/children/${pupil.id}`)
  expect(child?.status()).toBe(404)
  await expect(page.locator('main')).not.toContainText(pupil.lastName)

  const app = await page.goto(`/parent/applications/${foreignApp.id}`)
  expect(app?.status()).toBe(404)
  expect(page.url()).not.toContain('/s/')
  await expect(page.locator('body')).not.toContainText('Посторонняя')
  // The app's own error page, not a bare text: the school's name in the header, the heading, the way home.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Страница не найдена')
  await expect(page.locator('header .brand')).toContainText('МОУ «СОШ № 8»')
  await expect(page.getByRole('link', { name: 'На главную' })).toBeVisible()

  const guessed = await page.goto(`/s/${'A'.repeat(32)}`)
  expect(guessed?.status()).toBe(404)
  await expect(page.locator('main')).toHaveText(/Страница не найдена/)

  const staffUpload = await page.goto(`/staff/applications/${application!.id}/uploads/${upload!.id}`)
  expect(staffUpload?.status()).toBe(403)
  const direct = await page.goto(`/${upload!.storagePath}`)
  expect(direct?.status()).toBe(404)
  // An address no route takes: the same page, with the school's name rather than «Школа».
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Страница не найдена')
  await expect(page.locator('header .brand')).toContainText('МОУ «СОШ № 8»')
  // Browsers ask for /favicon.ico on their own: it is served, not a 404 with a stack trace in the server log.
  const icon = await page.request.get('/favicon.ico')
  expect(icon.status()).toBe(200)
  expect(icon.headers()['content-type']).toMatch(/icon/)
  const doc = await page.goto(`/s/${application!.statusToken.slice(0, 31)}x/documents/${upload!.id}`)
  expect(doc?.status()).toBe(404)
  // The pages behind the private link also fit 320 px and pass axe.
  await page.setViewportSize({ width: 320, height: 800 })
  for (const path of [
    `/apply/received/${foreignApp.statusToken}`,
    `/s/${foreignApp.statusToken}`,
    `/s/${foreignApp.statusToken}?withdraw=1`,
  ]) {
    expect((await page.goto(path))?.status()).toBe(200)
    await axe(page)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
  }
  const api = await request.get(`/api/v1/applications/${foreignApp.id}`)
  expect(api.status()).toBe(401)
})
