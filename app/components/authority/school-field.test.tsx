// The authority's two school forms draw their fields with one component (SchoolField): rendered here from the real
// route components, with the data their loader and action give, to the HTML a browser receives. Each field keeps its
// label, id, name, hint and Russian error tied together, on both pages alike.
import type { ComponentType } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { describe, expect, it } from 'vitest'
import SchoolsPage from '#app/routes/authority.schools'
import SchoolPage from '#app/routes/authority.schools_.$schoolId'

/** The page as the server renders it after its loader (GET) or after its action answered (POST). */
async function render(Page: ComponentType, loaderData: object, actionData?: object) {
  const routes = [{ id: 'page', path: '/', loader: () => loaderData, action: () => actionData ?? null, Component: Page }]
  const handler = createStaticHandler(routes)
  const request = new Request('http://localhost/', actionData ? { method: 'POST', body: new URLSearchParams({ code: 'x' }) } : {})
  const context = await handler.query(request)
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  return renderToStaticMarkup(
    <StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} hydrate={false} />,
  )
}

const SCHOOL = {
  id: 'school_61',
  shortName: 'СОШ № 61',
  fullName: 'МОУ «СОШ № 61» города Саратова',
  code: 'sosh61',
  host: 'sosh61.edu-saratov.ru',
  mailbox: 'apply61@example.org',
  imap: { host: 'imap.example.org', port: 993, user: 'sosh61', folder: 'INBOX', secure: true, hasPassword: true },
}

describe("the authority's school forms", () => {
  it('«Новая школа»: each field its label, id and name; a refused field its error, tied to the input', async () => {
    const html = await render(
      SchoolsPage,
      { schools: [] },
      { ok: false, message: 'Проверьте поля формы', fieldErrors: { code: 'Код: только латинские строчные буквы' }, accounts: [] },
    )
    expect(html).toContain(
      '<p><label for="mailbox">Почтовый ящик школы для заявлений</label><input id="mailbox" name="mailbox" class="wide-text"/></p>',
    )
    expect(html).toContain(
      '<p><label for="code">Код школы в адресе для родителей (/?school=код)</label>' +
        '<input id="code" name="code" class="wide-text" aria-invalid="true" aria-describedby="code-error"/>' +
        '<span class="field-error" id="code-error">Код: только латинские строчные буквы</span></p>',
    )
    expect(html.match(/<input id="(\w+)" name="\1" class="wide-text"/g)).toHaveLength(18)
  })

  it("a school's address and mailbox: values, hints and errors by the same markup; the password never shown", async () => {
    const shown = await render(SchoolPage, { school: SCHOOL, grants: [] })
    expect(shown).toContain(
      '<p><label for="host">Сайт школы</label>' +
        '<input id="host" name="host" type="text" class="wide-text" aria-describedby="host-hint" value="sosh61.edu-saratov.ru"/>' +
        '<span class="hint" id="host-hint">Например, school7.edu-saratov.ru; пусто, если своего имени нет.</span></p>',
    )
    expect(shown).toContain('<input id="imapPort" name="imapPort" type="number" class="wide-text" value="993"/>')
    expect(shown).toContain(
      '<input id="imapPassword" name="imapPassword" type="password" class="wide-text" autoComplete="new-password" ' +
        'aria-describedby="imapPassword-hint" value=""/>',
    )
    expect(shown).not.toContain('field-error')

    const refused = await render(
      SchoolPage,
      { school: SCHOOL, grants: [] },
      { ok: false, message: 'Этот код уже у другой школы', fieldErrors: { code: 'Этот код уже у другой школы' } },
    )
    expect(refused).toContain(
      '<input id="code" name="code" type="text" class="wide-text" ' +
        'aria-invalid="true" aria-describedby="code-hint code-error" value="sosh61"/>',
    )
    expect(refused).toContain('<span class="field-error" id="code-error">Этот код уже у другой школы</span></p>')
    expect(refused.match(/class="field-error"/g)).toHaveLength(1)
  })
})
