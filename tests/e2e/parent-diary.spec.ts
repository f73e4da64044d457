// The parent's e-diary (Порядок 2.5, Положение 2.5): the week view first, the previous week, then the marks by
// subject of the last quarter with a mark and its final marks; lessons with their times from the bell schedule and
// homework with its due day; at 320 px and 1280 px, axe-clean, no sideways scroll.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { e2eDb, signIn } from './fixtures'

async function checkPage(page: Page, width: number) {
  const result = await new AxeBuilder({ page }).analyze()
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
}

for (const width of [320, 1280]) {
  test(`the week, the previous week and last quarter’s marks at ${width} px`, async ({ page }) => {
    // Four axe runs over long pages (a week of lessons, the period with its control works, teachers and holidays):
    // on a shared 2-core machine the first, cold run needs more than the default minute.
    test.setTimeout(150_000)
    await page.setViewportSize({ width, height: 900 })
    await signIn(page, 'parent')
    const own = page.locator('main h2 a').first()
    const name = (await own.textContent())!
    await own.click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name)

    // The week view is the default; today is marked.
    const weekHeading = page.getByRole('heading', { level: 2, name: /^Неделя \d\d\.\d\d\.\d{4} — \d\d\.\d\d\.\d{4}$/ })
    await expect(weekHeading).toBeVisible()
    await expect(page.locator('[aria-current="date"]')).toHaveCount(1)
    await expect(page.locator('[aria-current="date"] h3')).toContainText('сегодня')
    await checkPage(page, width)
    const thisWeek = (await weekHeading.textContent())!

    await page.getByRole('link', { name: '← Предыдущая неделя' }).click()
    await expect(page).toHaveURL(/\?week=\d{4}-\d\d-\d\d$/)
    await expect(weekHeading).not.toHaveText(thisWeek)
    await expect(page.locator('[aria-current="date"]')).toHaveCount(0)
    // A school week has lessons with topics and marks shown as chips with the work type and weight.
    await expect(page.locator('li.lesson').first()).toBeVisible()
    await expect(page.locator('li.lesson', { hasText: 'Тема:' }).first()).toBeVisible()
    // Each lesson with its time from the school's bell schedule (расписание звонков); the first rings at 08:30.
    await expect(page.locator('li.lesson .lesson-head strong', { hasText: /^1 урок · 08:30–09:15 · / }).first()).toBeVisible()
    const heads = await page.locator('li.lesson .lesson-head strong').allTextContents()
    expect(heads.length).toBeGreaterThan(10)
    for (const head of heads) expect(head).toMatch(/^\d урок · \d\d:\d\d–\d\d:\d\d · \S/)
    // Homework carries its due day, and a day lists what was set for it at an earlier lesson.
    await expect(page.getByText(/^Домашнее задание \(к \d\d\.\d\d\.\d{4}\):$/).first()).toBeVisible()
    await expect(page.getByText('Задано на этот день:').first()).toBeVisible()
    await checkPage(page, width)

    await page.getByRole('link', { name: 'Оценки за период' }).click()
    await expect(page.getByRole('heading', { level: 2, name: 'Оценки по предметам' })).toBeVisible()
    await expect(page.getByRole('heading', { level: 2, name: 'Посещаемость' })).toBeVisible()
    await page.getByLabel('Период').selectOption({ label: '1 четверть' })
    await page.getByRole('button', { name: 'Показать' }).click()
    await expect(page).toHaveURL(/view=period&period=/)
    await expect(page.getByText(/^Период: 1 четверть/)).toBeVisible()
    const chip = page.locator('ul.chips li.chip').first()
    await expect(chip.locator('.mark')).toHaveText(/^([2-5]|зачёт|незачёт)$/)
    await expect(chip).toContainText(/вес \d/)
    await expect(page.getByText('Итоговые отметки').first()).toBeVisible()
    await expect(page.locator('ul.subjects dd', { hasText: /1 четверть: [2-5]/ }).first()).toBeVisible()
    // Away from its lesson a mark carries the lesson's topic (Порядок 2.5: marks with lesson topics and work types).
    await expect(chip.locator('.mark-topic')).toHaveText(/^Тема урока: \S/)
    await checkPage(page, width)
    // The year: the marks of every quarter, each with its date, work type, weight and the lesson's topic.
    await page.getByLabel('Период').selectOption({ value: 'year' })
    await page.getByRole('button', { name: 'Показать' }).click()
    await expect(page).toHaveURL(/period=year/)
    const yearChip = page.locator('ul.chips li.chip').first()
    await expect(yearChip).toContainText(/^[^,]*\d\d\.\d\d\.\d{4}, .+, вес \d/)
    await expect(yearChip.locator('.mark-topic')).toHaveText(/^Тема урока: \S/)
    expect(await page.locator('ul.chips li.chip').count()).toBe(await page.locator('ul.chips li.chip .mark-topic').count())
  })
}

