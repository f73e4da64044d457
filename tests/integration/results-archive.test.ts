// Регламент ведения ЭЖ, «Общие правила ведения учета»: «Если данные по учебному году хранятся в электронном виде,
// сводная ведомость должна быть передана в архив сразу по завершении ведения учета»; Положение 6.5: сводные
// ведомости хранятся 75 лет. The worker keeps each class's ведомость of the year 14 days after the year's «Год» period
// has ended (the годовые отметки are set after it), from the class list as it stood (the pupils' moves); an empty list
// or a year that ended long before is not archived but named; a mark set later adds a version and leaves the old one;
// the retention purge of applications leaves it; /staff/reports/results lists it and gives it back, checked against its
// sha256, to whom the reports are open (ADR 068, 099).
import { createHash } from 'node:crypto'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { db } from '#app/utils/db.server'
import { archiveYearEndResults } from '#app/jobs/results-archive.server'
import { ARCHIVE_DAMAGED, archiveEndedYears, resultsArchiveKey } from '#app/models/results-archive.server'
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
  db.storedDocument.findMany({ where: { schoolId, kind: 'results-archive' }, orderBy: [{ createdAt: 'asc' }, { fileName: 'asc' }] })

let schoolId: string
let yearId: string
let ownClassId: string
let otherClassId: string
let ct5aLogin: string
let periodId: string
let lostClassId: string

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
  periodId = period.id
  // 4В: its one pupil was put into 5Б by hand, with no move recorded — the list cannot be read as it stood.
  const lost = await db.schoolClass.create({ data: { schoolId, academicYearId: year.id, grade: 4, letter: 'В', name: '4В' } })
  lostClassId = lost.id
  const next5b = await db.schoolClass.findFirstOrThrow({ where: { academicYearId: current.id, name: '5Б' } })
  await db.pupil.create({
    data: { schoolId, lastName: 'Потерянный', firstName: 'Пётр', birthDate: '2015-04-01', classId: next5b.id, enrolledOn: '2022-09-01' },
  })
  // 2023/2024 ended long before the archive existed: its class still holds a pupil, but it is not archived from today's lists.
  const old = await db.academicYear.create({
    data: { schoolId, name: '2023/2024', startsOn: '2023-09-01', endsOn: '2024-05-25', current: false },
  })
  await db.reportingPeriod.create({
    data: { schoolId, academicYearId: old.id, name: 'Год', kind: 'year', ordinal: 1, startsOn: '2023-09-01', endsOn: '2024-05-25' },
  })
  const oldClass = await db.schoolClass.create({ data: { schoolId, academicYearId: old.id, grade: 2, letter: 'А', name: '2А' } })
  await db.pupil.create({
    data: {
      schoolId,
      lastName: 'Староверова',
      firstName: 'Ольга',
      birthDate: '2016-04-01',
      classId: oldClass.id,
      enrolledOn: '2022-09-01',
    },
  })
})

