import { describe, expect, it } from 'vitest'
import { SCHOOL_DAYS, bornDays, readTypedDay } from './typed-day'

const day = (typed: string, ...rest: Parameters<typeof readTypedDay> extends [string, ...infer R] ? R : never) => {
  const read = readTypedDay(typed, ...rest)
  return 'problem' in read ? read.problem : read.day
}

describe('readTypedDay: a day as people in Russia type it (ADR 107)', () => {
  it('reads the day first whatever the separator, the year first, words, «г.», a time after, odd spaces', () => {
    const typings = [
      '01.09.2015',
      '1.9.2015',
      '01/09/2015',
      '01-09-2015',
      '01 09 2015',
      '01. 09. 2015',
      '2015-09-01',
      '2015/09/01',
      '01.09.2015 г.',
      '1 сентября 2015 года',
      '1 сент. 2015 г.',
      '«01» сентября 2015 г.',
      '01.09.2015 0:00:00',
      '\u00a001.09.2015\u00a0',
      '01.09.2015\u200b',
      '\ufeff01.09.2015',
    ]
    for (const typed of typings) expect(day(typed), JSON.stringify(typed)).toBe('2015-09-01')
  })

  it('reads an Excel serial only in an import, and «01092015» only on a form', () => {
    expect(day('42248')).toBe('format')
    expect(day('42248', null, { serial: true })).toBe('2015-09-01')
    expect(day('01092015')).toBe('format')
    expect(day('01092015', null, { packed: true })).toBe('2015-09-01')
  })

  it('reads a two-digit year only where one century fits: a school day, a pupil born up to today', () => {
    expect(day('01.09.15')).toBe('year')
    expect(day('01.09.15', SCHOOL_DAYS)).toBe('2015-09-01')
    expect(day('01/09/27', SCHOOL_DAYS)).toBe('2027-09-01')
    const born = bornDays('2026-12-07')
    expect(day('14.03.15', born)).toBe('2015-03-14')
    expect(day('07.12.26', born)).toBe('2026-12-07')
    // «98»: 2098 is not yet, 1998 is not a pupil's year; «08.12.26» is tomorrow: the year is asked for.
    expect(day('01.09.98', born)).toBe('year')
    expect(day('08.12.26', born)).toBe('year')
    expect(day('31.02.15', born)).toBe('format')
  })

  it('refuses «09/13/2015» as the month first, naming the day it would be; impossible days and words are not dates', () => {
    expect(readTypedDay('09/13/2015')).toEqual({ problem: 'month-first', day: '2015-09-13' })
    for (const typed of ['31.02.2015', '13.13.2015', 'завтра', '2015', '1.9', '01..09.2015', '01.09/2015'])
      expect(day(typed), typed).toBe('format')
  })
})
