// The director's control screen counted before anyone opens it (issue 14, ADR 092). Its period figures are kept in
// memory and stored by the school's day (ADR 078, 083), but someone has to count them first: the first view after the
// migration counted every application of the period (85 s on a copy grown to 1 M, past the server's time limit), the
// first after a process start read the stored days back (4 s there), and every morning the default period («since 1
// September up to today») is a new one. This task counts each school's default period every quarter of an hour, so the
// director's view finds it counted (a view after a write still counts the days the write named, as before).
import { defaultPeriod, getPeriodMetrics } from '#app/models/dashboard.server'
import { db } from '#app/utils/db.server'
import type { Task } from './worker.server'

export const DASHBOARD_FIGURES_EVERY_MS = 15 * 60_000

/** Each school's default period counted at `now`; how many schools were counted (a clean stop ends it early). */
export async function countDashboardFigures(now: Date, stopped: () => boolean = () => false): Promise<number> {
  const schools = await db.school.findMany({ select: { id: true, timeZone: true }, orderBy: { id: 'asc' } })
  let counted = 0
  for (const school of schools) {
    if (stopped()) break
    await getPeriodMetrics(school.id, defaultPeriod(now, school.timeZone), now, school.timeZone)
    counted++
  }
  return counted
}

export const dashboardFiguresTask: Task = {
  name: 'dashboard-figures',
  everyMs: () => DASHBOARD_FIGURES_EVERY_MS,
  run: (now, stopped) => countDashboardFigures(now, stopped),
}
