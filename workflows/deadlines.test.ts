import { describe, expect, it } from 'vitest'
import { ProductionCalendar } from './calendar'
import {
  DEADLINE_STATUS_LABELS,
  DEFAULT_DUE_SOON_WORKING_DAYS,
  DELIVERY_RULE,
  REVIEW_RULE,
  TERMS,
  TERM_TEXT,
  answerDate,
  computeDeadlines,
  deadlineColumns,
  dueSoonSetting,
  dueSoonUntil,
  registrationRule,
  deadlineStatus,
  describeTimeLeft,
  timeLeft,
  workingDaysLeft,
  type Channel,
  type DeadlineInput,
} from './deadlines'
import { endOfLocalDay, parseLocalDateTime, toIsoWithOffset } from './time'

const timeZone = 'Europe/Saratov'
const calendar = new ProductionCalendar()
const local = (value: string) => parseLocalDateTime(value, timeZone)
const iso = (instant: Date) => toIsoWithOffset(instant, timeZone)
const endOf = (day: string) => `${day}T23:59:59+04:00`

function deadlines(channel: Channel, receivedAt: Date, extra: Partial<DeadlineInput> = {}) {
  const result = computeDeadlines({ channel, receivedAt, timeZone, calendar, ...extra })
  return {
    ...result,
    registrationDue: iso(result.registrationDue),
    reviewDue: iso(result.reviewDue),
    deliveryDue: iso(result.deliveryDue),
    deliveryPracticalTarget: iso(result.deliveryPracticalTarget),
  }
}

