// The monthly activity reports the worker keeps (Положение 7.1: the report is made once a month). They are
// StoredDocument rows of the school with no application and the sourceKey `activity-report:<schoolId>:<YYYY-MM>` —
// unique, so one report per school and month however many workers race. Every read goes through storedReports(),
// which checks the school, the kind, the missing application and the key's prefix.
import { db } from '#app/utils/db.server'
import { Prisma } from '#app/generated/prisma/client'
import { sha256 } from '#app/documents/render.server'
import { DOCX_MIME as DOCX } from '#app/utils/uploads.server'
import { auditRow } from './audit.server'
import {
  activityReportDocx,
  activityReportFileName,
  getActivityReport,
  monthRange,
  MONTH_RE,
  STORE_ACTIVITY_REPORT_ACTION,
} from './activity-report.server'

const ACTIVITY_REPORT_KIND = 'activity-report'

const keyPrefix = (schoolId: string) => `${ACTIVITY_REPORT_KIND}:${schoolId}:`
export const activityReportKey = (schoolId: string, month: string) => `${keyPrefix(schoolId)}${month}`

/** The month of a key of this school, or null (a key of another school or of another shape). */
function monthOfKey(schoolId: string, sourceKey: string | null): string | null {
  const prefix = keyPrefix(schoolId)
  // Prisma's startsWith is SQLite's LIKE, which ignores ASCII letter case: the exact check is made here.
  if (!sourceKey?.startsWith(prefix)) return null
  const month = sourceKey.slice(prefix.length)
  return MONTH_RE.test(month) ? month : null
}

/** The rows that may be a school's stored activity reports (for a query; storedReports checks the key exactly). */
const activityReportsWhere = (schoolId: string): Prisma.StoredDocumentWhereInput => ({
  schoolId,
  kind: ACTIVITY_REPORT_KIND,
  applicationId: null,
  sourceKey: { startsWith: keyPrefix(schoolId) },
})

/** The one door to stored activity reports: this school's, this kind, no application (never the bytes). */
async function storedReports(schoolId: string, where: Prisma.StoredDocumentWhereInput = {}) {
  const rows = await db.storedDocument.findMany({
    where: { AND: [where, activityReportsWhere(schoolId)] },
    select: { id: true, sourceKey: true, fileName: true, mime: true, sha256: true, createdAt: true },
  })
  return rows.flatMap((row) => {
    const month = monthOfKey(schoolId, row.sourceKey)
    // A report kept before the names were in words («… 2026-11.docx») is named as a new one would be.
    return month ? [{ ...row, month, fileName: activityReportFileName(month) }] : []
  })
}

/** The stored reports of a school, newest month first, with their size (the files themselves are not read). */
export async function listStoredActivityReports(schoolId: string) {
  const rows = await storedReports(schoolId)
  const sizes = await sizesOf(rows.map((r) => r.id))
  return rows
    .map((r) => ({
      id: r.id,
      month: r.month,
      label: monthRange(r.month).label,
      fileName: r.fileName,
      createdAt: r.createdAt,
      size: sizes.get(r.id) ?? 0,
    }))
    .sort((a, b) => b.month.localeCompare(a.month))
}

/** length(content) in SQL, so listing years of reports does not load their files. */
async function sizesOf(ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map()
  const rows = await db.$queryRaw<
    Array<{ id: string; size: number | bigint }>
  >`SELECT "id", length("content") AS "size" FROM "StoredDocument" WHERE "id" IN (${Prisma.join(ids)})`
  return new Map(rows.map((r) => [r.id, Number(r.size)]))
}

/** One stored report of this school with its bytes, or null for any other document. */
export async function getStoredActivityReport(schoolId: string, documentId: string) {
  const [row] = await storedReports(schoolId, { id: documentId })
  if (!row) return null
  const { content } = await db.storedDocument.findUniqueOrThrow({ where: { id: row.id }, select: { content: true } })
  return { ...row, content }
}

/** The months of this school already stored, the newest last. */
export async function storedMonths(schoolId: string): Promise<string[]> {
  return (await storedReports(schoolId)).map((r) => r.month).sort()
}

const isUniqueViolation = (error: unknown) =>
  Boolean(error && typeof error === 'object' && 'code' in error && (error as { code: string }).code === 'P2002')

/**
 * Renders the month's report with the Word template and keeps it, with its audit event in the same transaction.
 * When the row is already there (a restart, or another worker that got there first) nothing is added and
 * `created` is false.
 */
export async function storeActivityReport(
  schoolId: string,
  month: string,
  now: Date,
  timeZone: string,
): Promise<{ id: string; created: boolean }> {
  const sourceKey = activityReportKey(schoolId, month)
  const existing = await db.storedDocument.findUnique({ where: { sourceKey }, select: { id: true } })
  if (existing) return { id: existing.id, created: false }
  const { docx, version } = await activityReportDocx(schoolId, await getActivityReport(schoolId, month, timeZone), now, timeZone)
  try {
    const id = await db.$transaction(async (tx) => {
      const doc = await tx.storedDocument.create({
        data: {
          schoolId,
          applicationId: null,
          kind: ACTIVITY_REPORT_KIND,
          fileName: activityReportFileName(month),
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
            action: STORE_ACTIVITY_REPORT_ACTION,
            entity: 'StoredDocument',
            entityId: doc.id,
            data: { month, bytes: docx.length },
          }),
          at: now,
        },
      })
      return doc.id
    })
    return { id, created: true }
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    // Another worker stored the month between our look and our insert: its row is the report.
    const winner = await db.storedDocument.findUniqueOrThrow({ where: { sourceKey }, select: { id: true } })
    return { id: winner.id, created: false }
  }
}
