import { describe, expect, it } from 'vitest'
import { normalizeTrackingNumber, trackingNumberProblem } from './tracking-number'

describe('почтовый идентификатор', () => {
  it.each(['41001283123456', '410012 83 12345 6', 'RA123456789RU', 'ra 123456789 ru'])('accepts %s', (value) => {
    expect(trackingNumberProblem(value)).toBeNull()
  })
  it.each(['', '123', '4100128312345', '410012831234567', 'RA12345678RU', '12345678901234X', 'трек'])(
    'refuses «%s» in Russian',
    (value) => {
      expect(trackingNumberProblem(value)).toMatch(/^(Укажите почтовый идентификатор|Почтовый идентификатор — 14 цифр)/)
    },
  )
  it('keeps the digits and capital letters only', () => {
    expect(normalizeTrackingNumber(' ra-123 456 789-ru ')).toBe('RA123456789RU')
  })
})
