// The SQLite query planner's statistics brought up to date once a day (ADR 079): a school's tables grow from hundreds
// of rows to hundreds of thousands over the years a server runs without a restart.
import { refreshPlannerStats } from '#app/utils/db.server'
import type { Task } from './worker.server'

export const plannerStatsTask: Task = {
  name: 'planner-stats',
  everyMs: () => 24 * 60 * 60_000,
  run: () => refreshPlannerStats(),
}
