// The year-end archive of the сводная ведомость (Регламент: «передана в архив сразу по завершении ведения учета»;
// Положение 6.5: 75 лет): RESULTS_ARCHIVE_AFTER_DAYS after a school year's «Год» period has ended in a school's time
// zone, the worker keeps each class's ведомость of the year, and a new version when a final mark is set later
// (app/models/results-archive.server.ts); the unique sourceKey makes a second pass, a restart or a second worker add
// nothing. At most RESULTS_ARCHIVE_RENDERS_PER_PASS files a pass; a clean stop is heeded between classes.
import { db } from '#app/utils/db.server'
import { archiveEndedYears, RESULTS_ARCHIVE_RENDERS_PER_PASS, type ArchivePass } from '#app/models/results-archive.server'
import type { Task } from './worker.server'

/** Archives every ended year's ведомости not archived yet, school by school; returns how many files this pass kept. */
export async function archiveYearEndResults(now: Date = new Date(), stopped: () => boolean = () => false): Promise<number> {
  const schools = await db.school.findMany({ select: { id: true, timeZone: true } })
  const pass: ArchivePass = { rendersLeft: RESULTS_ARCHIVE_RENDERS_PER_PASS, stopped }
  let stored = 0
  const failed: unknown[] = []
  for (const school of schools) {
    if (stopped() || pass.rendersLeft <= 0) break
    try {
      stored += (await archiveEndedYears(school.id, now, school.timeZone, pass)).length
    } catch (error) {
      // One school's failure (a broken template) must not keep the others' archives from being made.
      failed.push(error)
    }
  }
  if (failed.length) throw new AggregateError(failed, `Сводные ведомости за учебный год не сохранены в архив (школ: ${failed.length})`)
  return stored
}

/** Hourly across the instances: the archive is made within the hour after its day has come, a new version likewise. */
export const yearEndResultsArchiveTask: Task = {
  name: 'year-end-results-archive',
  run: (now, stopped) => archiveYearEndResults(now, stopped),
  everyMs: () => 3_600_000,
}
