// Keeping periods (Положение 6.5: journals 5 years; 152-ФЗ ст. 5 ч. 7: personal data no longer than needed).
// Applications closed before the cutoff, their documents and uploads, and stray uploads and documents older than
// it are listed for archiving; the purge removes the personal data and keeps an anonymised record of each
// application (dates, channel, status, kinds, grounds) plus a report of what was removed. The registration log
// is not touched: it is a register of its own with its own keeping period (docs/decisions/011), nor is the year-end
// archive of the сводные ведомости, kept 75 years (Положение 6.5; results-archive.server.ts, ADR 099).
import fs from 'node:fs/promises'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { db, withBusyRetry } from '#app/utils/db.server'
import { after, keysetOrder, pageOf } from '#app/utils/keyset.server'
import { LIST_PAGE_SIZE } from '#app/utils/paging'
import { getEnv } from '#app/utils/env.server'
import { auditRow, recordAudit } from '#app/models/audit.server'
import { readSetting, writeSetting } from '#app/models/settings.server'
import type { RunJournalCounts } from '#workflows/retention-words'
import { addDays, localDateOf, startOfLocalDay, type LocalDay } from '#workflows/time'
import { parseRetentionApplications } from './json-columns'
import { ANONYMISED, scrubEventData, scrubSnapshot } from './retention-scrub'
import { RESULTS_ARCHIVE_KIND } from './results-archive.server'
import {
  JOURNAL_RETENTION_YEARS,
  closeVanishedRemovals,
  expiredEventCount,
  journalKey,
  listExpiredJournals,
  markPurgedYears,
  removeExpiredEvents,
  removeJournals,
  type ExpiredJournal,
  type JournalCounts,
} from './journal-retention.server'

export const RETENTION_YEARS_KEY = 'retention.years'
export const DEFAULT_RETENTION_YEARS = 5
export { ANONYMISED }

/** Stray documents are the purge's; the archived сводные ведомости (75 years, Положение 6.5) are not. */
const NOT_ARCHIVED = { NOT: { kind: RESULTS_ARCHIVE_KIND } }

export async function getRetentionYears(schoolId: string): Promise<number> {
  const value = await readSetting(schoolId, RETENTION_YEARS_KEY)
  const n = value === null ? DEFAULT_RETENTION_YEARS : Number(value)
  return Number.isInteger(n) && n >= 1 && n <= 75 ? n : DEFAULT_RETENTION_YEARS
}

export async function setRetentionYears(years: number, user: { id: string; schoolId: string }) {
  await writeSetting(user.schoolId, RETENTION_YEARS_KEY, String(years))
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'retention:years',
    entity: 'Setting',
    entityId: RETENTION_YEARS_KEY,
    data: { years },
  })
}

/** The first school day still kept: the same date `years` ago (29 February falls back to 28). */
export function cutoffDay(now: Date, years: number, timeZone: string): LocalDay {
  const [y, m, d] = localDateOf(now, timeZone).split('-').map(Number)
  const day = new Date(Date.UTC(y - years, m - 1, d))
  return day.getUTCMonth() === m - 1 ? day.toISOString().slice(0, 10) : addDays(`${y - years}-${String(m).padStart(2, '0')}-01`, 27)
}

export async function listExpired(schoolId: string, now: Date, timeZone: string) {
  const years = await getRetentionYears(schoolId)
  const cutoff = cutoffDay(now, years, timeZone)
  const before = startOfLocalDay(cutoff, timeZone)
  const [applications, strayUploads, strayDocuments] = await Promise.all([
    db.application.findMany({
      where: { schoolId, closedAt: { lt: before }, NOT: { applicantLastName: ANONYMISED } },
      orderBy: { closedAt: 'asc' },
      select: {
        id: true,
        registrationNumber: true,
        receiptNumber: true,
        receivedAt: true,
        closedAt: true,
        status: true,
        className: true,
        _count: { select: { documents: true, uploads: true } },
      },
    }),
    db.upload.findMany({
      where: { schoolId, applicationId: null, createdAt: { lt: before } },
      select: { id: true, fileName: true, size: true, createdAt: true },
    }),
    db.storedDocument.findMany({
      where: { schoolId, applicationId: null, createdAt: { lt: before }, ...NOT_ARCHIVED },
      select: { id: true, fileName: true, kind: true, createdAt: true },
    }),
  ])
  const journalCutoff = cutoffDay(now, JOURNAL_RETENTION_YEARS, timeZone)
  const journals = await listExpiredJournals(schoolId, journalCutoff)
  return { years, cutoff, applications, strayUploads, strayDocuments, journalCutoff, journals }
}

