import { describe, expect, it } from 'vitest'
import {
  answeredInTime,
  byChannel,
  byEmployee,
  computeMetrics,
  formatDuration,
  formatShare,
  percentile,
  refusalsByGround,
  registeredInTime,
  stageDurations,
  type AppFacts,
} from './metrics'

const T = (s: string) => new Date(`${s}+04:00`)
const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

function facts(over: Partial<AppFacts> & { id: string }): AppFacts {
  return {
    channel: 'post',
    status: 'received',
    receivedAt: T('2026-10-05T10:00'),
    registeredAt: null,
    registrationDue: T('2026-10-06T23:59:59'),
    reviewDue: null,
    decidedAt: null,
    deliveryDue: null,
    deliveredAt: null,
    closedAt: null,
    grounds: [],
    events: [],
    ...over,
  }
}

const now = T('2026-11-20T12:00')

describe('registration in time (Порядок 3.1.1)', () => {
  it('counts met and late, and leaves out the ones still inside their deadline and refusals to accept', () => {
    const apps = [
      facts({
        id: 'a',
        channel: 'in_person',
        receivedAt: T('2026-10-05T10:00'),
        registrationDue: T('2026-10-05T10:10'),
        registeredAt: T('2026-10-05T10:08'),
      }),
      facts({
        id: 'b',
        channel: 'in_person',
        receivedAt: T('2026-10-05T10:00'),
        registrationDue: T('2026-10-05T10:10'),
        registeredAt: T('2026-10-05T10:25'),
      }),
      facts({ id: 'c', registeredAt: T('2026-10-06T15:00') }),
      facts({ id: 'd' }), // never registered, deadline passed long ago
      facts({ id: 'e', registrationDue: T('2026-11-21T23:59:59') }), // still due
      facts({ id: 'f', status: 'acceptance_refused', closedAt: T('2026-10-05T10:05') }),
      facts({ id: 'g', status: 'withdrawn', closedAt: T('2026-10-05T18:00') }), // withdrawn in time
    ]
    expect(registeredInTime(apps, now)).toEqual({ met: 2, late: 2, total: 4, share: 0.5 })
  })
})

describe('decided within 29 days (Порядок 3.1.2), answered within 30 (Порядок 2.3)', () => {
  it('separates the decision and the hand-over, each against its own deadline', () => {
    const base = { registeredAt: T('2026-10-05T11:00'), reviewDue: T('2026-11-03T23:59:59'), deliveryDue: T('2026-11-04T23:59:59') }
    const apps = [
      facts({ id: 'a', ...base, decidedAt: T('2026-10-20T10:00'), deliveredAt: T('2026-10-22T10:00') }),
      facts({ id: 'b', ...base, decidedAt: T('2026-11-01T10:00'), deliveredAt: T('2026-11-06T10:00') }),
      facts({ id: 'c', ...base }), // nothing by the deadline
      // decided on day 30: late for the review (as a check says), the answer still handed over in time
      facts({ id: 'e', ...base, decidedAt: T('2026-11-04T09:00'), deliveredAt: T('2026-11-04T12:00') }),
      // not due yet
      facts({ id: 'd', registeredAt: T('2026-11-10T11:00'), reviewDue: T('2026-12-09T23:59:59'), deliveryDue: T('2026-12-10T23:59:59') }),
    ]
    const r = answeredInTime(apps, now)
    expect(r.decided).toEqual({ met: 2, late: 2, total: 4, share: 2 / 4 })
    expect(r.delivered).toEqual({ met: 2, late: 2, total: 4, share: 2 / 4 })
  })
})

