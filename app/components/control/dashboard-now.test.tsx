// The director's «now» panel on a school with no applications yet (the first day, the demo): every block says so
// in words; none shows a table of headings with nothing under them.
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { NowPanel } from './dashboard-now'

const zero = { overdue: 0, today: 0, week: 0 }
const snapshot = (byStatus: Array<{ status: string; label: string; count: number; open: boolean }>) => ({
  byStatus,
  due: { registration: zero, review: zero, delivery: zero },
  oldest: [],
  openCount: byStatus.filter((s) => s.open).reduce((n, s) => n + s.count, 0),
})

describe('the dashboard’s «Заявления по состояниям»', () => {
  it('no application yet: a sentence, not an empty table', () => {
    const html = renderToStaticMarkup(<NowPanel snapshot={snapshot([])} />)
    const states = html.slice(html.indexOf('id="states-h"'), html.indexOf('id="due-h"'))
    expect(states).toContain('Заявлений ещё не было.')
    expect(states).not.toContain('<table')
  })

  it('with applications: the table by state, closed ones marked', () => {
    const html = renderToStaticMarkup(
      <NowPanel
        snapshot={snapshot([
          { status: 'received', label: 'Поступило', count: 2, open: true },
          { status: 'closed', label: 'Закрыто', count: 1, open: false },
        ])}
      />,
    )
    const states = html.slice(html.indexOf('id="states-h"'), html.indexOf('id="due-h"'))
    expect(states).toContain('<table')
    expect(states).toContain('Закрыто (завершено)')
    expect(states).not.toContain('Заявлений ещё не было.')
  })
})