/** How many entries a journal list adds to the purge's confirmed count: one per class whose journal goes. */
const journalCount = (journals: readonly ExpiredJournal[]) => journals.reduce((n, j) => n + j.classes.length, 0)

/** The (year, class) keys of the journals a list removes, sorted: what the preview shows and the confirmation passes. */
export const journalKeys = (journals: readonly ExpiredJournal[]) =>
  journals.flatMap((j) => j.classes.map((c) => journalKey(j.yearId, c.id))).sort()

/**
 * The retention screen: how many records the purge would take (counted by the database) and one page of them —
 * expired applications by closing date (keyset on closedAt, id: ADR 048), the first of the files without an
 * application. The purge itself reads the whole list (listExpired).
 */
export async function pageExpired(schoolId: string, now: Date, timeZone: string, cursor: string | null = null) {
  const years = await getRetentionYears(schoolId)
  const cutoff = cutoffDay(now, years, timeZone)
  const before = startOfLocalDay(cutoff, timeZone)
  const expired = { schoolId, closedAt: { lt: before }, NOT: { applicantLastName: ANONYMISED } }
  const strayUpload = { schoolId, applicationId: null, createdAt: { lt: before } }
  const strayDocument = { schoolId, applicationId: null, createdAt: { lt: before }, ...NOT_ARCHIVED }
  const journalCutoff = cutoffDay(now, JOURNAL_RETENTION_YEARS, timeZone)
  const journals = await listExpiredJournals(schoolId, journalCutoff)
  const schoolEvents = await expiredEventCount(schoolId, journalCutoff, journals)
  const [found, applicationCount, strayUploads, strayUploadCount, strayDocuments, strayDocumentCount] = await Promise.all([
    db.application.findMany({
      where: { AND: [expired, after('closedAt', cursor, 'asc')] },
      orderBy: keysetOrder('closedAt', 'asc'),
      take: LIST_PAGE_SIZE + 1,
      select: {
        id: true,
        registrationNumber: true,
        receiptNumber: true,
        receivedAt: true,
        closedAt: true,
        status: true,
        className: true,
      },
    }),
    db.application.count({ where: expired }),
    db.upload.findMany({
      where: strayUpload,
      orderBy: keysetOrder('createdAt', 'asc'),
      take: LIST_PAGE_SIZE,
      select: { id: true, fileName: true, size: true, createdAt: true },
    }),
    db.upload.count({ where: strayUpload }),
    db.storedDocument.findMany({
      where: strayDocument,
      orderBy: keysetOrder('createdAt', 'asc'),
      take: LIST_PAGE_SIZE,
      select: { id: true, fileName: true, kind: true, createdAt: true },
    }),
    db.storedDocument.count({ where: strayDocument }),
  ])
  const { rows, next } = pageOf(found, LIST_PAGE_SIZE, (a) => a.closedAt!)
  // Counted for the page's rows only (a relation _count would group the whole table).
  const ids = rows.map((a) => a.id)
  const [documents, uploads] = await Promise.all([
    db.storedDocument.groupBy({ by: ['applicationId'], where: { applicationId: { in: ids } }, _count: { _all: true } }),
    db.upload.groupBy({ by: ['applicationId'], where: { applicationId: { in: ids } }, _count: { _all: true } }),
  ])
  const countOf = (list: Array<{ applicationId: string | null; _count: { _all: number } }>, id: string) =>
    list.find((x) => x.applicationId === id)?._count._all ?? 0
  const applications = rows.map((a) => ({ ...a, _count: { documents: countOf(documents, a.id), uploads: countOf(uploads, a.id) } }))
  return {
    years,
    cutoff,
    applications,
    next,
    applicationCount,
    strayUploads,
    strayUploadCount,
    strayDocuments,
    strayDocumentCount,
    journalCutoff,
    journals,
    journalCount: journalCount(journals),
    schoolEvents,
  }
}

/** The run's report; what it removed of the journals are its row's columns (`RunJournalCounts`, ADR 120). */
export type RetentionReport = RunJournalCounts & {
  at: string
  by: string
  years: number
  cutoff: LocalDay
  applications: Array<{
    id: string
    registrationNumber: number | null
    receiptNumber: string
    receivedAt: string
    closedAt: string
    status: string
  }>
  documents: number
  uploads: number
  files: number
  bytes: number
  missingFiles: number
  inboundMessages: number
  outboxJobs: number
  /** School events of the expired years removed with their journal (ADR 120). */
  schoolEvents: number
  /** The journals removed by this purge (ADR 115), as the purge answers it: by year, with the classes cut short. */
  /**
   * `unfinished`: the classes (with their year) whose removal failed or did not start; the next purge lists them.
   * `unfinishedYears`: their school years, whose events stay with the journal (the preview counted them as going).
   */
  journals?: JournalCounts & { years: string[]; unfinished: string[]; unfinishedYears: string[] }
}

