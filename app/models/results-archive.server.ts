// The year-end archive of the сводная ведомость (Регламент, «Общие правила ведения учета»: «если данные по учебному
// году хранятся в электронном виде, сводная ведомость должна быть передана в архив сразу по завершении ведения учета»;
// Положение 6.5: сводные ведомости хранятся 75 лет). When a school year has ended in the school's time zone, the
// worker renders each class's ведомость of the year (the «Год» period's final marks, Положение 4.4.6) with the Word
// template, RESULTS_ARCHIVE_AFTER_DAYS after «Год» ends (the годовые отметки are set by the school's order after the
// period), from the class list as it stood (the class history, results-report.server.ts), and keeps it as a
// StoredDocument with no application and the sourceKey `results-archive:<schoolId>:<yearId>:<classId>` — unique, so
// one file per class and year however many workers race, and never rewritten. A final mark of an archived class-year
// set later adds a new version (`…:<classId>:v2`, …) beside the old one. An empty class list is never archived, nor
// a year that ended long before (its list would be read from today's classes): the page names those classes to the
// administration. The retention purge of applications leaves these rows alone (retention.server.ts). ADR 099.
import { db } from '#app/utils/db.server'
import { Prisma } from '#app/generated/prisma/client'
import { sha256 } from '#app/documents/render.server'
import { DOCX_MIME as DOCX } from '#app/utils/uploads.server'
import { addDays, localDateOf } from '#workflows/time'
import { auditRow, recordAudit } from './audit.server'
import { classListOfPeriod, classListWithSources, resultsOfPeriod, resultsReportDocx } from './results-report.server'
import { fullName } from './school.server'
import { compareByName } from '#workflows/text'

export const RESULTS_ARCHIVE_KIND = 'results-archive'
/** Положение 6.5: «сводных ведомостей успеваемости … 75 лет». */
export const RESULTS_ARCHIVE_YEARS = 75

/** The archive is made this many days after «Год» ends: the годовые отметки are set after the period (Положение 4.4.6). */
export const RESULTS_ARCHIVE_AFTER_DAYS = 14
/** …and only within this many days after that: an older year's list is not read from today's classes. */
export const RESULTS_ARCHIVE_WITHIN_DAYS = 60
/** Renders per pass of the worker, all schools together: the rest waits for the next pass. */
export const RESULTS_ARCHIVE_RENDERS_PER_PASS = 50

const keyPrefix = (schoolId: string) => `${RESULTS_ARCHIVE_KIND}:${schoolId}:`
/** Version 1 has the plain key (as kept by earlier releases); a later version `…:v<n>`. */
export const resultsArchiveKey = (schoolId: string, yearId: string, classId: string, version = 1) =>
  `${keyPrefix(schoolId)}${yearId}:${classId}${version > 1 ? `:v${version}` : ''}`

/** The year, class and version of a key of this school, or null (another school's key or another shape). */
function partsOfKey(schoolId: string, sourceKey: string | null): { yearId: string; classId: string; version: number } | null {
  const prefix = keyPrefix(schoolId)
  // Prisma's startsWith is SQLite's LIKE, which ignores ASCII letter case: the exact check is made here.
  if (!sourceKey?.startsWith(prefix)) return null
  const [yearId, classId, v, ...rest] = sourceKey.slice(prefix.length).split(':')
  if (!yearId || !classId || rest.length > 0) return null
  if (v === undefined) return { yearId, classId, version: 1 }
  const m = /^v([1-9]\d*)$/.exec(v)
  return m && Number(m[1]) > 1 ? { yearId, classId, version: Number(m[1]) } : null
}

/** The file's name: «Сводная ведомость 5А 2025-2026 учебный год.docx» (no slash in a file name). */
const resultsArchiveFileName = (className: string, yearName: string, version: number) =>
  `Сводная ведомость ${className} ${yearName.replace('/', '-')} учебный год${version > 1 ? ` (версия ${version})` : ''}.docx`

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

type ArchivedRow = Awaited<ReturnType<typeof archivedRows>>[number]

/**
 * What /staff/reports/results shows of the archive, from one read of the archive's rows: the archived ведомости a
 * reader may see, and — for the administration (`classTeacherId` null) only — the classes of ended years left out of
 * it. A class teacher's view asks nothing about the other classes.
 */
