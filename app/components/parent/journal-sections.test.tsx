// The homework list of the e-diary stopped at 40 without a word (issue 19, QA notes): it now says how many there are
// and keeps the earlier ones one click away.
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { HomeworkSection } from './journal-sections'

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ date: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}`, subject: 'Математика', text: `Задание ${i + 1}` }))
const html = (n: number) => renderToStaticMarkup(createElement(HomeworkSection, { homework: { available: true, rows: rows(n) } }))

describe('the homework list', () => {
  it('shows every task up to 40, with no count line and nothing folded', () => {
    const page = html(40)
    expect(page.match(/<li>/g)).toHaveLength(40)
    expect(page).not.toContain('<details')
    expect(page).not.toContain('Всего заданий')
  })

  it('past 40: says how many, shows the 40 newest first and folds the rest under a summary with their number', () => {
    const page = html(45)
    expect(page).toContain('Всего заданий: 45; сначала — 40 последних.')
    expect(page).toContain('<summary>Показать более ранние задания (5)</summary>')
    expect(page.match(/<li>/g)).toHaveLength(45)
    // Newest first: the last row given (the newest) is the first item; the oldest is inside the folded part.
    expect(page.indexOf('Задание 45')).toBeLessThan(page.indexOf('Задание 44'))
    expect(page.indexOf('Задание 1<')).toBeGreaterThan(page.indexOf('<details'))
  })
})
