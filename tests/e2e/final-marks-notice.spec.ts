// ADR 058, Порядок 2.5 ¶7, Положение 9.3: the ЭЖ administrator imports final marks on the import screen; at once the
// parent with e-diary access sees «Новые итоговые отметки» on the child's page, with the mark in the period view, and
// a letter is queued for them; another family sees no notice and cannot open that child's page.
import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { e2eDb, signIn } from './fixtures'

type Child = { id: string; lastName: string; firstName: string; middleName: string; birthDate: string; className: string; grade: number }

/** The first child (by name) of a demo parent's account. */
function childOf(login: string): Child {
  const conn = e2eDb()
  try {
    return conn
      .prepare(
        `SELECT p.id, p.lastName, p.firstName, p.middleName, p.birthDate, c.name AS className, c.grade
           FROM User u JOIN Guardian g ON g.userId = u.id JOIN GuardianLink l ON l.guardianId = g.id
           JOIN Pupil p ON p.id = l.pupilId JOIN SchoolClass c ON c.id = p.classId
          WHERE u.login = ? ORDER BY p.lastName, p.firstName LIMIT 1`,
      )
      .get(login) as Child
  } finally {
    conn.close()
  }
}

/** A subject the child has a final mark in for the period, with that mark (the demo school sets the closed ones). */
function finalMarkOf(pupilId: string, period: string) {
  const conn = e2eDb()
  try {
    return conn
      .prepare(
        `SELECT s.name AS subject, f.value FROM FinalMark f JOIN Subject s ON s.id = f.subjectId
           JOIN ReportingPeriod r ON r.id = f.periodId JOIN AcademicYear y ON y.id = r.academicYearId
          WHERE f.pupilId = ? AND r.name = ? AND y.current = 1 AND f.value IN ('2', '3', '4', '5') ORDER BY s.name LIMIT 1`,
      )
      .get(pupilId, period) as { subject: string; value: string } | undefined
  } finally {
    conn.close()
  }
}

/** The letters queued for a pupil's final marks (notify-final-marks jobs, ADR 058). */
function noticeJobs(pupilId: string): number {
  const conn = e2eDb()
  try {
    const row = conn
      .prepare(`SELECT count(*) AS n FROM OutboxJob WHERE kind = 'notify-final-marks' AND idempotencyKey LIKE ?`)
      .get(`final-marks:${pupilId}:%`) as { n: number }
    return row.n
  } finally {
    conn.close()
  }
}

test('a final mark imported on the import screen is named on the parent’s page and in the period view, for that family only', async ({
  page,
}) => {
  test.setTimeout(120_000)
  const child = childOf('parent')
  const other = childOf('parent2')
  expect(other.id).not.toBe(child.id)
  // Quarters for the 1st–9th grades, halves for the 10th–11th (the demo parents' children are in the 2nd grade or above).
  const period = child.grade >= 10 ? '1 полугодие' : '1 четверть'
  const before = finalMarkOf(child.id, period)
  expect(before, `a final mark of ${child.lastName} for «${period}»`).toBeTruthy()
  const value = before!.value === '5' ? '4' : '5' // a changed mark is a new one; the same mark would change nothing
  const jobsBefore = noticeJobs(child.id)
  const otherJobsBefore = noticeJobs(other.id)

  const [y, m, d] = child.birthDate.split('-')
  const csv = [
    'Класс;Обучающийся;Дата рождения;Предмет;Период;Отметка',
    `${child.className};${child.lastName} ${child.firstName} ${child.middleName};${d}.${m}.${y};${before!.subject};${period};${value}`,
  ].join('\r\n')

  await signIn(page, 'admin')
  await page.goto('/admin/import')
  await page.getByLabel('Вид файла').selectOption({ label: 'Итоговые отметки (четверть, полугодие, год)' })
  await page
    .getByLabel('Файл', { exact: true })
    .setInputFiles({ name: 'итоговые-отметки.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await page.getByRole('button', { name: 'Проверить файл' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Отчёт проверки: итоговые-отметки.csv' })).toBeVisible()
  await expect(page.locator('dt:has-text("Ошибок") + dd')).toHaveText('0')
  await expect(page.locator('dt:has-text("Будет изменено") + dd')).toHaveText('1')
  await page.getByRole('button', { name: 'Загрузить в журнал' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Файл загружен: итоговые-отметки.csv' })).toBeVisible()
  await expect(page.getByText('Данные записаны в журнал.')).toBeVisible()
  // The letter to the parents is queued with the marks, in the import's transaction; none for the other family.
  expect(noticeJobs(child.id)).toBe(jobsBefore + 1)
  expect(noticeJobs(other.id)).toBe(otherJobsBefore)

  // The parent: the notice above the week view names the period and the mark, and leads to the period view.
  await page.context().clearCookies()
  await signIn(page, 'parent')
  await page.goto(`/parent/children/${child.id}`)
  const notice = page.getByRole('status').filter({ has: page.getByRole('heading', { name: 'Новые итоговые отметки' }) })
  await expect(notice).toBeVisible()
  await expect(notice).toContainText(`${before!.subject} — ${value}`)
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([])
  await notice.getByRole('link', { name: period }).click()
  await expect(page).toHaveURL(/view=period&period=/)
  await expect(page.getByText(new RegExp(`^Период: ${period}`))).toBeVisible()
  const card = page.locator('li.subject').filter({ has: page.getByRole('heading', { level: 3, name: before!.subject, exact: true }) })
  await expect(card.locator('dt:has-text("Итоговые отметки") + dd')).toContainText(`${period}: ${value}`)

  // Another family: no notice on their own child's page, and this child's page is «not found» for them.
  await page.context().clearCookies()
  await signIn(page, 'parent2')
  await page.goto(`/parent/children/${other.id}`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Новые итоговые отметки' })).toHaveCount(0)
  await expect(page.getByText(`${before!.subject} — ${value}`)).toHaveCount(0)
  const response = await page.goto(`/parent/children/${child.id}`)
  expect(response!.status()).toBe(404)
  await expect(page.getByText('Обучающийся не найден')).toBeVisible()
})