/**
 * A child of the demo login 'parent' (grade 2 or above) with a control work in a closed quarter whose week also has a
 * substitution (замена: the lesson's teacher is not the one of the timetable in force) in the child's groups.
 */
function controlWorkWeekWithSubstitution() {
  const conn = e2eDb()
  try {
    return conn
      .prepare(
        `
      WITH own AS (SELECT l.pupilId FROM GuardianLink l JOIN Guardian g ON g.id = l.guardianId JOIN User u ON u.id = g.userId ` +
          `WHERE u.login = 'parent'),
      lessons AS (
        SELECT m.pupilId, l.date, l.kind, l.teacherId, l.groupId, l.period,
          date(l.date, '-' || ((CAST(strftime('%w', l.date) AS INTEGER) + 6) % 7) || ' days') AS monday
        FROM Lesson l JOIN GroupMembership m ON m.groupId = l.groupId AND m.fromDate <= l.date AND (m.toDate IS NULL OR m.toDate >= l.date)
        WHERE m.pupilId IN (SELECT pupilId FROM own)
      ),
      subs AS (
        SELECT DISTINCT x.pupilId, x.monday FROM lessons x JOIN TimetableEntry e ON e.groupId = x.groupId AND e.period = x.period
          AND e.weekday = ((CAST(strftime('%w', x.date) AS INTEGER) + 6) % 7) + 1 AND e.validFrom <= x.date ` +
          `AND (e.validTo IS NULL OR e.validTo >= x.date)
        WHERE e.teacherId IS NOT NULL AND x.teacherId IS NOT NULL AND e.teacherId <> x.teacherId
      )
      SELECT p.lastName || ' ' || p.firstName || ' ' || p.middleName AS name, x.date, x.monday, pr.name AS period
      FROM lessons x JOIN subs s ON s.pupilId = x.pupilId AND s.monday = x.monday
        JOIN Pupil p ON p.id = x.pupilId JOIN SchoolClass c ON c.id = p.classId
        JOIN ReportingPeriod pr ON pr.academicYearId = c.academicYearId AND pr.closed = 1 AND x.date BETWEEN pr.startsOn AND pr.endsOn
          AND pr.kind = CASE WHEN c.grade >= 10 THEN 'half' ELSE 'quarter' END
      WHERE x.kind = 'контрольная' AND c.grade >= 2 ORDER BY x.date DESC LIMIT 1`,
      )
      .get() as { name: string; date: string; monday: string; period: string } | undefined
  } finally {
    conn.close()
  }
}

const ddmmyyyy = (day: string) => day.split('-').reverse().join('.')

for (const width of [320, 1280]) {
  test(`last quarter’s final mark, then the week of a control work with a substitution at ${width} px`, async ({ page }) => {
    test.setTimeout(150_000)
    const found = controlWorkWeekWithSubstitution()
    expect(
      found,
      'the demo journal has a closed quarter with a control work and a substitution in one week of a child of «parent»',
    ).toBeTruthy()
    const { name, date, monday, period } = found!
    await page.setViewportSize({ width, height: 900 })
    await signIn(page, 'parent')
    await page.getByRole('link', { name }).first().click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name)

    // Last quarter: its final marks stand (Порядок 2.5 ¶7).
    await page.getByRole('link', { name: 'Оценки за период' }).click()
    await page.getByLabel('Период').selectOption({ label: period })
    await page.getByRole('button', { name: 'Показать' }).click()
    await expect(page.getByText(new RegExp(`^Период: ${period}`))).toBeVisible()
    await expect(page.locator('ul.subjects dt', { hasText: 'Итоговые отметки' }).first()).toBeVisible()
    await expect(page.locator('ul.subjects dd', { hasText: new RegExp(`${period}: [2-5]`) }).first()).toBeVisible()
    await checkPage(page, width)

    // The schedule of control works opens the week of the work: the work and the substitution are on it.
    await page
      .locator('#control-works-title + ul')
      .getByRole('link', { name: ddmmyyyy(date) })
      .first()
      .click()
    await expect(page).toHaveURL(new RegExp(`\\?week=${monday}$`))
    await expect(
      page.getByRole('heading', { level: 2, name: `Неделя ${ddmmyyyy(monday)} — ${ddmmyyyy(addDays(monday, 6))}` }),
    ).toBeVisible()
    const day = page.locator(`section.day[aria-labelledby="day-${date}"]`)
    await expect(day.locator('li.lesson .badge', { hasText: 'Контрольная работа' }).first()).toBeVisible()
    await expect(page.locator('li.lesson .badge', { hasText: /^замена$/ }).first()).toBeVisible()
    await expect(page.getByText(/^Замена: урок провёл\(а\) .+ вместо .+$/).first()).toBeVisible()
    await checkPage(page, width)
  })
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** The newest comment to a mark of a child of 'parent' (the seed gives each one), with the child's name. */
function commentedMark() {
  const conn = e2eDb()
  try {
    return conn
      .prepare(
        `SELECT p.lastName || ' ' || p.firstName || ' ' || p.middleName AS name, l.date, c.text
         FROM JournalComment c JOIN Mark m ON m.id = c.markId JOIN Lesson l ON l.id = c.lessonId JOIN Pupil p ON p.id = c.pupilId
         WHERE c.pupilId IN (SELECT l.pupilId FROM GuardianLink l JOIN Guardian g ON g.id = l.guardianId JOIN User u ON u.id = g.userId
                             WHERE u.login = 'parent')
         ORDER BY l.date DESC LIMIT 1`,
      )
      .get() as { name: string; date: string; text: string } | undefined
  } finally {
    conn.close()
  }
}

