// Issue 13 item 5: the director's signing password is throttled like the sign-in form — wrong guesses are slowed
// with a growing delay and said so in Russian, and the director still signs once the short delay has passed.
import { expect, test, type Page } from '@playwright/test'
import { e2eDb, pupilOf, signIn } from './fixtures'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

type Try = { ok: boolean; message: string; seconds: number | null; sentAt: number; doneAt: number }

/** One signing try: the server's answer to this very try (the action's JSON), when it was sent and answered. */
async function sign(page: Page, url: string, password = 'demo2026'): Promise<Try> {
  await page.getByLabel('Пароль для подписи решения').fill(password)
  const response = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(url))
  const sentAt = Date.now()
  await page.getByRole('button', { name: 'Подписать решение', exact: true }).click()
  const result = (await (await response).json()) as { ok: boolean; formError?: string }
  const doneAt = Date.now()
  // The page has taken the answer in (the form is idle again, or gone once the decision is signed).
  await expect(page.getByRole('button', { name: 'Выполняется…' })).toHaveCount(0)
  const message = result.formError ?? ''
  const seconds = /через (\d+) секунд/.exec(message)?.[1]
  return { ok: result.ok, message, seconds: seconds ? Number(seconds) : null, sentAt, doneAt }
}

async function act(page: Page, button: string) {
  await page.getByRole('button', { name: button, exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: /./ }).first()).toBeVisible()
}

/** The signing refusals audited so far: the e2e database is shared, other specs (access-grants) sign wrongly too. */
function auditedSigning(): Record<string, number> {
  const conn = e2eDb()
  try {
    const rows = conn
      .prepare(
        'SELECT action, COUNT(*) AS n FROM AuditEvent WHERE action IN ' +
          `('wrong-password:signature', 'throttle:password') GROUP BY action`,
      )
      .all() as Array<{ action: string; n: number }>
    return Object.fromEntries(rows.map((r) => [r.action, r.n]))
  } finally {
    conn.close()
  }
}

test('wrong signing passwords are slowed down and audited; the director signs after the delay', async ({ page }) => {
  const before = auditedSigning()
  await signIn(page, 'responsible')
  await page.goto('/staff/intake/post')
  const pupil = pupilOf('6А', 2)
  const search = page.getByLabel('Фамилия обучающегося или родителя (и, через пробел, имя)')
  await search.focus()
  await page.keyboard.type(`${pupil.lastName} ${pupil.firstName}`)
  await page
    .locator('#journal-results button', { hasText: `— ${pupil.lastName} ${pupil.firstName}` })
    .first()
    .click()
  await expect(page.getByLabel('Фамилия обучающегося', { exact: true })).toHaveValue(pupil.lastName)
  await page.getByLabel(/о расписании занятий/).check()
  await page.getByLabel(/Скан заявления/).setInputFiles({ name: 'скан.pdf', mimeType: 'application/pdf', buffer: PDF })
  await page.getByLabel('Документ, удостоверяющий личность', { exact: true }).fill('паспорт 6310 123456, выдан 01.02.2015')
  await page.getByLabel(/в письме есть копия документа, удостоверяющего личность/).check()
  await page.getByRole('button', { name: 'Зарегистрировать' }).click()
  await expect(page.getByRole('heading', { name: /Заявление зарегистрировано № \d+/ })).toBeVisible()
  await page.getByRole('link', { name: 'Открыть заявление' }).click()
  await expect(page).toHaveURL(/\/staff\/applications\/app_/)
  const url = page.url()
  await act(page, 'Принять к рассмотрению')
  await act(page, 'Передать директору')
  await expect(page.getByText('У директора')).toBeVisible()
  await page.getByRole('button', { name: 'Выйти' }).click()
  await expect(page).toHaveURL(/\/login/)

  await signIn(page, 'director')
  await page.goto(url)
  for (let i = 0; i < 5; i++) {
    const wrong = await sign(page, url, `guess-${i}-pass`)
    expect(wrong).toMatchObject({ ok: false, message: 'Пароль для подписи введён неверно — решение не принято' })
    await expect(page.getByText('Пароль для подписи введён неверно — решение не принято').first()).toBeVisible()
  }
  // The right password, tried again and again from the first refusal on: each refused try names the seconds left,
  // and the first accepted one comes only once those seconds have passed. A delay, not a lock.
  const tries: Try[] = []
  tries.push(await sign(page, url))
  expect(tries[0].ok, 'the right password right after five wrong ones must wait').toBe(false)
  const notice = page.getByText(/Слишком много неудачных попыток ввода пароля\. Следующая попытка — через \d+ секунд/).first()
  await expect(notice).toBeVisible()
  const seconds = tries[0].seconds!
  expect(seconds).toBeGreaterThan(0)
  expect(seconds).toBeLessThanOrEqual(10)
  await expect
    .poll(
      async () => {
        tries.push(await sign(page, url))
        return tries.at(-1)!.ok
      },
      { intervals: [250], timeout: (seconds + 10) * 1000 },
    )
    .toBe(true)
  await expect(page.getByText('Решено предоставить', { exact: true })).toBeVisible()
  const accepted = tries.at(-1)!
  const refused = tries.slice(0, -1)
  expect(refused.length).toBeGreaterThan(0)
  for (const r of refused) {
    expect(r.ok).toBe(false)
    expect(r.message).toMatch(/^Слишком много неудачных попыток ввода пароля\. Следующая попытка — через \d+ секунд/)
    expect(r.seconds).toBeGreaterThan(0)
    // Refused only while the first refusal's seconds ran: no try after them is refused.
    expect(r.sentAt).toBeLessThan(tries[0].doneAt + seconds * 1000)
    // «через N секунд» is rounded up: the server's time to accept lies more than N − 1 seconds after the refusal.
    expect(accepted.doneAt).toBeGreaterThan(r.sentAt + (r.seconds! - 1) * 1000)
  }

  const after = auditedSigning()
  expect({
    throttled: (after['throttle:password'] ?? 0) - (before['throttle:password'] ?? 0),
    wrong: (after['wrong-password:signature'] ?? 0) - (before['wrong-password:signature'] ?? 0),
  }).toEqual({ throttled: refused.length, wrong: 5 })
})
