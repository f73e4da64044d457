// The pages bench/scale measures: who opens them and which route module answers (for the bare comparison).
import { randomUUID } from 'node:crypto'

export type Who = 'responsible' | 'director' | 'parent' | 'api'
/** `k` picks one of `others` on a page that `rotates`: another application at every request (the others ignore it). */
export type Page = {
  name: string
  who: Who
  path: (ids: Ids, k: number) => string
  module: string
  params: (ids: Ids, k: number) => Record<string, string>
  rotates?: boolean
}
export type Ids = { application: string; pupil: string; apiApplication: string; others: string[] }
/** The rotating page's warm-up opens the first few of `others` again and again; each measured request a new one. */
export const ROTATION_WARM = 5

export const PAGES: Page[] = [
  {
    name: 'очередь /staff/applications',
    who: 'responsible',
    path: () => '/staff/applications',
    module: '#app/routes/staff.applications._index',
    params: () => ({}),
  },
  { name: 'журнал /staff/log', who: 'responsible', path: () => '/staff/log', module: '#app/routes/staff.log', params: () => ({}) },
  {
    name: 'контроль /staff/dashboard',
    who: 'director',
    path: () => '/staff/dashboard',
    module: '#app/routes/staff.dashboard',
    params: () => ({}),
  },
  {
    name: 'страница заявления',
    who: 'responsible',
    path: (i) => `/staff/applications/${i.application}`,
    module: '#app/routes/staff.applications.$id',
    params: (i) => ({ id: i.application }),
  },
  {
    // Real traffic: the staff open one application after another. Every one is new to the server (ADR 082).
    name: 'страница заявления, всякий раз другого',
    who: 'responsible',
    path: (i, k) => `/staff/applications/${i.others[k]}`,
    module: '#app/routes/staff.applications.$id',
    params: (i, k) => ({ id: i.others[k] }),
    rotates: true,
  },
  {
    name: 'дневник родителя',
    who: 'parent',
    path: (i) => `/parent/children/${i.pupil}`,
    module: '#app/routes/parent.children.$pupilId',
    params: (i) => ({ pupilId: i.pupil }),
  },
  {
    name: 'API портала GET /api/v1/applications/:id',
    who: 'api',
    path: (i) => `/api/v1/applications/${i.apiApplication}`,
    module: '#app/routes/api.v1.applications.($id)',
    params: (i) => ({ id: i.apiApplication }),
  },
]

/**
 * The page's real loaders, called in this process as its user (bare.ts, trace.ts) as the server calls them: the
 * root's (the page's frame) and the route's side by side, in one request scope (ADR 082: one read of the session).
 * The cookies, ids and portal token come from run.ts in BENCH_COOKIES, BENCH_IDS and PORTAL_API_TOKEN.
 */
export async function callLoader(page: Page, k = 0): Promise<Response> {
  const cookies = JSON.parse(process.env.BENCH_COOKIES as string) as Record<Who, string>
  const ids = JSON.parse(process.env.BENCH_IDS as string) as Ids
  // Imported here, not above: bare.ts and trace.ts put their own database client in place first.
  const mod = (await import(page.module)) as { loader: (args: unknown) => Promise<Response> }
  const { closeRequestScope, openRequestScope, REQUEST_SCOPE_HEADER } = await import('#app/utils/auth.server')
  const { pageFrame } = await import('#app/models/school.server')
  const auth: Record<string, string> =
    page.who === 'api' ? { Authorization: `Bearer ${process.env.PORTAL_API_TOKEN}` } : { Cookie: cookies[page.who] }
  const scope = randomUUID()
  const request = () =>
    new Request(`http://localhost${page.path(ids, k)}`, { headers: new Headers({ ...auth, [REQUEST_SCOPE_HEADER]: scope }) })
  openRequestScope(scope)
  try {
    // The portal API is a resource route: no page, so no frame.
    const [response] = await Promise.all([
      mod.loader({ request: request(), params: page.params(ids, k), context: {} }),
      page.who === 'api' ? null : pageFrame(request()),
    ])
    return response
  } finally {
    closeRequestScope(scope)
  }
}
