// Session 20: every page each role reaches, read in Chromium at 360 px as a phone shows it — Russian words only (no
// English word, no raw value of the program's like «granted», «IN_PERSON», «undefined», no date written 2026-12-07) and
// nothing wider than the screen (a wide table scrolls in its own frame). What is Latin by nature is let through:
// formats and protocols (tests/e2e/page-words.ts), the accounts' logins, and the Latin the teachers wrote into the
// journal themselves (an English lesson's topic «Present Simple»), read from the run's database.
import { expect, test, type Page } from '@playwright/test'
import { crawlPages } from './crawl'
import { demoLogins, e2eDb, signIn } from './fixtures'
import { wordProblems } from './page-words'

/** Logins and the Latin words of the journal's own text (topics, homework, subjects' and work types' names). */
function verbatimWords(): string[] {
  const conn = e2eDb()
  try {
    const logins = (conn.prepare('SELECT login FROM User').all() as Array<{ login: string }>).map((r) => r.login)
    const texts = conn
      .prepare(
        'SELECT topic AS t FROM Lesson UNION SELECT homework FROM Lesson UNION SELECT name FROM Subject UNION SELECT name FROM WorkType',
      )
      .all() as Array<{ t: string }>
    const words = texts.flatMap((r) => r.t.match(/[A-Za-z][\w.'-]*/g) ?? [])
    return [...new Set([...logins, ...words])]
  } finally {
    conn.close()
  }
}

/** What a person reads on the page: its text (code, kbd and fields left out) and its elements' accessible names. */
const pageText = (page: Page) =>
  page.evaluate(() => {
    const clone = document.body.cloneNode(true) as HTMLElement
    for (const e of clone.querySelectorAll('code, kbd, samp, script, style, noscript, iframe, textarea')) e.remove()
    // Cells, list items and lines read apart, as on the screen.
    for (const e of clone.querySelectorAll('*')) e.append(' ')
    const attributes = [...document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')]
      .map((e) => ['aria-label', 'title', 'placeholder', 'alt'].map((a) => e.getAttribute(a) ?? '').join(' '))
      .join('\n')
    return { text: `${document.title}\n${clone.textContent ?? ''}`, attributes }
  })

/** What the page shows that is not Russian, or is wider than the screen. */
async function wordFindings(page: Page, logins: string[]): Promise<string[]> {
  const { text, attributes } = await pageText(page)
  const found = wordProblems(text, { logins, attributes }).map((p) => `${p.kind}: ${p.text}`)
  const wider = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  if (wider > 0) found.push(`wider than the screen by ${wider} px`)
  return found
}

test.describe.configure({ timeout: 300_000 })

test('the checker finds English words, raw values and machine dates, and lets formats, logins and addresses be', () => {
  const kinds = (text: string, logins: string[] = []) => wordProblems(text, { logins }).map((p) => p.kind)
  expect(kinds('Статус: granted')).toEqual(['latin'])
  expect(kinds('Способ подачи: IN_PERSON')).toEqual(['latin'])
  expect(kinds('Срок: 2026-12-07')).toEqual(['iso-date'])
  expect(kinds('Поступило 2026-12-07T10:15:00.000Z')).toEqual(['iso-date'])
  expect(kinds('Класс: undefined')).toEqual(['raw-value', 'latin'])
  expect(kinds('Показано: NaN')).toEqual(['raw-value', 'latin'])
  expect(kinds('Empty list')).toEqual(['latin', 'latin'])
  expect(kinds('Документ Word и копия PDF; почта SMTP; адрес school8@example.org, сайт https://school8.example.org/apply')).toEqual([])
  expect(kinds('Тушинская Татьяна Викторовна (director)', ['director'])).toEqual([])
  expect(kinds('Тушинская Татьяна Викторовна (director)')).toEqual(['latin'])
  expect(wordProblems('Кнопка', { attributes: 'Выдать пароль: popova.ym, срок 2026-01-31' }).map((p) => p.kind)).toEqual(['iso-date'])
})

// Every role of the demo school and the education authority's administrator.
const ROLES = [
  'Директор',
  'Ответственный работник',
  'Заместитель директора по УВР',
  'Секретарь',
  'Администратор ЭЖ',
  'Классный руководитель 5А',
  'Учитель-предметник',
  'Родитель (двое детей)',
  'Родитель',
  'Орган управления образованием',
]

for (const role of ROLES) {
  test(`${role}: every page reached is in Russian and fits 360 px`, async ({ page }) => {
    const login = demoLogins().find((l) => l.role === role)
    expect(login, `demo login of «${role}»`).toBeTruthy()
    const logins = verbatimWords()
    await page.setViewportSize({ width: 360, height: 800 })
    await signIn(page, login!.login, login!.password)
    const home = new URL(page.url()).pathname
    const { visited, findings } = await crawlPages(page, [home], 45, (p) => wordFindings(p, logins))
    expect(visited.length, `pages reached by «${role}»`).toBeGreaterThanOrEqual(2)
    expect(findings).toEqual({})
  })
}

test('signed out: the public pages are in Russian and fit 360 px', async ({ page }) => {
  const logins = verbatimWords()
  await page.setViewportSize({ width: 360, height: 800 })
  const { visited, findings } = await crawlPages(page, ['/', '/apply', '/deadlines', '/login'], 20, (p) => wordFindings(p, logins))
  expect(visited.length).toBeGreaterThanOrEqual(4)
  expect(findings).toEqual({})
})