describe('registration (Порядок 3.1.1)', () => {
  it('Fri 08.05.2026 by e-mail: the weekend and the transferred 11 May are skipped', () => {
    expect(deadlines('email', local('2026-05-08T10:00'))).toMatchObject({
      registrationDue: '2026-05-12T23:59:59+04:00',
      skippedDays: ['2026-05-09', '2026-05-10', '2026-05-11'],
      usedFallbackYears: [],
    })
  })

  it.each(['post', 'email', 'online', 'portal'] as const)('%s: end of the first working day after receipt', (channel) => {
    expect(deadlines(channel, local('2026-05-12T09:00'))).toMatchObject({
      registrationDue: endOf('2026-05-13'),
      skippedDays: [],
    })
  })

  it('in person: 10 minutes, whatever the day', () => {
    const weekday = computeDeadlines({ channel: 'in_person', receivedAt: local('2026-05-08T10:00'), timeZone, calendar })
    expect(weekday.registrationDue.getTime() - local('2026-05-08T10:00').getTime()).toBe(10 * 60 * 1000)
    expect(deadlines('in_person', local('2026-05-09T12:00'))).toMatchObject({
      registrationDue: '2026-05-09T12:10:00+04:00',
      skippedDays: [],
    })
    expect(deadlines('in_person', local('2025-12-31T23:55')).registrationDue).toBe('2026-01-01T00:05:00+04:00')
  })

  it.each([
    // [received (local), due day, skipped days]
    [
      '2025-12-30T15:00',
      '2026-01-12',
      ['2025-12-31', ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((d) => `2026-01-${String(d).padStart(2, '0')}`)],
    ],
    ['2025-12-31T11:00', '2026-01-12', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((d) => `2026-01-${String(d).padStart(2, '0')}`)],
    ['2025-02-21T12:00', '2025-02-24', ['2025-02-22', '2025-02-23']], // 2025: 23 Feb was moved to 8 May
    ['2026-02-20T23:50', '2026-02-24', ['2026-02-21', '2026-02-22', '2026-02-23']],
    ['2025-03-06T12:00', '2025-03-07', []],
    ['2025-03-07T12:00', '2025-03-10', ['2025-03-08', '2025-03-09']],
    ['2026-03-06T12:00', '2026-03-10', ['2026-03-07', '2026-03-08', '2026-03-09']],
    ['2025-04-30T12:00', '2025-05-05', ['2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04']],
    ['2025-05-07T12:00', '2025-05-12', ['2025-05-08', '2025-05-09', '2025-05-10', '2025-05-11']],
    ['2026-04-30T12:00', '2026-05-04', ['2026-05-01', '2026-05-02', '2026-05-03']],
    ['2025-06-11T12:00', '2025-06-16', ['2025-06-12', '2025-06-13', '2025-06-14', '2025-06-15']],
    ['2026-06-11T12:00', '2026-06-15', ['2026-06-12', '2026-06-13', '2026-06-14']],
    ['2025-10-31T12:00', '2025-11-01', []], // Saturday 1 Nov 2025 was a working day
    ['2025-11-01T12:00', '2025-11-05', ['2025-11-02', '2025-11-03', '2025-11-04']],
    ['2026-11-03T12:00', '2026-11-05', ['2026-11-04']],
    ['2026-05-10T12:00', '2026-05-12', ['2026-05-11']], // received on a Sunday
    ['2026-05-09T00:30', '2026-05-12', ['2026-05-10', '2026-05-11']], // received on a holiday
  ])('received %s → due %s', (receivedAt, dueDay, skipped) => {
    const result = deadlines('post', local(receivedAt))
    expect(result.registrationDue).toBe(endOf(dueDay))
    expect(result.skippedDays).toEqual(skipped)
    expect(result.usedFallbackYears).toEqual([])
  })

  it('counts the day of receipt in the school time zone, not in UTC', () => {
    // 23:50 local on Thu 7 May = 19:50 UTC: Thursday, due Friday 8 May.
    expect(deadlines('email', new Date('2026-05-07T19:50:00Z')).registrationDue).toBe(endOf('2026-05-08'))
    // 00:30 local on Fri 8 May is still Thursday in UTC: it is Friday's receipt, due Tuesday 12 May.
    expect(deadlines('email', new Date('2026-05-07T20:30:00Z'))).toMatchObject({
      registrationDue: endOf('2026-05-12'),
      skippedDays: ['2026-05-09', '2026-05-10', '2026-05-11'],
    })
    // The same instant for a school on UTC is a Thursday receipt.
    const utcSchool = computeDeadlines({ channel: 'email', receivedAt: new Date('2026-05-07T20:30:00Z'), timeZone: 'UTC', calendar })
    expect(utcSchool.registrationDue.toISOString()).toBe('2026-05-08T23:59:59.000Z')
  })

  it('reports the fallback year when the deadline runs into a year without data', () => {
    const days2027 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => `2027-01-${String(d).padStart(2, '0')}`)
    expect(deadlines('post', local('2026-12-30T16:00'))).toMatchObject({
      registrationDue: endOf('2027-01-11'),
      skippedDays: ['2026-12-31', ...days2027],
      usedFallbackYears: [2027],
    })
    expect(deadlines('post', local('2026-12-31T10:00'))).toMatchObject({ registrationDue: endOf('2027-01-11'), usedFallbackYears: [2027] })
    // 2027 fallback (ТК РФ ст. 112): Mon 8 March is a holiday.
    expect(deadlines('email', local('2027-03-05T10:00'))).toMatchObject({
      registrationDue: endOf('2027-03-09'),
      skippedDays: ['2027-03-06', '2027-03-07', '2027-03-08'],
      usedFallbackYears: [2027],
    })
  })

  it('registers by the working day after the day off a weekend holiday moves (Порядок 3.1.1 «1 рабочего дня»; ТК РФ ст. 112 ч. 2)', () => {
    // Fri 30.04.2027: Sat 1 May is a holiday, so Mon 3 May is a day off by law even before the 2027 decree is loaded.
    expect(deadlines('post', local('2027-04-30T15:00'))).toMatchObject({
      registrationDue: endOf('2027-05-04'),
      skippedDays: ['2027-05-01', '2027-05-02', '2027-05-03'],
      usedFallbackYears: [2027],
    })
    // Fri 07.05.2027: Sun 9 May → Mon 10 May off.
    expect(deadlines('email', local('2027-05-07T09:00'))).toMatchObject({ registrationDue: endOf('2027-05-11') })
  })

  it('stops reporting the fallback once the year is loaded', () => {
    const withLoaded = new ProductionCalendar([
      {
        year: 2027,
        days: [
          ...[1, 2, 3, 4, 5, 6, 7, 8].map((d) => ({ date: `2027-01-0${d}`, type: 'holiday' as const })),
          ...['02-23', '03-08', '05-01', '05-09', '06-12', '11-04'].map((md) => ({ date: `2027-${md}`, type: 'holiday' as const })),
        ],
      },
    ])
    const result = computeDeadlines({ channel: 'post', receivedAt: local('2026-12-30T16:00'), timeZone, calendar: withLoaded })
    expect(result.usedFallbackYears).toEqual([])
  })

  it('refuses an unknown channel', () => {
    expect(() => deadlines('fax' as Channel, local('2026-05-12T09:00'))).toThrow('Неизвестный способ подачи заявления: «fax»')
  })
})