/** A stored path (relative to DATA_DIR, or absolute) if it lies inside DATA_DIR; nothing outside is deleted. */
function dataFile(stored: string): string | null {
  if (!stored) return null
  const root = path.resolve(getEnv().DATA_DIR)
  const full = path.resolve(root, stored)
  return full.startsWith(root + path.sep) ? full : null
}

/** A purge's files still to remove (Setting `retention.files.<run id>`, JSON list), until they are gone. */
const PURGE_FILES_KEY = 'retention.files.'

/** Purges of this process whose request is removing the files: its leftovers sweep leaves those lists alone, so the
 * request's report counts them all (a sweep of another instance may still share them: the counts stay exact). */
const finishing = new Set<string>()

/**
 * Removes a purge's files, adds them to its run's counts, and then forgets the list. Two may finish the same list at
 * once — the purge's own request and the leftovers sweep (of this process or another instance) that found the list
 * before the request dropped it — and both used to count every file: the one removed by the other as missing too, its
 * bytes twice when both read its size (ADR 096). The counts are exact whoever finishes: a file is counted (with its
 * bytes) by the finisher whose removal of it succeeded, which is one of them; `missingFiles` is then the list's
 * files that none removed, set again by each finisher in the same transaction as its own additions (the run's row
 * locked by the first write), so the last one leaves it right. Returns the run's counts as they stand then.
 */
async function removePurgedFiles(
  schoolId: string,
  runId: string,
  files: string[],
): Promise<{ removed: number; bytes: number; missing: number; ended: boolean }> {
  let removed = 0
  let bytes = 0
  let listed = 0
  let failed = 0
  for (const stored of files) {
    const full = dataFile(stored)
    if (!full) continue
    listed++
    try {
      const size = (await fs.stat(full)).size
      // unlink, not rm: fs.rm ignores a file gone between its own look and its removal, and then both finishers
      // counted it; unlink fails for all but one of them.
      await fs.unlink(full)
      removed++
      bytes += size
    } catch (error) {
      // Gone already (ENOENT): removed by the other finisher, or before a crash — the counts below say which. Any other
      // failure (no permission, a busy or failing disk) leaves personal data on the disk: the list is kept for the
      // leftovers sweep to try again, and the file is named in the log (review of ADR 096).
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        failed++
        console.error(
          `Срок хранения истёк, но файл не удалён (${(error as NodeJS.ErrnoException).code ?? error}): ${full}. Удаление будет повторено.`,
        )
      }
    }
  }
  return withBusyRetry(() =>
    db.$transaction(async (tx) => {
      await tx.retentionRun.updateMany({ where: { id: runId }, data: { files: { increment: removed }, bytes: { increment: bytes } } })
      const run = await tx.retentionRun.findUnique({ where: { id: runId }, select: { files: true, bytes: true } })
      const missing = Math.max(0, listed - failed - (run?.files ?? removed))
      if (run) await tx.retentionRun.update({ where: { id: runId }, data: { missingFiles: missing } })
      if (failed > 0) return { removed: run?.files ?? removed, bytes: run?.bytes ?? bytes, missing, ended: false }
      // Whether this finisher dropped the list (another that read it too may have dropped it first).
      const dropped = await tx.setting.deleteMany({ where: { schoolId, key: `${PURGE_FILES_KEY}${runId}` } })
      return { removed: run?.files ?? removed, bytes: run?.bytes ?? bytes, missing, ended: dropped.count === 1 }
    }),
  )
}

/**
 * Ends the purges a crash cut short between their commit and their last file (the leftovers sweep, ADR 024): their
 * files are removed now. A file removed before the crash is counted as missing. Returns how many purges it ended.
 */
export async function finishCutPurges(): Promise<number> {
  const pending = (await db.setting.findMany({ where: { key: { startsWith: PURGE_FILES_KEY } } })).filter(
    (row) => !finishing.has(row.key.slice(PURGE_FILES_KEY.length)),
  )
  let ended = 0
  for (const row of pending) {
    let files: string[] = []
    try {
      files = (JSON.parse(row.value) as unknown[]).filter((f): f is string => typeof f === 'string')
    } catch {
      // Unreadable: nothing can be removed by it; the row goes.
    }
    if ((await removePurgedFiles(row.schoolId, row.key.slice(PURGE_FILES_KEY.length), files)).ended) ended++
  }
  return ended
}

