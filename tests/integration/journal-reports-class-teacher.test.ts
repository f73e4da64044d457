// Issue 16, Положение 4.3.8, 4.6.3 (ADR 068): a class teacher opens the journal reports — attendance by month, the
// сводная ведомость, the lessons given against the curriculum — for the class they lead, each as a page and in Word;
// another class, by its address, is refused with a Russian message; a subject teacher and a parent reach none of them.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { loader as attendance } from '#app/routes/staff.reports.attendance'
import { loader as attendanceDocx } from '#app/routes/staff.reports.attendance.docx'
import { loader as results } from '#app/routes/staff.reports.results'
import { loader as resultsDocx } from '#app/routes/staff.reports.results.docx'
import { loader as curriculum } from '#app/routes/staff.curriculum'
import { loader as curriculumDocx } from '#app/routes/staff.curriculum.docx'
import { loader as reportsIndex } from '#app/routes/staff.reports._index'
import { OTHER_CLASS } from '#app/models/journal/report-access.server'
import { demoLogins } from '../../prisma/seed/seed.server'
import { signIn } from '#tests/helpers/auth'
import { docxText } from '#tests/helpers/docx'
import { getRequest, settle } from '#tests/helpers/http'

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>
const get = async (fn: Loader, path: string, cookie: string) =>
  settle(() => fn({ request: getRequest(path, cookie), params: {}, context: {} }))
const loginOf = async (role: string) => (await demoLogins(db)).find((l) => l.role === role)!.login

const PAGES: Array<[string, Loader, Loader]> = [
  ['/staff/reports/attendance', attendance, attendanceDocx],
  ['/staff/reports/results', results, resultsDocx],
  ['/staff/curriculum', curriculum, curriculumDocx],
]

describe('journal reports for a class teacher', () => {
  it('shows the class they lead, with only that class in the chooser, on the page and in Word', async () => {
    const own = await db.schoolClass.findFirstOrThrow({ where: { name: '5А' }, include: { classTeacher: true } })
    const cookie = await signIn(await loginOf('Классный руководитель 5А'))
    for (const [path, page, docx] of PAGES) {
      // Without ?class= the report opens on their class, not on the school's first (1А).
      for (const url of [path, `${path}?class=${own.id}`]) {
        const res = await get(page, url, cookie)
        expect([url, res.status]).toEqual([url, 200])
        const body = (await res.json()) as { classId: string; className: string; classes: Array<{ id: string; name: string }> }
        expect(body).toMatchObject({ classId: own.id, className: '5А', classes: [{ id: own.id, name: '5А' }] })
      }
      const file = await get(docx, `${path}/docx?class=${own.id}`, cookie)
      expect([path, file.status]).toEqual([path, 200])
      expect(docxText(Buffer.from(await file.arrayBuffer()))).toContain('5А')
    }
    // The reports' index offers each report on their class.
    const index = (await (await get(reportsIndex, '/staff/reports', cookie)).json()) as { own: boolean; classes: Array<{ name: string }> }
    expect(index).toEqual({ own: true, classes: [{ id: own.id, name: '5А' }] })
    // Each Word report is in the audit log under the class teacher's account.
    const user = await db.user.findFirstOrThrow({ where: { staff: { id: own.classTeacherId! } } })
    expect(
      await db.auditEvent.count({
        where: { userId: user.id, action: { in: ['report:attendance', 'report:results', 'report:curriculum'] } },
      }),
    ).toBe(3)
  })

  it('refuses another class by its address, on the page and in Word, with a Russian message', async () => {
    const other = await db.schoolClass.findFirstOrThrow({ where: { name: '5Б' } })
    const cookie = await signIn(await loginOf('Классный руководитель 5А'))
    for (const [path, page, docx] of PAGES) {
      for (const [fn, url] of [
        [page, `${path}?class=${other.id}`],
        [docx, `${path}/docx?class=${other.id}`],
      ] as const) {
        const res = await get(fn, url, cookie)
        expect([url, res.status]).toEqual([url, 403])
        expect(await res.text()).toBe(OTHER_CLASS)
      }
    }
    expect(OTHER_CLASS).toMatch(/^[А-ЯЁ][а-яё ]+$/)
  })

  it('id tampering never shows another class: a repeated ?class=, an unknown id, a class they led in an earlier year', async () => {
    const own = await db.schoolClass.findFirstOrThrow({ where: { name: '5А' } })
    const other = await db.schoolClass.findFirstOrThrow({ where: { name: '5Б' } })
    const cookie = await signIn(await loginOf('Классный руководитель 5А'))
    // A class of an earlier year they led (its id still names them as its class teacher).
    const past = await db.academicYear.create({
      data: { schoolId: own.schoolId, name: '2019/2020', startsOn: '2019-09-01', endsOn: '2020-05-31', current: false },
    })
    const earlier = await db.schoolClass.create({
      data: { schoolId: own.schoolId, academicYearId: past.id, grade: 5, letter: 'Б', name: '5Б', classTeacherId: own.classTeacherId },
    })
    try {
      for (const [path, page, docx] of PAGES) {
        for (const [fn, suffix] of [
          [page, ''],
          [docx, '/docx'],
        ] as const) {
          const refused = [`?class=${other.id}&class=${own.id}`, '?class=nosuch', `?class=${encodeURIComponent(` ${other.id}`)}`]
          for (const query of refused) {
            const res = await get(fn, `${path}${suffix}${query}`, cookie)
            expect([path + suffix + query, res.status]).toEqual([path + suffix + query, 403])
            expect(await res.text()).toBe(OTHER_CLASS)
          }
          // Their own class first and another after it, or last year's class: the report is of their class, 5А.
          for (const query of [`?class=${own.id}&class=${other.id}`, `?class=${earlier.id}`]) {
            const res = await get(fn, `${path}${suffix}${query}`, cookie)
            expect([path + suffix + query, res.status]).toEqual([path + suffix + query, 200])
            if (suffix) {
              const text = docxText(Buffer.from(await res.arrayBuffer()))
              expect(text).toContain('5А')
              expect(text).not.toContain('5Б')
            } else expect(((await res.json()) as { classId: string }).classId).toBe(own.id)
          }
        }
      }
    } finally {
      await db.schoolClass.delete({ where: { id: earlier.id } })
      await db.academicYear.delete({ where: { id: past.id } })
    }
  })

  it('is not for a subject teacher or a parent; the deputy keeps every class', async () => {
    for (const login of [await loginOf('Учитель-предметник'), 'parent']) {
      const cookie = await signIn(login)
      for (const [path, page, docx] of PAGES) {
        expect([login, path, (await get(page, path, cookie)).status]).toEqual([login, path, 403])
        expect([login, path, (await get(docx, `${path}/docx`, cookie)).status]).toEqual([login, path, 403])
      }
      expect((await get(reportsIndex, '/staff/reports', cookie)).status).toBe(403)
    }
    const deputy = await signIn('deputy')
    const other = await db.schoolClass.findFirstOrThrow({ where: { name: '5Б' } })
    for (const [path, page] of PAGES) {
      const body = (await (await get(page, `${path}?class=${other.id}`, deputy)).json()) as { className: string; classes: unknown[] }
      expect(body.className).toBe('5Б')
      expect(body.classes).toHaveLength(22)
    }
    expect(await (await get(reportsIndex, '/staff/reports', deputy)).json()).toEqual({ own: false, classes: [] })
  })
})
