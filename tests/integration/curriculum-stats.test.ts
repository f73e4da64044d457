// «Статистика проведённых занятий» (Порядок 2.5 ¶6, Положение 4.6.4): lessons planned by the timetable against the
// lessons the journal holds, per subject and group, for the deputy director; read-only.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { loader } from '#app/routes/staff.curriculum'
import { signIn } from '#tests/helpers/auth'
import { getRequest, settle } from '#tests/helpers/http'

async function load(query: string, login = 'deputy') {
  const cookie = await signIn(login)
  return settle(() => loader({ request: getRequest(`/staff/curriculum${query}`, cookie), params: {}, context: {} }))
}

type Stats = { className: string; periodName: string; rows: Array<{ subject: string; group: string; plannedPeriod: number; plannedToDate: number; given: number; difference: number }> }

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
    for (const r of stats.rows) expect(r, `${r.subject} ${r.group}`).toMatchObject({ plannedToDate: r.plannedPeriod, given: r.plannedPeriod, difference: 0 })
    const english = stats.rows.filter((r) => r.subject === 'Английский язык')
    expect(english.map((r) => r.group)).toEqual(['Английский язык, группа 1', 'Английский язык, группа 2'])

    const math = await db.lesson.findFirstOrThrow({ where: { group: { classId: cls.id }, subject: { name: 'Математика' }, date: { gte: q1.startsOn, lte: q1.endsOn } } })
    await db.lesson.delete({ where: { id: math.id } })
    const after = (await (await load(`?class=${cls.id}&period=${q1.id}`)).json()) as Stats
    expect(after.rows.find((r) => r.subject === 'Математика')).toMatchObject({ given: stats.rows.find((r) => r.subject === 'Математика')!.given - 1, difference: -1 })
  })

  it('is for the deputy director and the director only; a bad ?class= shows the first class', async () => {
    expect((await load('?class=нет')).status).toBe(200)
    expect(((await (await load('?class=нет', 'director')).json()) as Stats).className).toBe('1А')
    expect((await load('', 'parent')).status).toBe(403)
    expect((await load('', 'responsible')).status).toBe(403)
  })
})