test('a teacher’s comment beside its mark, a recommendation under the lesson and a school event on its day at 320 px', async ({ page }) => {
  test.setTimeout(150_000)
  const found = commentedMark()
  expect(found, 'the demo seed gives each child of «parent» a comment to a mark').toBeTruthy()
  const { name, date, text } = found!
  await page.setViewportSize({ width: 320, height: 800 })
  await signIn(page, 'parent')
  await page.getByRole('link', { name }).first().click()

  // Положение 3.6: the school's event of this week (the seed puts a parents' meeting on Thursday) on its day.
  const event = page.locator('section.day .day-event', { hasText: 'Общешкольное родительское собрание' })
  await expect(event).toBeVisible()
  await expect(event).toContainText('18:00')
  await expect(event).toContainText('актовый зал')
  await checkPage(page, 320)

  // The week of the comment: written out inside the chip (not a tooltip), readable without sideways scrolling.
  await page.goto(`${new URL(page.url()).pathname}?week=${date}`)
  const chip = page.locator(`section.day[aria-labelledby="day-${date}"] li.chip.has-comment`, { hasText: text }).first()
  await expect(chip).toBeVisible()
  await expect(chip.locator('.mark-comment')).toContainText(`Комментарий учителя: ${text}`)
  const box = (await chip.locator('.mark-comment').boundingBox())!
  expect(box.x + box.width).toBeLessThanOrEqual(320)
  await expect(page.locator('li.lesson .lesson-comment', { hasText: 'Рекомендация учителя обучающемуся:' }).first()).toBeVisible()
  await checkPage(page, 320)

  // The marks by subject of the whole journal show the same comment beside its mark.
  await page.goto(`${new URL(page.url()).pathname}?view=period&period=all`)
  await expect(page.locator('ul.subjects li.chip.has-comment', { hasText: text }).first()).toBeVisible()
})

/**
 * A child of 'parent' and the first school day after today (not a weekend, not in a holiday of the school's year):
 * the journal has no lesson on it yet, the timetable has.
 */
function comingSchoolDay() {
  const conn = e2eDb()
  try {
    const child = conn
      .prepare(
        `SELECT p.id, p.lastName || ' ' || p.firstName || ' ' || p.middleName AS name FROM Pupil p JOIN SchoolClass c ON c.id = p.classId
         WHERE c.grade >= 2 AND p.id IN (SELECT l.pupilId FROM GuardianLink l JOIN Guardian g ON g.id = l.guardianId
           JOIN User u ON u.id = g.userId WHERE u.login = 'parent') ORDER BY p.lastName, p.firstName LIMIT 1`,
      )
      .get() as { id: string; name: string }
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Saratov' }).format(new Date())
    const inHoliday = conn.prepare('SELECT 1 FROM SchoolHoliday WHERE startsOn <= ? AND endsOn >= ?')
    let day = today
    do day = addDays(day, 1)
    while ([0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay()) || inHoliday.get(day, day))
    return { ...child, day }
  } finally {
    conn.close()
  }
}

