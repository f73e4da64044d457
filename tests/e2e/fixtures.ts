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
        `SELECT p.lastName, p.firstName, c.name AS className FROM Pupil p JOIN SchoolClass c ON c.id = p.classId WHERE c.name = ? AND p.leftOn IS NULL ORDER BY p.lastName DESC, p.firstName DESC LIMIT 1 OFFSET ?`,
      )
      .get(className, offset) as { lastName: string; firstName: string; className: string }
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
