// The journal's keeping period (Положение 6.5: «журналов успеваемости … 5 лет»; ADR 115). A school year's journal —
// its lessons with their topics and homework, marks, attendance and comments, its timetable and planned hours — is kept
// 5 years from the year's last day (AcademicYear.endsOn: a year ended on 26.05.2021 is kept to 26.05.2026 inclusive)
// and then removed by the retention purge (retention.server.ts), with its audit row, on the administrator's
// confirmation. Kept longer by other rules, and not touched: the archive of the сводные ведомости (75 years) and the
// final marks they are made from (a later version of a ведомость reads them), the classes, groups, memberships and
// pupils (the class lists of the archive, applications and the registration log point at them). A class of an expired
// year that has годовые отметки and no ведомость in the archive is held back and named: its journal is the only
// source of its list until the ведомость is passed to the archive (/staff/reports/results).
import { db } from '#app/utils/db.server'
import type { Prisma } from '#app/generated/prisma/client'
import type { LocalDay } from '#workflows/time'
import { classListOfPeriod } from './results-report.server'
import { RESULTS_ARCHIVE_KIND, resultsArchiveKey } from './results-archive.server'

/** Положение 6.5: the journals are kept 5 years (the applications' period is a setting of its own). */
export const JOURNAL_RETENTION_YEARS = 5

type ClassRow = { id: string; name: string; lessons: number; marks: number; attendance: number; timetable: number }
export type ExpiredJournal = {
  yearId: string
  year: string
  endsOn: LocalDay
  /** Classes whose journal the purge removes. */
  classes: ClassRow[]
  /** Classes held back: годовые отметки and no ведомость in the archive. */
  held: Array<{ id: string; name: string }>
}

/**
 * The years whose journal is past its keeping period and still holds rows, oldest first. `cutoff` is the first
 * year's end still kept (JOURNAL_RETENTION_YEARS back from today, retention.server.ts cutoffDay).
 */
export async function listExpiredJournals(schoolId: string, cutoff: LocalDay): Promise<ExpiredJournal[]> {
  const years = await db.academicYear.findMany({
    where: { schoolId, current: false, endsOn: { lt: cutoff } },
    orderBy: { endsOn: 'asc' },
    select: {
      id: true,
      name: true,
      endsOn: true,
      periods: { where: { kind: 'year' }, orderBy: { ordinal: 'asc' }, take: 1, select: { id: true, startsOn: true, endsOn: true } },
      classes: { select: { id: true, name: true }, orderBy: [{ grade: 'asc' }, { letter: 'asc' }] },
    },
  })
  const out: ExpiredJournal[] = []
  for (const year of years) {
    const classes: ClassRow[] = []
    const held: ExpiredJournal['held'] = []
    for (const cls of year.classes) {
      const inClass = { group: { classId: cls.id } }
      const [lessons, marks, attendance, timetable, planned] = await Promise.all([
        db.lesson.count({ where: inClass }),
        db.mark.count({ where: { lesson: inClass } }),
        db.attendance.count({ where: { lesson: inClass } }),
        db.timetableEntry.count({ where: inClass }),
        db.plannedHours.count({ where: inClass }),
      ])
      if (lessons + timetable + planned === 0) continue
      if (await awaitsArchive(schoolId, year.id, cls.id, year.periods[0])) held.push({ id: cls.id, name: cls.name })
      else classes.push({ id: cls.id, name: cls.name, lessons, marks, attendance, timetable })
    }
    if (classes.length + held.length > 0) out.push({ yearId: year.id, year: year.name, endsOn: year.endsOn, classes, held })
  }
  return out
}

/** A class with годовые отметки of its pupils and no ведомость in the archive: its journal still makes its list. */
async function awaitsArchive(schoolId: string, yearId: string, classId: string, period?: { id: string; startsOn: string; endsOn: string }) {
  if (!period) return false
  const archived = await db.storedDocument.count({
    where: { schoolId, kind: RESULTS_ARCHIVE_KIND, applicationId: null, sourceKey: resultsArchiveKey(schoolId, yearId, classId) },
  })
  if (archived > 0) return false
  const list = await classListOfPeriod(classId, period)
  return (await db.finalMark.count({ where: { periodId: period.id, pupilId: { in: list.map((p) => p.id) } } })) > 0
}

/** Removes the journal of the listed classes inside the purge's transaction; the counts of what went. */
export async function removeJournals(tx: Prisma.TransactionClient, journals: readonly ExpiredJournal[]) {
  const classIds = journals.flatMap((j) => j.classes.map((c) => c.id))
  const inClasses = { group: { classId: { in: classIds } } }
  if (classIds.length === 0) return { lessons: 0, marks: 0, attendance: 0, timetable: 0, plannedHours: 0 }
  // Counted before: marks, attendance and comments go with their lessons (onDelete: Cascade).
  const [marks, attendance] = await Promise.all([
    tx.mark.count({ where: { lesson: inClasses } }),
    tx.attendance.count({ where: { lesson: inClasses } }),
  ])
  const lessons = await tx.lesson.deleteMany({ where: inClasses })
  const timetable = await tx.timetableEntry.deleteMany({ where: inClasses })
  const plannedHours = await tx.plannedHours.deleteMany({ where: inClasses })
  return { lessons: lessons.count, marks, attendance, timetable: timetable.count, plannedHours: plannedHours.count }
}