/** A child of 'parent' with a lesson missed through illness that the teacher gave a reason to (the seed: «болезнь (справка)»). */
function childWithIllness(): string {
  const conn = e2eDb()
  try {
    return (
      conn
        .prepare(
          `SELECT a.pupilId FROM Attendance a WHERE a.kind = 'ill' AND a.reason LIKE 'болезнь (%' AND a.pupilId IN (SELECT l.pupilId
           FROM GuardianLink l JOIN Guardian g ON g.id = l.guardianId JOIN User u ON u.id = g.userId WHERE u.login = 'parent') LIMIT 1`,
        )
        .get() as { pupilId: string }
    ).pupilId
  } finally {
    conn.close()
  }
}

test('the coming days show the timetable’s lessons, and the week and the marks print without the navigation at 360 px', async ({
  page,
}) => {
  test.setTimeout(150_000)
  const { id, name, day } = comingSchoolDay()
  await page.addInitScript(() => {
    const w = window as unknown as { printed: number; print: () => void }
    w.printed = 0
    w.print = () => void w.printed++
  })
  await page.setViewportSize({ width: 360, height: 800 })
  await signIn(page, 'parent')
  // The home page names the list of recent marks and leads to the diary and to the marks of the period.
  const card = page.getByRole('region', { name })
  await expect(card.getByRole('heading', { level: 3, name: 'Последние оценки' })).toBeVisible()
  await expect(card.getByRole('list', { name: 'Последние оценки' }).getByRole('listitem').first()).toHaveText(
    /^([2-5]|зачёт|незачёт) .+, \d\d\.\d\d\.\d{4} — \S/,
  )
  await expect(card.getByRole('link', { name: 'Оценки за период' })).toHaveAttribute('href', `/parent/children/${id}?view=period`)
  await card.getByRole('link', { name: 'Открыть дневник' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name)
  await page.goto(`/parent/children/${id}?week=${day}`)

  // Порядок 2.5: a paper diary has the week's timetable written in ahead; the e-diary must not say «no lessons».
  const coming = page.locator(`section.day[aria-labelledby="day-${day}"]`)
  await expect(coming).toBeVisible()
  await expect(coming).not.toContainText('Уроков нет')
  const planned = coming.locator('li.lesson.planned')
  expect(await planned.count()).toBeGreaterThan(1)
  for (const head of await planned.locator('.lesson-head strong').allTextContents()) {
    expect(head).toMatch(/^\d урок · \d\d:\d\d–\d\d:\d\d · \S/)
  }
  await expect(planned.first().locator('.badge')).toHaveText('по расписанию')
  await expect(planned.first().locator('.hint')).toHaveText(/^каб\. \S+ · \S+ \S+/)
  await checkPage(page, 360)

  // Printing the week: the button prints; on paper the child, the week and its days, not the navigation or the applications.
  await page.getByRole('button', { name: 'Распечатать неделю' }).click()
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1)
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name)
  await expect(page.getByRole('heading', { level: 2, name: /^Неделя / })).toBeVisible()
  await expect(coming).toBeVisible()
  await expect(page.locator('nav.week-nav')).toBeHidden()
  await expect(page.getByRole('heading', { name: 'Заявления о предоставлении информации' })).toBeHidden()
  await expect(page.getByRole('button', { name: 'Распечатать неделю' })).toBeHidden()
  await page.emulateMedia({ media: 'screen' })

  // The marks of the period (a client-side move: the same window, its second print).
  await page.getByRole('link', { name: 'Оценки за период' }).click()
  await expect(page).toHaveURL(/view=period/)
  await page.getByRole('button', { name: 'Распечатать оценки' }).click()
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(2)
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByRole('heading', { level: 2, name: 'Оценки по предметам' })).toBeVisible()
  await expect(page.getByText(/^Период: /)).toBeVisible()
  await expect(page.getByLabel('Период')).toBeHidden()
  await expect(page.getByRole('heading', { name: 'Заявления о предоставлении информации' })).toBeHidden()
  await page.emulateMedia({ media: 'screen' })

  // Each absence of the whole journal once, its reason not wrapped in the kind again («болезнь (болезнь (справка))»).
  await page.goto(`/parent/children/${childWithIllness()}?view=period&period=all`)
  await expect(page.getByRole('heading', { level: 2, name: 'Посещаемость' })).toBeVisible()
  const absences = await page.locator('ul.absences li').allTextContents()
  expect(absences.length).toBeGreaterThan(0)
  for (const line of absences) {
    expect(line).toMatch(/^\d\d\.\d\d\.\d{4}, [^:]+: (болезнь|отсутствие|опоздание)( \([^()]+\))?$/)
  }
  expect(absences.join('\n')).toMatch(/: болезнь \(уважительная причина: справка\)$/m)
})
