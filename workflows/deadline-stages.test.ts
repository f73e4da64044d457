import { describe, expect, it } from 'vitest'
import { ProductionCalendar } from './calendar'
import { dueSoonMargin, runningStages, stageAlerts } from './deadline-stages'
import { APPLICATION_STATUSES, isFinal } from './statuses'
import { endOfLocalDay, parseLocalDateTime } from './time'

const timeZone = 'Europe/Saratov'
const calendar = new ProductionCalendar()
const local = (value: string) => parseLocalDateTime(value, timeZone)

// Which alerts the sweep raises, date by date, with the school's «срок истекает» margin.
describe('stage alerts and the «срок истекает» margin', () => {
  const dues = {
    registrationDue: endOfLocalDay('2026-05-13', timeZone),
    reviewDue: endOfLocalDay('2026-06-10', timeZone),
    deliveryDue: endOfLocalDay('2026-06-11', timeZone),
  }
  const alerts = (now: string, margin = 2) =>
    stageAlerts('in_review', dues, local(now), { calendar, timeZone, dueSoonWorkingDays: margin }).map(
      (a) => `${a.stage}:${a.level}:${a.notify}`,
    )

  it('registration is due soon only on its last day; the others use the margin', () => {
    expect(dueSoonMargin('registration', 5)).toBe(0)
    expect(dueSoonMargin('review', 5)).toBe(5)
    expect(dueSoonMargin('delivery', 3)).toBe(3)
  })

  it('review due Wed 10.06.2026, answer Thu 11.06.2026: margin 2', () => {
    expect(alerts('2026-06-05T10:00')).toEqual([]) // Fri: 8, 9, 10 June left for the review
    expect(alerts('2026-06-08T10:00')).toEqual(['review:due_soon:responsible']) // Mon: 9, 10 left; the answer has 9, 10, 11
    expect(alerts('2026-06-09T10:00')).toEqual(['review:due_soon:responsible', 'delivery:due_soon:responsible'])
    expect(alerts('2026-06-11T10:00')).toEqual(['review:overdue:director', 'delivery:due_soon:responsible'])
  })

  it('a wider margin warns earlier', () => {
    expect(alerts('2026-06-05T10:00', 3)).toEqual(['review:due_soon:responsible'])
  })

  it('registration: due soon on its day only', () => {
    const at = (now: string) => stageAlerts('received', dues, local(now), { calendar, timeZone, dueSoonWorkingDays: 2 }).map((a) => a.level)
    expect(at('2026-05-12T10:00')).toEqual([])
    expect(at('2026-05-13T10:00')).toEqual(['due_soon'])
  })
})

describe('running stages', () => {
  // The dashboard counts running deadlines by (schoolId, status, due) alone, trusting that no final (closed) status
  // has a running stage.
  it('no final status has a running stage, and every other status but the periodic one has at least one', () => {
    for (const status of APPLICATION_STATUSES) {
      if (isFinal(status)) expect(runningStages(status), status).toEqual([])
    }
    expect(APPLICATION_STATUSES.filter((s) => !isFinal(s) && runningStages(s).length === 0)).toEqual(['active'])
  })
})
