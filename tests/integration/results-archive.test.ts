// Регламент ведения ЭЖ, «Общие правила ведения учета»: «Если данные по учебному году хранятся в электронном виде,
// сводная ведомость должна быть передана в архив сразу по завершении ведения учета»; Положение 6.5: сводные
// ведомости хранятся 75 лет. The worker keeps each class's ведомость of the year the day after the year's «Год» period
// has ended; later corrections and the move to next year's classes do not change it; the retention purge of
// applications leaves it; /staff/reports/results lists it and gives it back to whom the reports are open (ADR 068, 099).
import { createHash } from 'node:crypto'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { archiveYearEndResults } from '#app/jobs/results-archive.server'
import { resultsArchiveKey } from '#app/models/results-archive.server'
import { storeActivityReport } from '#app/models/stored-activity-reports.server'
import { listExpired, pageExpired } from '#app/models/retention.server'
import { loader as resultsPage } from '#app/routes/staff.reports.results'
import { loader as archiveFile } from '#app/routes/staff.reports.results.archive.$docId'
import { demoLogins } from '../../prisma/seed/seed.server'
import { signIn } from '#tests/helpers/auth'
import { docxText } from '#tests/helpers/docx'
import { getRequest, settle } from '#tests/helpers/http'
import { T } from './control-helpers'

const tz = 'Europe/Saratov'
type Loader = (args: LoaderFunctionArgs) => Promise<unknown>
const get = (fn: Loader, path: string, cookie: string, params: Record<string, string> = {}) =>
  settle(() => fn({ request: getRequest(path, cookie), params, context: {} }))
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const archiveOf = (schoolId: string) =>
  db.storedDocument.findMany({ where: { schoolId, kind: 'results-archive' }, orderBy: { fileName: 'asc' } })

let schoolId: string
let yearId: string
let ownClassId: string
let otherClassId: string
let ct5aLogin: string

beforeAll(async () => {
  const current = await db.academicYear.findFirstOrThrow({ where: { current: true } })
  schoolId = current.schoolId
  expect(current.name).toBe('2026/2027')
  ct5aLogin = (await demoLogins(db)).find((l) => l.role === 'Классный руководитель 5А')!.login
  const ct5a = (await db.schoolClass.findFirstOrThrow({ where: { academicYearId: current.id, name: '5А' } })).classTeacherId!
  const ct5b = (await db.schoolClass.findFirstOrThrow({ where: { academicYearId: current.id, name: '5Б' } })).classTeacherId!
  // The year before: 4А led by today's 5А teacher, 4Б by today's 5Б teacher; «Год» ends on 26.05.2026.
  const year = await db.academicYear.create({
    data: { schoolId, name: '2025/2026', startsOn: '2025-09-01', endsOn: '2026-05-26', current: false },
  })
  yearId = year.id
  const period = await db.reportingPeriod.create({
    data: { schoolId, academicYearId: year.id, name: 'Год', kind: 'year', ordinal: 1, startsOn: '2025-09-01', endsOn: '2026-05-26' },
  })
  const maths = await db.subject.findFirstOrThrow({ where: { schoolId, name: 'Математика' } })
  const russian = await db.subject.findFirstOrThrow({ where: { schoolId, name: 'Русский язык' } })
  const made = []
  for (const [name, letter, teacher, pupils] of [
    [
      '4А',
      'А',
      ct5a,
      [
        ['Архивова', 'Анна', '5', '4'],
        ['Былинов', 'Борис', '3', '2'],
      ],
    ],
    ['4Б', 'Б', ct5b, [['Вехова', 'Вера', '5', '5']]],
  ] as const) {
    const cls = await db.schoolClass.create({
      data: { schoolId, academicYearId: year.id, grade: 4, letter, name, classTeacherId: teacher },
    })
    made.push(cls.id)
    for (const [lastName, firstName, m, r] of pupils) {
      const pupil = await db.pupil.create({
        data: { schoolId, lastName, firstName, birthDate: '2015-03-01', classId: cls.id, enrolledOn: '2022-09-01' },
      })
      await db.finalMark.createMany({
        data: [
          { pupilId: pupil.id, subjectId: maths.id, periodId: period.id, value: m },
          { pupilId: pupil.id, subjectId: russian.id, periodId: period.id, value: r },
        ],
      })
    }
  }
  ;[ownClassId, otherClassId] = made
})

