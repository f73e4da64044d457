// The journal's keeping period (Положение 6.5: «журналов успеваемости … 5 лет»; ADR 115). A school year's journal —
// its lessons with their topics and homework, marks, attendance and comments, its timetable and planned hours — is kept
// 5 years from the year's last day (AcademicYear.endsOn: a year ended on 26.05.2021 is kept to 26.05.2026 inclusive)
// and then removed by the retention purge (retention.server.ts) on the administrator's confirmation, with an audit row
// per class — after the applications' purge and in short transactions of its own (removeJournals). Kept longer by
// other rules, and not touched: the archive of the сводные ведомости (75 years) and the final marks they are made from
// (a later version of a ведомость reads them), the classes, groups, memberships and pupils (the class lists of the
// archive, applications and the registration log point at them). A class of an expired year that has годовые отметки
// and no ведомость in the archive is held back and named: its journal is the only source of its list until the
// ведомость is passed to the archive (/staff/reports/results).
import { db, withBusyRetry } from '#app/utils/db.server'
import { auditRow } from './audit.server'
import type { LocalDay } from '#workflows/time'
import { classListOfPeriod } from './results-report.server'
import { RESULTS_ARCHIVE_KIND, resultsArchiveKey } from './results-archive.server'

/** Положение 6.5: the journals are kept 5 years (the applications' period is a setting of its own). */
export const JOURNAL_RETENTION_YEARS = 5

type ClassRow = { id: string; name: string; lessons: number; marks: number; attendance: number; timetable: number; plannedHours: number }
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
      else classes.push({ id: cls.id, name: cls.name, lessons, marks, attendance, timetable, plannedHours: planned })
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

/** A class's journal as the administrator confirms it: its year and class ids (the preview's form passes them). */
export const journalKey = (yearId: string, classId: string) => `${yearId}:${classId}`

/** Lessons removed per transaction: each is short (a school's year is tens of thousands of lessons, ADR 115). */
export const JOURNAL_BATCH = 500

export type JournalCounts = {
  lessons: number
  marks: number
  attendance: number
  comments: number
  timetable: number
  plannedHours: number
}
const none = (): JournalCounts => ({ lessons: 0, marks: 0, attendance: 0, comments: 0, timetable: 0, plannedHours: 0 })

/**
 * Removes the journals of the listed classes, after the applications' purge has committed and outside its transaction:
 * one class after another, each in short transactions of its own — first its audit row (what it holds now) with its
 * timetable and planned hours, then its lessons in batches of JOURNAL_BATCH with their comments, attendance and marks
 * deleted explicitly before them. A failure stops the removal and is reported (`unfinished`): what went stays gone,
 * and the class is still listed, so the next purge picks up what is left. Nothing of it can roll the applications back.
 */
export async function removeJournals(
  input: { schoolId: string; userId: string; runId: string },
  journals: readonly ExpiredJournal[],
): Promise<JournalCounts & { unfinished: string[] }> {
  const total = none()
  const unfinished: string[] = []
  for (const year of journals) {
    for (const cls of year.classes) {
      if (unfinished.length) {
        unfinished.push(`${cls.name} (${year.year})`)
        continue
      }
      try {
        const counts = await removeClassJournal(input, year, cls)
        for (const k of Object.keys(total) as Array<keyof JournalCounts>) total[k] += counts[k]
      } catch (error) {
        console.error(
          `Журнал ${cls.name} (${year.year}) удалён не полностью: ${String(error)}. Удаление будет продолжено при следующем запуске.`,
        )
        unfinished.push(`${cls.name} (${year.year})`)
      }
    }
  }
  return { ...total, unfinished }
}

async function removeClassJournal(
  input: { schoolId: string; userId: string; runId: string },
  year: ExpiredJournal,
  cls: { id: string; name: string },
) {
  const inClass = { group: { classId: cls.id } }
  const removed = await withBusyRetry(() =>
    db.$transaction(async (tx) => {
      const [lessons, marks, attendance, comments] = await Promise.all([
        tx.lesson.count({ where: inClass }),
        tx.mark.count({ where: { lesson: inClass } }),
        tx.attendance.count({ where: { lesson: inClass } }),
        tx.journalComment.count({ where: { lesson: inClass } }),
      ])
      const timetable = await tx.timetableEntry.deleteMany({ where: inClass })
      const plannedHours = await tx.plannedHours.deleteMany({ where: inClass })
      // Before any of the class's rows go: no part of a journal is removed without its audit row.
      await tx.auditEvent.create({
        data: auditRow({
          schoolId: input.schoolId,
          userId: input.userId,
          action: 'retention:journals',
          entity: 'class',
          entityId: cls.id,
          data: {
            run: input.runId,
            years: JOURNAL_RETENTION_YEARS,
            year: year.year,
            endsOn: year.endsOn,
            class: cls.name,
            lessons,
            marks,
            attendance,
            comments,
            timetable: timetable.count,
            plannedHours: plannedHours.count,
          },
        }),
      })
      return { timetable: timetable.count, plannedHours: plannedHours.count }
    }),
  )
  const counts = { ...none(), ...removed }
  for (;;) {
    const batch = await db.lesson.findMany({ where: inClass, select: { id: true }, orderBy: { id: 'asc' }, take: JOURNAL_BATCH })
    if (batch.length === 0) return counts
    const lessonId = { in: batch.map((l) => l.id) }
    const done = await withBusyRetry(() =>
      db.$transaction(async (tx) => {
        const comments = await tx.journalComment.deleteMany({ where: { lessonId } })
        const attendance = await tx.attendance.deleteMany({ where: { lessonId } })
        const marks = await tx.mark.deleteMany({ where: { lessonId } })
        const lessons = await tx.lesson.deleteMany({ where: { id: lessonId } })
        return { lessons: lessons.count, marks: marks.count, attendance: attendance.count, comments: comments.count }
      }),
    )
    counts.lessons += done.lessons
    counts.marks += done.marks
    counts.attendance += done.attendance
    counts.comments += done.comments
  }
}