describe('review (Порядок 3.1.2) and delivery (Порядок 2.3)', () => {
  it('counts from the registration deadline when not yet registered', () => {
    expect(deadlines('email', local('2026-05-08T10:00'))).toMatchObject({
      reviewDue: endOf('2026-06-10'), // 12 May + 29
      deliveryDue: endOf('2026-06-11'), // 12 May + 30, a working (shortened) Thursday
      deliveryPracticalTarget: endOf('2026-06-11'),
    })
  })

  it('counts from the actual registration day, in school time', () => {
    const result = deadlines('email', local('2026-05-08T10:00'), { registeredAt: local('2026-05-13T00:30') })
    expect(result.reviewDue).toBe(endOf('2026-06-11'))
    expect(result.registrationDue).toBe(endOf('2026-05-12')) // registration does not move the registration deadline
  })

  it('keeps the legal delivery date on a holiday and targets the last working day before it', () => {
    expect(deadlines('post', local('2026-05-13T09:00'), { registeredAt: local('2026-05-13T11:00') })).toMatchObject({
      deliveryDue: endOf('2026-06-12'), // 12 June, Russia Day
      deliveryPracticalTarget: endOf('2026-06-11'),
    })
    expect(deadlines('post', local('2025-05-14T09:00'), { registeredAt: local('2025-05-14T11:00') })).toMatchObject({
      deliveryDue: endOf('2025-06-13'), // 13 June 2025, transferred from 8 March
      deliveryPracticalTarget: endOf('2025-06-11'),
    })
  })

  it('in person: review and delivery from the day of the 10-minute deadline', () => {
    expect(deadlines('in_person', local('2026-05-08T10:00'))).toMatchObject({
      reviewDue: endOf('2026-06-06'), // a Saturday: review days are calendar days, no shift
      deliveryDue: endOf('2026-06-07'), // Sunday
      deliveryPracticalTarget: endOf('2026-06-05'),
    })
    expect(deadlines('in_person', local('2026-05-08T23:55')).deliveryDue).toBe(endOf('2026-06-08'))
  })

  it('counts the review from the day the responsible employee receives it, never past the answer (ADR 031)', () => {
    // A start recorded after registration (rows written under ADR 005) runs 29 days, but not past Порядок 2.3.
    const capped = deadlines('email', local('2026-05-08T10:00'), {
      registeredAt: local('2026-05-12T09:00'),
      reviewStartedAt: local('2026-05-15T00:30'), // 15 May + 29 = 13 June, after the answer's 11 June
    })
    expect(capped.reviewDue).toBe(endOf('2026-06-11'))
    expect(capped.deliveryDue).toBe(endOf('2026-06-11'))
    const uncapped = deadlines('email', local('2026-05-08T10:00'), {
      registeredAt: local('2026-05-12T09:00'),
      reviewStartedAt: local('2026-05-12T10:00'),
    })
    expect(uncapped.reviewDue).toBe(endOf('2026-06-10'))
  })

  it('handles 4 November, 23 February, 8 March and the new year', () => {
    // Registered Mon 05.10.2026 → 04.11.2026 is a holiday, 03.11 is a working day.
    expect(deadlines('in_person', local('2026-10-05T10:00'))).toMatchObject({
      deliveryDue: endOf('2026-11-04'),
      deliveryPracticalTarget: endOf('2026-11-03'),
    })
    // Registered 05.10.2025 → 04.11.2025; 3 Nov is off too, Sat 1 Nov was worked.
    expect(deadlines('in_person', local('2025-10-05T10:00'))).toMatchObject({
      deliveryDue: endOf('2025-11-04'),
      deliveryPracticalTarget: endOf('2025-11-01'),
    })
    // Registered 24.01.2026 → 23.02.2026 (Monday, holiday) → Friday 20 February.
    expect(deadlines('in_person', local('2026-01-24T10:00'))).toMatchObject({
      deliveryDue: endOf('2026-02-23'),
      deliveryPracticalTarget: endOf('2026-02-20'),
    })
    // Registered 07.02.2026 → 09.03.2026 (transferred from 8 March) → Friday 6 March.
    expect(deadlines('in_person', local('2026-02-07T10:00'))).toMatchObject({
      deliveryDue: endOf('2026-03-09'),
      deliveryPracticalTarget: endOf('2026-03-06'),
    })
    // Registered 01.12.2025 → 31.12.2025 (day off) → 30 December.
    expect(deadlines('in_person', local('2025-12-01T10:00'))).toMatchObject({
      deliveryDue: endOf('2025-12-31'),
      deliveryPracticalTarget: endOf('2025-12-30'),
      usedFallbackYears: [],
    })
    // Registered 10.12.2026 → Sat 09.01.2027 (fallback year) → back over the holidays to 30.12.2026.
    expect(deadlines('in_person', local('2026-12-10T10:00'))).toMatchObject({
      deliveryDue: endOf('2027-01-09'),
      deliveryPracticalTarget: endOf('2026-12-30'),
      usedFallbackYears: [2027],
    })
  })
})

