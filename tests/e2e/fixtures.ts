import path from 'node:path'
import Database from 'better-sqlite3'
import { expect, type Page } from '@playwright/test'

/** The database of the server this run started (scripts/e2e-server.cjs). */
export function e2eDb() {
  return new Database(path.resolve(__dirname, '..', '.tmp', `e2e-${process.env.E2E_PORT ?? 3101}.db`), {
    readonly: true,
    fileMustExist: true,
  })
}

export type DemoLogin = { role: string; login: string; password: string; name: string }

export function demoLogins(): DemoLogin[] {
  const conn = e2eDb()
  try {
    const row = conn.prepare("SELECT value FROM Setting WHERE key = 'demo.logins'").get() as { value: string }
    return JSON.parse(row.value) as DemoLogin[]
  } finally {
    conn.close()
  }
}

export async function signIn(page: Page, login: string, password = 'demo2026') {
  await page.goto('/login')
  await page.getByLabel('Логин').fill(login)
  await page.getByLabel('Пароль').fill(password)
  await page.getByRole('button', { name: 'Войти' }).click()
  await expect(page).not.toHaveURL(/\/login/)
}

/**
 * A pupil of the class with a parent on file, counted from the end of the list (other specs take the first ones),
 * with the class name so the journal search can tell namesakes in other classes apart.
 */
export function pupilOf(className: string, offset = 0) {
  const conn = e2eDb()
  try {
    return conn
      .prepare(
        'SELECT p.lastName, p.firstName, c.name AS className FROM Pupil p JOIN SchoolClass c ON c.id = p.classId WHERE ' +
          'c.name = ? AND p.leftOn IS NULL ORDER BY p.lastName DESC, p.firstName DESC LIMIT 1 OFFSET ?',
      )
      .get(className, offset) as { lastName: string; firstName: string; className: string }
  } finally {
    conn.close()
  }
}

/** The id of the first pupil of a class by surname (a pupil card to open). */
export function firstPupilId(className: string): string {
  const conn = e2eDb()
  try {
    return (
      conn
        .prepare(
          'SELECT p.id FROM Pupil p JOIN SchoolClass c ON c.id = p.classId WHERE ' +
            'c.name = ? AND p.leftOn IS NULL ORDER BY p.lastName LIMIT 1',
        )
        .get(className) as { id: string }
    ).id
  } finally {
    conn.close()
  }
}

/** Порядок 2.7, 3.2: the identity document's details on every channel; by post, its copy in the envelope too. */
export async function identityDocument(page: Page, { copy = false } = {}) {
  await page
    .getByLabel('Документ, удостоверяющий личность', { exact: true })
    .fill('паспорт 6310 123456, выдан ГУ МВД России по Саратовской области 01.02.2015')
  if (copy) await page.getByLabel(/в письме есть копия документа, удостоверяющего личность/).check()
}

