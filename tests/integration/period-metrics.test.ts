// The dashboard's period figures counted by the database (ADR 047) are the same numbers as the definition:
// every application of the period loaded with its events and counted by workflows/metrics.ts (the old way).
import { beforeAll, describe, expect, it } from 'vitest'
import { getPeriodMetrics, loadFacts } from '#app/models/dashboard.server'
import { APPLICANT_ACTOR } from '#app/operations/actor'
import { withdrawApplication } from '#app/operations/steps.server'
import { fillStageSpans } from '#app/models/stage-spans.server'
import { db } from '#app/utils/db.server'
import { computeMetrics } from '#workflows/metrics'
import { staffActor } from '#tests/helpers/applications'
import type { Channel } from '#workflows/deadlines'
import { build, T, type Spec } from './control-helpers'

const tz = 'Europe/Saratov'
let schoolId: string

/** A small deterministic generator (the same dataset every run). */
function prng(seed: number) {
  let x = seed
  return () => (x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648
}

const pad = (n: number) => String(n).padStart(2, '0')
const local = (base: Date, minutes: number) => {
  const d = new Date(base.getTime() + minutes * 60_000 + 4 * 3_600_000) // Saratov wall clock
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

beforeAll(async () => {
  const rnd = prng(20261205)
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]
  const responsible = await staffActor('responsible')
  const secretary = await staffActor('secretary')
  const channels: Channel[] = ['in_person', 'post', 'email', 'online']
  const grounds = [
    'Запрошенная информация отсутствует в электронном журнале',
    'Заявитель не является законным представителем',
    'Обращение анонимное',
  ]
  const made = []
  for (let i = 0; i < 36; i++) {
    const received = T('2026-09-01T09:00')
    const at = (offsetDays: number) => local(received, Math.floor((i * 2.3 + offsetDays) * 24 * 60 + rnd() * 300))
    const channel = pick(channels)
    const spec: Spec = { channel, receivedAt: at(0), className: pick(['5А', '5Б', '6А']) }
    const fate = i % 9
    if (fate === 8) spec.refuseAcceptance = { at: at(0.005), grounds: rnd() < 0.7 ? [pick(grounds)] : [grounds[1], grounds[2]] }
    else if (fate > 0) {
      // registered in time or late (a few days on), by one of two employees
      spec.register = {
        at: at(rnd() < 0.3 ? 1 + rnd() * 4 : channel === 'in_person' ? 0.005 : rnd() * 0.8),
        by: rnd() < 0.5 ? responsible : secretary,
      }
      if (fate > 2) {
        const refuse = rnd() < 0.3
        spec.forwardAt = at(6 + rnd() * 10)
        spec.decide = { at: at(17 + rnd() * 16), outcome: refuse ? 'refuse' : 'grant', grounds: refuse ? [pick(grounds)] : undefined }
        if (fate > 4) spec.deliver = { at: at(34 + rnd() * 4), by: responsible }
      }
    }
    made.push(await build(spec))
  }
  // Withdrawn ones close without an answer: their clocks stop at closedAt.
  for (const app of made.filter((_, i) => i % 9 === 1).slice(0, 2)) {
    await withdrawApplication({
      applicationId: app.id,
      schoolId: app.schoolId,
      actor: APPLICANT_ACTOR,
      reason: 'Передумал',
      now: new Date(app.receivedAt.getTime() + 3 * 86_400_000),
    })
  }
  schoolId = made[0].schoolId
}, 120_000)

describe('period figures counted by the database', () => {
  const cases = [
    { name: 'the whole autumn, seen in late November', range: { from: '2026-09-01', to: '2026-11-30' }, now: T('2026-11-20T12:00') },
    { name: 'October alone, seen at its end', range: { from: '2026-10-01', to: '2026-10-31' }, now: T('2026-10-31T18:00') },
    { name: 'September, seen the next spring', range: { from: '2026-09-01', to: '2026-09-30' }, now: T('2027-03-01T10:00') },
    { name: 'a day with nothing', range: { from: '2026-08-01', to: '2026-08-01' }, now: T('2026-11-20T12:00') },
  ]
  for (const c of cases) {
    it(`equal the figures from every application's facts: ${c.name}`, async () => {
      const expected = computeMetrics(await loadFacts(schoolId, c.range, tz), c.now)
      const actual = await getPeriodMetrics(schoolId, c.range, c.now, tz)
      expect(actual).toEqual(expected)
    })
  }

  it('the dataset exercises every figure (late and met, refusals, employees, hand-overs)', async () => {
    const m = await getPeriodMetrics(schoolId, cases[0].range, cases[0].now, tz)
    expect(m.applications).toBe(36)
    expect(m.registration.met).toBeGreaterThan(0)
    expect(m.registration.late).toBeGreaterThan(0)
    expect(m.decided.total).toBeGreaterThan(0)
    expect(m.delivered.met + m.delivered.late).toBeGreaterThan(0)
    expect(m.stages.total.count).toBeGreaterThan(3)
    expect(m.refusals.acceptance.length).toBeGreaterThan(0)
    expect(m.refusals.information.length).toBeGreaterThan(0)
    expect(m.employees.length).toBeGreaterThanOrEqual(3)
  })

  it('the door stores the first hand-over and the stage spans', async () => {
    const app = await db.application.findFirstOrThrow({ where: { schoolId, answeredAt: { not: null } } })
    expect(app.totalSpan).toBe(app.answeredAt!.getTime() - app.receivedAt.getTime())
    expect(app.registrationSpan).toBe(app.registeredAt!.getTime() - app.receivedAt.getTime())
    expect(app.deliverySpan).toBe(app.answeredAt!.getTime() - app.decidedAt!.getTime())
  })

  it('applications stored before the door kept the spans get them at start-up, to the same figures', async () => {
    const c = cases[0]
    const before = await getPeriodMetrics(schoolId, c.range, c.now, tz)
    await db.application.updateMany({
      where: { schoolId },
      data: { answeredAt: null, registrationSpan: null, reviewSpan: null, deliverySpan: null, totalSpan: null },
    })
    expect((await getPeriodMetrics(schoolId, c.range, c.now, tz)).stages.total.count).toBe(0)
    expect(await fillStageSpans(db)).toBeGreaterThan(20)
    expect(await fillStageSpans(db)).toBe(0) // done once per school: later starts read nothing
    expect(await getPeriodMetrics(schoolId, c.range, c.now, tz)).toEqual(before)
  })
})
