import { describe, expect, it } from 'vitest'
import {
  describeDeviation,
  findChainBreak,
  findDeliveriesWithoutRecord,
  findDeviations,
  findLateDeliveries,
  findLateRegistrations,
  findLateReviews,
  findRefusalsWithoutGrounds,
  type CheckFacts,
} from './check-rules'
import type { ChainCheck } from './registration-log'

const T = (s: string) => new Date(`${s}+04:00`)
const tz = 'Europe/Saratov'
const now = T('2026-11-20T12:00')
const ev = (event: string, at: string, actorUserId: string | null) => ({ event, at: T(at), actorUserId, actorName: actorUserId ?? '' })

/** A clean application: registered, decided and handed over in time, with its hand-over record. */
function clean(id: string, over: Partial<CheckFacts> = {}): CheckFacts {
  return {
    id,
    channel: 'post',
    status: 'delivered',
    receivedAt: T('2026-10-05T10:00'),
    registrationDue: T('2026-10-06T23:59:59'),
    registeredAt: T('2026-10-06T09:00'),
    reviewDue: T('2026-11-04T23:59:59'),
    decidedAt: T('2026-10-20T10:00'),
    deliveryDue: T('2026-11-05T23:59:59'),
    deliveredAt: T('2026-10-22T10:00'),
    closedAt: T('2026-10-22T10:00'),
    grounds: [],
    handOverRecords: 1,
    events: [
      ev('REGISTER', '2026-10-06T09:00', 'resp'),
      ev('FORWARD', '2026-10-15T09:00', 'resp'),
      ev('GRANT', '2026-10-20T10:00', 'dir'),
      ev('DELIVER', '2026-10-22T10:00', 'sec'),
    ],
    ...over,
  }
}
const OK: ChainCheck = { ok: true, count: 3 }

describe('deviation finders', () => {
  it('finds a late registration, done late or never done', () => {
    const apps = [
      clean('ok'),
      clean('late', { registeredAt: T('2026-10-07T09:00') }),
      clean('never', { status: 'received', registeredAt: null, events: [] }),
    ]
    expect(findLateRegistrations(apps, now).map((d) => [d.applicationId, d.employeeUserIds])).toEqual([
      ['late', ['resp']],
      ['never', []],
    ])
  })

  it('finds a late review (decision after the 29 days) and an overdue one still waiting', () => {
    const apps = [
      clean('ok'),
      clean('late', { decidedAt: T('2026-11-05T10:00') }),
      clean('waiting', { status: 'in_review', decidedAt: null, deliveredAt: null, closedAt: null }),
    ]
    expect(findLateReviews(apps, now).map((d) => d.applicationId)).toEqual(['late', 'waiting'])
  })

  it('finds a late delivery, but not for an application withdrawn in time', () => {
    const apps = [
      clean('ok'),
      clean('late', { deliveredAt: T('2026-11-06T10:00') }),
      clean('withdrawn', { status: 'withdrawn', decidedAt: null, deliveredAt: null, closedAt: T('2026-10-10T10:00') }),
    ]
    expect(findLateDeliveries(apps, now).map((d) => [d.applicationId, d.employeeUserIds])).toEqual([['late', ['sec']]])
  })

  it('finds a refusal without grounds', () => {
    const apps = [
      clean('ok', { status: 'closed', grounds: ['Нет сведений'] }),
      clean('bare', { status: 'closed', grounds: [' '], events: [ev('REFUSE', '2026-10-20T10:00', 'dir')] }),
      clean('acc', { status: 'acceptance_refused', grounds: [], registeredAt: null }),
    ]
    expect(findRefusalsWithoutGrounds(apps).map((d) => [d.applicationId, d.employeeUserIds])).toEqual([
      ['bare', ['dir']],
      ['acc', []],
    ])
  })

  it('finds a hand-over without its record', () => {
    expect(
      findDeliveriesWithoutRecord([
        clean('ok'),
        clean('bare', { handOverRecords: 0 }),
        clean('open', { deliveredAt: null, handOverRecords: 0 }),
      ]).map((d) => d.applicationId),
    ).toEqual(['bare'])
  })

  it('reports a chain break with the application of the broken row', () => {
    const broken: ChainCheck = {
      ok: false,
      brokenAt: { sequence: 2, id: 'log_2', reason: 'hash_mismatch' },
      messageRu: 'Журнал регистрации нарушен: запись с порядковым номером 2',
    }
    expect(findChainBreak(OK, () => null)).toEqual([])
    expect(findChainBreak(broken, (s) => (s === 2 ? 'app2' : null))).toEqual([
      {
        kind: 'log_chain_break',
        applicationId: 'app2',
        due: null,
        actual: null,
        employeeUserIds: [],
        logSequence: 2,
        note: broken.messageRu,
      },
    ])
  })
})

describe('findDeviations', () => {
  const apps = [
    clean('ok'),
    clean('late-reg', { registeredAt: T('2026-10-07T09:00'), events: [ev('REGISTER', '2026-10-07T09:00', 'other')] }),
    clean('no-record', { handOverRecords: 0 }),
  ]

  it('finds nothing in a clean set', () => {
    expect(findDeviations({ apps: [clean('a'), clean('b')], chain: OK, now })).toEqual([])
  })

  it('lists every kind once and narrows to one employee', () => {
    expect(findDeviations({ apps, chain: OK, now }).map((d) => `${d.kind}:${d.applicationId}`)).toEqual([
      'late_registration:late-reg',
      'delivery_without_record:no-record',
    ])
    expect(findDeviations({ apps, chain: OK, now, employeeUserId: 'sec' }).map((d) => d.applicationId)).toEqual(['no-record'])
    expect(findDeviations({ apps, chain: OK, now, employeeUserId: 'nobody' })).toEqual([])
  })

  it('describes a deviation in school time', () => {
    const [d] = findLateRegistrations([clean('late', { registeredAt: T('2026-10-07T09:00') })], now)
    expect(describeDeviation(d, tz)).toBe('срок до 06.10.2026 23:59, выполнено 07.10.2026 09:00')
    const [r] = findDeliveriesWithoutRecord([clean('bare', { handOverRecords: 0 })])
    expect(describeDeviation(r, tz)).toBe('вручение отмечено 22.10.2026 10:00, записи о вручении или отправке нет')
  })
})
