// The year-end archive of the сводная ведомость (Регламент, «Общие правила ведения учета»: «если данные по учебному
// году хранятся в электронном виде, сводная ведомость должна быть передана в архив сразу по завершении ведения учета»;
// Положение 6.5: сводные ведомости хранятся 75 лет). When a school year has ended in the school's time zone, the
// worker renders each class's ведомость of the year (the «Год» period's final marks, Положение 4.4.6) with the Word
// template and keeps it as a StoredDocument with no application and the sourceKey
// `results-archive:<schoolId>:<yearId>:<classId>` — unique, so one file per class and year however many workers race,
// and never rewritten: a later correction of a mark or the pupils' move to the next year's classes leaves the
// archived file as it was made. The retention purge of applications leaves these rows alone (retention.server.ts).
import { db } from '#app/utils/db.server'
import { Prisma } from '#app/generated/prisma/client'
import { sha256 } from '#app/documents/render.server'
import { DOCX_MIME as DOCX } from '#app/utils/uploads.server'
import { localDateOf } from '#workflows/time'
import { auditRow } from './audit.server'
import { resultsOfPeriod, resultsReportDocx } from './results-report.server'

export const RESULTS_ARCHIVE_KIND = 'results-archive'
/** Положение 6.5: «сводных ведомостей успеваемости … 75 лет». */
export const RESULTS_ARCHIVE_YEARS = 75

const keyPrefix = (schoolId: string) => `${RESULTS_ARCHIVE_KIND}:${schoolId}:`
export const resultsArchiveKey = (schoolId: string, yearId: string, classId: string) => `${keyPrefix(schoolId)}${yearId}:${classId}`

/** The year and class of a key of this school, or null (another school's key or another shape). */
function partsOfKey(schoolId: string, sourceKey: string | null): { yearId: string; classId: string } | null {
  const prefix = keyPrefix(schoolId)
  // Prisma's startsWith is SQLite's LIKE, which ignores ASCII letter case: the exact check is made here.
  if (!sourceKey?.startsWith(prefix)) return null
  const [yearId, classId, ...rest] = sourceKey.slice(prefix.length).split(':')
  return yearId && classId && rest.length === 0 ? { yearId, classId } : null
}

/** The file's name: «Сводная ведомость 5А 2025-2026 учебный год.docx» (no slash in a file name). */
const resultsArchiveFileName = (className: string, yearName: string) =>
  `Сводная ведомость ${className} ${yearName.replace('/', '-')} учебный год.docx`

/** The one door to the archive: this school's rows of this kind, no application (never the bytes). */
async function archivedRows(schoolId: string, where: Prisma.StoredDocumentWhereInput = {}) {
  const rows = await db.storedDocument.findMany({
    where: { AND: [where, { schoolId, kind: RESULTS_ARCHIVE_KIND, applicationId: null, sourceKey: { startsWith: keyPrefix(schoolId) } }] },
    select: { id: true, sourceKey: true, fileName: true, mime: true, sha256: true, createdAt: true },
  })
  return rows.flatMap((row) => {
    const parts = partsOfKey(schoolId, row.sourceKey)
    return parts ? [{ ...row, ...parts }] : []
  })
}

/**
 * The archived ведомости a reader may see, the newest year first and the classes in order: every class for the
 * administration (`classTeacherId` null), else the classes that staff member led in that year (ADR 068).
 */
export async function listResultsArchive(schoolId: string, classTeacherId: string | null) {
  const rows = await archivedRows(schoolId)
  if (rows.length === 0) return []
  const classes = await db.schoolClass.findMany({
    where: { schoolId, id: { in: rows.map((r) => r.classId) } },
    select: { id: true, name: true, grade: true, letter: true, classTeacherId: true, academicYear: { select: { name: true } } },
  })
  const byId = new Map(classes.map((c) => [c.id, c]))
  return rows
    .flatMap((r) => {
      const cls = byId.get(r.classId)
      if (!cls || (classTeacherId !== null && cls.classTeacherId !== classTeacherId)) return []
      return [{ id: r.id, year: cls.academicYear.name, className: cls.name, grade: cls.grade, letter: cls.letter, createdAt: r.createdAt }]
    })
    .sort((a, b) => b.year.localeCompare(a.year) || a.grade - b.grade || a.letter.localeCompare(b.letter, 'ru'))
    .map(({ grade: _g, letter: _l, ...r }) => r)
}

