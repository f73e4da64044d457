import { describe, expect, it } from 'vitest'
import { retentionConfirmLabel, retentionYears, runJournalsText } from './retention-words'

describe('the retention screen’s words', () => {
  it('names what goes: events alone are not «0 записей»', () => {
    expect(retentionConfirmLabel(0, 3)).toBe('Понимаю: 3 события школы будут удалены без возможности восстановления')
    expect(retentionConfirmLabel(0, 1)).toBe('Понимаю: 1 событие школы будет удалено без возможности восстановления')
    expect(retentionConfirmLabel(5, 0)).toBe('Понимаю: персональные данные 5 записей будут удалены без возможности восстановления')
    expect(retentionConfirmLabel(1, 2)).toBe(
      'Понимаю: персональные данные 1 записи и 2 события школы будут удалены без возможности восстановления',
    )
  })

  it('declines the keeping period', () => {
    expect([1, 3, 5, 21].map(retentionYears)).toEqual(['1 год', '3 года', '5 лет', '21 год'])
  })

  it('names attendance in the run table as the purge’s message does', () => {
    const r = { journalClasses: 1, journalLessons: 2, journalMarks: 3, journalAttendance: 4, journalComments: 0, journalTimetable: 0 }
    expect(runJournalsText({ ...r, journalPlannedHours: 0 })).toContain('отметок о посещаемости: 4')
    expect(
      runJournalsText({ ...r, journalClasses: 0, journalLessons: 0, journalMarks: 0, journalAttendance: 0, journalPlannedHours: 0 }),
    ).toBe('0')
  })
})