describe('the year-end archive of the сводная ведомость (Регламент; Положение 6.5)', () => {
  it('is not made until 14 days after «Год» ends, while the годовые отметки are still being set', async () => {
    expect(await archiveYearEndResults(T('2026-05-27T00:30'))).toBe(0)
    expect(await archiveYearEndResults(T('2026-06-09T23:59'))).toBe(0)
    expect(await archiveOf(schoolId)).toHaveLength(0)
  })

  it('keeps each class’s ведомость from the list as it stood, after the pupils moved to next year’s class, once', async () => {
    // The import moves 4А into 5А on 01.06.2026 and records the move (PupilMovement), as app/import/kinds/pupils does.
    const next = await db.schoolClass.findFirstOrThrow({ where: { academicYear: { current: true }, name: '5А' } })
    for (const p of await db.pupil.findMany({ where: { classId: ownClassId } })) {
      await db.pupilMovement.create({
        data: { pupilId: p.id, kind: 'moved', date: '2026-06-01', fromClassId: ownClassId, toClassId: next.id },
      })
      await db.pupil.update({ where: { id: p.id }, data: { classId: next.id } })
    }
    const now = T('2026-06-10T00:30')
    expect(await archiveYearEndResults(now)).toBe(2)
    expect(await archiveYearEndResults(T('2026-06-11T09:00'))).toBe(0)
    const docs = await archiveOf(schoolId)
    // Neither the current year's classes (its «Год» has not ended), nor 4В (an empty list), nor 2023/2024 (long ago).
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
    expect(await db.storedDocument.count({ where: { sourceKey: resultsArchiveKey(schoolId, yearId, lostClassId) } })).toBe(0)
  })

  it('adds a new version when a годовая отметка is set later, keeping the old one as it was made', async () => {
    const [before] = await archiveOf(schoolId)
    const setAt = T('2026-06-20T10:00')
    await db.finalMark.updateMany({
      where: { periodId, pupil: { lastName: 'Архивова' }, subject: { name: 'Математика' } },
      data: { value: '4', setAt },
    })
    expect(await archiveYearEndResults(T('2026-06-20T11:00'))).toBe(1)
    expect(await archiveYearEndResults(T('2026-09-02T09:00'))).toBe(0)
    const docs = await archiveOf(schoolId)
    const old = docs.find((d) => d.id === before.id)!
    expect(Buffer.from(old.content).equals(Buffer.from(before.content))).toBe(true)
    const v2 = docs.find((d) => d.sourceKey === resultsArchiveKey(schoolId, yearId, ownClassId, 2))!
    expect(v2.fileName).toBe('Сводная ведомость 4А 2025-2026 учебный год (версия 2).docx')
    expect(docxText(v2.content)).toContain('Математика — 4; Русский язык — 4')
    expect(docxText(v2.content)).toContain('Былинов Борис')
    expect(docxText(old.content)).toContain('Математика — 5; Русский язык — 4')
  })

  it('renders at most the pass’s budget and stops between classes when asked', async () => {
    const y = await db.academicYear.create({ data: { schoolId, name: '2024/2025', startsOn: '2024-09-01', endsOn: '2025-05-26' } })
    await db.reportingPeriod.create({
      data: { schoolId, academicYearId: y.id, name: 'Год', kind: 'year', ordinal: 1, startsOn: '2024-09-01', endsOn: '2025-05-26' },
    })
    for (const letter of ['А', 'Б']) {
      const cls = await db.schoolClass.create({ data: { schoolId, academicYearId: y.id, grade: 3, letter, name: `3${letter}` } })
      await db.pupil.create({
        data: {
          schoolId,
          lastName: `Бюджетов${letter}`,
          firstName: 'Иван',
          birthDate: '2016-05-01',
          classId: cls.id,
          enrolledOn: '2022-09-01',
        },
      })
    }
    const now = T('2025-06-20T10:00')
    expect(await archiveEndedYears(schoolId, now, tz, { rendersLeft: 2, stopped: () => true })).toHaveLength(0)
    expect(await archiveEndedYears(schoolId, now, tz, { rendersLeft: 1, stopped: () => false })).toHaveLength(1)
    expect(await archiveEndedYears(schoolId, now, tz, { rendersLeft: 5, stopped: () => false })).toHaveLength(1)
    expect(await db.storedDocument.count({ where: { sourceKey: { contains: y.id } } })).toBe(2)
    await db.storedDocument.deleteMany({ where: { sourceKey: { contains: y.id } } })
    await db.pupil.deleteMany({ where: { lastName: { startsWith: 'Бюджетов' } } })
    await db.schoolClass.deleteMany({ where: { academicYearId: y.id } })
    await db.reportingPeriod.deleteMany({ where: { academicYearId: y.id } })
    await db.academicYear.delete({ where: { id: y.id } })
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
      archive: Array<{ id: string; year: string; className: string; version: number; createdAt: string }>
      unarchived: Array<{ year: string; classes: Array<{ name: string }> }>
    }
    const docs = await archiveOf(schoolId)
    const v2 = docs.find((d) => d.sourceKey?.endsWith(':v2'))!
    expect(body.archive).toEqual([
      { id: v2.id, year: '2025/2026', className: '4А', version: 2, createdAt: '20.06.2026' },
      { id: docs[0].id, year: '2025/2026', className: '4А', version: 1, createdAt: '10.06.2026' },
      { id: docs[1].id, year: '2025/2026', className: '4Б', version: 1, createdAt: '10.06.2026' },
    ])
    // The classes not archived automatically are named to the administration.
    expect(body.unarchived.map((u) => ({ year: u.year, classes: u.classes.map((c) => c.name) }))).toEqual([
      { year: '2025/2026', classes: ['4В'] },
      { year: '2023/2024', classes: ['2А'] },
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
    const v2 = (await archiveOf(schoolId)).find((d) => d.sourceKey?.endsWith(':v2'))!
    expect(body.archive.map((a) => a.id)).toEqual([v2.id, own.id])
    expect((await get(archiveFile, `/x/${own.id}`, cookie, { docId: own.id })).status).toBe(200)
    expect((await get(archiveFile, `/x/${other.id}`, cookie, { docId: other.id })).status).toBe(404)
    const parent = await signIn('parent')
    expect((await get(archiveFile, `/x/${own.id}`, parent, { docId: own.id })).status).toBe(403)
  })

  it('reads the archive once per view, and a class teacher’s view asks nothing about the classes left out of it', async () => {
    const deputy = await signIn('deputy')
    const teacher = await signIn(ct5aLogin)
    const archiveReads = vi.spyOn(db.storedDocument, 'findMany')
    const yearReads = vi.spyOn(db.academicYear, 'findMany')
    try {
      await get(resultsPage, '/staff/reports/results', deputy)
      expect(archiveReads).toHaveBeenCalledTimes(1)
      expect(yearReads).toHaveBeenCalledTimes(1)
      archiveReads.mockClear()
      yearReads.mockClear()
      await get(resultsPage, '/staff/reports/results', teacher)
      expect(archiveReads).toHaveBeenCalledTimes(1)
      expect(yearReads).not.toHaveBeenCalled()
    } finally {
      archiveReads.mockRestore()
      yearReads.mockRestore()
    }
  })

  it('answers 404 for a document that is not an archived ведомость', async () => {
    const activity = await db.storedDocument.findFirstOrThrow({ where: { schoolId, kind: 'activity-report' } })
    const cookie = await signIn('director')
    expect((await get(archiveFile, `/x/${activity.id}`, cookie, { docId: activity.id })).status).toBe(404)
    expect((await get(archiveFile, '/x/nothing', cookie, { docId: 'nothing' })).status).toBe(404)
  })

  it('is listed to the administration while no year is current, with no report of a current class', async () => {
    await db.academicYear.updateMany({ where: { schoolId, name: '2026/2027' }, data: { current: false } })
    try {
      const res = await get(resultsPage, '/staff/reports/results', await signIn('deputy'))
      expect(res.status).toBe(200)
      const body = (await res.json()) as { archive: unknown[]; noReport: string | null; classId?: string }
      expect(body.archive).toHaveLength(3)
      expect(body.classId).toBeUndefined()
      expect(body.noReport).toBeTruthy()
    } finally {
      await db.academicYear.updateMany({ where: { schoolId, name: '2026/2027' }, data: { current: true } })
    }
  })

  it('refuses a file whose bytes no longer match the kept sha256, in Russian, and audits the refusal', async () => {
    const [own] = await archiveOf(schoolId)
    const damaged = Buffer.from(own.content)
    damaged[damaged.length - 1] ^= 0xff
    await db.storedDocument.update({ where: { id: own.id }, data: { content: new Uint8Array(damaged) } })
    const res = await get(archiveFile, `/x/${own.id}`, await signIn('director'), { docId: own.id })
    expect(res.status).toBe(500)
    expect(await res.text()).toBe(ARCHIVE_DAMAGED)
    expect(await db.auditEvent.count({ where: { action: 'integrity:results-archive', entityId: own.id } })).toBe(1)
  })
})
