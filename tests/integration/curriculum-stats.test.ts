// «Статистика проведённых занятий» (Порядок 2.5 ¶6, Положение 4.6.4): lessons planned by the timetable against the
// lessons the journal holds, per subject and group, for the deputy director; read-only.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { loader } from '#app/routes/staff.curriculum'
import { loader as docxLoader } from '#app/routes/staff.curriculum.docx'
import { applyImport } from '#app/import/run.server'
import { signIn } from '#tests/helpers/auth'
import { docxText } from '#tests/helpers/docx'
import { getRequest, settle } from '#tests/helpers/http'

async function load(query: string, login = 'deputy') {
  const cookie = await signIn(login)
  return settle(() => loader({ request: getRequest(`/staff/curriculum${query}`, cookie), params: {}, context: {} }))
}

type Stats = {
  className: string
  periodName: string
  rows: Array<{
    subject: string
    group: string
    plannedPeriod: number
    plannedToDate: number
    given: number
    difference: number
    ktp: number | null
  }>
}

describe('lessons given against the curriculum', () => {
  it('matches the seeded journal (it follows the timetable) and shows a lesson not given as a deficit', async () => {
    const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '5А' } })
    const q1 = await db.reportingPeriod.findFirstOrThrow({ where: { kind: 'quarter', ordinal: 1 } })
    const res = await load(`?class=${cls.id}&period=${q1.id}`)
    expect(res.status).toBe(200)
    const stats = (await res.json()) as Stats
    expect(stats).toMatchObject({ className: '5А', periodName: '1 четверть' })
    const lessons = await db.lesson.count({ where: { group: { classId: cls.id }, date: { gte: q1.startsOn, lte: q1.endsOn } } })
    expect(stats.rows.reduce((n, r) => n + r.given, 0)).toBe(lessons)
    // The closed quarter: everything planned was planned by today, and the demo school gave every lesson.
    for (const r of stats.rows)
      expect(r, `${r.subject} ${r.group}`).toMatchObject({ plannedToDate: r.plannedPeriod, given: r.plannedPeriod, difference: 0 })
    const english = stats.rows.filter((r) => r.subject === 'Английский язык')
    expect(english.map((r) => r.group)).toEqual(['Английский язык, группа 1', 'Английский язык, группа 2'])

    const math = await db.lesson.findFirstOrThrow({
      where: { group: { classId: cls.id }, subject: { name: 'Математика' }, date: { gte: q1.startsOn, lte: q1.endsOn } },
    })
    await db.lesson.delete({ where: { id: math.id } })
    const after = (await (await load(`?class=${cls.id}&period=${q1.id}`)).json()) as Stats
    expect(after.rows.find((r) => r.subject === 'Математика')).toMatchObject({
      given: stats.rows.find((r) => r.subject === 'Математика')!.given - 1,
      difference: -1,
    })
  })

  it('is for the deputy director and the director only; a bad ?class= shows the first class', async () => {
    expect((await load('?class=нет')).status).toBe(200)
    expect(((await (await load('?class=нет', 'director')).json()) as Stats).className).toBe('1А')
    expect((await load('', 'parent')).status).toBe(403)
    expect((await load('', 'responsible')).status).toBe(403)
  })
})

describe('the calendar-thematic plan (КТП) and the Word report (ADR 059)', () => {
  it(
    'shows the imported hours per subject and group beside the timetable, sums ' +
      'the quarters for the year, and prints the same rows in Word',
    async () => {
      const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '5А' } })
      const periods = await db.reportingPeriod.findMany({ where: { academicYear: { current: true } } })
      const q = (n: number) => periods.find((p) => p.kind === 'quarter' && p.ordinal === n)!
      const year = periods.find((p) => p.kind === 'year')!
      const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(';')).join('\n'))
      const file = csv([
        ['Класс', 'Группа', 'Предмет', 'Период', 'Часов'],
        ['5А', '', 'Математика', '1 четверть', '38'],
        ['5А', '', 'Математика', '2 четверть', '40'],
        ['5А', 'Английский язык, группа 1', 'Английский язык', '1 четверть', '24'],
        ['5А', '', 'Русский язык', 'Год', '170'],
      ])
      const report = await applyImport({ schoolId: cls.schoolId, kind: 'planned-hours', fileName: 'ktp.csv', bytes: file })
      expect(report).toMatchObject({ applied: true, errors: [], counts: { created: 4 } })
      // Bad rows: a half for the 5th grade, hours out of range, a duplicate — nothing written.
      const bad = await applyImport({
        schoolId: cls.schoolId,
        kind: 'planned-hours',
        fileName: 'ktp.csv',
        bytes: csv([
          ['Класс', 'Группа', 'Предмет', 'Период', 'Часов'],
          ['5А', '', 'Математика', '1 полугодие', '70'],
          ['5А', '', 'Литература', '1 четверть', '999'],
          ['5А', '', 'Литература', '2 четверть', '20'],
          ['5А', '', 'Литература', '2 четверть', '21'],
        ]),
      })
      expect(bad.applied).toBe(false)
      expect(bad.errors.map((e) => [e.line, e.column, e.message])).toEqual([
        [2, 'Период', 'В 5А классе отчётный период — четверть: часы на «1 полугодие» не планируются.'],
        [3, 'Часов', 'Неверное число «999»: ожидается целое от 0 до 400.'],
        [5, 'Часов', 'Часы этой группы по этому предмету на этот период уже указаны в строке 4.'],
      ])
      expect(await db.plannedHours.count()).toBe(4)

      const first = (await (await load(`?class=${cls.id}&period=${q(1).id}`)).json()) as Stats
      expect(first.rows.find((r) => r.subject === 'Математика')!.ktp).toBe(38)
      expect(first.rows.find((r) => r.subject === 'Английский язык' && r.group === 'Английский язык, группа 1')!.ktp).toBe(24)
      expect(first.rows.find((r) => r.subject === 'Английский язык' && r.group === 'Английский язык, группа 2')!.ktp).toBeNull()
      expect(first.rows.find((r) => r.subject === 'Литература')!.ktp).toBeNull()
      const wholeYear = (await (await load(`?class=${cls.id}&period=${year.id}`)).json()) as Stats
      expect(wholeYear.rows.find((r) => r.subject === 'Математика')!.ktp).toBe(78)
      expect(wholeYear.rows.find((r) => r.subject === 'Русский язык')!.ktp).toBe(170)

      const cookie = await signIn('deputy')
      const res = await settle(() =>
        docxLoader({ request: getRequest(`/staff/curriculum/docx?class=${cls.id}&period=${q(1).id}`, cookie), params: {}, context: {} }),
      )
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/wordprocessingml/)
      const text = docxText(Buffer.from(await res.arrayBuffer()))
      expect(text).toContain('СТАТИСТИКА ПРОВЕДЁННЫХ ЗАНЯТИЙ')
      expect(text).toContain('5А класс, 1 четверть')
      const math = first.rows.find((r) => r.subject === 'Математика')!
      expect(text).toContain(['Математика', 'весь класс', math.plannedPeriod, 38, math.plannedToDate, math.given].join('\n'))
      expect(text).not.toMatch(/\{[a-zA-Z.#/^]+\}/)
      expect(await db.auditEvent.count({ where: { action: 'report:curriculum' } })).toBe(1)
      const parent = await signIn('parent')
      const refused = await settle(() =>
        docxLoader({ request: getRequest(`/staff/curriculum/docx?class=${cls.id}`, parent), params: {}, context: {} }),
      )
      expect(refused.status).toBe(403)
    },
  )
})
