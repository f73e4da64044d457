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
import { Prisma } from '#app/generated/prisma/client'
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

/** The journal's rows of each class, counted by the database: one grouped query per table, whatever the classes. */
type Counts = Omit<ClassRow, 'id' | 'name'>
async function countsByClass(classIds: readonly string[]): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>()
  if (classIds.length === 0) return out
  const ids = Prisma.join(classIds)
  type Row = { classId: string; n: number | bigint }
  // Grouped by the class through the group (Lesson → TeachingGroup.classId; marks and attendance through their
  // lesson): the plan is one index walk per table, never a query per class (ADR 120).
  const [lessons, marks, attendance, timetable, planned] = await Promise.all([
    db.$queryRaw<Row[]>`SELECT g."classId" AS "classId", COUNT(*) AS "n" FROM "Lesson" l
      JOIN "TeachingGroup" g ON g."id" = l."groupId" WHERE g."classId" IN (${ids}) GROUP BY g."classId"`,
    db.$queryRaw<Row[]>`SELECT g."classId" AS "classId", COUNT(*) AS "n" FROM "Mark" m JOIN "Lesson" l ON l."id" = m."lessonId"
      JOIN "TeachingGroup" g ON g."id" = l."groupId" WHERE g."classId" IN (${ids}) GROUP BY g."classId"`,
    db.$queryRaw<Row[]>`SELECT g."classId" AS "classId", COUNT(*) AS "n" FROM "Attendance" a JOIN "Lesson" l ON l."id" = a."lessonId"
      JOIN "TeachingGroup" g ON g."id" = l."groupId" WHERE g."classId" IN (${ids}) GROUP BY g."classId"`,
    db.$queryRaw<Row[]>`SELECT g."classId" AS "classId", COUNT(*) AS "n" FROM "TimetableEntry" t
      JOIN "TeachingGroup" g ON g."id" = t."groupId" WHERE g."classId" IN (${ids}) GROUP BY g."classId"`,
    db.$queryRaw<Row[]>`SELECT g."classId" AS "classId", COUNT(*) AS "n" FROM "PlannedHours" p
      JOIN "TeachingGroup" g ON g."id" = p."groupId" WHERE g."classId" IN (${ids}) GROUP BY g."classId"`,
  ])
  const put = (rows: Row[], key: keyof Counts) => {
    for (const r of rows) {
      const c = out.get(r.classId) ?? { lessons: 0, marks: 0, attendance: 0, timetable: 0, plannedHours: 0 }
      c[key] = Number(r.n)
      out.set(r.classId, c)
    }
  }
  put(lessons, 'lessons')
  put(marks, 'marks')
  put(attendance, 'attendance')
  put(timetable, 'timetable')
  put(planned, 'plannedHours')
  return out
}

/** The expired years whose journal the purge has not yet removed whole (journalPurgedAt unset), oldest first. */
const unpurgedYears = (schoolId: string, cutoff: LocalDay) =>
  db.academicYear.findMany({
    where: { schoolId, current: false, endsOn: { lt: cutoff }, journalPurgedAt: null },
    orderBy: { endsOn: 'asc' },
    select: {
      id: true,
      name: true,
      endsOn: true,
      periods: { where: { kind: 'year' }, orderBy: { ordinal: 'asc' }, take: 1, select: { id: true, startsOn: true, endsOn: true } },
      classes: { select: { id: true, name: true }, orderBy: [{ grade: 'asc' }, { letter: 'asc' }] },
    },
  })

/**
 * The years whose journal is past its keeping period and still holds rows, oldest first. `cutoff` is the first
 * year's end still kept (JOURNAL_RETENTION_YEARS back from today, retention.server.ts cutoffDay). A year the purge has
 * removed whole (journalPurgedAt) is not read again: the list's cost does not grow with the years behind it.
 */
export async function listExpiredJournals(schoolId: string, cutoff: LocalDay): Promise<ExpiredJournal[]> {
  const years = await unpurgedYears(schoolId, cutoff)
  const counts = await countsByClass(years.flatMap((y) => y.classes.map((c) => c.id)))
  const archived = await archivedClasses(
    schoolId,
    years.flatMap((y) => y.classes.filter((c) => counts.has(c.id)).map((c) => resultsArchiveKey(schoolId, y.id, c.id))),
  )
  const out: ExpiredJournal[] = []
  for (const year of years) {
    const classes: ClassRow[] = []
    const held: ExpiredJournal['held'] = []
    for (const cls of year.classes) {
      const c = counts.get(cls.id)
      if (!c || c.lessons + c.timetable + c.plannedHours === 0) continue
      const inArchive = archived.has(resultsArchiveKey(schoolId, year.id, cls.id))
      if (!inArchive && (await awaitsArchive(cls.id, year.periods[0]))) held.push({ id: cls.id, name: cls.name })
      else classes.push({ id: cls.id, name: cls.name, ...c })
    }
    if (classes.length + held.length > 0) out.push({ yearId: year.id, year: year.name, endsOn: year.endsOn, classes, held })
  }
  return out
}

