import { describe, expect, it } from 'vitest'
import { dueSlots, nextSlot, scheduleFrom, yearEnded, type ScheduleContext } from './periodic-schedule'
import { formatDateTime } from './time'

const TZ = 'Europe/Saratov'
const ctx: ScheduleContext = {
  yearStartsOn: '2026-09-01',
  yearEndsOn: '2027-05-26',
  periods: [
    { startsOn: '2026-09-01', endsOn: '2026-10-24' },
    { startsOn: '2026-11-05', endsOn: '2026-12-28' },
    { startsOn: '2027-01-12', endsOn: '2027-03-20' },
    { startsOn: '2027-03-30', endsOn: '2027-05-26' },
  ],
  breaks: [
    { startsOn: '2026-12-29', endsOn: '2027-01-11' },
    { startsOn: '2027-03-21', endsOn: '2027-03-29' },
  ],
  timeZone: TZ,
}
const at = (iso: string) => new Date(iso)
const days = (slots: { day: string }[]) => slots.map((s) => s.day)

describe('weekly', () => {
  it('is due every Friday after the first delivery, at the end of the day in school time', () => {
    const slots = scheduleFrom('weekly', at('2026-11-25T10:00:00+04:00'), ctx) // a Wednesday
    expect(days(slots.slice(0, 3))).toEqual(['2026-11-27', '2026-12-04', '2026-12-11'])
    expect(formatDateTime(slots[0].dueAt, TZ)).toBe('27.11.2026 23:59')
    expect(slots[0]).toMatchObject({ from: '2026-11-26', to: '2026-11-27' })
    expect(slots[1]).toMatchObject({ from: '2026-11-28', to: '2026-12-04' })
  })

  it('starts from the next Friday when the first delivery was on a Friday', () => {
    expect(scheduleFrom('weekly', at('2026-11-27T12:00:00+04:00'), ctx)[0].day).toBe('2026-12-04')
  })

  it('skips Fridays in the holidays and stops at the end of the academic year', () => {
    const all = days(scheduleFrom('weekly', at('2026-12-20T12:00:00+04:00'), ctx))
    expect(all).not.toContain('2027-01-01')
    expect(all).not.toContain('2027-01-08')
    expect(all).not.toContain('2027-03-26')
    expect(all).toContain('2027-01-15')
    expect(all.slice(-2)).toEqual(['2027-05-21', '2027-05-26'])
  })

  it('sends the last school days of the year after its last Friday, up to the year’s last day (Порядок 2.3)', () => {
    // The year ends on Wednesday 26.05.2027: Monday to Wednesday after the last Friday go out on that Wednesday.
    const slots = scheduleFrom('weekly', at('2027-05-10T12:00:00+04:00'), ctx)
    expect(slots.at(-1)).toMatchObject({ day: '2027-05-26', from: '2027-05-22', to: '2027-05-26' })
    expect(formatDateTime(slots.at(-1)!.dueAt, TZ)).toBe('26.05.2027 23:59')
    // A year (and its last quarter) that ends on a Friday gets no second slot that day; a first delivery on the last day
    // gets none after it.
    const toFriday = {
      ...ctx,
      yearEndsOn: '2027-05-28',
      periods: [...ctx.periods.slice(0, 3), { startsOn: '2027-03-30', endsOn: '2027-05-28' }],
    }
    expect(days(scheduleFrom('weekly', at('2027-05-10T12:00:00+04:00'), toFriday)).slice(-2)).toEqual(['2027-05-21', '2027-05-28'])
    expect(scheduleFrom('weekly', at('2027-05-26T15:00:00+04:00'), ctx)).toEqual([])
  })

  it('closes the year on its last school day, never on a weekend or in the holidays, and never with an empty extract', () => {
    const anchor = at('2030-05-06T12:00:00+04:00')
    const year = { ...ctx, yearStartsOn: '2029-09-01', periods: [], breaks: [] }
    // A year ending on Sunday 26.05.2030: its last Friday 24.05 closes it, no second letter on the Sunday.
    expect(days(scheduleFrom('weekly', anchor, { ...year, yearEndsOn: '2030-05-26' })).slice(-2)).toEqual(['2030-05-17', '2030-05-24'])
    // A year ending on Monday 27.05.2030 ends on that Monday, its only school day after the last Friday.
    expect(scheduleFrom('weekly', anchor, { ...year, yearEndsOn: '2030-05-27' }).at(-1)).toMatchObject({
      day: '2030-05-27',
      from: '2030-05-25',
    })
    // A year to 31.08 with the summer holidays from Wednesday 29.05: the last lessons (Monday, Tuesday) go out on
    // Tuesday 28.05; nothing in the summer.
    const summer = { ...year, yearEndsOn: '2030-08-31', breaks: [{ startsOn: '2030-05-29', endsOn: '2030-08-31' }] }
    expect(days(scheduleFrom('weekly', anchor, summer)).slice(-2)).toEqual(['2030-05-24', '2030-05-28'])
    // Handed over in the summer holidays after the last school day: nothing more this year.
    expect(scheduleFrom('weekly', at('2030-06-10T12:00:00+04:00'), summer)).toEqual([])
  })

  it('makes no extract in the summer before the year begins: a service handed over in June starts with September', () => {
    const june = at('2026-06-20T12:00:00+04:00')
    const weekly = scheduleFrom('weekly', june, ctx)
    // The first extract covers the year from its first day, not the summer since the hand-over.
    expect(weekly[0]).toMatchObject({ day: '2026-09-04', from: '2026-09-01', to: '2026-09-04' })
    expect(scheduleFrom('monthly', june, ctx)[0]).toMatchObject({ day: '2026-09-30', from: '2026-09-01' })
    expect(days(scheduleFrom('period', june, ctx))[0]).toBe('2026-10-24')
  })
})