describe('deadline status', () => {
  const options = { calendar, timeZone }
  const due = endOfLocalDay('2026-05-20', timeZone) // Wednesday

  it('is ok with more working days left than the warning window', () => {
    expect(deadlineStatus(local('2026-05-15T10:00'), due, options)).toBe('ok') // 18, 19, 20 May
    expect(workingDaysLeft(local('2026-05-15T10:00'), due, options)).toBe(3)
  })

  it('is due soon within the window (2 working days by default)', () => {
    expect(deadlineStatus(local('2026-05-18T10:00'), due, options)).toBe('due_soon')
    expect(deadlineStatus(local('2026-05-15T10:00'), due, { ...options, dueSoonWorkingDays: 3 })).toBe('due_soon')
    expect(deadlineStatus(local('2026-05-20T23:59'), due, options)).toBe('due_soon')
    expect(deadlineStatus(due, due, options)).toBe('due_soon')
  })

  it('counts working days, so holidays bring "due soon" closer', () => {
    const afterHolidays = endOfLocalDay('2026-05-12', timeZone)
    expect(workingDaysLeft(local('2026-05-07T10:00'), afterHolidays, options)).toBe(2) // 8 and 12 May
    expect(deadlineStatus(local('2026-05-07T10:00'), afterHolidays, options)).toBe('due_soon')
  })

  it('takes "today" in the school zone', () => {
    const now = new Date('2026-05-19T20:30:00Z') // 00:30 on 20 May in Saratov
    expect(workingDaysLeft(now, due, options)).toBe(0)
    expect(workingDaysLeft(now, due, { calendar, timeZone: 'UTC' })).toBe(1)
  })

  it('is overdue one second after the deadline', () => {
    expect(deadlineStatus(new Date(due.getTime() + 1000), due, options)).toBe('overdue')
    expect(workingDaysLeft(local('2026-05-22T10:00'), due, options)).toBe(0)
  })

  it('is met when completed by the deadline, overdue when completed late', () => {
    const later = local('2026-06-01T10:00')
    expect(deadlineStatus(later, due, { ...options, completedAt: due })).toBe('met')
    expect(deadlineStatus(later, due, { ...options, completedAt: local('2026-05-15T10:00') })).toBe('met')
    expect(deadlineStatus(later, due, { ...options, completedAt: new Date(due.getTime() + 1000) })).toBe('overdue')
    expect(DEADLINE_STATUS_LABELS.met).toBe('выполнено в срок')
  })
})

describe('time left, in Russian', () => {
  const HOUR = 3600 * 1000
  it('measures to the deadline', () => {
    expect(timeLeft(local('2026-05-20T20:00'), endOfLocalDay('2026-05-20', timeZone))).toBe(4 * HOUR - 1000)
    expect(timeLeft(local('2026-05-21T05:00'), endOfLocalDay('2026-05-20', timeZone))).toBe(-5 * HOUR - 1000)
  })

  it.each([
    [2 * 24 * HOUR + 3 * HOUR, 'осталось 2 дн. 3 ч'],
    [2 * 24 * HOUR + 3 * HOUR + 59 * 60 * 1000, 'осталось 2 дн. 3 ч'],
    [2 * 24 * HOUR, 'осталось 2 дн.'],
    [5 * HOUR + 20 * 60 * 1000, 'осталось 5 ч 20 мин'],
    [40 * 60 * 1000 + 59 * 1000, 'осталось 40 мин'],
    [30 * 1000, 'осталось менее 1 мин'],
    [0, 'осталось менее 1 мин'],
    [-5 * HOUR, 'просрочено на 5 ч'],
    [-(24 * HOUR + 2 * HOUR), 'просрочено на 1 дн. 2 ч'],
    [-30 * 1000, 'просрочено менее чем на 1 мин'],
  ])('%i ms → %s', (ms, text) => {
    expect(describeTimeLeft(ms)).toBe(text)
  })

  it('refuses a non-number', () => {
    expect(() => describeTimeLeft(Number.NaN)).toThrow(RangeError)
  })
})

