// Положение 7.1: the monthly activity report is made and kept by the worker once the month has ended in the
// school's time zone; /staff/activity lists the kept reports and gives them back byte for byte.
import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { monthsDue, storeMonthlyActivityReports } from '#app/jobs/activity-reports.server'
import { getActivityReport } from '#app/models/activity-report.server'
import { activityReportKey, getStoredActivityReport, storeActivityReport } from '#app/models/stored-activity-reports.server'
import { listExpired } from '#app/models/retention.server'
import { loader as pageLoader } from '#app/routes/staff.activity'
import { loader as storedLoader } from '#app/routes/staff.activity.reports.$docId'
import { loader as onRequestLoader } from '#app/routes/staff.activity.docx'
import { signIn } from '#tests/helpers/auth'
import { docxText } from '#tests/helpers/docx'
import { getRequest, settle } from '#tests/helpers/http'
import { T } from './control-helpers'
import { otherSchool } from '#tests/helpers/schools'

const tz = 'Europe/Saratov'
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const FILE_NAME = 'Отчёт об активности пользователей ЭЖ за ноябрь 2026.docx'
let schoolId: string
let director: { id: string }
let parent: { id: string }

const sha = (bytes: Uint8Array | Buffer) => createHash('sha256').update(bytes).digest('hex')
const reportsOf = (school: string) =>
  db.storedDocument.findMany({
    where: { schoolId: school, kind: 'activity-report', sourceKey: { startsWith: `activity-report:${school}:` } },
    orderBy: { sourceKey: 'asc' },
  })
const ctx = (path: string, cookie: string, params: Record<string, string> = {}) => ({
  request: getRequest(path, cookie),
  params,
  context: {},
})

async function event(userId: string, action: string, at: string) {
  await db.auditEvent.create({ data: { schoolId, userId, action, ip: '10.0.0.9', at: T(at) } })
}

beforeAll(async () => {
  director = await db.user.findUniqueOrThrow({ where: { login: 'director' } })
  parent = await db.user.findUniqueOrThrow({ where: { login: 'parent' } })
  schoolId = (await db.user.findUniqueOrThrow({ where: { login: 'director' } })).schoolId
  // November 2026, school time; the first and the last minute of the month count, the minutes around them do not.
  for (const at of ['2026-11-01T00:00', '2026-11-15T09:00', '2026-11-30T23:59']) await event(director.id, 'sign-in', at)
  await event(director.id, 'view:application', '2026-11-15T09:05')
  await event(director.id, 'view:application', '2026-11-16T09:05')
  await event(director.id, 'sign-in', '2026-10-31T23:59')
  await event(director.id, 'sign-in', '2026-12-01T00:00')
  await event(parent.id, 'sign-in', '2026-11-20T19:00')
  for (let i = 0; i < 4; i++) await event(parent.id, 'view:pupil', `2026-11-20T19:0${i + 1}`)
})

describe('which months are due', () => {
  it('is the previous month on a fresh install, and fills at most one missed month after the last stored one', () => {
    expect(monthsDue('2026-12', null)).toEqual(['2026-11'])
    expect(monthsDue('2027-01', null)).toEqual(['2026-12'])
    expect(monthsDue('2027-01', '2026-12')).toEqual([])
    expect(monthsDue('2027-03', '2027-01')).toEqual(['2027-02'])
    expect(monthsDue('2027-03', '2026-12')).toEqual(['2027-01', '2027-02'])
    expect(monthsDue('2027-03', '2025-05')).toEqual(['2027-01', '2027-02'])
  })
})