export async function resultsArchiveView(schoolId: string, classTeacherId: string | null, now: Date, timeZone: string) {
  const rows = await archivedRows(schoolId)
  const archive = await archiveList(schoolId, rows, classTeacherId)
  const unarchived = classTeacherId === null ? await unarchivedClasses(schoolId, rows, now, timeZone) : []
  return { archive, unarchived }
}

/**
 * The archived ведомости a reader may see, the newest year first, the classes in order and each class's versions
 * the newest first: every class for the administration (`classTeacherId` null), else the classes that staff member
 * led in that year (ADR 068).
 */
async function archiveList(schoolId: string, rows: ArchivedRow[], classTeacherId: string | null) {
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
      const row = { id: r.id, year: cls.academicYear.name, className: cls.name, version: r.version, createdAt: r.createdAt }
      return [{ ...row, grade: cls.grade, letter: cls.letter }]
    })
    .sort((a, b) => b.year.localeCompare(a.year) || a.grade - b.grade || a.letter.localeCompare(b.letter, 'ru') || b.version - a.version)
    .map(({ grade: _g, letter: _l, ...r }) => r)
}

/**
 * For the administration: the classes of the years that have ended (their «Год» and the wait after it) with no
 * ведомость in the archive — the list was empty as the data stood, or the year ended before the archive was kept or
 * too long before the pass (RESULTS_ARCHIVE_WITHIN_DAYS). The newest year first.
 */
async function unarchivedClasses(schoolId: string, rows: ArchivedRow[], now: Date, timeZone: string) {
  const lastEnd = addDays(localDateOf(now, timeZone), -RESULTS_ARCHIVE_AFTER_DAYS)
  const years = await db.academicYear.findMany({
    where: { schoolId, periods: { some: { kind: 'year', endsOn: { lt: lastEnd } } } },
    select: { id: true, name: true, classes: { select: { id: true, name: true }, orderBy: [{ grade: 'asc' }, { letter: 'asc' }] } },
  })
  const done = new Set(rows.map((r) => `${r.yearId}:${r.classId}`))
  return years
    .map((y) => ({ year: y.name, yearId: y.id, classes: y.classes.filter((c) => !done.has(`${y.id}:${c.id}`)) }))
    .filter((y) => y.classes.length > 0)
    .sort((a, b) => b.year.localeCompare(a.year))
}

/**
 * One archived ведомость with its bytes, or null: another document, another school's, or a class not the reader's.
 * `intact` says whether the bytes still have the sha256 kept with them (Регламент: контроль целостности).
 */
export async function getArchivedResults(schoolId: string, documentId: string, classTeacherId: string | null) {
  const [row] = await archivedRows(schoolId, { id: documentId })
  if (!row) return null
  if (classTeacherId !== null) {
    const cls = await db.schoolClass.findFirst({ where: { id: row.classId, schoolId, classTeacherId }, select: { id: true } })
    if (!cls) return null
  }
  const { content } = await db.storedDocument.findUniqueOrThrow({ where: { id: row.id }, select: { content: true } })
  return { ...row, content, intact: sha256(Buffer.from(content)) === row.sha256 }
}

/** Said to whoever asks for an archived ведомость whose bytes no longer match their sha256. */
export const ARCHIVE_DAMAGED =
  'Файл ведомости в архиве повреждён: его контрольная сумма не совпадает с сохранённой. Файл не выдан; сообщите администратору ЭЖ ' +
  'для восстановления из резервной копии.'

/** Records a refused download of a ведомость whose bytes no longer match their sha256. */
export async function recordArchiveIntegrityFailure(schoolId: string, userId: string, doc: { id: string; sha256: string }, ip?: string) {
  await recordAudit({
    schoolId,
    userId,
    action: 'integrity:results-archive',
    entity: 'StoredDocument',
    entityId: doc.id,
    ip,
    data: { expected: doc.sha256 },
  })
}

const isUniqueViolation = (error: unknown) =>
  Boolean(error && typeof error === 'object' && 'code' in error && (error as { code: string }).code === 'P2002')

type Archived = { schoolId: string; yearId: string; classId: string; id: string; version: number }
/** What one worker pass may still do: renders left, and whether a clean stop has begun. */
export type ArchivePass = { rendersLeft: number; stopped: () => boolean }

/** Classes whose render failed in this process, with when: logged once, retried a day later, never first in line. */
const failedAt = new Map<string, number>()
const RETRY_FAILED_MS = 86_400_000

