import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { can } from '#app/utils/permissions'
import { queueShown, queueSummary } from '#workflows/list-words'
import { listQueue, QUEUE_FACETS, type QueueFilters } from '#app/models/applications.server'
import { QUEUE_PAGE_SIZE } from '#app/utils/paging'
import { CHANNEL_LABELS } from '#app/operations/application-schema'
import { ApplicationTable, FindApplicationForm } from '#app/components/staff/application-table'
import { STAFF_STATUS_LABELS } from '#workflows/statuses'
import { own } from '#workflows/own'
import { compareNumbered } from '#workflows/text'
import { ROWS_ONCE, type RowsOnce } from '#app/components/rows-once'

export const meta: MetaFunction = () => [{ title: 'Заявления — рабочее место' }]

// The rows are in the table's HTML; the document's hydration data carries only their count (ADR 127).
export const handle = { [ROWS_ONCE]: ['rows'] }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:application:any')
  const params = new URL(request.url).searchParams
  const filters = Object.fromEntries(QUEUE_FACETS.map((f) => [f, params.get(f) || undefined])) as QueueFilters
  const queue = await listQueue(user.schoolId, filters, new Date(), user.staffId, params.get('after'))
  // Links to the next page keep the filters; «В начало» drops only the position.
  const base = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])))
  const nextPage = queue.next ? `?${new URLSearchParams([...base, ['after', queue.next]])}` : null
  const firstPage = params.has('after') ? `?${base}` : null
  // The facet list travels with the data: a .server module's values do not reach the browser.
  // Links to pages the user may not open (403) are not shown: the secretary registers, but does not process.
  const processes = can(user.roles, 'process:application:any')
  const { next: _next, ...page } = queue
  return json({ ...page, filters, facets: [...QUEUE_FACETS], nextPage, firstPage, links: { deliveryBatch: processes, grounds: processes } })
}

const LABELS: Record<string, Record<string, string>> = {
  state: STAFF_STATUS_LABELS,
  channel: CHANNEL_LABELS,
  due: { overdue: 'просрочено', soon: 'срок истекает' },
  assignee: { me: 'мои', none: 'не назначены' },
}
const FACET_TITLES: Record<string, string> = {
  state: 'Статус',
  channel: 'Способ подачи',
  className: 'Класс',
  due: 'Срок',
  assignee: 'Исполнитель',
}

function FacetSelect({ facet, counts, value }: { facet: string; counts: Record<string, number>; value?: string }) {
  const keys = Object.keys(counts).filter((k) => facet !== 'assignee' || k === 'me' || k === 'none')
  keys.sort(compareNumbered)
  if (value && !keys.includes(value)) keys.push(value)
  return (
    <div className="filter">
      <label htmlFor={`f-${facet}`}>{own(FACET_TITLES, facet)}</label>
      <select id={`f-${facet}`} name={facet} defaultValue={value ?? ''}>
        <option value="">все</option>
        {keys.map((k) => (
          <option key={k} value={k}>{`${own(own(LABELS, facet) ?? {}, k) ?? k}${own(counts, k) ? ` (${own(counts, k)})` : ''}`}</option>
        ))}
      </select>
    </div>
  )
}

export default function Queue() {
  const { counts, total, matching, filters, facets, nextPage, firstPage, links, ...data } = useLoaderData<typeof loader>()
  const rows: RowsOnce<(typeof data.rows)[number]> = data.rows
  return (
    <>
      <h1>Заявления в работе</h1>
      <p>{queueSummary(total)}</p>
      <p className="no-print">
        <Link to="/staff/intake">Принять заявление</Link> · <Link to="/staff/delivery/post">Почтовый список</Link>
        {links.deliveryBatch ? (
          <>
            {' '}
            · <Link to="/staff/delivery/batch">Выписки на бумаге</Link>
          </>
        ) : null}
        {links.grounds ? (
          <>
            {' '}
            · <Link to="/staff/settings/grounds">Основания отказа</Link>
          </>
        ) : null}
      </p>
      <FindApplicationForm />
      <Form method="get" className="card filters" aria-label="Отбор заявлений">
        {facets.map((f) => (
          <FacetSelect key={f} facet={f} counts={counts[f]} value={filters[f]} />
        ))}
        <p className="filter-buttons">
          <button type="submit">Показать</button> <Link to="/staff/applications">Сбросить</Link>
        </p>
      </Form>
      <p role="status">{queueShown(rows.length, matching, total, Object.values(filters).some(Boolean))}</p>
      {rows.length ? <ApplicationTable rows={rows} caption="Заявления по ближайшему сроку" label="Список заявлений" /> : null}
      {nextPage || firstPage ? (
        <nav className="pager no-print" aria-label="Страницы списка">
          {firstPage ? <Link to={firstPage}>← В начало списка</Link> : null}
          {firstPage && nextPage ? ' · ' : null}
          {nextPage ? <Link to={nextPage}>Следующие {QUEUE_PAGE_SIZE} →</Link> : null}
        </nav>
      ) : null}
    </>
  )
}
