// Session 20: a staff list with nothing in it says so in a Russian sentence — not «0 заявлений не закрыто», «Найдено:
// 0», «Новые (0)» or a heading «…: 0» — and speaks of a filter («по выбранному отбору», «по этим условиям») only when
// one is set. Rendered here from the real route components, with the data their loaders give for an empty list, to
// the text a browser shows.
import type { ComponentType } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { describe, expect, it } from 'vitest'
import Queue from '#app/routes/staff.applications._index'
import Log from '#app/routes/staff.log'
import Audit from '#app/routes/staff.audit'
import Retention from '#app/routes/admin.retention'
import Access from '#app/routes/staff.access'
import Inbox from '#app/routes/staff.mail._index'
import Outbox from '#app/routes/admin.mail._index'
import { queueShown, queueSummary } from '#workflows/list-words'
import { ApplicationsList } from '#app/components/parent/applications-list'

/** The page's text as a browser shows it (tags taken out), after its loader gave `data`. */
async function textOf(Page: ComponentType, data: object, url = 'http://localhost/') {
  const routes = [{ id: 'page', path: '/', loader: () => data, Component: Page }]
  const handler = createStaticHandler(routes)
  const context = await handler.query(new Request(url))
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  const html = renderToStaticMarkup(
    <StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} hydrate={false} />,
  )
  return html
    .replace(/<option[^>]*>[^<]*<\/option>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;/g, ' ')
    .replace(/\s+/g, ' ')
}

/** A zero standing as a count: «0 заявлений», «: 0», «(0)» — not a part of a time or a date. */
const ZERO_COUNT = /(^|[\s(:])0(?=[\s).,]|$)/

const EMPTY_QUEUE = {
  rows: [],
  counts: { state: {}, channel: {}, className: {}, due: {}, assignee: {} },
  total: 0,
  matching: 0,
  filters: {},
  facets: ['state', 'channel', 'className', 'due', 'assignee'],
  nextPage: null,
  firstPage: null,
  links: { deliveryBatch: true, grounds: true },
}

describe('the words of the queue', () => {
  it('agree with the number and say «нет» instead of 0', () => {
    expect(queueSummary(0)).toBe('Незакрытых заявлений нет.')
    expect(queueSummary(1)).toBe('1 заявление не закрыто; сначала — с ближайшим сроком.')
    expect(queueSummary(3)).toBe('3 заявления не закрыты; сначала — с ближайшим сроком.')
    expect(queueSummary(25)).toBe('25 заявлений не закрыто; сначала — с ближайшим сроком.')
    expect(queueShown(20, 45, 45, false)).toBe('Показано: 20 из 45')
    expect(queueShown(0, 0, 7, true)).toBe('Заявлений по выбранному отбору нет.')
    expect(queueShown(0, 0, 0, false)).not.toMatch(/отбор|0/)
  })
})

describe('an empty staff list', () => {
  it('the queue with no filter set: no «0 …», no word of a filter, no empty table', async () => {
    const text = await textOf(Queue, EMPTY_QUEUE)
    expect(text).toContain('Незакрытых заявлений нет.')
    expect(text).not.toMatch(ZERO_COUNT)
    expect(text).not.toMatch(/по (этому|выбранному) отбору/)
    expect(text).not.toContain('Ближайший срок')
  })

  it('the queue with a filter set that matches nothing says so, of the filter', async () => {
    const text = await textOf(Queue, { ...EMPTY_QUEUE, total: 12, filters: { due: 'overdue' }, counts: { ...EMPTY_QUEUE.counts, due: {} } })
    expect(text).toContain('12 заявлений не закрыто')
    expect(text).toContain('Заявлений по выбранному отбору нет.')
    expect(text).not.toMatch(ZERO_COUNT)
  })

  it('the registration log of an empty period', async () => {
    const text = await textOf(Log, { from: '2020-01-01', to: '2020-01-31', errors: {}, rows: [], paged: false, nextPage: null })
    expect(text).toContain('Записей с 01.01.2020 по 31.01.2020 нет.')
    expect(text).not.toMatch(ZERO_COUNT)
  })

  it('the access journal: nothing yet, and nothing found by a search', async () => {
    const q = { pupil: '', applicant: '', user: '', from: '', to: '' }
    const none = await textOf(Audit, {
      q,
      errors: {},
      rows: [],
      limit: 50,
      searched: false,
      back: { to: '/staff/dashboard', label: 'Контроль' },
      nextPage: null,
      firstPage: null,
    })
    expect(none).toContain('Просмотров сведений об обучающихся и заявителях ещё не было.')
    expect(none).not.toMatch(ZERO_COUNT)
    expect(none).not.toMatch(/по этим условиям/i)
    const searched = {
      q: { ...q, pupil: 'Иванов' },
      errors: {},
      rows: [],
      limit: 50,
      searched: true,
      back: { to: '/staff/dashboard', label: 'Контроль' },
      nextPage: null,
      firstPage: null,
    }
    const found = await textOf(Audit, searched)
    expect(found).toContain('По этим условиям записей нет')
    expect(found).not.toMatch(ZERO_COUNT)
  })

  it('retention with nothing expired', async () => {
    const data = {
      years: 5,
      cutoff: '07.12.2021',
      total: 0,
      journalCutoff: '07.12.2021',
      journals: [],
      journalKeys: '',
      applicationCount: 0,
      strayCount: 0,
      applications: [],
      strayUploads: [],
    }
    const text = await textOf(Retention, { ...data, strayDocuments: [], runs: [], nextPage: null, firstPage: null })
    expect(text).toContain('Заявлений с истёкшим сроком хранения нет.')
    expect(text).toContain('Журналов с истёкшим сроком хранения нет.')
    expect(text).not.toMatch(ZERO_COUNT)
  })

  it('access requests with none waiting', async () => {
    const text = await textOf(Access, { grants: [] })
    expect(text).toContain('Запросов, ждущих подтверждения, нет.')
  })

  it('the inbox and the outbox: a tab with nothing has no «(0)»', async () => {
    const inbox = await textOf(Inbox, {
      items: [],
      newCount: 0,
      mailboxConnected: true,
      emptyNote: 'Новых писем нет.',
      nowLocal: '07.12.2026 10:00',
      nextPage: null,
      firstPage: null,
    })
    expect(inbox).toContain('Новые')
    expect(inbox).not.toMatch(ZERO_COUNT)
    const outbox = await textOf(Outbox, {
      counts: { pending: 0, done: 3 },
      letters: [],
      smtp: null,
      imap: null,
      from: '',
      emptyNote: 'Писем пока нет.',
      nextPage: null,
      firstPage: null,
    })
    expect(outbox).toContain('(3)')
    expect(outbox).not.toMatch(ZERO_COUNT)
  })

  it('a parent’s applications, none yet: their own words, on the home page and on a child’s page', async () => {
    const list = (showPupil: boolean) => () => <ApplicationsList rows={[]} showPupil={showPupil} />
    expect(await textOf(list(true), {})).toContain('Вы ещё не подавали заявлений.')
    expect(await textOf(list(false), {})).toContain('Заявлений об этом ребёнке вы ещё не подавали.')
  })
})
