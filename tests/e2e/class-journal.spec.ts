// The staff's class journal grid (/staff/journal/<class>): a mark's work type is part of the cell's text for a screen
// reader, not only a tooltip (a title is not read out, and there is no hover on a phone).
import { expect, test } from '@playwright/test'
import { e2eDb, signIn } from './fixtures'

function classId(name: string): string {
  const conn = e2eDb()
  try {
    return (conn.prepare('SELECT id FROM SchoolClass WHERE name = ?').get(name) as { id: string }).id
  } finally {
    conn.close()
  }
}

function workTypes(): string[] {
  const conn = e2eDb()
  try {
    return (conn.prepare('SELECT DISTINCT name FROM WorkType').all() as Array<{ name: string }>).map((r) => r.name)
  } finally {
    conn.close()
  }
}

test('each mark of the class journal grid is read with its work type', async ({ page }) => {
  await signIn(page, 'popova.ym')
  await page.goto(`/staff/journal/${classId('5А')}`)
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Журнал 5А класса')
  const marks = page.locator('table.journal-grid .mark')
  await expect(marks.first()).toBeVisible()
  const texts = await marks.allTextContents()
  expect(texts.length).toBeGreaterThan(5)
  const known = workTypes()
  for (const text of texts) {
    const m = /^(\S+) \((.+)\)$/.exec(text)
    expect(m, `«${text}»`).not.toBeNull()
    expect(known).toContain(m![2])
  }
  // Seen: the mark alone (the work type is for the screen reader and the tooltip).
  const first = marks.first()
  await expect(first).toHaveAttribute('title', /\S/)
  const box = await first.locator('.visually-hidden').boundingBox()
  expect(box && box.width <= 1 && box.height <= 1).toBe(true)
})

test('a phone-wide class journal scrolls its tables, not the page (the marks’ hidden work types stay inside them)', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 })
  await signIn(page, 'popova.ym')
  await page.goto(`/staff/journal/${classId('5А')}`)
  await expect(page.locator('table.journal-grid .mark').first()).toBeVisible()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
})
