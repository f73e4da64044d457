// The registration log's period (/staff/log and its download): dates typed the other way round are one period,
// read in order, not an empty result «Записи с 07.11.2026 по 01.01.2026: 0».
import { describe, expect, it } from 'vitest'
import { registrationLogPeriod } from '#app/models/applications.server'

const tz = 'Europe/Saratov'
const now = new Date('2026-12-07T09:00:00Z')
const period = (query: string) => {
  const { from, to } = registrationLogPeriod(new URLSearchParams(query), tz, now)
  return { from, to }
}

describe('registration log period', () => {
  it('reads «с» after «по» as the same period in order', () => {
    expect(period('from=2026-11-07&to=2026-01-01')).toEqual({ from: '2026-01-01', to: '2026-11-07' })
    expect(period('from=2026-11-07&to=2026-11-30')).toEqual({ from: '2026-11-07', to: '2026-11-30' })
  })

  it('takes the last 30 days for a missing or malformed date, still in order', () => {
    expect(period('')).toEqual({ from: '2026-11-07', to: '2026-12-07' })
    expect(period('from=abc&to=2026-01-01')).toEqual({ from: '2026-01-01', to: '2026-11-07' })
  })

  it('says, for its own field, that a date was not read instead of silently showing the default', () => {
    const read = registrationLogPeriod(new URLSearchParams('from=abc&to=2026-01-01'), tz, now)
    expect(read.errors).toEqual({
      from: 'Дата «abc» не распознана — вместо неё взято 07.11.2026. Выберите дату в поле или укажите её в виде ДД.ММ.ГГГГ.',
    })
    expect(registrationLogPeriod(new URLSearchParams('from=2026-11-07&to=2026-13-45'), tz, now).errors).toEqual({
      to: 'Дата «2026-13-45» не распознана — вместо неё взято 07.12.2026. Выберите дату в поле или укажите её в виде ДД.ММ.ГГГГ.',
    })
    // The way the message says to type it is read.
    const typed = registrationLogPeriod(new URLSearchParams('from=1.11.2026&to=30.11.2026'), tz, now)
    expect({ from: typed.from, to: typed.to, errors: typed.errors }).toEqual({ from: '2026-11-01', to: '2026-11-30', errors: {} })
    expect(registrationLogPeriod(new URLSearchParams('from=31.02.2026'), tz, now).errors.from).toMatch(/^Дата «31\.02\.2026» не распознана/)
    // An empty field (the form sent without a date) is the default, not a mistake.
    expect(registrationLogPeriod(new URLSearchParams('from=&to='), tz, now).errors).toEqual({})
  })
})
