import { describe, expect, it } from 'vitest'
import { isLateMark, markDueAt } from './entry-deadlines'

const TZ = 'Europe/Saratov' // UTC+4
const lesson = { lessonDate: '2026-11-16', lessonKind: 'урок', writtenWork: false, lessonEndsAt: '09:15' }

describe('Положение 4.4.1: when a mark is due', () => {
  it('a lesson’s mark by 16:00 of the lesson’s day, school time', () => {
    expect(markDueAt(lesson, TZ).toISOString()).toBe('2026-11-16T12:00:00.000Z')
    expect(isLateMark(lesson, new Date('2026-11-16T11:59:00Z'), TZ)).toBe(false)
    expect(isLateMark(lesson, new Date('2026-11-16T12:01:00Z'), TZ)).toBe(true)
    expect(isLateMark(lesson, new Date('2026-11-17T05:00:00Z'), TZ)).toBe(true)
  })

  it('a lesson ending after 16:00 (second shift) by the end of its day (Регламент: «в течение текущего учебного дня»)', () => {
    const late = { ...lesson, lessonEndsAt: '17:40' }
    expect(isLateMark(late, new Date('2026-11-16T19:00:00Z'), TZ)).toBe(false)
    expect(isLateMark(late, new Date('2026-11-16T20:00:01Z'), TZ)).toBe(true)
  })

  it('a written work’s mark within a week of the day it was written', () => {
    for (const m of [
      { ...lesson, writtenWork: true },
      { ...lesson, lessonKind: 'контрольная' },
    ]) {
      expect(markDueAt(m, TZ).toISOString()).toBe('2026-11-23T19:59:59.000Z')
      expect(isLateMark(m, new Date('2026-11-20T10:00:00Z'), TZ)).toBe(false)
      expect(isLateMark(m, new Date('2026-11-24T06:00:00Z'), TZ)).toBe(true)
    }
  })
})
