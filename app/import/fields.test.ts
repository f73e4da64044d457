import { describe, expect, it } from 'vitest'
import { norm, parseDay, parseWeekday, phoneKey, splitFullName } from './fields'
import { parseMark } from './kinds/marks.server'

describe('import fields', () => {
  it('reads Russian and ISO dates and refuses impossible days', () => {
    expect(parseDay('05.11.2026')).toBe('2026-11-05')
    expect(parseDay('5.1.2027')).toBe('2027-01-05')
    expect(parseDay('2026-11-05')).toBe('2026-11-05')
    expect(['31.02.2026', '2026/11/05', '05.11.26', 'завтра'].map(parseDay)).toEqual([null, null, null, null])
  })

  it('reads an Excel date serial as the day it is (format lost on the way), and nothing shorter as a date', () => {
    expect(parseDay('46359')).toBe('2026-12-03')
    expect(parseDay('45658')).toBe('2025-01-01')
    expect(parseDay('46359.0')).toBe('2026-12-03')
    expect(parseDay('41275')).toBe('2013-01-01')
    expect(['5', '2026', '123456', '-46359'].map(parseDay)).toEqual([null, null, null, null])
  })

  it('compares names with «ё» as «е», in any case and spacing', () => {
    expect(norm('Семёнов  Пётр')).toBe(norm('семенов петр'))
  })

  it('reads marks 2–5 and credits; everything else is out of range', () => {
    expect(['5', '4.0', '2', 'зачет', 'Зачёт', 'незач'].map(parseMark)).toEqual(['5', '4', '2', 'зачёт', 'зачёт', 'незачёт'])
    expect(['1', '6', '5+', 'н/а', ''].map(parseMark)).toEqual([null, null, null, null, null])
  })

  it('splits names, compares phones and reads weekdays', () => {
    expect(splitFullName('Мамедов Эльдар Рашид оглы')).toEqual({ lastName: 'Мамедов', firstName: 'Эльдар', middleName: 'Рашид оглы' })
    expect(splitFullName('Иванов')).toBeNull()
    expect(phoneKey('+7 (912) 345-67-89')).toBe(phoneKey('89123456789'))
    expect(['1', 'пн', 'Среда', 'пт.', '8'].map(parseWeekday)).toEqual([1, 1, 3, 5, null])
  })
})
