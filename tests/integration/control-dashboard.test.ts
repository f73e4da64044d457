import { beforeAll, describe, expect, it } from 'vitest'
import { getControlSnapshot, getPeriodMetrics } from '#app/models/dashboard.server'
import { loader } from '#app/routes/staff.dashboard'
import { staffActor } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { getRequest, settle } from '#tests/helpers/http'
import { build, T } from './control-helpers'

const tz = 'Europe/Saratov'
const now = T('2026-11-20T12:00') // a Friday
const HOUR = 3_600_000
const october = { from: '2026-10-01', to: '2026-10-31' }
let ids: Record<string, string>
let schoolId: string

// A hand-built month with known timings (Порядок 3.1.1: 10 minutes in person, 1 working day otherwise).
beforeAll(async () => {
  const made = {
    A: await build({
      channel: 'in_person',
      receivedAt: '2026-10-05T10:00',
      register: { at: '2026-10-05T10:05' },
      forwardAt: '2026-10-12T10:00',
      decide: { at: '2026-10-15T10:00', outcome: 'grant' },
      deliver: { at: '2026-10-16T10:00' },
    }),
    // post on Tuesday: due the end of Wednesday, registered on Thursday
    B: await build({
      channel: 'post',
      receivedAt: '2026-10-06T09:00',
      register: { at: '2026-10-08T09:00' },
      forwardAt: '2026-10-20T10:00',
      decide: { at: '2026-10-22T10:00', outcome: 'grant' },
      deliver: { at: '2026-10-23T10:00' },
    }),
    // e-mail on Friday: due the end of Monday; the refusal notice handed over after the 30 days (due 11.11)
    C: await build({
      channel: 'email',
      receivedAt: '2026-10-09T15:00',
      register: { at: '2026-10-12T10:00' },
      forwardAt: '2026-10-28T10:00',
      decide: { at: '2026-10-30T10:00', outcome: 'refuse', grounds: ['Запрошенная информация отсутствует в электронном журнале'] },
      deliver: { at: '2026-11-13T10:00' },
    }),
    D: await build({ channel: 'online', receivedAt: '2026-10-20T10:00' }), // never registered
    E: await build({
      channel: 'in_person',
      receivedAt: '2026-10-26T10:00',
      refuseAcceptance: { at: '2026-10-26T10:05', grounds: ['Заявитель не является законным представителем'] },
    }),
    F: await build({ channel: 'post', receivedAt: '2026-10-22T10:00', register: { at: '2026-10-23T10:00' } }),
    G: await build({ channel: 'in_person', receivedAt: '2026-10-22T09:00', register: { at: '2026-10-22T09:05' } }),
  }
  ids = Object.fromEntries(Object.entries(made).map(([k, a]) => [k, a.id]))
  schoolId = made.A.schoolId
  // One application outside the period must not count.
  await build({ channel: 'email', receivedAt: '2026-09-30T10:00' })
})

describe('period figures', () => {
  it('shares in time: registration, decision and hand-over within 30 days', async () => {
    const m = await getPeriodMetrics(schoolId, october, now, tz)
    expect(m.applications).toBe(7)
    expect(m.registration).toEqual({ met: 4, late: 2, total: 6, share: 4 / 6 })
    expect(m.decided).toEqual({ met: 3, late: 0, total: 3, share: 1 })
    expect(m.delivered).toEqual({ met: 2, late: 1, total: 3, share: 2 / 3 })
  })

  it('median and 90th percentile per stage', async () => {
    const m = await getPeriodMetrics(schoolId, october, now, tz)
    expect(m.stages.registration.count).toBe(5)
    expect(m.stages.registration.median).toBe(24 * HOUR)
    expect(m.stages.registration.p90! / HOUR).toBeCloseTo(59.4)
    expect(m.stages.review).toMatchObject({ count: 3, median: T('2026-10-22T10:00').getTime() - T('2026-10-08T09:00').getTime() })
    expect(m.stages.delivery).toMatchObject({ count: 3, median: 24 * HOUR })
  })

  it('refusals by ground, channels, employees', async () => {
    const m = await getPeriodMetrics(schoolId, october, now, tz)
    expect(m.refusals).toEqual({
      acceptance: [{ ground: 'Заявитель не является законным представителем', count: 1 }],
      information: [{ ground: 'Запрошенная информация отсутствует в электронном журнале', count: 1 }],
    })
    expect(m.channels).toEqual([
      { channel: 'in_person', count: 3 },
      { channel: 'post', count: 2 },
      { channel: 'email', count: 1 },
      { channel: 'online', count: 1 },
    ])
    const responsible = await staffActor('responsible')
    const director = await staffActor('director')
    expect(m.employees.find((e) => e.userId === responsible.userId)).toMatchObject({
      registered: 5,
      registeredLate: 1,
      forwarded: 3,
      decided: 0,
      delivered: 3,
      deliveredLate: 1,
    })
    expect(m.employees.find((e) => e.userId === director.userId)).toMatchObject({ registered: 0, decided: 3 })
  })
})

describe('now', () => {
  it('counts applications by state and running deadlines by stage', async () => {
    const s = await getControlSnapshot(schoolId, now, tz)
    const count = (status: string) => s.byStatus.find((x) => x.status === status)?.count
    expect([count('delivered'), count('closed'), count('received'), count('acceptance_refused'), count('in_review')]).toEqual([
      2, 1, 2, 1, 2,
    ])
    expect(s.due).toEqual({
      registration: { overdue: 2, today: 0, week: 0 }, // D and the September one
      review: { overdue: 0, today: 1, week: 1 }, // G due 20.11, F due Saturday 21.11
      delivery: { overdue: 0, today: 0, week: 2 },
    })
  })

  it('lists the oldest waiting applications first, with their next deadline', async () => {
    const s = await getControlSnapshot(schoolId, now, tz)
    const ours = s.oldest.filter((o) => Object.values(ids).includes(o.id))
    expect(ours.map((o) => o.id)).toEqual([ids.D, ids.G, ids.F])
    expect(ours[0].next).toMatchObject({ stage: 'registration', overdue: true })
    expect(ours[1].next).toEqual({ stage: 'review', due: '20.11.2026 23:59', overdue: false })
  })
})

describe('the screen', () => {
  it('is the director’s and shows the period asked for', async () => {
    const cookie = await signIn('responsible')
    const denied = await settle(() => loader({ request: getRequest('/staff/dashboard', cookie), params: {}, context: {} }))
    expect(denied.status).toBe(403)
    const res = await loader({
      request: getRequest('/staff/dashboard?from=2026-10-01&to=2026-10-31', await signIn('director')),
      params: {},
      context: {},
    })
    const data = await res.json()
    expect(data.period).toMatchObject({ from: '2026-10-01', to: '2026-10-31' })
    expect(data.metrics.applications).toBe(7)
  })
})