/** The classes (their archive keys) whose ведомость is in the archive, of those asked: one query. */
async function archivedClasses(schoolId: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set()
  const rows = await db.storedDocument.findMany({
    where: { schoolId, kind: RESULTS_ARCHIVE_KIND, applicationId: null, sourceKey: { in: keys } },
    select: { sourceKey: true },
    distinct: ['sourceKey'],
  })
  return new Set(rows.map((r) => r.sourceKey ?? ''))
}

/**
 * Marks the expired years with nothing of their journal left (after a purge): the list no longer reads them. A year
 * with a held class or a class cut short keeps rows and stays unmarked; a year that never had a journal is marked too.
 */
export async function markPurgedYears(schoolId: string, cutoff: LocalDay, now: Date): Promise<number> {
  const years = await unpurgedYears(schoolId, cutoff)
  const counts = await countsByClass(years.flatMap((y) => y.classes.map((c) => c.id)))
  const empty = years.filter((y) => y.classes.every((c) => !counts.has(c.id))).map((y) => y.id)
  if (empty.length === 0) return 0
  return (await db.academicYear.updateMany({ where: { id: { in: empty }, journalPurgedAt: null }, data: { journalPurgedAt: now } })).count
}

/** A class with годовые отметки of its pupils (its ведомость not in the archive): its journal still makes its list. */
async function awaitsArchive(classId: string, period?: { id: string; startsOn: string; endsOn: string }) {
  if (!period) return false
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
 * one class after another, each in short transactions of its own — first its audit row with its timetable and planned
 * hours, then its lessons in batches of JOURNAL_BATCH with their comments, attendance and marks deleted explicitly
 * before them. Each transaction adds what it removed to the class's audit row and to the run's journal columns, so both
 * say exactly what went, also of a class cut short. A failure stops the removal and is reported (`unfinished`): what
 * went stays gone, the class is still listed, and the next purge picks up what is left — and resumes the class's audit
 * row (`resumed`: the later runs), not a second row counting the rows again (ADR 120). Nothing of it can roll the
 * applications back.
 */
export async function removeJournals(
  input: { schoolId: string; userId: string; runId: string },
  journals: readonly ExpiredJournal[],
): Promise<JournalCounts & { unfinished: string[]; unfinishedYears: string[] }> {
  const total = none()
  const unfinished: string[] = []
  const unfinishedYears = new Set<string>()
  for (const year of journals) {
    for (const cls of year.classes) {
      if (unfinished.length) {
        unfinished.push(`${cls.name} (${year.year})`)
        unfinishedYears.add(year.year)
        continue
      }
      const counts = none()
      try {
        await removeClassJournal(input, year, cls, counts)
      } catch (error) {
        console.error(
          `Журнал ${cls.name} (${year.year}) удалён не полностью: ${String(error)}. Удаление будет продолжено при следующем запуске.`,
        )
        unfinished.push(`${cls.name} (${year.year})`)
        unfinishedYears.add(year.year)
      }
      for (const k of Object.keys(total) as Array<keyof JournalCounts>) total[k] += counts[k]
    }
  }
  // The years of those classes keep their journal, so their events stay too (eventsOfGoneYears): the preview counted them.
  return { ...total, unfinished, unfinishedYears: [...unfinishedYears] }
}

/** The audit row of a class's journal removal: what has gone so far, and whether all of it has. */
type ClassAudit = JournalCounts & {
  run: string
  years: number
  year: string
  endsOn: string
  class: string
  done: boolean
  resumed?: string[]
  /** The run that found the class with nothing left to remove: the rest went otherwise, not counted here. */
  closed?: string
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0]

/** Adds `removed` to the class's audit row and to the run's columns, in the transaction that removed it. */
async function account(tx: Tx, runId: string, auditId: string, removed: Partial<JournalCounts>, done: boolean) {
  const row = await tx.auditEvent.findUniqueOrThrow({ where: { id: auditId }, select: { data: true } })
  const data = JSON.parse(row.data) as ClassAudit
  for (const [k, n] of Object.entries(removed) as Array<[keyof JournalCounts, number]>) data[k] = (data[k] ?? 0) + n
  data.done = done
  await tx.auditEvent.update({ where: { id: auditId }, data: { data: JSON.stringify(data) } })
  await tx.retentionRun.updateMany({
    where: { id: runId },
    data: {
      journalLessons: { increment: removed.lessons ?? 0 },
      journalMarks: { increment: removed.marks ?? 0 },
      journalAttendance: { increment: removed.attendance ?? 0 },
      journalComments: { increment: removed.comments ?? 0 },
      journalTimetable: { increment: removed.timetable ?? 0 },
      journalPlannedHours: { increment: removed.plannedHours ?? 0 },
      ...(done ? { journalClasses: { increment: 1 } } : {}),
    },
  })
}

async function removeClassJournal(
  input: { schoolId: string; userId: string; runId: string },
  year: ExpiredJournal,
  cls: { id: string; name: string },
  counts: JournalCounts,
) {
  const inClass = { group: { classId: cls.id } }
  const first = await withBusyRetry(() =>
    db.$transaction(async (tx) => {
      // A removal of this class cut short by an earlier run: its row is resumed, not written again.
      const last = await tx.auditEvent.findFirst({
        where: { schoolId: input.schoolId, action: 'retention:journals', entity: 'class', entityId: cls.id },
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        select: { id: true, data: true },
      })
      const earlier = last ? (JSON.parse(last.data) as Partial<ClassAudit>) : null
      let id: string
      if (last && earlier?.done === false) {
        id = last.id
        const resumed = [...(earlier.resumed ?? []), input.runId]
        await tx.auditEvent.update({ where: { id }, data: { data: JSON.stringify({ ...earlier, resumed }) } })
      } else {
        // Before any of the class's rows go: no part of a journal is removed without its audit row.
        const data: ClassAudit = {
          run: input.runId,
          years: JOURNAL_RETENTION_YEARS,
          year: year.year,
          endsOn: year.endsOn,
          class: cls.name,
          ...none(),
          done: false,
        }
        id = (
          await tx.auditEvent.create({
            data: auditRow({
              schoolId: input.schoolId,
              userId: input.userId,
              action: 'retention:journals',
              entity: 'class',
              entityId: cls.id,
              data,
            }),
            select: { id: true },
          })
        ).id
      }
      const timetable = (await tx.timetableEntry.deleteMany({ where: inClass })).count
      const plannedHours = (await tx.plannedHours.deleteMany({ where: inClass })).count
      const more = (await tx.lesson.count({ where: inClass })) > 0
      await account(tx, input.runId, id, { timetable, plannedHours }, !more)
      return { id, timetable, plannedHours }
    }),
  )
  // Added after the commit: a retried transaction (withBusyRetry) must not count its rows twice.
  const auditId = first.id
  counts.timetable += first.timetable
  counts.plannedHours += first.plannedHours
  for (;;) {
    const batch = await db.lesson.findMany({ where: inClass, select: { id: true }, orderBy: { id: 'asc' }, take: JOURNAL_BATCH })
    if (batch.length === 0) return
    const lessonId = { in: batch.map((l) => l.id) }
    const done = await withBusyRetry(() =>
      db.$transaction(async (tx) => {
        const comments = (await tx.journalComment.deleteMany({ where: { lessonId } })).count
        const attendance = (await tx.attendance.deleteMany({ where: { lessonId } })).count
        const marks = (await tx.mark.deleteMany({ where: { lessonId } })).count
        const lessons = (await tx.lesson.deleteMany({ where: { id: lessonId } })).count
        const removed = { lessons, marks, attendance, comments }
        await account(tx, input.runId, auditId, removed, (await tx.lesson.count({ where: inClass })) === 0)
        return removed
      }),
    )
    counts.lessons += done.lessons
    counts.marks += done.marks
    counts.attendance += done.attendance
    counts.comments += done.comments
  }
}

/**
 * Closes the audit row of a class's removal left unfinished (`done: false`) whose rows have gone otherwise since — by a
 * re-import, the class deleted, a removal whose last batch found nothing: the class is no longer listed, no purge
 * resumes it, and the row would claim for ever that its journal is still partly kept. It gets `done: true` and
 * `closed` (this run's id); its counts stay what the purges removed. A class with any row left is not touched: the
 * next purge resumes it. Run by every purge after its journals' removal; returns how many rows it closed.
 */
export async function closeVanishedRemovals(input: { schoolId: string; runId: string }): Promise<number> {
  const open = await db.auditEvent.findMany({
    where: { schoolId: input.schoolId, action: 'retention:journals', entity: 'class', data: { contains: '"done":false' } },
    select: { id: true, entityId: true },
  })
  let closed = 0
  for (const row of open) {
    const inClass = { group: { classId: row.entityId } }
    const done = await withBusyRetry(() =>
      db.$transaction(async (tx) => {
        // Read again in the transaction: a purge finishing the class meanwhile has set `done` itself.
        const now = await tx.auditEvent.findUnique({ where: { id: row.id }, select: { data: true } })
        const data = now ? (JSON.parse(now.data) as ClassAudit) : null
        if (!data || data.done !== false) return false
        if ((await tx.lesson.count({ where: inClass })) > 0) return false
        if ((await tx.timetableEntry.count({ where: inClass })) + (await tx.plannedHours.count({ where: inClass })) > 0) return false
        // Written only over the data read: under PostgreSQL READ COMMITTED a purge finishing the class meanwhile may have
        // committed its last batch's counts and `done: true` since the read above — that row is left as it wrote it.
        const written = await tx.auditEvent.updateMany({
          where: { id: row.id, data: now!.data },
          data: { data: JSON.stringify({ ...data, done: true, closed: input.runId }) },
        })
        return written.count === 1
      }),
    )
    if (done) closed++
  }
  return closed
}

/**
 * The school's events (its calendar shown to parents and pupils, Положение 3.6) are a part of the e-journal: kept as
 * long as the journal of the school year they fall in, and removed with it (ADR 120). An event is chosen by its year,
 * not by one date line: it goes when it falls in a year whose journal has gone (`gone`) — from the year's first day to
 * the next year's first day, the summer after it included — or before the first year known, when that year's journal
 * has gone too. An event of a year still kept (a class held back for its ведомость, cut short, not confirmed) stays,
 * and with no year known nothing is removed. `null`: no event to remove.
 */
async function eventsOfGoneYears(
  schoolId: string,
  gone: (year: { id: string; current: boolean; endsOn: LocalDay; journalPurgedAt: Date | null }) => boolean,
): Promise<Prisma.SchoolEventWhereInput | null> {
  const years = await db.academicYear.findMany({
    where: { schoolId },
    orderBy: { startsOn: 'asc' },
    select: { id: true, current: true, startsOn: true, endsOn: true, journalPurgedAt: true },
  })
  // Date ranges [from, to) of the gone years, adjacent ones merged; `from` undefined: from the beginning, `to`
  // undefined with `last`: to the year's last day (no later year known).
  const ranges: Array<{ from?: LocalDay; to?: LocalDay; last?: LocalDay }> = []
  years.forEach((year, i) => {
    if (!gone(year)) return
    const next = years[i + 1]
    const from = i === 0 ? undefined : year.startsOn
    const prev = ranges.at(-1)
    const range = next ? { to: next.startsOn } : { last: year.endsOn }
    if (prev && prev.to !== undefined && prev.to === from) Object.assign(prev, { to: undefined, last: undefined }, range)
    else ranges.push({ from, ...range })
  })
  if (ranges.length === 0) return null
  return {
    schoolId,
    OR: ranges.map((r) => ({
      date: { ...(r.from ? { gte: r.from } : {}), ...(r.to ? { lt: r.to } : { lte: r.last }) },
    })),
  }
}

/** The events the purge removes: those of the years marked removed whole (journalPurgedAt, after markPurgedYears). */
const purgedEventsWhere = (schoolId: string) => eventsOfGoneYears(schoolId, (y) => y.journalPurgedAt !== null)

/**
 * The events the preview counts: those of the years removed whole and of the expired years the purge will remove whole
 * — every year past the cutoff but those with a class held back (`journals`: listExpiredJournals).
 */
export async function expiredEventCount(schoolId: string, cutoff: LocalDay, journals: readonly ExpiredJournal[]): Promise<number> {
  const held = new Set(journals.filter((j) => j.held.length > 0).map((j) => j.yearId))
  const where = await eventsOfGoneYears(schoolId, (y) => y.journalPurgedAt !== null || (!y.current && y.endsOn < cutoff && !held.has(y.id)))
  return where ? db.schoolEvent.count({ where }) : 0
}

/**
 * Removes the events of the years whose journal has gone (purgedEventsWhere; after markPurgedYears) and adds their number
 * to the run, with an audit row.
 */
export async function removeExpiredEvents(input: { schoolId: string; userId: string; runId: string }): Promise<number> {
  const where = await purgedEventsWhere(input.schoolId)
  if (!where) return 0
  return withBusyRetry(() =>
    db.$transaction(async (tx) => {
      // The classes' links go with their event (onDelete: Cascade).
      const { count } = await tx.schoolEvent.deleteMany({ where })
      if (count === 0) return 0
      await tx.retentionRun.updateMany({ where: { id: input.runId }, data: { schoolEvents: { increment: count } } })
      await tx.auditEvent.create({
        data: auditRow({
          schoolId: input.schoolId,
          userId: input.userId,
          action: 'retention:events',
          entity: 'RetentionRun',
          entityId: input.runId,
          data: { events: count, dates: where.OR, years: JOURNAL_RETENTION_YEARS },
        }),
      })
      return count
    }),
  )
}