describe('percentiles and stage times', () => {
  it('interpolates between ranks like PERCENTILE.INC', () => {
    expect(percentile([], 0.5)).toBeNull()
    expect(percentile([7], 0.9)).toBe(7)
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5)
    expect(percentile([10, 1, 5], 0.5)).toBe(5)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1)
    expect(() => percentile([1], 2)).toThrow(RangeError)
  })

  it('measures receipt → registration → decision → hand-over', () => {
    const r = (min: number) => T('2026-10-05T10:00').getTime() + min * MIN
    const apps = [1, 2, 3, 4].map((n) =>
      facts({
        id: `x${n}`,
        receivedAt: new Date(r(0)),
        registeredAt: new Date(r(n * 10)),
        decidedAt: new Date(r(n * 10) + n * DAY),
        deliveredAt: new Date(r(n * 10) + n * DAY + HOUR),
      }),
    )
    apps.push(facts({ id: 'open', registeredAt: new Date(r(5)) }))
    const s = stageDurations(apps)
    expect(s.registration).toEqual({ count: 5, median: 20 * MIN, p90: percentile([5, 10, 20, 30, 40], 0.9)! * MIN })
    expect(s.review).toMatchObject({ count: 4, median: 2.5 * DAY })
    expect(s.review.p90! / DAY).toBeCloseTo(3.7)
    expect(s.delivery).toEqual({ count: 4, median: HOUR, p90: HOUR })
    expect(s.total.count).toBe(4)
  })
})

describe('refusals, channels, employees', () => {
  const ev = (event: string, at: string, actorUserId: string | null, actorName = '') => ({ event, at: T(at), actorUserId, actorName })
  const apps = [
    facts({
      id: 'a',
      channel: 'email',
      status: 'acceptance_refused',
      grounds: ['Нет документа'],
      events: [ev('REFUSE_ACCEPTANCE', '2026-10-05T11:00', 'u1', 'Иванова')],
    }),
    facts({
      id: 'b',
      channel: 'email',
      status: 'closed',
      grounds: ['Нет сведений', 'Не законный представитель'],
      registeredAt: T('2026-10-06T09:00'),
      deliveryDue: T('2026-11-05T23:59:59'),
      deliveredAt: T('2026-11-07T10:00'),
      events: [
        ev('REGISTER', '2026-10-06T09:00', 'u1', 'Иванова'),
        ev('FORWARD', '2026-10-10T09:00', 'u1', 'Иванова'),
        ev('REFUSE', '2026-10-12T09:00', 'd', 'Директор'),
        ev('NOTICE_DELIVERED', '2026-11-07T10:00', 'u2', 'Петрова'),
      ],
    }),
    facts({
      id: 'c',
      channel: 'in_person',
      status: 'closed',
      grounds: ['Нет сведений'],
      registrationDue: T('2026-10-05T10:10'),
      registeredAt: T('2026-10-05T11:00'),
      events: [ev('RECEIVE', '2026-10-05T10:00', null), ev('REGISTER', '2026-10-05T11:00', 'u2', 'Петрова')],
    }),
  ]

  it('counts grounds of each kind of refusal, most frequent first', () => {
    expect(refusalsByGround(apps)).toEqual({
      acceptance: [{ ground: 'Нет документа', count: 1 }],
      information: [
        { ground: 'Нет сведений', count: 2 },
        { ground: 'Не законный представитель', count: 1 },
      ],
    })
  })

  it('counts channels', () => {
    expect(byChannel(apps)).toEqual([
      { channel: 'email', count: 2 },
      { channel: 'in_person', count: 1 },
    ])
  })

  it('credits each step to the employee who did it, with the late ones', () => {
    expect(byEmployee(apps, now)).toEqual([
      { userId: 'd', name: 'Директор', registered: 0, registeredLate: 0, forwarded: 0, decided: 1, delivered: 0, deliveredLate: 0 },
      { userId: 'u1', name: 'Иванова', registered: 1, registeredLate: 0, forwarded: 1, decided: 0, delivered: 0, deliveredLate: 0 },
      { userId: 'u2', name: 'Петрова', registered: 1, registeredLate: 1, forwarded: 0, decided: 0, delivered: 1, deliveredLate: 1 },
    ])
  })

  it('puts it all together', () => {
    const m = computeMetrics(apps, now)
    expect(m.applications).toBe(3)
    expect(m.registration).toMatchObject({ met: 1, late: 1 })
  })
})

describe('formatting', () => {
  it('writes durations and shares in Russian', () => {
    expect(formatDuration(null)).toBe('—')
    expect(formatDuration(8 * MIN)).toBe('8 мин')
    expect(formatDuration(5 * HOUR + 20 * MIN)).toBe('5 ч 20 мин')
    expect(formatDuration(3.5 * DAY)).toBe('3,5 дн.')
    expect(formatShare(null)).toBe('—')
    expect(formatShare(2 / 3)).toBe('67 %')
  })
})
