// The pages bench/scale measures: who opens them and which route module answers (for the bare comparison).
export type Who = 'responsible' | 'director' | 'parent' | 'api'
export type Page = { name: string; who: Who; path: (ids: Ids) => string; module: string; params: (ids: Ids) => Record<string, string> }
export type Ids = { application: string; pupil: string; apiApplication: string }

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
 * The page's real loader, called in this process as its user (bare.ts, trace.ts): the cookies, ids and portal token
 * run.ts hands them in BENCH_COOKIES, BENCH_IDS and PORTAL_API_TOKEN.
 */
export async function callLoader(page: Page): Promise<Response> {
  const cookies = JSON.parse(process.env.BENCH_COOKIES as string) as Record<Who, string>
  const ids = JSON.parse(process.env.BENCH_IDS as string) as Ids
  const mod = (await import(page.module)) as { loader: (args: unknown) => Promise<Response> }
  const auth: Record<string, string> =
    page.who === 'api' ? { Authorization: `Bearer ${process.env.PORTAL_API_TOKEN}` } : { Cookie: cookies[page.who] }
  return mod.loader({
    request: new Request(`http://localhost${page.path(ids)}`, { headers: new Headers(auth) }),
    params: page.params(ids),
    context: {},
  })
}