/**
 * Archives the year's ведомость of every class of the school's years whose «Год» period (the one that holds the
 * годовые отметки) ended RESULTS_ARCHIVE_AFTER_DAYS to RESULTS_ARCHIVE_AFTER_DAYS + RESULTS_ARCHIVE_WITHIN_DAYS
 * days ago in the school's zone, and is not archived yet; and a new version of an archived class-year whose final
 * marks of «Год» were set after its latest version. A class whose list is empty is skipped; one whose render throws is
 * logged and the others go on. Returns what this pass stored.
 */
export async function archiveEndedYears(
  schoolId: string,
  now: Date,
  timeZone: string,
  pass: ArchivePass = { rendersLeft: RESULTS_ARCHIVE_RENDERS_PER_PASS, stopped: () => false },
): Promise<Archived[]> {
  const today = localDateOf(now, timeZone)
  const lastEnd = addDays(today, -RESULTS_ARCHIVE_AFTER_DAYS)
  const firstEnd = addDays(lastEnd, -RESULTS_ARCHIVE_WITHIN_DAYS)
  const rows = await archivedRows(schoolId)
  const archivedYears = [...new Set(rows.map((r) => r.yearId))]
  const years = await db.academicYear.findMany({
    where: {
      schoolId,
      OR: [{ periods: { some: { kind: 'year', endsOn: { lt: lastEnd, gte: firstEnd } } } }, { id: { in: archivedYears } }],
    },
    select: {
      id: true,
      name: true,
      periods: { where: { kind: 'year' }, orderBy: { ordinal: 'asc' }, select: { id: true, name: true, startsOn: true, endsOn: true } },
      classes: { select: { id: true, name: true }, orderBy: [{ grade: 'asc' }, { letter: 'asc' }] },
    },
  })
  const stored: Archived[] = []
  for (const year of years) {
    const period = year.periods[0]
    if (!period || period.endsOn >= lastEnd) continue
    const recent = period.endsOn >= firstEnd
    const latest = new Map<string, { version: number; createdAt: Date }>()
    for (const r of rows.filter((row) => row.yearId === year.id))
      if ((latest.get(r.classId)?.version ?? 0) < r.version) latest.set(r.classId, { version: r.version, createdAt: r.createdAt })
    // Marks set after the oldest of the classes' latest versions: only then is a class's list worth reading again.
    const oldest = Math.min(...[...latest.values()].map((l) => l.createdAt.getTime()))
    const changed = latest.size
      ? await db.finalMark.findMany({
          where: { periodId: period.id, setAt: { gt: new Date(oldest) } },
          select: { pupilId: true, setAt: true },
        })
      : []
    for (const cls of year.classes) {
      if (pass.stopped() || pass.rendersLeft <= 0) return stored
      const last = latest.get(cls.id)
      if (!last && !recent) continue
      const key = resultsArchiveKey(schoolId, year.id, cls.id)
      const failed = failedAt.get(key)
      if (failed !== undefined && now.getTime() - failed < RETRY_FAILED_MS) continue
      try {
        const since = last?.createdAt
        const setSince = since ? new Set(changed.filter((c) => c.setAt! > since).map((c) => c.pupilId)) : null
        if (setSince?.size === 0) continue
        // A class passed to the archive by hand keeps the list the administration confirmed (ADR 109, 115): a later
        // version is the same ведомость with the marks changed, not a list read again without their choice.
        const confirmed = last ? await confirmedList(schoolId, year.id, cls.id) : null
        const list = confirmed ?? (await classListOfPeriod(cls.id, period))
        if (list.length === 0 || (setSince && !list.some((p) => setSince.has(p.id)))) continue
        const report = await resultsOfPeriod(cls.id, period, confirmed ?? undefined)
        pass.rendersLeft -= 1
        const version = (last?.version ?? 0) + 1
        const id = await storeArchived(schoolId, { year, period, cls, report, version }, now, timeZone)
        failedAt.delete(key)
        if (id) stored.push({ schoolId, yearId: year.id, classId: cls.id, id, version })
      } catch (error) {
        if (failed === undefined) console.error(`Сводная ведомость ${cls.name} за ${year.name} не сохранена в архив:`, error)
        failedAt.set(key, now.getTime())
      }
    }
  }
  return stored
}

