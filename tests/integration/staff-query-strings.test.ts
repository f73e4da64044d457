// Query strings on the staff and administration pages: a value typed into the address, a stale link or a crafted
// one (garbage, too long, repeated, negative, far in the future) is said in Russian in the page's layout or read as
// the default — never a 500, never a bare 400 in plain text from a download.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { beforeAll, describe, expect, it } from 'vitest'
import { signIn } from '#tests/helpers/auth'
import { getRequest, settle } from '#tests/helpers/http'
import { loader as activityDocx } from '#app/routes/staff.activity.docx'
import { loader as activityPage } from '#app/routes/staff.activity'
import { loader as logPage } from '#app/routes/staff.log'
import { loader as logDownload } from '#app/routes/staff.log.download'
import { loader as batchPrint } from '#app/routes/staff.delivery.batch.print'

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>
const call = (loader: Loader, path: string, cookie: string, params: Record<string, string> = {}) =>
  settle(() => loader({ request: getRequest(path, cookie), params, context: {} }))

let director: string
let admin: string
beforeAll(async () => {
  director = await signIn('director')
  admin = await signIn('admin')
})

describe('a bad month or date is said on the page, in its layout', () => {
  it('/staff/activity/docx?month=2026-1 leads to the report page, which says how to write the month', async () => {
    const res = await call(activityDocx, '/staff/activity/docx?month=2026-1', director)
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe('/staff/activity?month=2026-1')
    const page = await (await call(activityPage, res.headers.get('Location')!, director)).json()
    expect(page.error).toBe('Укажите месяц в виде ГГГГ-ММ, например 2026-11')
  })

  it('a month of 5000 characters is cut before it goes back into the address', async () => {
    const res = await call(activityDocx, `/staff/activity/docx?month=${'9'.repeat(5000)}`, director)
    expect(res.headers.get('Location')).toBe(`/staff/activity?month=${'9'.repeat(20)}`)
  })

  it('/staff/log?from=abc tells that the date was not understood instead of quietly showing 30 days', async () => {
    const page = await (await call(logPage, '/staff/log?from=abc&to=2026-13-01', director)).json()
    expect(page.errors.from).toMatch(/^Дата «abc» не распознана — вместо неё взято \d\d\.\d\d\.\d{4}\. Выберите дату/)
    expect(page.errors.to).toMatch(/^Дата «2026-13-01» не распознана — вместо неё взято \d\d\.\d\d\.\d{4}\./)
    const fine = await (await call(logPage, '/staff/log?from=2026-11-01&to=2026-11-30', director)).json()
    expect(fine.errors).toEqual({})
  })

  it('the log download with a date not understood leads to the log page that says so', async () => {
    const res = await call(logDownload, `/staff/log/download?from=abc&to=${'x'.repeat(3000)}`, director)
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe(`/staff/log?from=abc&to=${'x'.repeat(20)}`)
  })

  it('the paper batch print of a class with nothing ready leads to the class’s page', async () => {
    const res = await call(batchPrint, '/staff/delivery/batch/print?class=%D0%AF', director)
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe('/staff/delivery/batch?class=%D0%AF')
  })
})

const GARBAGE = [
  'abc',
  '2026-1',
  'x'.repeat(5000),
  '-1',
  '-99999999999',
  '9999-12-31',
  '275760-09-13',
  '2026-02-30',
  '\0',
  '\'"<x>',
  '1e309',
  'NaN',
]

/** [route module, path, route params, query keys, who] for every staff and admin page that reads its query string. */
const ROUTES: Array<[string, string, Record<string, string>, string[], 'director' | 'admin']> = [
  ['staff.activity', '/staff/activity', {}, ['month'], 'director'],
  ['staff.activity.docx', '/staff/activity/docx', {}, ['month'], 'director'],
  ['staff.log', '/staff/log', {}, ['from', 'to', 'after'], 'director'],
  ['staff.log.download', '/staff/log/download', {}, ['from', 'to'], 'director'],
  ['staff.applications._index', '/staff/applications', {}, ['state', 'channel', 'className', 'due', 'assignee', 'after'], 'director'],
  ['staff.audit', '/staff/audit', {}, ['pupil', 'applicant', 'user', 'from', 'to', 'after'], 'director'],
  ['staff.checks._index', '/staff/checks', {}, ['after'], 'director'],
  ['staff.dashboard', '/staff/dashboard', {}, ['from', 'to'], 'director'],
  ['staff.curriculum', '/staff/curriculum', {}, ['class', 'period'], 'director'],
  ['staff.reports.attendance', '/staff/reports/attendance', {}, ['class', 'month'], 'director'],
  ['staff.reports.results', '/staff/reports/results', {}, ['class', 'period'], 'director'],
  ['staff.reports.movement', '/staff/reports/movement', {}, ['class'], 'director'],
  ['staff.delivery.batch', '/staff/delivery/batch', {}, ['class'], 'director'],
  ['staff.delivery.batch.print', '/staff/delivery/batch/print', {}, ['class'], 'director'],
  ['staff.delivery.post', '/staff/delivery/post', {}, ['day'], 'director'],
  ['staff.intake._index', '/staff/intake', {}, ['classId', 'handedOverAt', 'pupilId'], 'director'],
  ['staff.intake.search', '/staff/intake/search', {}, ['q'], 'director'],
  ['staff.mail._index', '/staff/mail', {}, ['after', 'status'], 'director'],
  ['staff.meeting._index', '/staff/meeting', {}, ['classId'], 'director'],
  ['admin.mail._index', '/admin/mail', {}, ['after', 'status'], 'admin'],
  ['admin.retention', '/admin/retention', {}, ['after'], 'admin'],
  ['admin.users', '/admin/users', {}, ['q', 'issue'], 'admin'],
]

describe('garbage in the query string of a staff or admin page is never a 500', () => {
  it.each(ROUTES)(
    '%s',
    async (module, path, params, keys, who) => {
      const { loader } = (await import(`#app/routes/${module}.tsx`).catch(() => import(`#app/routes/${module}.ts`))) as { loader: Loader }
      const cookie = who === 'admin' ? admin : director
      const queries = [
        ...keys.flatMap((key) => GARBAGE.map((v) => new URLSearchParams([[key, v]]))),
        ...keys.map(
          (key) =>
            new URLSearchParams([
              [key, '1'],
              [key, '2'],
            ]),
        ),
        new URLSearchParams(keys.map((key) => [key, '2026-1'])),
      ]
      for (const query of queries) {
        const res = await call(loader, `${path}?${query}`, cookie, params)
        expect(res.status, `${path}?${String(query).slice(0, 80)}`).toBeLessThan(500)
        // A download refuses by leading to its page, not by a bare «400 text/plain».
        expect(res.status, `${path}?${String(query).slice(0, 80)}`).not.toBe(400)
      }
    },
    120_000,
  )
})