/** One archived ведомость with its bytes, or null: another document, another school's, or a class not the reader's. */
export async function getArchivedResults(schoolId: string, documentId: string, classTeacherId: string | null) {
  const [row] = await archivedRows(schoolId, { id: documentId })
  if (!row) return null
  if (classTeacherId !== null) {
    const cls = await db.schoolClass.findFirst({ where: { id: row.classId, schoolId, classTeacherId }, select: { id: true } })
    if (!cls) return null
  }
  const { content } = await db.storedDocument.findUniqueOrThrow({ where: { id: row.id }, select: { content: true } })
  return { ...row, content }
}

const isUniqueViolation = (error: unknown) =>
  Boolean(error && typeof error === 'object' && 'code' in error && (error as { code: string }).code === 'P2002')

type Archived = { schoolId: string; yearId: string; classId: string; id: string }

/**
 * Archives the year's ведомость of every class of every year of the school whose «Год» period (the one that holds
 * the годовые отметки) has ended — its last day is before today in the school's zone — and is not archived yet;
 * returns what this pass stored. The classes are read the day after that last day, before the next year's classes
 * take the pupils over.
 */
export async function archiveEndedYears(schoolId: string, now: Date, timeZone: string): Promise<Archived[]> {
  const today = localDateOf(now, timeZone)
  const years = await db.academicYear.findMany({
    where: { schoolId, periods: { some: { kind: 'year', endsOn: { lt: today } } } },
    select: {
      id: true,
      name: true,
      periods: { where: { kind: 'year' }, orderBy: { ordinal: 'asc' }, select: { id: true, name: true, startsOn: true, endsOn: true } },
      classes: { select: { id: true, name: true } },
    },
  })
  const stored: Archived[] = []
  for (const year of years) {
    const period = year.periods[0]
    if (!period || period.endsOn >= today) continue
    const done = new Set(
      (await archivedRows(schoolId, { sourceKey: { startsWith: `${keyPrefix(schoolId)}${year.id}:` } })).map((r) => r.classId),
    )
    for (const cls of year.classes) {
      if (done.has(cls.id)) continue
      const id = await storeArchived(schoolId, { year, period, cls }, now, timeZone)
      if (id) stored.push({ schoolId, yearId: year.id, classId: cls.id, id })
    }
  }
  return stored
}

async function storeArchived(
  schoolId: string,
  input: {
    year: { id: string; name: string }
    period: { id: string; name: string; startsOn: string; endsOn: string }
    cls: { id: string; name: string }
  },
  now: Date,
  timeZone: string,
): Promise<string | null> {
  const { year, period, cls } = input
  const sourceKey = resultsArchiveKey(schoolId, year.id, cls.id)
  const rows = await resultsOfPeriod(cls.id, period)
  const report = { className: cls.name, periodName: `${period.name} (${year.name} учебный год)`, ...rows }
  const { docx, version } = await resultsReportDocx(schoolId, null, report, now, timeZone)
  try {
    return await db.$transaction(async (tx) => {
      const doc = await tx.storedDocument.create({
        data: {
          schoolId,
          applicationId: null,
          kind: RESULTS_ARCHIVE_KIND,
          fileName: resultsArchiveFileName(cls.name, year.name),
          mime: DOCX,
          templateVersion: version,
          sha256: sha256(docx),
          content: new Uint8Array(docx),
          sourceKey,
          createdBy: 'Система',
          createdAt: now,
        },
        select: { id: true },
      })
      await tx.auditEvent.create({
        data: {
          ...auditRow({
            schoolId,
            action: 'store:results-archive',
            entity: 'StoredDocument',
            entityId: doc.id,
            data: { year: year.name, className: cls.name, pupils: rows.pupils.length, bytes: docx.length },
          }),
          at: now,
        },
      })
      return doc.id
    })
  } catch (error) {
    // Another worker archived the class between our look and our insert: its row is the archive.
    if (isUniqueViolation(error)) return null
    throw error
  }
}