async function storeArchived(
  schoolId: string,
  input: {
    year: { id: string; name: string }
    period: { id: string; name: string }
    cls: { id: string; name: string }
    report: Awaited<ReturnType<typeof resultsOfPeriod>>
    version: number
    /** Who passed it to the archive on demand, with the list they confirmed (ADR 109); absent — the worker. */
    by?: { userId: string; name: string; ip?: string; data: Record<string, unknown> }
  },
  now: Date,
  timeZone: string,
): Promise<string | null> {
  const { year, period, cls, report: rows, version: n, by } = input
  const sourceKey = resultsArchiveKey(schoolId, year.id, cls.id, n)
  const report = { className: cls.name, periodName: `${period.name} (${year.name} учебный год)`, ...rows }
  const { docx, version } = await resultsReportDocx(schoolId, null, report, now, timeZone)
  try {
    return await db.$transaction(async (tx) => {
      const doc = await tx.storedDocument.create({
        data: {
          schoolId,
          applicationId: null,
          kind: RESULTS_ARCHIVE_KIND,
          fileName: resultsArchiveFileName(cls.name, year.name, n),
          mime: DOCX,
          templateVersion: version,
          sha256: sha256(docx),
          content: new Uint8Array(docx),
          sourceKey,
          createdBy: by?.name ?? 'Система',
          createdAt: now,
        },
        select: { id: true },
      })
      await tx.auditEvent.create({
        data: {
          ...auditRow({
            schoolId,
            userId: by?.userId,
            ip: by?.ip,
            action: 'store:results-archive',
            entity: 'StoredDocument',
            entityId: doc.id,
            data: { year: year.name, className: cls.name, version: n, pupils: rows.pupils.length, bytes: docx.length, ...by?.data },
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

// ─────────────── on demand: a class the worker skipped (ADR 109) ───────────────

/**
 * The list the administration confirmed when it passed the class-year's version 1 to the archive by hand, or null
 * (the worker's version 1, or none): the pupils named by the audit row stored with it — their ids (`pupilIds`), or,
 * for a row of the first release that kept names only, the class's candidates of those names.
 */
async function confirmedList(schoolId: string, yearId: string, classId: string) {
  const data = await onDemandRecord(schoolId, yearId, classId)
  if (!data) return null
  const select = { id: true, lastName: true, firstName: true, middleName: true } as const
  if (data.pupilIds) return db.pupil.findMany({ where: { schoolId, id: { in: data.pupilIds } }, select })
  const cls = await db.schoolClass.findFirst({
    where: { id: classId, schoolId },
    select: { academicYear: { select: { periods: { where: { kind: 'year' }, orderBy: { ordinal: 'asc' }, take: 1 } } } },
  })
  const period = cls?.academicYear.periods[0]
  if (!period) return null
  const names = new Set(data.confirmed)
  return (await classListOfPeriod(classId, period)).filter((p) => names.has(fullName(p)))
}

/** Version 1 of a class-year with the details of its audit row when the administration stored it by hand, else null. */
async function onDemandRecord(schoolId: string, yearId: string, classId: string) {
  const [first] = await archivedRows(schoolId, { sourceKey: resultsArchiveKey(schoolId, yearId, classId) })
  if (!first) return null
  const audit = await db.auditEvent.findFirst({
    where: { schoolId, action: 'store:results-archive', entity: 'StoredDocument', entityId: first.id },
    select: { data: true },
  })
  let data: { onDemand?: unknown; pupilIds?: unknown; confirmed?: unknown } = {}
  try {
    data = JSON.parse(audit?.data ?? '{}') as typeof data
  } catch {
    return null
  }
  if (data.onDemand !== true) return null
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null)
  return { id: first.id, pupilIds: strings(data.pupilIds), confirmed: strings(data.confirmed) ?? [] }
}

/**
 * A second «Передать в архив» of a class already passed by hand with the same list — a double click, a form sent
 * again after a lost answer — is that same transfer: its version 1 is the answer (ADR 115), nothing is stored again.
 */
async function sameTransfer(schoolId: string, yearId: string, classId: string, chosen: ReadonlySet<string>) {
  const record = await onDemandRecord(schoolId, yearId, classId)
  const list = record ? await confirmedList(schoolId, yearId, classId) : null
  if (!record || !list || list.length !== chosen.size || !list.every((p) => chosen.has(p.id))) return null
  return { id: record.id, already: true as const }
}

/**
 * A class of a year whose «Год» has ended, for the administration to pass its ведомость to the archive by hand: the
 * pupils the class history and the journal put on its list (`fromJournal`: only the journal — marks, attendance or a
 * group of the class — with no move recorded), each with the number of годовые отметки. Null for a class of another
 * school or a year without «Год».
 */
export async function skippedClass(schoolId: string, yearId: string, classId: string, now: Date, timeZone: string) {
  const cls = await db.schoolClass.findFirst({
    where: { id: classId, schoolId, academicYearId: yearId },
    select: {
      id: true,
      name: true,
      academicYear: {
        select: {
          id: true,
          name: true,
          periods: { where: { kind: 'year' }, orderBy: { ordinal: 'asc' }, select: { id: true, name: true, startsOn: true, endsOn: true } },
        },
      },
    },
  })
  const period = cls?.academicYear.periods[0]
  if (!cls || !period) return null
  const list = await classListWithSources(cls.id, period)
  const finals = await db.finalMark.groupBy({
    by: ['pupilId'],
    where: { periodId: period.id, pupilId: { in: list.map((p) => p.id) } },
    _count: { _all: true },
  })
  const count = new Map(finals.map((f) => [f.pupilId, f._count._all]))
  const archived = (await archivedRows(schoolId)).some((r) => r.yearId === yearId && r.classId === classId)
  return {
    year: { id: cls.academicYear.id, name: cls.academicYear.name },
    cls: { id: cls.id, name: cls.name },
    period,
    ended: period.endsOn < localDateOf(now, timeZone),
    archived,
    candidates: [...list]
      .sort(compareByName)
      .map((p) => ({ ...p, name: fullName(p), fromJournal: p.fromJournal, finals: count.get(p.id) ?? 0 })),
  }
}

export const SKIPPED = {
  notEnded: 'Учебный год этого класса ещё не закончен: ведомость за год передаётся в архив после окончания периода «Год».',
  archived:
    'Ведомость этого класса за год уже в архиве. Если годовая отметка изменена, новая версия добавляется автоматически; ' +
    'прежние сохраняются.',
  empty: 'Отметьте обучающихся, которые были в списке класса в этом учебном году: пустая ведомость в архив не передаётся.',
  stranger:
    'В списке есть обучающийся, которого нет ни в истории класса, ни в его журнале за этот год. Обновите страницу и отметьте заново.',
}

/**
 * Passes a skipped class's ведомость to the archive with the list the administration confirmed: version 1 of the
 * class-year, signed for the director as the worker's, kept as a `results-archive` document with who did it and the
 * list in the audit row. The same list sent again for a class it already passed is that transfer (`already`, nothing
 * stored again); refused in Russian (nothing stored) for a year not ended, a class already archived otherwise (by the
 * worker, or with another list), an empty list or a pupil not among the candidates; null for a class not found.
 */
export async function archiveSkippedClass(
  schoolId: string,
  by: { userId: string; name: string; ip?: string },
  input: { yearId: string; classId: string; pupilIds: string[] },
  now: Date,
  timeZone: string,
): Promise<{ id: string; already?: true } | { refused: string } | null> {
  const found = await skippedClass(schoolId, input.yearId, input.classId, now, timeZone)
  if (!found) return null
  if (!found.ended) return { refused: SKIPPED.notEnded }
  const chosen = new Set(input.pupilIds)
  if (found.archived) return (await sameTransfer(schoolId, input.yearId, input.classId, chosen)) ?? { refused: SKIPPED.archived }
  if (chosen.size === 0) return { refused: SKIPPED.empty }
  const byId = new Map(found.candidates.map((p) => [p.id, p]))
  if ([...chosen].some((id) => !byId.has(id))) return { refused: SKIPPED.stranger }
  const confirmed = found.candidates.filter((p) => chosen.has(p.id))
  const report = await resultsOfPeriod(found.cls.id, found.period, confirmed)
  const id = await storeArchived(
    schoolId,
    {
      ...found,
      report,
      version: 1,
      by: {
        ...by,
        data: {
          onDemand: true,
          confirmed: confirmed.map((p) => p.name),
          pupilIds: confirmed.map((p) => p.id),
          fromJournal: confirmed.filter((p) => p.fromJournal).map((p) => p.name),
          left: found.candidates.filter((p) => !chosen.has(p.id)).map((p) => p.name),
        },
      },
    },
    now,
    timeZone,
  )
  if (id) return { id }
  // Another request stored version 1 between our look and our insert: the same transfer, or a refusal.
  return (await sameTransfer(schoolId, input.yearId, input.classId, chosen)) ?? { refused: SKIPPED.archived }
}