// ADR 031. Порядок 3.1.2: «Рассмотрение заявления осуществляется в срок, не превышающий 29 календарных дней со дня
// поступления заявления к ответственному работнику»; Порядок 2.3: «не может превышать 30 календарных дней со дня
// регистрации заявления».
describe('the deadline columns a transition writes', () => {
  const base = { channel: 'email' as const, receivedAt: local('2026-05-08T10:00'), timeZone, calendar, storedDeliveryDue: null }
  const cols = (c: ReturnType<typeof deadlineColumns>) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, iso(v)]))

  it('registration (Tue 12.05.2026) starts both clocks: review to 10.06, answer to 11.06', () => {
    const at = local('2026-05-12T09:00')
    expect(
      cols(
        deadlineColumns({
          ...base,
          effects: ['issueRegistrationNumber', 'setDeliveryDeadline', 'setReviewDeadline'],
          now: at,
          registeredAt: null,
        }),
      ),
    ).toEqual({ reviewStartedAt: iso(at), reviewDue: endOf('2026-06-10'), deliveryDue: endOf('2026-06-11') })
  })

  it('nothing moves on other steps: taking up the review, a correction request, the corrected application', () => {
    for (const effects of [[], ['queueCorrectionRequest'], ['notifyResponsible']]) {
      expect(
        deadlineColumns({
          ...base,
          effects,
          now: local('2026-05-25T09:00'),
          registeredAt: local('2026-05-12T09:00'),
          storedDeliveryDue: endOfLocalDay('2026-06-11', timeZone),
        }),
      ).toEqual({})
    }
  })

  it('a review set again later (a correction answered on 25.05) still counts from the registration day', () => {
    const result = deadlineColumns({
      ...base,
      effects: ['setReviewDeadline'],
      now: local('2026-05-25T09:00'),
      registeredAt: local('2026-05-12T09:00'),
      storedDeliveryDue: endOfLocalDay('2026-06-11', timeZone),
    })
    expect(cols(result)).toEqual({
      reviewStartedAt: iso(local('2026-05-12T09:00')),
      reviewDue: endOf('2026-06-10'),
      deliveryDue: endOf('2026-06-11'),
    })
  })

  it('never moves a stored answer date, and caps the review by it', () => {
    // A stored answer date earlier than the review would end (rows written under ADR 005): the review stops there.
    const result = deadlineColumns({
      ...base,
      effects: ['setReviewDeadline'],
      now: local('2026-05-25T09:00'),
      registeredAt: local('2026-05-12T09:00'),
      storedDeliveryDue: endOfLocalDay('2026-06-05', timeZone),
    })
    expect(cols(result)).toMatchObject({ reviewDue: endOf('2026-06-05'), deliveryDue: endOf('2026-06-05') })
  })
})

describe('the terms in words come from the numbers', () => {
  it("says the Порядок's numbers with their clauses", () => {
    expect(TERMS).toEqual({ inPersonRegistrationMinutes: 10, registrationWorkingDays: 1, reviewCalendarDays: 29, deliveryCalendarDays: 30 })
    expect(registrationRule('in_person')).toBe('в течение 10 минут (Порядок, п. 3.1.1)')
    expect(registrationRule('post')).toBe('не позднее 1 рабочего дня с момента поступления заявления в школу (Порядок, п. 3.1.1)')
    expect(REVIEW_RULE).toBe('не более 29 календарных дней со дня поступления заявления к ответственному работнику (Порядок, п. 3.1.2)')
    expect(DELIVERY_RULE).toBe('не более 30 календарных дней со дня регистрации заявления (Порядок, п. 2.3)')
    expect(TERM_TEXT.reviewDays).toBe('29 календарных дней')
  })
})

