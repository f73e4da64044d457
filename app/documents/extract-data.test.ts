import { describe, expect, it } from 'vitest'
import { forecastSubject } from '#workflows/forecast'
import { forecastRow } from './extract-data.server'
import { joinSentences } from './format'

describe('the forecast note of the extract', () => {
  it('joins whole sentences with a space, not «.;»', () => {
    const f = forecastSubject({ marks: [{ value: '4', weight: 1, written: false }], closed: false })
    expect(f.warnings.length).toBeGreaterThanOrEqual(2)
    const row = forecastRow({ subject: 'Математика', ...f })
    expect(row.warning).not.toContain('.;')
    expect(row.warning).toBe(
      'Недостаточно отметок для аттестации: 1 из 3 (Положение об ЭЖ, п. 5.2). Нет отметок за ' +
        'письменные, лабораторные, практические или контрольные работы (Положение об ЭЖ, п. 5.2).',
    )
  })

  it('ends every sentence with a full stop once', () => {
    expect(joinSentences(['Первое.', 'второе', ' ', 'Третье?'])).toBe('Первое. второе. Третье?')
    expect(joinSentences([])).toBe('')
  })
})
