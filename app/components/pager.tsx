// «← В начало списка · Следующие N →» under a keyset-paged staff list (ADR 035, 048).
import { Link } from '@remix-run/react'

/** Links that keep the page's other query parameters and replace `after`. */
export function pagerLinks(search: URLSearchParams | string, next: string | null) {
  const params = new URLSearchParams(search)
  const paged = params.has('after')
  params.delete('after')
  const base = [...params]
  return {
    nextPage: next ? `?${new URLSearchParams([...base, ['after', next]])}` : null,
    firstPage: paged ? `?${new URLSearchParams(base)}` : null,
  }
}

export function Pager({ nextPage, firstPage, size }: { nextPage: string | null; firstPage: string | null; size: number }) {
  if (!nextPage && !firstPage) return null
  return (
    <p className="pager">
      {firstPage ? <Link to={firstPage}>← В начало списка</Link> : null}
      {firstPage && nextPage ? ' · ' : null}
      {nextPage ? <Link to={nextPage}>Следующие {size} →</Link> : null}
    </p>
  )
}
