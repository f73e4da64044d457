// ADR 127: a document's hydration data without the rows its table carries. Through Remix's real request handler (its
// own handoff string is the reference): the state we write again is Remix's text byte for byte where nothing is left
// out; a route's `handle.rowsOnce` keys go as their count alone, everything else as Remix sent it; the render still
// gets every row; an error page's handoff is Remix's own.
import { createElement as h } from 'react'
import { createRequestHandler, type EntryContext, type ServerBuild } from '@remix-run/node'
import { Outlet, RemixServer, Scripts, useLoaderData } from '@remix-run/react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { stateHandoff, withRowsOnce } from './rows-once.server'

// Text JSON and a script both treat specially: Remix escapes <, >, & and the two line separators.
const ROWS = [
  { id: 'a1', name: 'Иванова </script><script>alert(1)</script> & «кавычки»' },
  { id: 'a2', name: 'строка\u2028разделитель\u2029абзаца "в кавычках" \\ ' },
]

function buildWith(handle: unknown, rows: unknown) {
  const List = () => {
    const data = useLoaderData<{ rows: { id: string; name: string }[]; title: string }>()
    return h('ul', null, data.title, ...(Array.isArray(data.rows) ? data.rows : []).map((r) => h('li', { key: r.id }, r.name)))
  }
  const Root = () => h('html', null, h('body', null, h(Outlet), h(Scripts)))
  const routes = {
    root: { id: 'root', path: '', module: { default: Root, loader: () => Response.json({ school: 'МОУ «СОШ № 8» <b>' }) } },
    'routes/list': {
      id: 'routes/list',
      parentId: 'root',
      path: 'list',
      module: {
        default: List,
        handle,
        loader: ({ request }: { request: Request }) => {
          if (new URL(request.url).searchParams.has('boom')) throw new Response('нет', { status: 404 })
          return Response.json({ title: 'Список', rows, after: 'a2' })
        },
      },
    },
  }
  return {
    mode: 'production',
    basename: undefined,
    publicPath: '/build/',
    assetsBuildDirectory: 'public/build',
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true },
    isSpaMode: false,
    routes,
    assets: {
      version: 'test',
      url: '/build/manifest-test.js',
      entry: { module: '/build/entry.client.js', imports: [] },
      routes: Object.fromEntries(
        Object.values(routes).map(({ module: _, ...r }) => [
          r.id,
          { ...r, module: `/build/${r.id}.js`, imports: [], hasAction: false, hasLoader: true, hasClientAction: false },
        ]),
      ),
    },
  } as unknown as Omit<ServerBuild, 'entry'>
}

/** The page as our entry renders it, and the handoff strings before and after withRowsOnce. */
async function render(handle: unknown, rows: unknown = ROWS, query = '') {
  const seen: { remix?: string; ours?: string; context?: EntryContext } = {}
  const handleRequest = (request: Request, status: number, headers: Headers, context: EntryContext) => {
    const ours = withRowsOnce(context)
    Object.assign(seen, { remix: context.serverHandoffString, ours: ours.serverHandoffString, context, same: ours === context })
    return new Response(`<!DOCTYPE html>${renderToString(h(RemixServer, { context: ours, url: request.url }))}`, { status, headers })
  }
  const build = { ...buildWith(handle, rows), entry: { module: { default: handleRequest, handleError: () => {} } } } as ServerBuild
  const response = await createRequestHandler(build, 'production')(new Request(`http://localhost/list${query}`))
  return {
    html: await response.text(),
    status: response.status,
    ...(seen as Required<typeof seen>),
    same: (seen as { same: boolean }).same,
  }
}

const stateOf = (handoff: string) => (JSON.parse(handoff) as { state: { loaderData: Record<string, Record<string, unknown>> } }).state

describe('rows sent once in a document (ADR 127)', () => {
  it('writes the state exactly as Remix does where nothing is left out', async () => {
    const { remix, context } = await render(undefined)
    const { loaderData, actionData } = context.staticHandlerContext
    const at = remix.indexOf('"state":{"loaderData":')
    expect(at).toBeGreaterThan(0)
    expect(`${remix.slice(0, at)}"state":${stateHandoff({ loaderData, actionData, errors: null })}}`).toBe(remix)
    expect(remix).toContain('\\u003c/script\\u003e')
    expect(remix).toContain('\\u2028')
  })

  it('a route without handle.rowsOnce keeps Remix’s handoff', async () => {
    const plain = await render(undefined)
    expect(plain.same).toBe(true)
    expect(plain.ours).toBe(plain.remix)
    const other = await render({ rowsOnce: ['missing'] })
    expect(other.same).toBe(true)
  })

  it('sends the named rows as their count; the render and the rest of the data are untouched', async () => {
    const { html, remix, ours } = await render({ rowsOnce: ['rows'] })
    const before = stateOf(remix)
    const after = stateOf(ours)
    expect(after.loaderData['routes/list']).toEqual({ ...before.loaderData['routes/list'], rows: { rowsOnce: true, length: 2 } })
    expect(after.loaderData.root).toEqual(before.loaderData.root)
    // Each row's text once in the document: in the list the page rendered, not again in the script.
    const scripts = html.slice(html.indexOf('<script'))
    expect(scripts).not.toContain('a1')
    expect(html.split('Иванова').length - 1).toBe(1)
    expect(html).toContain('<li>Иванова &lt;/script&gt;')
    expect(html).toContain('window.__remixContext = ' + ours)
    expect(ours.length).toBeLessThan(remix.length - 150)
    // An empty list is sent as its count too (the page renders no table for it, the browser neither).
    const empty = await render({ rowsOnce: ['rows'] }, [])
    expect(stateOf(empty.ours).loaderData['routes/list'].rows).toEqual({ rowsOnce: true, length: 0 })
  })

  it('an error page’s handoff is Remix’s own', async () => {
    const failed = await render({ rowsOnce: ['rows'] }, ROWS, '?boom')
    expect(failed.status).toBe(404)
    expect(failed.same).toBe(true)
  })
})