/** A tiny PDF for the scans a form asks for. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

/** The private link of an open online application: an existing one, else one sent through /apply as a parent would. */
export async function openStatusToken(page: Page): Promise<string> {
  const conn = e2eDb()
  try {
    const row = conn
      .prepare("SELECT statusToken FROM Application WHERE channel = 'online' AND closedAt IS NULL ORDER BY receivedAt DESC LIMIT 1")
      .get() as { statusToken: string } | undefined
    if (row) return row.statusToken
  } finally {
    conn.close()
  }
  const conn2 = e2eDb()
  const pupil = conn2
    .prepare(
      'SELECT p.lastName, p.firstName, p.middleName FROM Pupil p JOIN SchoolClass c ON c.id = ' +
        `p.classId WHERE c.name = '5А' AND p.leftOn IS NULL ORDER BY p.lastName LIMIT 1`,
    )
    .get() as { lastName: string; firstName: string; middleName: string }
  conn2.close()
  await page.goto('/apply')
  await page.getByRole('textbox', { name: 'Фамилия', exact: true }).fill('Сидорова')
  await page.getByRole('textbox', { name: 'Имя', exact: true }).fill('Анна')
  await page.getByLabel('я опекун (попечитель)').check()
  await page.getByLabel('Серия и номер').fill('6310 123456')
  await page.getByLabel('Кем выдан').fill('ГУ МВД России по Саратовской области')
  await page.getByLabel('Дата выдачи').fill('01.02.2015')
  await page.getByRole('textbox', { name: 'Адрес проживания' }).fill('г. Саратов, ул. Московская, д. 1, кв. 2')
  await page.getByLabel('Электронная почта').fill('anna@example.org')
  await page.getByLabel('Фамилия обучающегося').fill(pupil.lastName)
  await page.getByLabel('Имя обучающегося').fill(pupil.firstName)
  await page.getByLabel('Отчество обучающегося').fill(pupil.middleName)
  await page.getByRole('textbox', { name: 'Класс', exact: true }).fill('5А')
  await page.getByLabel('о посещаемости занятий обучающимся').check()
  await page.getByLabel('однократно').check()
  await page.getByLabel('по электронной почте').check()
  await page
    .getByLabel('Копия документа, удостоверяющего личность')
    .setInputFiles({ name: 'паспорт.pdf', mimeType: 'application/pdf', buffer: PDF })
  await page
    .getByLabel('Копия документа, подтверждающего статус законного представителя')
    .setInputFiles({ name: 'свидетельство.pdf', mimeType: 'application/pdf', buffer: PDF })
  await page.getByRole('button', { name: 'Отправить заявление' }).click()
  await expect(page).toHaveURL(/\/apply\/received\/[A-Za-z0-9_-]{32}$/)
  return /\/s\/([A-Za-z0-9_-]{32})/.exec((await page.getByRole('link', { name: /\/s\// }).getAttribute('href')) ?? '')![1]
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Выйти' }).click()
  await expect(page).toHaveURL(/\/login/)
}

/**
 * Types the pupil's name into the journal lookup and chooses, by keyboard, the first parent of that pupil in that
 * class (the demo school has namesakes in other classes).
 */
export async function chooseFamily(page: Page, pupil: { lastName: string; firstName: string; className?: string }) {
  const search = page.getByLabel('Фамилия обучающегося или родителя (и, через пробел, имя)')
  await search.focus()
  await page.keyboard.type(`${pupil.lastName} ${pupil.firstName}`)
  const wanted = `— ${pupil.lastName} ${pupil.firstName}${pupil.className ? `, ${pupil.className}` : ''}`
  const results = page.locator('#journal-results button')
  await expect(results.filter({ hasText: wanted }).first()).toBeVisible()
  const texts = await results.allTextContents()
  const index = texts.findIndex((t) => t.includes(wanted))
  for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(page.getByLabel('Фамилия обучающегося', { exact: true })).toHaveValue(pupil.lastName)
  if (pupil.className) await expect(page.getByLabel('Класс', { exact: true })).toHaveValue(pupil.className)
}

/** Documents are made by the worker a moment later: reload until the link is there. */
export async function expectDocument(page: Page, name: RegExp) {
  await expect(async () => {
    await page.reload()
    await expect(page.getByRole('link', { name })).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 40_000 })
}

/** Presses an application page's button and waits for its message. */
export async function act(page: Page, button: string) {
  await page.getByRole('button', { name: button, exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: /./ }).first()).toBeVisible()
}

/**
 * A weekly attendance application by post for the pupil: the responsible employee registers and forwards it, the
 * director signs it and starts the sending, the first extract is handed to the post with its track number. Signed
 * out at the end; the application's id.
 */
export async function weeklyByPostHandedOver(page: Page, pupil: { lastName: string; firstName: string; className: string }, track: string) {
  await signIn(page, 'responsible')
  await page.goto('/staff/intake/post')
  await chooseFamily(page, pupil)
  await page.getByLabel(/о посещаемости/).check()
  await page.getByLabel('еженедельно').check()
  await page.getByLabel(/Скан заявления/).setInputFiles({ name: 'скан.pdf', mimeType: 'application/pdf', buffer: PDF })
  await identityDocument(page, { copy: true })
  await page.getByRole('button', { name: 'Зарегистрировать' }).click()
  await page.getByRole('link', { name: 'Открыть заявление' }).click()
  await expect(page).toHaveURL(/\/staff\/applications\/app_/)
  const id = /\/staff\/applications\/(app_[^/?#]+)/.exec(page.url())?.[1] as string
  await act(page, 'Принять к рассмотрению')
  await act(page, 'Передать директору')
  await signOut(page)
  await signIn(page, 'director')
  await page.goto(`/staff/applications/${id}`)
  await page.getByLabel('Пароль для подписи решения').fill('demo2026')
  await act(page, 'Подписать решение')
  await act(page, 'Начать отправку')
  await expectDocument(page, /^Выписка № \d+\.docx$/)
  await page.getByLabel('Почтовый идентификатор (трек-номер)').fill(track)
  await act(page, 'Отметить вручение')
  await expect(page.getByText('Периодическое предоставление', { exact: true }).first()).toBeVisible()
  await signOut(page)
  return id
}
