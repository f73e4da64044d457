import { describe, expect, it } from 'vitest'
import { plannedLessons, schoolDaysBetween } from './curriculum-stats'
import { weekdayOf } from './time'

describe('lessons planned by the timetable', () => {
  it('counts school days without weekends, days off of the production calendar and the holidays', () => {
    const working = (d: string) => weekdayOf(d) <= 5 && d !== '2026-11-04'
    const days = schoolDaysBetween('2026-10-19', '2026-11-13', working, [{ startsOn: '2026-10-25', endsOn: '2026-11-04' }])
    expect(days).toEqual([
      '2026-10-19',
      '2026-10-20',
      '2026-10-21',
      '2026-10-22',
      '2026-10-23',
      '2026-11-05',
      '2026-11-06',
      '2026-11-09',
      '2026-11-10',
      '2026-11-11',
      '2026-11-12',
      '2026-11-13',
    ])
  })

  it('gives each timetable entry one lesson on each of its weekdays', () => {
    const days = ['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-16', '2026-11-17'] // Mon, Tue, Wed, Mon, Tue
    const planned = plannedLessons(
      [
        { key: 'Математика', weekday: 1 },
        { key: 'Математика', weekday: 3 },
        { key: 'Музыка', weekday: 5 },
        { key: 'Русский язык', weekday: 2 },
      ],
      days,
    )
    expect(Object.fromEntries(planned)).toEqual({ Математика: 3, Музыка: 0, 'Русский язык': 2 })
  })
})
