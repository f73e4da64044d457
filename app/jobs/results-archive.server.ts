// The year-end archive of the сводная ведомость (Регламент: «передана в архив сразу по завершении ведения учета»;
// Положение 6.5: 75 лет): on the first pass after a school year's «Год» period has ended in a school's time zone, the
// worker keeps each class's ведомость of the year (app/models/results-archive.server.ts); the unique sourceKey makes
// a second pass, a restart or a second worker add nothing.
import { db } from '#app/utils/db.server'
import { archiveEndedYears } from '#app/models/results-archive.server'
import type { Task } from './worker.server'

/** Archives every ended year's ведомости not archived yet, school by school; returns how many files this pass kept. */
export async function archiveYearEndResults(now: Date = new Date()): Promise<number> {
  const schools = await db.school.findMany({ select: { id: true, timeZone: true } })
  let stored = 0
  const failed: unknown[] = []
  for (const school of schools) {
    try {
      stored += (await archiveEndedYears(school.id, now, school.timeZone)).length
    } catch (error) {
      // One school's failure (a broken template) must not keep the others' archives from being made.
      failed.push(error)
    }
  }
  if (failed.length) throw new AggregateError(failed, `Сводные ведомости за учебный год не сохранены в архив (школ: ${failed.length})`)
  return stored
}

/** Hourly across the instances: the archive is made within the hour after the year's last day has passed. */
export const yearEndResultsArchiveTask: Task = { name: 'year-end-results-archive', run: archiveYearEndResults, everyMs: () => 3_600_000 }
