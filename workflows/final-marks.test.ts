import { describe, expect, it } from 'vitest'
import { ProductionCalendar } from './calendar'
import { finalMarksDeadline, isYearWord, lateFinalMarksWarning } from './final-marks'

const calendar = new ProductionCalendar()

describe('Положение 5.4: final marks not later than 2 working days before the period ends', () => {
  it('counts working days of the production calendar back from the last day', () => {
    // Friday 23.10.2026 → Wednesday 21.10.2026.
    expect(finalMarksDeadline(calendar, '2026-10-23')).toBe('2026-10-21')
    // A period ending on a Sunday: Friday and Thursday are the two working days before it → Thursday.
    expect(finalMarksDeadline(calendar, '2026-10-25')).toBe('2026-10-22')
    // Before the New Year holidays: 30.12.2026 (Wednesday) → 28.12.2026 (Monday).
    expect(finalMarksDeadline(calendar, '2026-12-30')).toBe('2026-12-28')
  })

  it('warns with the date only after the deadline', () => {
    const period = { name: '1 четверть', endsOn: '2026-10-23' }
    expect(lateFinalMarksWarning(calendar, period, '2026-10-21')).toBeNull()
    expect(lateFinalMarksWarning(calendar, period, '2026-10-22')).toBe(
      'Итоговые отметки за период «1 четверть» выставляются не позднее 21.10.2026 — за 2 рабочих дня до окончания периода ' +
        '23.10.2026 (Положение об ЭЖ, п. 5.4). Сегодня 22.10.2026: отметки будут загружены, но с опозданием.',
    )
  })

  it('reads the words for the year', () => {
    for (const w of ['Год', 'год', 'за год', 'Годовая', 'годовая отметка', 'учебный год']) expect(isYearWord(w), w).toBe(true)
    expect(isYearWord('1 четверть')).toBe(false)
  })
})
