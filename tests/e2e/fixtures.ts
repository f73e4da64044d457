import path from 'node:path'
import Database from 'better-sqlite3'
import { expect, type Page } from '@playwright/test'

/** The database of the server this run started (scripts/e2e-server.cjs). */
export function e2eDb() {
  return new Database(path.resolve(__dirname, '..', '.tmp', `e2e-${process.env.E2E_PORT ?? 3101}.db`), { readonly: true, fileMustExist: true })
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
