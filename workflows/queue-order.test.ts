// The queue's database order and ranges (Application.queueDueAt, the «срок истекает» range) agree with the rules
// that label each row: nearestDue with runningStages, dueSoonUntil with deadlineStatus — date by date.
import { describe, expect, it } from 'vitest'
import { ProductionCalendar } from './calendar'
import { NO_RUNNING_DEADLINE, nearestDue, runningStages, dueOf } from './deadline-stages'
import { deadlineStatus, dueSoonUntil } from './deadlines'
import { APPLICATION_STATUSES, isOpen } from './statuses'
import { endOfLocalDay, parseLocalDateTime } from './time'

const calendar = new ProductionCalendar()
const timeZone = 'Europe/Saratov'
const local = (s: string) => parseLocalDateTime(s, timeZone)

describe('nearestDue', () => {
  const dues = { registrationDue: local('2026-11-03T12:00'), reviewDue: local('2026-12-01T23:59'), deliveryDue: local('2026-11-30T23:59') }
  it('is the earliest running deadline of each open state, none once closed, the far sentinel with no clock running', () => {
    for (const status of APPLICATION_STATUSES) {
      const got = nearestDue(status, dues)
      if (!isOpen(status)) {
        expect(got, status).toBeNull()
        continue
      }
      const running = runningStages(status)
        .map((s) => dueOf(s, dues)!)
        .sort((a, b) => a.getTime() - b.getTime())
      expect(got, status).toEqual(running[0] ?? NO_RUNNING_DEADLINE)
    }
    expect(nearestDue('received', dues)).toEqual(dues.registrationDue)
    expect(nearestDue('in_review', dues)).toEqual(dues.deliveryDue) // the review deadline capped later than delivery: delivery first
    expect(nearestDue('active', dues)).toEqual(NO_RUNNING_DEADLINE)
  })
})

describe('dueSoonUntil', () => {
  it('bounds exactly the deadlines deadlineStatus calls «срок истекает», across weekends and the New Year holidays', () => {
    for (const nowText of ['2026-12-04T15:00', '2026-12-25T10:00', '2026-12-30T18:00', '2027-01-06T09:00', '2026-05-08T11:00']) {
      const now = local(nowText)
      for (const days of [0, 1, 2, 3, 5]) {
        const until = dueSoonUntil(now, { calendar, timeZone, dueSoonWorkingDays: days })
        // Every hour for 20 days ahead: inside [now, until] ⇔ due_soon.
        for (let h = 0; h < 20 * 24; h++) {
          const due = new Date(now.getTime() + h * 3_600_000)
          const soon = deadlineStatus(now, due, { calendar, timeZone, dueSoonWorkingDays: days }) === 'due_soon'
          expect(due <= until, `${nowText} +${h} ч, ${days} раб. дн.`).toBe(soon)
        }
      }
    }
  })

  it('ends a day: on Friday with one working day, «истекает» runs to the end of Monday', () => {
    expect(dueSoonUntil(local('2026-12-04T15:00'), { calendar, timeZone, dueSoonWorkingDays: 1 })).toEqual(
      endOfLocalDay('2026-12-07', timeZone),
    )
  })
})
