import { describe, expect, it } from 'vitest'
import { chooseWeek, choosePeriod, holidayOn, lessonKindLabel, mondayOf, weekDays, plannedLessons } from './diary'

const YEAR = { name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-26' }

describe('the week of the diary', () => {
  it('starts on Monday whatever day is asked for', () => {
    expect(mondayOf('2026-12-05')).toBe('2026-11-30') // Saturday
    expect(mondayOf('2026-11-30')).toBe('2026-11-30') // Monday
    expect(mondayOf('2026-12-06')).toBe('2026-11-30') // Sunday
    expect(weekDays('2026-12-28')).toEqual([
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
    ])
  })

  it('takes ?week= as any day of the week; absent means this week', () => {
    expect(chooseWeek('2026-11-11', '2026-12-05', YEAR)).toEqual({ monday: '2026-11-09', error: null })
    expect(chooseWeek(null, '2026-12-05', YEAR)).toEqual({ monday: '2026-11-30', error: null })
    // The first week of the year begins before 1 September.
    expect(chooseWeek('2026-08-31', '2026-12-05', YEAR)).toEqual({ monday: '2026-08-31', error: null })
  })

  it('falls back to this week with a Russian message for a malformed or out-of-year date', () => {
    for (const bad of ['2026-13-01', 'вчера', '2026-02-30', '2026-12-5']) {
      expect(chooseWeek(bad, '2026-12-05', YEAR)).toEqual({
        monday: '2026-11-30',
        error: 'Неделя указана неверно: нужна дата в виде ГГГГ-ММ-ДД. Показана текущая неделя.',
      })
    }
    expect(chooseWeek('2027-06-01', '2026-12-05', YEAR)).toEqual({
      monday: '2026-11-30',
      error: 'Неделя 01.06.2027 вне 2026/2027 учебного года. Показана текущая неделя.',
    })
    expect(chooseWeek('2026-08-30', '2026-12-05', YEAR).error).toMatch(/вне 2026\/2027 учебного года/)
  })

  it('in summer shows the last week of the year, before September the first', () => {
    expect(chooseWeek(null, '2027-07-15', YEAR).monday).toBe('2027-05-24')
    expect(chooseWeek(null, '2026-08-20', YEAR).monday).toBe('2026-08-31')
  })

  it('names the holiday a day falls in, ends included', () => {
    const holidays = [{ name: 'Осенние каникулы', startsOn: '2026-10-25', endsOn: '2026-11-04' }]
    expect(holidayOn(holidays, '2026-10-24')).toBeNull()
    expect(holidayOn(holidays, '2026-10-25')?.name).toBe('Осенние каникулы')
    expect(holidayOn(holidays, '2026-11-04')?.name).toBe('Осенние каникулы')
    expect(holidayOn(holidays, '2026-11-05')).toBeNull()
  })
})

describe('the period switch', () => {
  it('knows the periods, the year and the whole journal; anything else is the current period with a message', () => {
    expect(choosePeriod(null, ['p1'])).toEqual({ choice: null, error: null })
    expect(choosePeriod('p1', ['p1'])).toEqual({ choice: { kind: 'period', periodId: 'p1' }, error: null })
    expect(choosePeriod('year', ['p1'])).toEqual({ choice: { kind: 'year' }, error: null })
    expect(choosePeriod('all', ['p1'])).toEqual({ choice: { kind: 'all' }, error: null })
    expect(choosePeriod('p9', ['p1'])).toEqual({ choice: null, error: 'Учебный период не найден. Показан текущий период.' })
  })
})

describe('the work a lesson is marked as', () => {
  it('names control, laboratory and practical works; an ordinary lesson has no label', () => {
    expect(lessonKindLabel('контрольная')).toBe('Контрольная работа')
    expect(lessonKindLabel('лабораторная')).toBe('Лабораторная работа')
    expect(lessonKindLabel('практическая')).toBe('Практическая работа')
    expect(lessonKindLabel('урок')).toBeNull()
    expect(lessonKindLabel('')).toBeNull()
    expect(lessonKindLabel('constructor')).toBe('constructor')
  })
})

describe('the timetable written in ahead', () => {
  // 2026-12-08 is a Tuesday (weekday 2).
  const entries = [
    { groupId: 'math', weekday: 2, period: 3 },
    { groupId: 'rus', weekday: 2, period: 1 },
    { groupId: 'eng', weekday: 2, period: 2 },
    { groupId: 'hist', weekday: 3, period: 1 },
  ]
  const day = { date: '2026-12-08', today: '2026-12-07', holiday: false, recordedPeriods: [] as number[] }

  it('lists a coming day’s lessons of the timetable in the order of the day', () => {
    expect(plannedLessons(entries, day).map((e) => e.groupId)).toEqual(['rus', 'eng', 'math'])
  })

  it('leaves out the periods the journal has a lesson in already (given, replaced or moved there)', () => {
    expect(
      plannedLessons(entries, { ...day, date: '2026-12-08', today: '2026-12-08', recordedPeriods: [1, 2] }).map((e) => e.groupId),
    ).toEqual(['math'])
  })

  it('guesses nothing for a past day, and nothing on a holiday', () => {
    expect(plannedLessons(entries, { ...day, today: '2026-12-09' })).toEqual([])
    expect(plannedLessons(entries, { ...day, holiday: true })).toEqual([])
  })
})