describe('the monthly task', () => {
  it('stores November’s report once in December, with the month and the real figures in the Word file', async () => {
    const now = T('2026-12-10T12:00')
    const first = await storeMonthlyActivityReports(now)
    const second = await storeMonthlyActivityReports(now)
    expect(first.map((r) => r.month)).toEqual(['2026-11'])
    expect(second).toEqual([])
    const rows = await reportsOf(schoolId)
    expect(rows).toHaveLength(1)
    const [doc] = rows
    expect(doc).toMatchObject({
      applicationId: null,
      kind: 'activity-report',
      mime: DOCX,
      fileName: FILE_NAME,
      sourceKey: `activity-report:${schoolId}:2026-11`,
      createdBy: 'Система',
      templateVersion: 'otchet-aktivnosti@0',
    })
    expect(doc.createdAt).toEqual(now)
    expect(doc.sha256).toBe(sha(doc.content))

    const report = await getActivityReport(schoolId, '2026-11', tz)
    const directorRow = report.roles.find((r) => r.role === 'Директор')!
    expect(directorRow).toMatchObject({ users: 1, active: 1, signIns: 3, actions: 2, share: '100 %' })
    expect(report.parents.views).toBeGreaterThanOrEqual(4)
    const text = docxText(doc.content)
    expect(text).toContain('ноябрь 2026 г.')
    expect(text).toContain('01.11.2026')
    expect(text).toContain('30.11.2026')
    expect(text).toContain('10.12.2026 12:00')
    // The director's row, cell by cell as the template lays it out.
    expect(text).toContain(['Директор', '1', '1', '3', String(directorRow.failed), '2', '100 %'].join('\n'))
    expect(text).toContain('Директор\nпросмотр заявления\n2\n')
    expect(text).toContain(`просмотров сведений о детях: ${report.parents.views}.`)
    expect(text).not.toMatch(/\{[a-zA-Z.]+\}/)

    const audit = await db.auditEvent.findMany({ where: { schoolId, action: 'store:activity-report' } })
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ userId: null, entity: 'StoredDocument', entityId: doc.id, at: now })
    expect(JSON.parse(audit[0].data)).toMatchObject({ month: '2026-11' })
  })

  it('stores nothing new while the month has not ended in the school’s zone, and the next one once it has', async () => {
    expect(await storeMonthlyActivityReports(T('2026-12-31T23:59'))).toEqual([])
    expect(await reportsOf(schoolId)).toHaveLength(1)
    // 20:30 UTC on 31 December is already 1 January in Saratov (UTC+4).
    const stored = await storeMonthlyActivityReports(new Date('2026-12-31T20:30:00Z'))
    expect(stored.map((r) => r.month)).toEqual(['2026-12'])
    expect((await reportsOf(schoolId)).map((d) => d.sourceKey)).toEqual([
      activityReportKey(schoolId, '2026-11'),
      activityReportKey(schoolId, '2026-12'),
    ])
    // The worker's own audit row is not a user's activity: December's report does not count it.
    const december = await getActivityReport(schoolId, '2026-12', tz)
    expect(december.actions.map((a) => a.action)).not.toContain('сохранение ежемесячного отчёта об активности')
  })

  it('keeps one row when two workers make the same month at once', async () => {
    const now = T('2026-10-05T08:00')
    const results = await Promise.all([
      storeActivityReport(schoolId, '2026-09', now, tz),
      storeActivityReport(schoolId, '2026-09', now, tz),
    ])
    expect(results.filter((r) => r.created)).toHaveLength(1)
    expect(results[0].id).toBe(results[1].id)
    expect(await db.storedDocument.count({ where: { sourceKey: activityReportKey(schoolId, '2026-09') } })).toBe(1)
    expect(await db.auditEvent.count({ where: { schoolId, action: 'store:activity-report', entityId: results[0].id } })).toBe(1)
  })
})

