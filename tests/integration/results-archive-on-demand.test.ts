// ADR 109: the year-end archive of the сводная ведомость finds a pupil moved by hand (no PupilMovement) by the class's
// journal — a mark, an attendance record or a group of the class in the year — and the administration passes a
// skipped class's ведомость to the archive by hand («Передать в архив»), with the class list it confirms, audited
// (Регламент: «сводная ведомость … передана в архив»; Положение 6.5: 75 лет).
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { archiveYearEndResults } from '#app/jobs/results-archive.server'
import { SKIPPED, resultsArchiveKey } from '#app/models/results-archive.server'
import { loader as resultsPage } from '#app/routes/staff.reports.results'
import { action as transferAction, loader as transferLoader } from '#app/routes/staff.reports.results_.transfer'
import { demoLogins } from '../../prisma/seed/seed.server'
import { signIn } from '#tests/helpers/auth'
import { docxText } from '#tests/helpers/docx'
import { getRequest, ORIGIN, settle } from '#tests/helpers/http'
import { T } from './control-helpers'

let schoolId: string
let yearId: string
let oldYearId: string
let handClassId: string
let oldClassId: string
let oldPupilId: string
let strayPupilId: string

const args = (request: Request) => ({ request, params: {}, context: {} })
const post = (path: string, pupilIds: string[], cookie: string) => {
  const body = new URLSearchParams(pupilIds.map((id) => ['pupilId', id]))
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, 'x-client-ip': '127.0.0.1', Cookie: cookie },
    body,
  })
}

beforeAll(async () => {
  const current = await db.academicYear.findFirstOrThrow({ where: { current: true } })
  schoolId = current.schoolId
  const next5b = await db.schoolClass.findFirstOrThrow({ where: { academicYearId: current.id, name: '5Б' } })
  const maths = await db.subject.findFirstOrThrow({ where: { schoolId, name: 'Математика' } })
  const year = await db.academicYear.create({
    data: { schoolId, name: '2025/2026', startsOn: '2025-09-01', endsOn: '2026-05-26', current: false },
  })
  yearId = year.id
  const period = await db.reportingPeriod.create({
    data: { schoolId, academicYearId: year.id, name: 'Год', kind: 'year', ordinal: 1, startsOn: '2025-09-01', endsOn: '2026-05-26' },
  })
  // 4Г: its one pupil was put into 5Б by hand, no move recorded; the journal of 4Г still holds her mark of March.
  const hand = await db.schoolClass.create({ data: { schoolId, academicYearId: year.id, grade: 4, letter: 'Г', name: '4Г' } })
  handClassId = hand.id
  const group = await db.teachingGroup.create({ data: { schoolId, classId: hand.id, name: 'весь класс', wholeClass: true } })
  const rita = await db.pupil.create({
    data: { schoolId, lastName: 'Ручная', firstName: 'Рита', birthDate: '2015-05-01', classId: next5b.id, enrolledOn: '2022-09-01' },
  })
  const lesson = await db.lesson.create({ data: { schoolId, groupId: group.id, subjectId: maths.id, date: '2026-03-10', period: 1 } })
  const workType = await db.workType.findFirstOrThrow({ where: { schoolId } })
  await db.mark.create({ data: { lessonId: lesson.id, pupilId: rita.id, value: '4', workTypeId: workType.id } })
  await db.finalMark.create({ data: { pupilId: rita.id, subjectId: maths.id, periodId: period.id, value: '4' } })

  // 2023/2024 ended long before the archive existed: the worker names 3А, the administration passes it by hand.
  const old = await db.academicYear.create({
    data: { schoolId, name: '2023/2024', startsOn: '2023-09-01', endsOn: '2024-05-25', current: false },
  })
  oldYearId = old.id
  const oldPeriod = await db.reportingPeriod.create({
    data: { schoolId, academicYearId: old.id, name: 'Год', kind: 'year', ordinal: 1, startsOn: '2023-09-01', endsOn: '2024-05-25' },
  })
  const oldClass = await db.schoolClass.create({ data: { schoolId, academicYearId: old.id, grade: 3, letter: 'А', name: '3А' } })
  oldClassId = oldClass.id
  const olga = await db.pupil.create({
    data: {
      schoolId,
      lastName: 'Староверова',
      firstName: 'Ольга',
      birthDate: '2016-04-01',
      classId: oldClass.id,
      enrolledOn: '2021-09-01',
    },
  })
  oldPupilId = olga.id
  await db.finalMark.create({ data: { pupilId: olga.id, subjectId: maths.id, periodId: oldPeriod.id, value: '5' } })
  const stray = await db.pupil.create({
    data: { schoolId, lastName: 'Чужой', firstName: 'Иван', birthDate: '2016-01-01', classId: next5b.id, enrolledOn: '2021-09-01' },
  })
  strayPupilId = stray.id
})

