// Journal reports the deputy director and the class teachers use (Положение 4.3.8, 4.6.3): attendance of a class by
// month and the class's results for a period (сводная ведомость), each as a page and a Word report read back; staff
// with journal control only.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { loader } from '#app/routes/staff.reports.attendance'
import { loader as docxLoader } from '#app/routes/staff.reports.attendance.docx'
import { loader as resultsLoader } from '#app/routes/staff.reports.results'
import { loader as resultsDocx } from '#app/routes/staff.reports.results.docx'
import { signIn } from '#tests/helpers/auth'
import { docxText } from '#tests/helpers/docx'
import { getRequest, settle } from '#tests/helpers/http'

const call = async (fn: typeof loader | typeof resultsLoader, path: string, login = 'deputy') => {
  const cookie = await signIn(login)
  return settle(() => fn({ request: getRequest(path, cookie), params: {}, context: {} }))
}

type Row = { n: number; pupil: string; missed: number; ill: number; absent: number; valid: number; invalid: number; late: number }

describe('attendance by month', () => {
  it('counts each pupil’s missed lessons, excused or not, and lateness as the journal records them, on the page and in Word', async () => {
    const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '5А' } })
    const a = await db.attendance.findFirstOrThrow({
      where: { pupil: { classId: cls.id }, kind: { not: 'late' } },
      include: { lesson: true, pupil: true },
    })
    const month = a.lesson.date.slice(0, 7)
    const res = await call(loader, `/staff/reports/attendance?class=${cls.id}&month=${month}`)
    expect(res.status).toBe(200)
    const report = (await res.json()) as {
      className: string
      month: string
      monthLabel: string
      rows: Row[]
      total: Omit<Row, 'n' | 'pupil'>
    }
    expect(report).toMatchObject({ className: '5А', month })
    const facts = await db.attendance.findMany({
      where: { pupil: { classId: cls.id }, lesson: { date: { gte: `${month}-01`, lte: `${month}-31` } } },
    })
    const own = facts.filter((f) => f.pupilId === a.pupilId)
    const missed = own.filter((f) => f.kind !== 'late')
    const row = report.rows.find((r) => r.pupil === `${a.pupil.lastName} ${a.pupil.firstName} ${a.pupil.middleName}`.trim())!
    expect(row).toMatchObject({
      missed: missed.length,
      ill: own.filter((f) => f.kind === 'ill').length,
      absent: own.filter((f) => f.kind === 'absent').length,
      valid: missed.filter((f) => f.validReason).length,
      invalid: missed.filter((f) => !f.validReason).length,
      late: own.filter((f) => f.kind === 'late').length,
    })
    expect(report.total.missed).toBe(facts.filter((f) => f.kind !== 'late').length)
    expect(report.total.late).toBe(facts.filter((f) => f.kind === 'late').length)
    expect(report.rows.reduce((n, r) => n + r.missed, 0)).toBe(report.total.missed)

    const docx = await call(docxLoader, `/staff/reports/attendance/docx?class=${cls.id}&month=${month}`)
    expect(docx.status).toBe(200)
    // The file is named with the month in words, as the page shows it, not ГГГГ-ММ.
    expect(decodeURIComponent(docx.headers.get('Content-Disposition')!)).toContain(`Посещаемость 5А за ${report.monthLabel}.docx`)
    const text = docxText(Buffer.from(await docx.arrayBuffer()))
    expect(text).toContain(`5А класс, ${report.monthLabel}`)
    expect(text).toContain([String(row.n), row.pupil, row.missed, row.ill, row.absent, row.valid, row.invalid, row.late].join('\n'))
    expect(text).toContain(`Итого по классу: пропущено ${report.total.missed}`)
    expect(text).not.toMatch(/\{[a-zA-Z.#/^]+\}/)
    expect(await db.auditEvent.count({ where: { action: 'report:attendance' } })).toBe(1)
  })

  it('is for journal control only; a bad ?month= shows the latest month', async () => {
    expect((await call(loader, '/staff/reports/attendance', 'parent')).status).toBe(403)
    expect((await call(docxLoader, '/staff/reports/attendance/docx', 'responsible')).status).toBe(403)
    const res = await call(loader, '/staff/reports/attendance?month=2099-13', 'director')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { month: string; months: Array<{ value: string }> }
    expect(body.month).toBe(body.months.at(-1)!.value)
  })
})

describe('сводная ведомость (class results for a period)', () => {
  it('lists each pupil’s final marks of the period, the summary per subject and for the class, on the page and in Word', async () => {
    const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '5А' } })
    const q1 = await db.reportingPeriod.findFirstOrThrow({ where: { kind: 'quarter', ordinal: 1, academicYear: { current: true } } })
    const res = await call(resultsLoader, `/staff/reports/results?class=${cls.id}&period=${q1.id}`)
    expect(res.status).toBe(200)
    const report = (await res.json()) as {
      className: string
      periodName: string
      subjects: string[]
      pupils: Array<{ pupil: string; marks: Record<string, string> }>
      summaries: Array<{
        subject: string
        five: number
        four: number
        three: number
        two: number
        none: number
        progress: string
        quality: string
      }>
    }
    expect(report).toMatchObject({ className: '5А', periodName: '1 четверть' })
    const finals = await db.finalMark.findMany({
      where: { periodId: q1.id, pupil: { classId: cls.id } },
      include: { pupil: true, subject: true },
    })
    expect(finals.length).toBeGreaterThan(0)
    const f = finals.find((x) => x.subject.name === 'Математика')!
    const row = report.pupils.find((p) => p.pupil === `${f.pupil.lastName} ${f.pupil.firstName} ${f.pupil.middleName}`.trim())!
    expect(row.marks['Математика']).toBe(f.value)
    const math = report.summaries.find((s) => s.subject === 'Математика')!
    const values = finals.filter((x) => x.subject.name === 'Математика').map((x) => x.value)
    expect([math.five, math.four, math.three, math.two]).toEqual(['5', '4', '3', '2'].map((v) => values.filter((x) => x === v).length))
    expect(math.five + math.four + math.three + math.two + math.none).toBe(report.pupils.length)

    const docx = await call(resultsDocx, `/staff/reports/results/docx?class=${cls.id}&period=${q1.id}`)
    expect(docx.status).toBe(200)
    const text = docxText(Buffer.from(await docx.arrayBuffer()))
    expect(text).toContain('СВОДНАЯ ВЕДОМОСТЬ УСПЕВАЕМОСТИ')
    expect(text).toContain(`5А класс, 1 четверть; обучающихся: ${report.pupils.length}`)
    expect(text).toContain(`Математика — ${f.value}`)
    expect(text).toContain(['Математика', math.five, math.four, math.three, math.two].join('\n'))
    expect(text).not.toMatch(/\{[a-zA-Z.#/^]+\}/)
    expect((await call(resultsLoader, '/staff/reports/results', 'parent')).status).toBe(403)
  })
})
