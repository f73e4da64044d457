// A list's rows sent once in a document (ADR 127). A page's loader data travels twice in the HTML of its first load:
// rendered (the table) and as JSON for the browser's hydration (`window.__remixContext`). For the long lists (the
// queue, the registration log) the JSON of the rows was 27 and 42 KB of a 77 and 107 KB page. A route that lists
// its row keys in `handle.rowsOnce` gets them replaced in that JSON by `{ rowsOnce: true, length }`
// (app/utils/rows-once.server.ts); its table is drawn by <RowsOnce>, which hydrates from the HTML already in the page
// instead of from data. Data fetched later (the next page, a filter, a revalidation) carries the rows as always, and
// the table is rendered from them.
import { cloneElement, type MouseEvent, type ReactElement } from 'react'
import { useNavigate } from '@remix-run/react'

/** Rows as a route's component receives them: the array, or — on the first load of a document — only their count. */
export type RowsOnce<T> = T[] | { rowsOnce: true; length: number }

/** The key under which a route's `handle` names the loader data's keys sent once. */
export const ROWS_ONCE = 'rowsOnce'

// The HTML of a table read back from the page, per stand-in: read once, kept while that loader data is shown (the
// page's other state — a busy button — renders the table again without reading the document again).
const fromPage = new WeakMap<object, string>()

function hostElement(element: ReactElement): ReactElement {
  // A component's element would take `data-rows` and the HTML as its props, not put them on the DOM.
  if (typeof element.type !== 'string') throw new Error('RowsOnce: table() must return an HTML element, not a component')
  return element
}

/**
 * Renders `table(rows)` — one host element, whose props must not depend on the rows — marked `data-rows={name}`.
 * Given the stand-in instead of rows (the document's hydration), renders the same element with the HTML the server
 * put in it, which React leaves as it is. Links inside it that `<Link>` rendered (`data-discover`) keep their
 * in-app navigation: a plain left click is handed to the router, as `<Link>` does.
 */
export function RowsOnce<T>({ name, rows, table }: { name: string; rows: RowsOnce<T>; table: (rows: T[]) => ReactElement }) {
  const navigate = useNavigate()
  if (Array.isArray(rows)) return cloneElement(hostElement(table(rows)), { 'data-rows': name })
  let html = fromPage.get(rows)
  if (html === undefined) {
    html = typeof document === 'undefined' ? '' : (document.querySelector(`[data-rows="${name}"]`)?.innerHTML ?? '')
    fromPage.set(rows, html)
  }
  const onClick = (event: MouseEvent<HTMLElement>) => {
    const link = (event.target as Element).closest?.('a[data-discover]')
    if (!(link instanceof HTMLAnchorElement) || event.defaultPrevented || event.button !== 0) return
    if (event.metaKey || event.altKey || event.ctrlKey || event.shiftKey || (link.target && link.target !== '_self')) return
    if (link.hasAttribute('download') || link.origin !== window.location.origin) return
    event.preventDefault()
    navigate(`${link.pathname}${link.search}${link.hash}`)
  }
  return cloneElement(hostElement(table([])), {
    'data-rows': name,
    children: undefined,
    dangerouslySetInnerHTML: { __html: html },
    onClick,
  })
}