describe('the year-end archive reads the class journal for a pupil moved by hand (ADR 109)', () => {
  it('archives the class with the pupil its journal of the year names, though no move was recorded', async () => {
    await archiveYearEndResults(T('2026-06-10T00:30'))
    const doc = await db.storedDocument.findUniqueOrThrow({ where: { sourceKey: resultsArchiveKey(schoolId, yearId, handClassId) } })
    const text = docxText(doc.content)
    expect(text).toContain('Ручная Рита')
    expect(text).toContain('Математика — 4')
    expect(text).not.toContain('Чужой')
  })
})

describe('«Передать в архив» by hand (ADR 109)', () => {
  const path = () => `/staff.reports.results_.transfer?year=${oldYearId}&class=${oldClassId}`

  it('is offered to the administration for a skipped class, and closed to a teacher (403)', async () => {
    const deputy = await signIn('deputy')
    const page = (await (await settle(() => resultsPage(args(getRequest('/staff/reports/results', deputy))))).json()) as {
      unarchived: Array<{ year: string; yearId: string; classes: Array<{ id: string; name: string }> }>
    }
    expect(page.unarchived).toEqual([{ year: '2023/2024', yearId: oldYearId, classes: [{ id: oldClassId, name: '3А' }] }])
    const res = await settle(() => transferLoader(args(getRequest(path(), deputy))))
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toMatchObject({ ended: true, archived: false, cls: { name: '3А' }, year: { name: '2023/2024' } })
    expect(body.candidates.map((p: { id: string; finals: number; fromJournal: boolean }) => [p.id, p.finals, p.fromJournal])).toEqual([
      [oldPupilId, 1, false],
    ])
    const login = (await demoLogins(db)).find((l) => l.role === 'Учитель-предметник')!.login
    const teacher = await signIn(login)
    expect((await settle(() => transferLoader(args(getRequest(path(), teacher))))).status).toBe(403)
    expect((await settle(() => transferAction(args(post(path(), [oldPupilId], teacher))))).status).toBe(403)
    expect(await db.storedDocument.count({ where: { kind: 'results-archive', sourceKey: { contains: oldClassId } } })).toBe(0)
  })

  it('refuses an empty list, a pupil not on the class list, and a year not ended, in Russian, storing nothing', async () => {
    const deputy = await signIn('deputy')
    const refused = async (request: Request, message: string) => {
      const res = await settle(() => transferAction(args(request)))
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({ error: message })
    }
    await refused(post(path(), [], deputy), SKIPPED.empty)
    await refused(post(path(), [oldPupilId, strayPupilId], deputy), SKIPPED.stranger)
    const current = await db.schoolClass.findFirstOrThrow({ where: { academicYear: { current: true }, name: '5А' } })
    const periodOfCurrent = await db.reportingPeriod.findFirst({ where: { academicYearId: current.academicYearId, kind: 'year' } })
    if (periodOfCurrent) {
      await refused(
        post(`/staff.reports.results_.transfer?year=${current.academicYearId}&class=${current.id}`, [strayPupilId], deputy),
        SKIPPED.notEnded,
      )
    }
    expect(await db.storedDocument.count({ where: { kind: 'results-archive', sourceKey: { contains: oldClassId } } })).toBe(0)
    expect(await db.auditEvent.count({ where: { action: 'store:results-archive', data: { contains: 'onDemand' } } })).toBe(0)
  })

  it('keeps the ведомость with the confirmed list as version 1, audited with who and the list', async () => {
    const deputy = await signIn('deputy')
    const res = await settle(() => transferAction(args(post(path(), [oldPupilId], deputy))))
    expect(res.status).toBe(303)
    const doc = await db.storedDocument.findUniqueOrThrow({ where: { sourceKey: resultsArchiveKey(schoolId, oldYearId, oldClassId) } })
    const user = await db.user.findUniqueOrThrow({ where: { login: 'deputy' }, include: { staff: true } })
    expect(doc).toMatchObject({ applicationId: null, kind: 'results-archive', fileName: 'Сводная ведомость 3А 2023-2024 учебный год.docx' })
    expect(doc.createdBy).toContain(user.staff!.lastName)
    const text = docxText(doc.content)
    expect(text).toContain('Староверова Ольга')
    expect(text).toContain('Математика — 5')
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'store:results-archive', entityId: doc.id } })
    expect(audit.userId).toBe(user.id)
    expect(JSON.parse(String(audit.data))).toMatchObject({ onDemand: true, confirmed: ['Староверова Ольга'], left: [], className: '3А' })

    expect(JSON.parse(String(audit.data))).toMatchObject({ pupilIds: [oldPupilId] })
  })

  it('answers a second click with the same list as the first, storing nothing again; another list is a conflict (ADR 115)', async () => {
    const deputy = await signIn('deputy')
    const again = await settle(() => transferAction(args(post(path(), [oldPupilId], deputy))))
    expect(again.status).toBe(303)
    expect(again.headers.get('Location')).toBe('/staff/reports/results#archive-h')
    expect(await db.storedDocument.count({ where: { kind: 'results-archive', sourceKey: { contains: oldClassId } } })).toBe(1)
    expect(await db.auditEvent.count({ where: { action: 'store:results-archive', data: { contains: oldPupilId } } })).toBe(1)
    // Two clicks at once: both see the class not yet archived, one stores, the other is answered with its version 1.
    const twin = await db.schoolClass.create({ data: { schoolId, academicYearId: oldYearId, grade: 3, letter: 'Б', name: '3Б' } })
    const twinPupil = await db.pupil.create({
      data: { schoolId, lastName: 'Двойная', firstName: 'Дина', birthDate: '2016-02-01', classId: twin.id, enrolledOn: '2021-09-01' },
    })
    const twinPath = `/staff.reports.results_.transfer?year=${oldYearId}&class=${twin.id}`
    const both = await Promise.all([0, 1].map(() => settle(() => transferAction(args(post(twinPath, [twinPupil.id], deputy))))))
    expect(both.map((r) => r.status)).toEqual([303, 303])
    expect(await db.storedDocument.count({ where: { kind: 'results-archive', sourceKey: { contains: twin.id } } })).toBe(1)

    const other = await settle(() => transferAction(args(post(path(), [], deputy))))
    expect(other.status).toBe(409)
    expect(await other.json()).toEqual({ error: SKIPPED.archived })
  })

  it('makes a later version of a hand-archived class from the list confirmed, not a list read again (ADR 115)', async () => {
    // A pupil the administration left out: the class history names him (his class is 3А), the deputy unticked him.
    const maths = await db.subject.findFirstOrThrow({ where: { schoolId, name: 'Математика' } })
    const period = await db.reportingPeriod.findFirstOrThrow({ where: { academicYearId: oldYearId, kind: 'year' } })
    const cls = await db.schoolClass.create({ data: { schoolId, academicYearId: oldYearId, grade: 3, letter: 'В', name: '3В' } })
    const kept = await db.pupil.create({
      data: { schoolId, lastName: 'Оставленная', firstName: 'Вера', birthDate: '2016-03-01', classId: cls.id, enrolledOn: '2021-09-01' },
    })
    const left = await db.pupil.create({
      data: { schoolId, lastName: 'Вычеркнутый', firstName: 'Пётр', birthDate: '2016-03-02', classId: cls.id, enrolledOn: '2021-09-01' },
    })
    for (const p of [kept, left])
      await db.finalMark.create({ data: { pupilId: p.id, subjectId: maths.id, periodId: period.id, value: '4' } })
    const deputy = await signIn('deputy')
    const path3v = `/staff.reports.results_.transfer?year=${oldYearId}&class=${cls.id}`
    expect((await settle(() => transferAction(args(post(path3v, [kept.id], deputy))))).status).toBe(303)
    // The годовая отметка of both is changed later: a version 2 is due for the confirmed pupil's change only.
    const later = new Date(Date.now() + 60_000)
    await db.finalMark.updateMany({ where: { pupilId: { in: [kept.id, left.id] } }, data: { value: '5', setAt: later } })
    await archiveYearEndResults(new Date(later.getTime() + 60_000))
    const v2 = await db.storedDocument.findUniqueOrThrow({ where: { sourceKey: resultsArchiveKey(schoolId, oldYearId, cls.id, 2) } })
    const text = docxText(v2.content)
    expect(text).toContain('Оставленная Вера')
    expect(text).toContain('Математика — 5')
    expect(text).not.toContain('Вычеркнутый')
  })
})
