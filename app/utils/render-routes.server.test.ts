// ADR 122: the render is handed only the routes the page's initial manifest names. Proven on the app's own route tree
// (read from app/routes as the compiler reads it): every route's URL — and URLs of the same shape with other values, a
// segment spelt in capitals or percent-encoded, a value equal to a static segment, a page that is not there, a loader
// that throws — rendered through Remix's real request handler with the stock RemixServer and with the narrowed
// context gives the same HTML, byte for byte: the page, its hydration data and the manifest it sends the browser.
import { createElement as h } from 'react'
import { readConfig } from '@remix-run/dev/dist/config.js'
import { createRequestHandler, type EntryContext, type ServerBuild } from '@remix-run/node'
import { Links, Meta, Outlet, RemixServer, Scripts, useLoaderData, useRouteError } from '@remix-run/react'
import { renderToString } from 'react-dom/server'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { contextForRender, routesForRender } from './render-routes.server'

type ConfigRoute = { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean }
let routes: Record<string, ConfigRoute>
let stock: (request: Request) => Promise<Response>
let narrowed: (request: Request) => Promise<Response>
const narrowedSizes: number[] = []

function moduleFor(route: ConfigRoute) {
  const Page = () => {
    const data = useLoaderData<{ id: string; params: Record<string, string> }>()
    return h('section', { 'data-route': route.id }, JSON.stringify(data), h(Outlet))
  }
  const Root = () => h('html', { lang: 'ru' }, h('head', null, h(Meta), h(Links)), h('body', null, h(Page), h(Scripts)))
  const ErrorBoundary = () => {
    const error = useRouteError() as { status?: number }
    return h('html', null, h('body', null, `ошибка ${error?.status ?? '?'} в ${route.id}`, h(Scripts)))
  }
  return {
    default: route.id === 'root' ? Root : Page,
    ErrorBoundary: route.id === 'root' ? ErrorBoundary : undefined,
    // A loader that throws where a parameter says «boom»: the error boundary's render, matches cut short.
    loader: ({ params }: { params: Record<string, string> }) => {
      if (Object.values(params).includes('boom')) throw new Response('нет', { status: 404 })
      return Response.json({ id: route.id, params })
    },
  }
}

function handlerWith(render: (context: EntryContext) => EntryContext, build: Omit<ServerBuild, 'entry'>) {
  const handleRequest = (request: Request, status: number, headers: Headers, context: EntryContext) => {
    const html = renderToString(h(RemixServer, { context: render(context), url: request.url }))
    return new Response(`<!DOCTYPE html>${html}`, { status, headers })
  }
  const handler = createRequestHandler({ ...build, entry: { module: { default: handleRequest } } } as ServerBuild, 'production')
  return (request: Request) => handler(request)
}

beforeAll(async () => {
  const config = await readConfig(process.cwd())
  routes = config.routes as Record<string, ConfigRoute>
  const build = {
    mode: 'production',
    basename: undefined,
    publicPath: '/build/',
    assetsBuildDirectory: 'public/build',
    future: config.future,
    isSpaMode: false,
    routes: Object.fromEntries(Object.values(routes).map((r) => [r.id, { ...r, module: moduleFor(r) }])),
    assets: {
      version: 'test',
      url: '/build/manifest-test.js',
      entry: { module: '/build/entry.client.js', imports: [] },
      routes: Object.fromEntries(
        Object.values(routes).map((r) => [
          r.id,
          { ...r, module: `/build/${r.id}.js`, imports: [], hasAction: false, hasLoader: true, hasClientAction: false },
        ]),
      ),
    },
  } as unknown as Omit<ServerBuild, 'entry'>
  stock = handlerWith((context) => context, build)
  narrowed = handlerWith((context) => {
    narrowedSizes.push(Object.keys(routesForRender(context)).length)
    return contextForRender(context)
  }, build)
})

/** A URL of each route: its ancestors' paths joined, parameters given `value`, a splat two segments. */
function urlOf(id: string, value: string): string {
  const parts: string[] = []
  for (let r: ConfigRoute | undefined = routes[id]; r; r = r.parentId ? routes[r.parentId] : undefined) if (r.path) parts.unshift(r.path)
  const segments = parts
    .join('/')
    .split('/')
    .filter(Boolean)
    .map((s) => (s === '*' ? 'a/b' : s.startsWith(':') ? value : s.replace(/\?$/, '')))
  return `/${segments.join('/')}`
}

async function same(path: string) {
  const url = `http://localhost${path}`
  const [a, b] = await Promise.all([stock(new Request(url)), narrowed(new Request(url))])
  const [textA, textB] = [await a.text(), await b.text()]
  expect({ path, status: b.status, html: textB }).toEqual({ path, status: a.status, html: textA })
  return { status: a.status, html: textA }
}

describe('the render given only the routes of its initial manifest (ADR 122)', () => {
  it('reads the app’s route tree', () => {
    expect(Object.keys(routes).length).toBeGreaterThan(50)
  })

  it('every route of the app: the same HTML, status and manifest for the browser', async () => {
    const paths = new Set<string>(['/'])
    for (const id of Object.keys(routes)) for (const value of ['x1', 'y2', 'boom']) paths.add(urlOf(id, value))
    let pages = 0
    for (const path of paths) {
      const { status, html } = await same(path)
      if (status === 200 && html.includes('window.__remixManifest')) pages++
    }
    // Most URLs rendered a page with its manifest (not only error boundaries), and the render got far fewer routes.
    expect(pages).toBeGreaterThan(Object.keys(routes).length / 2)
    expect(Math.max(...narrowedSizes)).toBeLessThan(Object.keys(routes).length / 4)
  })

  it('URLs of one shape with other values, capitals, percent-encoding, a value equal to a static segment, no page', async () => {
    const paths = [
      '/staff/applications/new',
      '/STAFF/Applications',
      '/st%61ff/applications',
      '/staff/applications/%D0%B7',
      '/staff/applications/%E0%A4%A',
      '/staff/staff/staff',
      '/parent/children/staff',
      '/parent/children/x1/staff',
      '/nothing/here',
      '/staff/applications/x1/',
      '//staff',
    ]
    for (const id of Object.keys(routes)) paths.push(`${urlOf(id, 'x1')}/zzz`, urlOf(id, 'staff'), urlOf(id, 'applications'))
    // React Router warns of the malformed percent-encoding (once per render, both ways): expected here, not printed.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      for (const path of paths) await same(path)
    } finally {
      warn.mockRestore()
    }
  })
})