describe('/staff/activity: the stored reports', () => {
  it('lists them, newest month first, with when they were made and their size', async () => {
    const res = await pageLoader(ctx('/staff/activity', await signIn('director')))
    const data = await res.json()
    const november = (await reportsOf(schoolId)).find((d) => d.sourceKey!.endsWith('2026-11'))!
    expect(data.stored.map((s) => s.label)).toEqual(['декабрь 2026 г.', 'ноябрь 2026 г.', 'сентябрь 2026 г.'])
    expect(data.stored[1]).toEqual({
      id: november.id,
      label: 'ноябрь 2026 г.',
      createdAt: '10.12.2026 12:00',
      size: `${Math.max(1, Math.round(november.content.length / 1024))} КБ`,
    })
  })

  it('gives the stored bytes back unchanged, as a Word file with its Russian name, and records the download', async () => {
    const november = (await reportsOf(schoolId)).find((d) => d.sourceKey!.endsWith('2026-11'))!
    // A report kept under the earlier name (the month as ГГГГ-ММ) is given with the name in words too.
    await db.storedDocument.update({ where: { id: november.id }, data: { fileName: 'Отчёт об активности пользователей ЭЖ 2026-11.docx' } })
    const admin = await signIn('admin')
    const res = await storedLoader(ctx(`/staff/activity/reports/${november.id}`, admin, { docId: november.id }))
    expect(res.status).toBe(200)
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(sha(bytes)).toBe(november.sha256)
    expect(bytes.equals(Buffer.from(november.content))).toBe(true)
    expect(res.headers.get('Content-Type')).toBe(DOCX)
    expect(res.headers.get('Content-Length')).toBe(String(bytes.length))
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    const disposition = res.headers.get('Content-Disposition')!
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; /)
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(FILE_NAME)}`)
    const adminId = (await db.user.findUniqueOrThrow({ where: { login: 'admin' } })).id
    expect(await db.auditEvent.count({ where: { userId: adminId, action: 'report:activity', entityId: november.id } })).toBe(1)
  })

  it(
    'is open, read-only, to the deputy director: «Осуществляет периодический контроль за работой ' +
      'сотрудников по ведению ЭЖ: активность учителей в работе с ЭЖ …» (Положение 4.6.4; 3.5)',
    async () => {
      const november = (await reportsOf(schoolId)).find((d) => d.sourceKey!.endsWith('2026-11'))!
      const cookie = await signIn('deputy')
      const page = await pageLoader(ctx('/staff/activity', cookie))
      expect(page.status).toBe(200)
      expect((await page.json()).stored.map((s) => s.id)).toContain(november.id)
      const stored = await storedLoader(ctx(`/staff/activity/reports/${november.id}`, cookie, { docId: november.id }))
      expect(stored.status).toBe(200)
      expect(Buffer.from(await stored.arrayBuffer()).equals(Buffer.from(november.content))).toBe(true)
    },
  )

  it('is closed to users without the control permission', async () => {
    const november = (await reportsOf(schoolId)).find((d) => d.sourceKey!.endsWith('2026-11'))!
    for (const login of ['responsible', 'parent']) {
      const cookie = await signIn(login)
      expect((await settle(() => pageLoader(ctx('/staff/activity', cookie)))).status).toBe(403)
      expect((await settle(() => storedLoader(ctx(`/staff/activity/reports/${november.id}`, cookie, { docId: november.id })))).status).toBe(
        403,
      )
    }
  })

  it('answers 404 for another school’s report, a document of another kind and an unknown id', async () => {
    const other = await otherSchool()
    const theirs = await storeActivityReport(other.id, '2026-11', T('2026-12-02T03:00'), tz)
    expect(theirs.created).toBe(true)
    const stray = await db.storedDocument.create({
      data: {
        kind: 'extract',
        fileName: 'x.docx',
        mime: DOCX,
        sha256: '',
        content: new Uint8Array([1]),
        sourceKey: `activity-report:${schoolId}:2026-08`,
      },
    })
    const forged = await db.storedDocument.create({
      data: {
        kind: 'activity-report',
        fileName: 'y.docx',
        mime: DOCX,
        sha256: '',
        content: new Uint8Array([1]),
        sourceKey: `activity-report:${schoolId.toUpperCase()}:2026-07`,
      },
    })
    const cookie = await signIn('director')
    for (const id of [theirs.id, stray.id, forged.id, 'no-such-document']) {
      expect((await settle(() => storedLoader(ctx(`/staff/activity/reports/${id}`, cookie, { docId: id })))).status).toBe(404)
      expect(await getStoredActivityReport(schoolId, id)).toBeNull()
    }
    const listed = (await (await pageLoader(ctx('/staff/activity', cookie))).json()).stored.map((s) => s.id)
    expect(listed).not.toContain(theirs.id)
    expect(listed).not.toContain(stray.id)
    expect(listed).not.toContain(forged.id)
    // The other school sees its own report, and only it.
    expect(await getStoredActivityReport(other.id, theirs.id)).toMatchObject({ month: '2026-11' })
  })
})

describe('alongside the rest', () => {
  it('still makes the report on request, for any month', async () => {
    const res = await onRequestLoader(ctx('/staff/activity/docx?month=2026-11', await signIn('director')))
    expect(res.headers.get('Content-Disposition')).toContain(encodeURIComponent(FILE_NAME))
    const text = docxText(Buffer.from(await res.arrayBuffer()))
    expect(text).toContain('ноябрь 2026 г.')
  })

  it('lists the kept reports for the retention purge only once they are older than the keeping period', async () => {
    const ids = (await reportsOf(schoolId)).map((d) => d.id)
    const now = (await listExpired(schoolId, T('2027-06-01T12:00'), tz)).strayDocuments.map((d) => d.id)
    expect(now.filter((id) => ids.includes(id))).toEqual([])
    const later = (await listExpired(schoolId, T('2032-06-01T12:00'), tz)).strayDocuments.map((d) => d.id)
    expect(later).toEqual(expect.arrayContaining(ids))
  })
})
