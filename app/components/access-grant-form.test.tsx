// ADR 093: the director («Подтверждение доступа») and the education authority's administrator (a school's page)
// confirm a request for access with one form (AccessGrantForm). Rendered here from the real route components, with the
// data their loader and action give, to the HTML a browser receives: the same markup on both pages, the password's
// label and its Russian error tied to the field, the one-time password shown once by the same words.
import type { ComponentType } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { describe, expect, it } from 'vitest'
import AccessPage from '#app/routes/staff.access'
import SchoolPage from '#app/routes/authority.schools_.$schoolId'

async function render(Page: ComponentType, loaderData: object, actionData?: object) {
  const routes = [{ id: 'page', path: '/', loader: () => loaderData, action: () => actionData ?? null, Component: Page }]
  const handler = createStaticHandler(routes)
  const request = new Request('http://localhost/', actionData ? { method: 'POST', body: new URLSearchParams({ x: 'x' }) } : {})
  const context = await handler.query(request)
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  return renderToStaticMarkup(
    <StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} hydrate={false} />,
  )
}

const GRANT = {
  id: 'grant_7',
  kind: 'one-time-password',
  login: 'director7',
  name: 'Иванов Иван Иванович',
  roles: [],
  holds: ['Директор'],
  requestedBy: 'Петрова А. И.',
  requestedAt: '05.12.2026 10:15',
  passwordIssued: 'не выдавался',
  approver: 'director',
  mine: true,
}
const SCHOOL = {
  id: 'school_61',
  shortName: 'СОШ № 61',
  fullName: 'МОУ «СОШ № 61» города Саратова',
  code: 'sosh61',
  host: '',
  mailbox: '',
  imap: { host: '', port: 993, user: '', folder: 'INBOX', secure: true, hasPassword: false },
}
const WRONG = {
  ok: false,
  message: 'Пароль введён неверно — доступ не подтверждён.',
  grantId: 'grant_7',
  fieldErrors: { password: 'Пароль неверен' },
}

/** The request's form, its label's words and its intents made neutral: what must be alike on both pages. */
const formOf = (html: string) =>
  (/<form[^>]*>(?:(?!<\/form>).)*name="grantId" value="grant_7"(?:(?!<\/form>).)*<\/form>/.exec(html)?.[0] ?? '')
    .replace(/(<label for="password-grant_7">)[^<]*/, '$1…')
    .replace(/value="(confirm|refuse)(-grant)?"/g, 'value="$1"')
    .replace(/action="[^"]*"/, '')

describe('the access request’s form (ADR 093)', () => {
  it('is one markup on «Подтверждение доступа» and on the authority’s school page, the error tied to the password', async () => {
    const staff = await render(AccessPage, { grants: [GRANT] }, WRONG)
    const authority = await render(SchoolPage, { school: SCHOOL, grants: [GRANT] }, WRONG)
    expect(formOf(staff)).not.toBe('')
    expect(formOf(staff)).toBe(formOf(authority))
    expect(staff).toContain('<label for="password-grant_7">Ваш пароль (подпись)</label>')
    expect(authority).toContain('<label for="password-grant_7">Ваш пароль</label>')
    for (const html of [staff, authority]) {
      expect(html).toContain(
        '<input id="password-grant_7" name="password" type="password" autoComplete="current-password" aria-invalid="true" ' +
          'aria-describedby="password-grant_7-error"/><p id="password-grant_7-error" class="field-error">Пароль неверен</p>',
      )
      expect(html).toContain('<p class="alert" role="alert">Пароль введён неверно — доступ не подтверждён.</p>')
    }
  })

  it('shows the one-time password once, by the same words on both pages; a request for another confirmer is only refused', async () => {
    const done = { ok: true, message: 'Запрос подтверждён.', login: 'director7', password: 'Кедр-4821' }
    const expected =
      '<p class="success" role="status">Запрос подтверждён. Временный пароль для <strong>director7</strong>: ' +
      '<code>Кедр-4821</code>. Он показан один раз.</p>'
    expect(await render(AccessPage, { grants: [] }, done)).toContain(expected)
    expect(await render(SchoolPage, { school: SCHOOL, grants: [] }, done)).toContain(expected)

    const others = await render(AccessPage, { grants: [{ ...GRANT, approver: 'authority', mine: false }] })
    expect(others).not.toContain('type="password"')
    expect(formOf(others)).toContain('<button type="submit" name="intent" value="refuse" class="secondary">Отклонить</button>')
    expect(formOf(others)).not.toContain('Подтвердить')
  })
})