describe('the year-end archive of the сводная ведомость (Регламент; Положение 6.5)', () => {
  it('is not made while the year’s last day lasts in the school’s zone', async () => {
    expect(await archiveYearEndResults(T('2026-05-26T23:59'))).toBe(0)
    expect(await archiveOf(schoolId)).toHaveLength(0)
  })

  it('keeps each class’s ведомость of the year the day after, with the pupils’ annual marks in the Word file, once', async () => {
    const now = T('2026-05-27T00:30')
    expect(await archiveYearEndResults(now)).toBe(2)
    expect(await archiveYearEndResults(T('2026-05-28T09:00'))).toBe(0)
    const docs = await archiveOf(schoolId)
    // The current year's classes are not archived: its «Год» has not ended.
    expect(docs.map((d) => d.sourceKey)).toEqual([
      resultsArchiveKey(schoolId, yearId, ownClassId),
      resultsArchiveKey(schoolId, yearId, otherClassId),
    ])
    const [own] = docs
    expect(own).toMatchObject({
      applicationId: null,
      fileName: 'Сводная ведомость 4А 2025-2026 учебный год.docx',
      createdBy: 'Система',
      createdAt: now,
    })
    expect(own.sha256).toBe(sha(own.content))
    const text = docxText(own.content)
    expect(text).toContain('4А')
    expect(text).toContain('Год (2025/2026 учебный год)')
    expect(text).toContain('Архивова Анна')
    expect(text).toContain('Математика — 5; Русский язык — 4')
    expect(text).toContain('Былинов Борис')
    expect(text).not.toContain('Вехова')
    const audit = await db.auditEvent.findMany({ where: { schoolId, action: 'store:results-archive' } })
    expect(audit).toHaveLength(2)
    expect(audit.find((a) => a.entityId === own.id)).toMatchObject({ userId: null, entity: 'StoredDocument', at: now })
  })

  it('stays as it was made when a mark is corrected and the pupils move to the next year’s class', async () => {
    const [before] = await archiveOf(schoolId)
    const next = await db.schoolClass.findFirstOrThrow({ where: { academicYear: { current: true }, name: '5А' } })
    await db.finalMark.updateMany({ where: { pupil: { classId: ownClassId } }, data: { value: '2' } })
    await db.pupil.updateMany({ where: { classId: ownClassId }, data: { classId: next.id } })
    expect(await archiveYearEndResults(T('2026-09-02T09:00'))).toBe(0)
    const [after] = await archiveOf(schoolId)
    expect(after.id).toBe(before.id)
    expect(Buffer.from(after.content).equals(Buffer.from(before.content))).toBe(true)
    expect(docxText(after.content)).toContain('Математика — 5; Русский язык — 4')
  })

  it('is left by the purge of expired applications, which takes the other stray documents (75 years, not 5)', async () => {
    const activity = await storeActivityReport(schoolId, '2026-05', T('2026-06-01T03:00'), tz)
    const later = T('2032-01-10T12:00')
    const expired = await listExpired(schoolId, later, tz)
    const strayIds = expired.strayDocuments.map((d) => d.id)
    expect(strayIds).toContain(activity.id)
    for (const doc of await archiveOf(schoolId)) expect(strayIds).not.toContain(doc.id)
    const page = await pageExpired(schoolId, later, tz)
    expect(page.strayDocuments.map((d) => d.id)).toContain(activity.id)
    expect(page.strayDocumentCount).toBe(page.strayDocuments.length)
    expect(page.strayDocuments.map((d) => d.kind)).not.toContain('results-archive')
  })
})

describe('/staff/reports/results: the archive', () => {
  it('is listed for the administration with every class, and given back byte for byte with the download audited', async () => {
    const cookie = await signIn('deputy')
    const body = (await (await get(resultsPage, '/staff/reports/results', cookie)).json()) as {
      archive: Array<{ id: string; year: string; className: string; createdAt: string }>
    }
    const docs = await archiveOf(schoolId)
    expect(body.archive).toEqual([
      { id: docs[0].id, year: '2025/2026', className: '4А', createdAt: '27.05.2026' },
      { id: docs[1].id, year: '2025/2026', className: '4Б', createdAt: '27.05.2026' },
    ])
    const file = await get(archiveFile, `/staff/reports/results/archive/${docs[0].id}`, cookie, { docId: docs[0].id })
    expect(file.status).toBe(200)
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(docs[0].content))).toBe(true)
    expect(file.headers.get('Content-Disposition')).toContain(encodeURIComponent('Сводная ведомость 4А 2025-2026 учебный год.docx'))
    const deputy = await db.user.findUniqueOrThrow({ where: { login: 'deputy' } })
    expect(await db.auditEvent.count({ where: { userId: deputy.id, action: 'report:results', entityId: docs[0].id } })).toBe(1)
  })

  it('shows a class teacher the class they led that year and no other; a parent gets nothing', async () => {
    const [own, other] = await archiveOf(schoolId)
    const cookie = await signIn(ct5aLogin)
    const body = (await (await get(resultsPage, '/staff/reports/results', cookie)).json()) as { archive: Array<{ id: string }> }
    expect(body.archive.map((a) => a.id)).toEqual([own.id])
    expect((await get(archiveFile, `/x/${own.id}`, cookie, { docId: own.id })).status).toBe(200)
    expect((await get(archiveFile, `/x/${other.id}`, cookie, { docId: other.id })).status).toBe(404)
    const parent = await signIn('parent')
    expect((await get(archiveFile, `/x/${own.id}`, parent, { docId: own.id })).status).toBe(403)
  })

  it('answers 404 for a document that is not an archived ведомость', async () => {
    const activity = await db.storedDocument.findFirstOrThrow({ where: { schoolId, kind: 'activity-report' } })
    const cookie = await signIn('director')
    expect((await get(archiveFile, `/x/${activity.id}`, cookie, { docId: activity.id })).status).toBe(404)
    expect((await get(archiveFile, '/x/nothing', cookie, { docId: 'nothing' })).status).toBe(404)
  })
})
