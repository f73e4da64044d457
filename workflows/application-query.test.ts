import { describe, expect, it } from 'vitest'
import { readApplicationQuery } from './application-query'

describe('readApplicationQuery', () => {
  it('reads a registration number, with or without its year', () => {
    expect(readApplicationQuery('12')).toEqual({ kind: 'number', number: 12, year: null })
    expect(readApplicationQuery('№ 12')).toEqual({ kind: 'number', number: 12, year: null })
    expect(readApplicationQuery(' №12 ')).toEqual({ kind: 'number', number: 12, year: null })
    expect(readApplicationQuery('N 7')).toEqual({ kind: 'number', number: 7, year: null })
    expect(readApplicationQuery('12/2026')).toEqual({ kind: 'number', number: 12, year: 2026 })
    expect(readApplicationQuery('№ 12 от 2026 г.')).toEqual({ kind: 'number', number: 12, year: 2026 })
    expect(readApplicationQuery('12/1066')).toEqual({ kind: 'number', number: 12, year: null })
  })

  it('reads a receipt number as the applicant was given it, in any letter case', () => {
    expect(readApplicationQuery('20261207-AB12CD')).toEqual({ kind: 'receipt', receipt: '20261207-AB12CD' })
    expect(readApplicationQuery('квит. 20261207-ab12cd')).toEqual({ kind: 'receipt', receipt: '20261207-AB12CD' })
    expect(readApplicationQuery('№ 20261207 – ab12cd')).toEqual({ kind: 'receipt', receipt: '20261207-AB12CD' })
  })

  it('reads a surname and a first name, without punctuation or odd spaces', () => {
    expect(readApplicationQuery('Иванова')).toEqual({ kind: 'name', surname: 'Иванова', firstName: null })
    expect(readApplicationQuery('  иванова,\u00a0мария ')).toEqual({ kind: 'name', surname: 'иванова', firstName: 'мария' })
    expect(readApplicationQuery('Римская-Корсакова')).toEqual({ kind: 'name', surname: 'Римская-Корсакова', firstName: null })
    // A zero-width space or a soft hyphen inside a word pasted from a chat is not a break between two words.
    expect(readApplicationQuery('Ива\u200bнова\u2009Ма\u00adрия')).toEqual({ kind: 'name', surname: 'Иванова', firstName: 'Мария' })
    expect(readApplicationQuery('Се\u0308мина')).toEqual({ kind: 'name', surname: 'Сёмина', firstName: null })
  })

  it('finds nothing searchable in one letter, punctuation, an overlong text or an overlong number', () => {
    for (const typed of ['', '   ', 'И', '...', '№', '12345678901', 'а'.repeat(101)]) expect(readApplicationQuery(typed), typed).toBeNull()
  })
})
