// ADR 092: the worker counts each school's default period of the control screen before the director opens it — the
// view that follows counts nothing (neither the settled figures nor a day of open work), its figures the definition's.
import { beforeAll, describe, expect, it } from 'vitest'
import { countDashboardFigures, dashboardFiguresTask } from '#app/jobs/dashboard-figures.server'
import { TASKS } from '#app/jobs/index.server'
import { defaultPeriod, getPeriodMetrics, loadFacts } from '#app/models/dashboard.server'
import { openStats } from '#app/models/open-days.server'
import { keptStats } from '#app/models/period-metrics.server'
import { db } from '#app/utils/db.server'
import { computeMetrics } from '#workflows/metrics'
import { otherSchool } from '#tests/helpers/schools'
import { buildOctober, T } from './control-helpers'

let school: { id: string; timeZone: string }
let other: { id: string; timeZone: string }
const counts = () => ({ ...openStats, ...keptStats })

beforeAll(async () => {
  const { schoolId } = await buildOctober()
  school = await db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { id: true, timeZone: true } })
  other = await otherSchool()
}, 60_000)

describe('the control screen counted before it is opened', () => {
  it('is one of the worker’s tasks, run at most every quarter of an hour and after the letters', () => {
    expect(TASKS.at(-1)).toBe(dashboardFiguresTask)
    expect(dashboardFiguresTask.everyMs?.()).toBe(15 * 60_000)
  })

  it('after the task the director’s first view of the default period counts nothing, and its figures are right', async () => {
    const now = T('2026-10-31T12:00')
    expect(await countDashboardFigures(now)).toBe(2)
    const before = counts()
    const period = defaultPeriod(now, school.timeZone)
    expect(period).toEqual({ from: '2026-09-01', to: '2026-10-31' })
    const metrics = await getPeriodMetrics(school.id, period, now, school.timeZone)
    expect(counts()).toEqual(before)
    expect(metrics.applications).toBe(4)
    expect(metrics).toEqual(computeMetrics(await loadFacts(school.id, period, school.timeZone), now))
    // Stored too (ADR 078, 083): a process that starts reads them back rather than counting the period again.
    expect(await db.openDay.count({ where: { schoolId: school.id } })).toBeGreaterThan(0)
    expect(await db.openDay.count({ where: { schoolId: other.id } })).toBeGreaterThan(0)
  })

  it('the next morning the new default period is counted by the task, not by the first view', async () => {
    const morning = T('2026-11-01T07:00')
    await countDashboardFigures(morning)
    const before = counts()
    await getPeriodMetrics(school.id, defaultPeriod(morning, school.timeZone), morning, school.timeZone)
    expect(counts()).toEqual(before)
  })

  it('a clean stop ends it between schools', async () => {
    let asked = 0
    expect(await countDashboardFigures(T('2026-11-02T07:00'), () => asked++ > 0)).toBe(1)
  })
})