// ADR 032: the legal date stays; on a day off the school answers by the previous working day, named.
describe('the answer date a parent is told', () => {
  const tell = (day: string) => answerDate(endOfLocalDay(day, timeZone), { calendar, timeZone })

  it('on a working day: just the legal date', () => {
    expect(tell('2026-06-11')).toEqual({ legalDay: '2026-06-11', schoolDay: '2026-06-11', onDayOff: false, text: 'не позднее 11.06.2026' })
  })

  it('on 12 June (Russia Day): the legal date and the previous working day', () => {
    expect(tell('2026-06-12')).toEqual({
      legalDay: '2026-06-12',
      schoolDay: '2026-06-11',
      onDayOff: true,
      text:
        'не позднее 12.06.2026 (пятница — нерабочий день, поэтому школа ответит не ' +
        'позднее 11.06.2026, четверг, в последний рабочий день перед ним)',
    })
  })

  it('on 04.01.2027 (new-year holidays): the school answers by the last working day of 2026', () => {
    const told = tell('2027-01-04')
    expect(told.onDayOff).toBe(true)
    expect(told.text.startsWith('не позднее 04.01.2027 (понедельник — нерабочий день')).toBe(true)
    expect(told.schoolDay < '2027-01-01').toBe(true)
    expect(calendar.isWorkingDay(told.schoolDay)).toBe(true)
  })
})

describe('the «срок истекает» margin', () => {
  it('reads the school setting: 0–10 working days, otherwise 2', () => {
    expect(DEFAULT_DUE_SOON_WORKING_DAYS).toBe(2)
    expect(dueSoonSetting(null)).toBe(2)
    expect(dueSoonSetting('0')).toBe(0)
    expect(dueSoonSetting('5')).toBe(5)
    expect(dueSoonSetting('10')).toBe(10)
    for (const bad of ['11', '-1', '1.5', 'два', '']) expect(dueSoonSetting(bad)).toBe(2)
  })

  it('warns 2 working days ahead by default and not 3, date by date (deadline Wed 20.05.2026)', () => {
    const due = endOfLocalDay('2026-05-20', timeZone)
    const options = { calendar, timeZone }
    expect(deadlineStatus(local('2026-05-15T18:00'), due, options)).toBe('ok') // Fri: 18, 19, 20 left
    expect(deadlineStatus(local('2026-05-16T18:00'), due, options)).toBe('ok') // Sat: still 3 working days
    expect(deadlineStatus(local('2026-05-18T09:00'), due, options)).toBe('due_soon') // Mon: 19, 20
    expect(deadlineStatus(local('2026-05-15T18:00'), due, { ...options, dueSoonWorkingDays: 0 })).toBe('ok')
    expect(deadlineStatus(local('2026-05-20T09:00'), due, { ...options, dueSoonWorkingDays: 0 })).toBe('due_soon')
  })

  // The queue's «скоро срок» filter counts with one range up to dueSoonUntil: it must say what deadlineStatus says,
  // date by date, for every margin the school may choose (issue 20: a changed margin went unnoticed).
  it('the queue’s «скоро срок» range agrees with deadlineStatus for every day and every margin 0–10', () => {
    const options = { calendar, timeZone }
    expect(dueSoonUntil(local('2026-05-15T18:00'), { ...options, dueSoonWorkingDays: 2 }).toISOString()).toBe(
      endOfLocalDay('2026-05-19', timeZone).toISOString(),
    )
    expect(dueSoonUntil(local('2026-05-18T09:00'), { ...options, dueSoonWorkingDays: 0 }).toISOString()).toBe(
      endOfLocalDay('2026-05-18', timeZone).toISOString(),
    )
    for (const now of [local('2026-05-15T18:00'), local('2026-05-16T10:00'), local('2026-12-30T12:00'), local('2026-04-30T09:00')]) {
      for (let margin = 0; margin <= 10; margin++) {
        const until = dueSoonUntil(now, { ...options, dueSoonWorkingDays: margin })
        for (let d = 0; d < 40; d++) {
          const due = endOfLocalDay(new Date(now.getTime() + d * 86_400_000).toISOString().slice(0, 10), timeZone)
          if (due.getTime() < now.getTime()) continue
          const soon = deadlineStatus(now, due, { ...options, dueSoonWorkingDays: margin }) === 'due_soon'
          expect([margin, due.toISOString(), due.getTime() <= until.getTime()]).toEqual([margin, due.toISOString(), soon])
        }
      }
    }
  })
})