/**
 * Removes the personal data of everything listed now. `expectedCount` is what the administrator confirmed, and
 * `journals` the (year, class) keys of the journals the preview showed (journalKeys): when the list has changed since
 * — another count, or another set of journals even of the same size — nothing is removed. No keys passed: no journal
 * was seen, and a list with expired journals is «changed» (a journal the administrator never saw is never deleted).
 */
export async function purgeExpired(input: {
  schoolId: string
  user: { id: string; displayName: string }
  now: Date
  timeZone: string
  expectedCount: number
  journals?: readonly string[]
}): Promise<RetentionReport | { changed: true }> {
  const list = await listExpired(input.schoolId, input.now, input.timeZone)
  const total = list.applications.length + list.strayUploads.length + list.strayDocuments.length + journalCount(list.journals)
  if (total !== input.expectedCount) return { changed: true }
  const seen = [...new Set(input.journals ?? [])].sort()
  const listed = journalKeys(list.journals)
  if (seen.length !== listed.length || seen.some((k, i) => k !== listed[i])) return { changed: true }
  const appIds = list.applications.map((a) => a.id)
  const files: string[] = []
  // Snapshots holding something of a shape the purge does not expect: dropped, not kept, and named in the audit record.
  const unexpectedSnapshots: Array<{ id: string; dropped: string[] }> = []
  const runApplications = list.applications.map((a) => ({
    id: a.id,
    registrationNumber: a.registrationNumber,
    receiptNumber: a.receiptNumber,
    receivedAt: a.receivedAt.toISOString(),
    closedAt: a.closedAt!.toISOString(),
    status: a.status,
  }))
  // The run's record is written with the purge; the file counts are added once the files are gone.
  let runId = ''
  const { run, ...counts } = await db
    .$transaction(async (tx) => {
      const uploads = await tx.upload.findMany({
        where: { OR: [{ applicationId: { in: appIds } }, { id: { in: list.strayUploads.map((u) => u.id) } }] },
      })
      const inbound = await tx.inboundMessage.findMany({ where: { applicationId: { in: appIds } } })
      files.push(...uploads.map((u) => u.storagePath), ...inbound.map((m) => m.rawPath))
      for (const app of await tx.application.findMany({ where: { id: { in: appIds } }, select: { id: true, snapshot: true } })) {
        const snapshot = scrubSnapshot(app.snapshot)
        if (snapshot.unexpected.length) unexpectedSnapshots.push({ id: app.id, dropped: snapshot.unexpected })
        await tx.application.update({
          where: { id: app.id },
          data: {
            applicantLastName: ANONYMISED,
            applicantFirstName: '',
            applicantMiddleName: '',
            applicantIdentityDocument: '',
            applicantPostalAddress: '',
            applicantPostcode: '',
            applicantEmail: '',
            applicantPhone: '',
            pupilName: ANONYMISED,
            pupilId: null,
            guardianId: null,
            statusToken: `purged_${randomBytes(18).toString('base64url')}`,
            snapshot: snapshot.json,
          },
        })
      }
      for (const e of await tx.applicationEvent.findMany({ where: { applicationId: { in: appIds } }, select: { id: true, data: true } })) {
        await tx.applicationEvent.update({ where: { id: e.id }, data: { data: scrubEventData(e.data) } })
      }
      await tx.delivery.updateMany({ where: { applicationId: { in: appIds } }, data: { recipient: '', trackingNumber: '', lastError: '' } })
      await tx.inboundMessage.updateMany({
        where: { id: { in: inbound.map((m) => m.id) } },
        data: { fromAddress: ANONYMISED, fromName: '', subject: '', text: '', rawPath: '' },
      })
      const outbox = appIds.length ? await tx.outboxJob.deleteMany({ where: { applicationId: { in: appIds } } }) : { count: 0 }
      const documents = await tx.storedDocument.deleteMany({
        where: { OR: [{ applicationId: { in: appIds } }, { id: { in: list.strayDocuments.map((d) => d.id) } }] },
      })
      await tx.upload.deleteMany({ where: { id: { in: uploads.map((u) => u.id) } } })
      const counts = { documents: documents.count, uploads: uploads.length, inboundMessages: inbound.length, outboxJobs: outbox.count }
      const run = await tx.retentionRun.create({
        data: {
          schoolId: input.schoolId,
          at: input.now,
          by: input.user.displayName,
          years: list.years,
          cutoff: list.cutoff,
          applications: JSON.stringify(runApplications),
          ...counts,
          files: 0,
          bytes: 0,
          missingFiles: 0,
        },
      })
      // The files to remove are written with the purge: a crash (kill -9, a power cut) after the commit and before the
      // last file is gone left scans and letters on the disk for good — no row named them any more (152-ФЗ ст. 5 ч. 7).
      await tx.setting.create({ data: { schoolId: input.schoolId, key: `${PURGE_FILES_KEY}${run.id}`, value: JSON.stringify(files) } })
      // Before the commit: this process's sweep must not find the list unmarked.
      runId = run.id
      finishing.add(run.id)
      // With the purge, not after it: a crash must not leave a purge that the audit trail does not show.
      await tx.auditEvent.create({
        data: auditRow({
          schoolId: input.schoolId,
          userId: input.user.id,
          action: 'retention:purge',
          entity: 'RetentionRun',
          entityId: run.id,
          data: {
            applications: appIds.length,
            documents: counts.documents,
            uploads: counts.uploads,
            ...(unexpectedSnapshots.length ? { unexpectedSnapshots } : {}),
            ...(journalCount(list.journals) > 0 || list.journals.some((j) => j.held.length)
              ? {
                  journals: list.journals.map((j) => ({ year: j.year, endsOn: j.endsOn, classes: j.classes.map((c) => c.name) })),
                  held: list.journals.flatMap((j) => j.held.map((c) => `${c.name} (${j.year})`)),
                }
              : {}),
          },
        }),
      })
      return { run, ...counts }
    })
    .catch((error: unknown) => {
      finishing.delete(runId) // rolled back: no list
      throw error
    })
  // Files go after the commit: a failed transaction must not leave rows pointing at deleted files.
  const { removed, bytes, missing } = await removePurgedFiles(input.schoolId, run.id, files).finally(() => finishing.delete(run.id))
  // The journals past their 5 years (Положение 6.5; journal-retention.server.ts) go after the applications' purge has
  // committed, class by class in short transactions: one long transaction over a year's tens of thousands of lessons
  // ran out of its time and rolled the applications' anonymisation back with it, at every run (ADR 115).
  const by = { schoolId: input.schoolId, userId: input.user.id, runId: run.id }
  const journals = await removeJournals(by, list.journals)
  // A class's removal left unfinished whose rows went otherwise since is closed, not left «unfinished» for ever.
  await closeVanishedRemovals(by).catch((error: unknown) => console.error(`Записи аудита удаления журналов не закрыты: ${String(error)}`))
  // The years left with nothing of their journal are not read again by the list (ADR 120); their events go with them.
  // Neither can undo what went before: a failure is logged, and the next purge does it.
  await markPurgedYears(input.schoolId, list.journalCutoff, input.now).catch((error: unknown) =>
    console.error(`Годы с удалённым журналом не отмечены: ${String(error)}`),
  )
  const schoolEvents = await removeExpiredEvents(by).catch((error: unknown) => {
    console.error(`События школы с истёкшим сроком хранения не удалены: ${String(error)}. Удаление будет повторено.`)
    return 0
  })
  return {
    at: input.now.toISOString(),
    by: input.user.displayName,
    years: list.years,
    cutoff: list.cutoff,
    applications: runApplications,
    ...counts,
    files: removed,
    bytes,
    missingFiles: missing,
    journalClasses: journalCount(list.journals) - journals.unfinished.length,
    journalLessons: journals.lessons,
    journalMarks: journals.marks,
    journalAttendance: journals.attendance,
    journalComments: journals.comments,
    journalTimetable: journals.timetable,
    journalPlannedHours: journals.plannedHours,
    schoolEvents,
    ...(journalCount(list.journals) > 0
      ? { journals: { ...journals, years: list.journals.filter((j) => j.classes.length > 0).map((j) => j.year) } }
      : {}),
  }
}

/** The school's purges, newest first. */
/** The purge reports, newest first (the screen shows the newest LIST_PAGE_SIZE). */
export async function listRetentionRuns(schoolId: string, take?: number): Promise<RetentionReport[]> {
  const rows = await db.retentionRun.findMany({ where: { schoolId }, orderBy: { at: 'desc' }, take })
  return rows.map(({ id: _id, schoolId: _school, at, cutoff, applications, ...rest }) => ({
    ...rest,
    at: at.toISOString(),
    cutoff: cutoff as LocalDay,
    applications: parseRetentionApplications(applications),
  }))
}