describe('monthly', () => {
  it('is due on the last day of every month, the last one on the last day of the year', () => {
    const all = days(scheduleFrom('monthly', at('2026-11-10T09:00:00+04:00'), ctx))
    expect(all).toEqual(['2026-11-30', '2026-12-31', '2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-26'])
  })

  it('ends on the year’s last school day, not its calendar last day: no summer month, no Sunday (ADR 115)', () => {
    const summer = { ...ctx, yearEndsOn: '2027-08-31', breaks: [...ctx.breaks, { startsOn: '2027-05-27', endsOn: '2027-08-31' }] }
    const slots = scheduleFrom('monthly', at('2027-03-10T09:00:00+04:00'), summer)
    expect(days(slots)).toEqual(['2027-03-31', '2027-04-30', '2027-05-26'])
    expect(slots.at(-1)).toMatchObject({ from: '2027-05-01', to: '2027-05-26' })
    // 30 May 2027 is a Sunday (the year and its fourth quarter end on it): the last extract is made on Friday the 28th.
    const toSunday = {
      ...ctx,
      yearEndsOn: '2027-05-30',
      periods: [...ctx.periods.slice(0, 3), { startsOn: '2027-03-30', endsOn: '2027-05-30' }],
    }
    expect(days(scheduleFrom('monthly', at('2027-04-10T09:00:00+04:00'), toSunday))).toEqual(['2027-04-30', '2027-05-28'])
    // Handed over after the last school day: nothing more this year.
    expect(scheduleFrom('monthly', at('2027-06-10T09:00:00+04:00'), summer)).toEqual([])
  })

  it('does not repeat a delivery made on the last day of a month', () => {
    expect(scheduleFrom('monthly', at('2026-11-30T15:00:00+04:00'), ctx)[0].day).toBe('2026-12-31')
  })
})

describe('period', () => {
  it('is due on the last day of each remaining reporting period', () => {
    const slots = scheduleFrom('period', at('2026-11-10T09:00:00+04:00'), ctx)
    expect(days(slots)).toEqual(['2026-12-28', '2027-03-20', '2027-05-26'])
    expect(slots[1]).toMatchObject({ from: '2027-01-12', to: '2027-03-20' })
  })
})

describe('every kind', () => {
  it('closes the year on its last school day alike: weekly, monthly and by period (ADR 115)', () => {
    // The fourth quarter and the year run to Sunday 30 May 2027; the last school day is Friday the 28th.
    const year = {
      ...ctx,
      yearEndsOn: '2027-05-30',
      periods: [...ctx.periods.slice(0, 3), { startsOn: '2027-03-30', endsOn: '2027-05-30' }],
    }
    const anchor = at('2027-04-10T09:00:00+04:00')
    const period = scheduleFrom('period', anchor, year)
    expect(period.at(-1)).toMatchObject({ day: '2027-05-28', from: '2027-04-11', to: '2027-05-28' })
    for (const kind of ['weekly', 'monthly', 'period'] as const) expect(scheduleFrom(kind, anchor, year).at(-1)?.day).toBe('2027-05-28')
  })
})

describe('a year to 31 August without the summer holidays in the calendar', () => {
  it('ends with its last reporting period, not with 31 August: no letter on 30.06, 31.07 (a Saturday) or 31.08 (ADR 115)', () => {
    const august = { ...ctx, yearEndsOn: '2027-08-31' }
    const anchor = at('2027-03-10T09:00:00+04:00')
    const monthly = scheduleFrom('monthly', anchor, august)
    expect(days(monthly)).toEqual(['2027-03-31', '2027-04-30', '2027-05-26'])
    expect(monthly.at(-1)).toMatchObject({ from: '2027-05-01', to: '2027-05-26' })
    for (const kind of ['weekly', 'monthly', 'period'] as const) {
      expect(scheduleFrom(kind, anchor, august).at(-1)?.day).toBe('2027-05-26')
      // Handed over after the last quarter: nothing more this year.
      expect(scheduleFrom(kind, at('2027-06-10T09:00:00+04:00'), august)).toEqual([])
    }
    // The last quarter ending on Sunday 30.05.2027: stepped back to Friday the 28th.
    const sunday = { ...august, periods: [...ctx.periods.slice(0, 3), { startsOn: '2027-03-30', endsOn: '2027-05-30' }] }
    expect(days(scheduleFrom('monthly', anchor, sunday)).at(-1)).toBe('2027-05-28')
  })
})

describe('the clock', () => {
  it('returns what is due by now and what comes next', () => {
    const anchor = at('2026-11-25T10:00:00+04:00')
    expect(days(dueSlots('weekly', anchor, at('2026-11-27T23:59:58+04:00'), ctx))).toEqual([])
    expect(days(dueSlots('weekly', anchor, at('2026-11-28T00:00:00+04:00'), ctx))).toEqual(['2026-11-27'])
    expect(nextSlot('weekly', anchor, at('2026-11-28T00:00:00+04:00'), ctx)?.day).toBe('2026-12-04')
    expect(nextSlot('weekly', anchor, at('2027-06-01T00:00:00+04:00'), ctx)).toBeNull()
  })

  it('knows when the academic year is over in school time', () => {
    expect(yearEnded(at('2027-05-26T23:00:00+04:00'), ctx)).toBe(false)
    expect(yearEnded(at('2027-05-26T20:00:00Z'), ctx)).toBe(true) // 27.05 00:00 in Saratov
  })
})
