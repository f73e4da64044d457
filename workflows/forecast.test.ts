import { describe, expect, it } from 'vitest'
import { DEFAULT_THRESHOLDS, formatAverage, forecastSubject, markFromAverage, parseThresholds, weightedAverage } from './forecast'

const m = (value: string, weight = 1, written = false) => ({ value, weight, written })

describe('weighted average (Положение 5.2: weights of «Виды оценок»)', () => {
  it('weights each mark by its work type', () => {
    // (5·1 + 4·1 + 3·2) / (1 + 1 + 2) = 15 / 4 = 3.75
    expect(weightedAverage([m('5'), m('4'), m('3', 2)])).toBe(3.75)
    // (4·1 + 5·1.5 + 5·2) / 4.5 = 21.5 / 4.5 = 4.777…
    expect(weightedAverage([m('4'), m('5', 1.5), m('5', 2)])).toBeCloseTo(4.7778, 4)
  })

  it('leaves «зачёт» / «незачёт» out and gives null without numeric marks', () => {
    expect(weightedAverage([m('зачёт'), m('4')])).toBe(4)
    expect(weightedAverage([m('зачёт')])).toBeNull()
    expect(formatAverage(4.7777)).toBe('4,78')
    expect(formatAverage(null)).toBe('—')
  })
})

describe('forecast by thresholds', () => {
  it('uses the documented default 5 ≥ 4.6, 4 ≥ 3.6, 3 ≥ 2.6, else 2', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({ five: 4.6, four: 3.6, three: 2.6 })
    expect([4.6, 4.59, 3.6, 3.59, 2.6, 2.59].map((a) => markFromAverage(a))).toEqual(['5', '4', '4', '3', '3', '2'])
  })

  it('is not fooled by floating point at the boundary', () => {
    // 0.1·3 + 3.3 is 3.5999999999999996 in binary floating point; it means 3.6, hence a «4».
    expect(0.1 * 3 + 3.3).toBeLessThan(3.6)
    expect(markFromAverage(0.1 * 3 + 3.3)).toBe('4')
    // (5·1.5 + 4·1.5 + 5·1 + 4·1) / 5 = 22.5 / 5 = 4.5 → 4
    expect(markFromAverage(weightedAverage([m('5', 1.5), m('4', 1.5), m('5'), m('4')])!)).toBe('4')
  })

  it('reads configured thresholds and falls back to the default on a bad setting', () => {
    expect(parseThresholds('{"five":4.5,"four":3.5,"three":2.5}')).toEqual({
      thresholds: { five: 4.5, four: 3.5, three: 2.5 },
      error: null,
    })
    expect(parseThresholds(undefined)).toEqual({ thresholds: DEFAULT_THRESHOLDS, error: null })
    expect(parseThresholds('{"five":3,"four":4,"three":2.5}').error).toMatch(/пороги должны убывать/)
    expect(parseThresholds('нет').error).toMatch(/не является JSON/)
    expect(markFromAverage(4.5, { five: 4.5, four: 3.5, three: 2.5 })).toBe('5')
  })
})

describe('subject forecast', () => {
  it('computes the forecast on hand-computed numbers with no warning when enough marks and a written work', () => {
    // (5 + 4 + 5·2) / 4 = 19 / 4 = 4.75 → 5
    const f = forecastSubject({ marks: [m('5'), m('4'), m('5', 2, true)], closed: false })
    expect(f).toEqual({
      status: 'forecast',
      average: 4.75,
      averageText: '4,75',
      forecast: '5',
      final: null,
      marksCount: 3,
      writtenCount: 1,
      warnings: [],
    })
  })

  it('warns when there are too few marks (Subject.minMarks, default 3) and no written work yet', () => {
    // (3 + 4) / 2 = 3.5 → 3
    const f = forecastSubject({ marks: [m('3'), m('4')], closed: false })
    expect(f.forecast).toBe('3')
    expect(f.warnings).toEqual([
      'Недостаточно отметок для аттестации: 2 из 3 (Положение об ЭЖ, п. 5.2).',
      'Нет отметок за письменные, лабораторные, практические или контрольные работы (Положение об ЭЖ, п. 5.2).',
    ])
    expect(forecastSubject({ marks: [m('3', 1, true), m('4')], minMarks: 2, closed: false }).warnings).toEqual([])
    expect(forecastSubject({ marks: [], closed: false })).toMatchObject({ status: 'no-marks', forecast: null, averageText: '—' })
  })

  it('shows the FinalMark of a closed period instead of a forecast', () => {
    const f = forecastSubject({ marks: [m('3'), m('3'), m('3')], closed: true, final: '4' })
    expect(f).toMatchObject({ status: 'final', final: '4', forecast: null, average: 3, warnings: [] })
    expect(forecastSubject({ marks: [m('5', 2, true), m('5'), m('5')], closed: true }).warnings).toEqual([
      'Период закрыт, итоговая отметка по предмету не выставлена.',
    ])
  })
})
