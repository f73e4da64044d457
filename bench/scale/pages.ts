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
