// The parent's e-diary (Порядок 2.5, Положение 2.5, 3.6): the week view and the marks by subject for any period,
// read from the seeded journal; the route refuses another family's pupil and survives bad parameters.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { getDiaryPeriod, getDiaryWeek } from '#app/models/journal/diary.server'
import { loader as childLoader } from '#app/routes/parent.children.$pupilId'
import { signIn } from '#tests/helpers/auth'
import { getRequest, settle } from '#tests/helpers/http'
import { formatAverage, weightedAverage } from '#workflows/forecast'
import { addDays } from '#workflows/time'

const SCHOOL = 'school_8'
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })

async function pupilWithMarks() {
  const mark = await db.mark.findFirstOrThrow({
    where: { pupil: { leftOn: null, class: { grade: 5 } } },
    orderBy: { lesson: { date: 'asc' } },
    select: { pupilId: true, value: true, lesson: { select: { id: true, date: true } } },
  })
  return mark
}

async function ownAndStranger() {
  const user = await db.user.findUniqueOrThrow({ where: { login: 'parent' }, include: { guardian: { include: { links: true } } } })
  const own = user.guardian!.links.map((l) => l.pupilId)
  const stranger = await db.pupil.findFirstOrThrow({ where: { id: { notIn: own } } })
  return { own: own[0], stranger: stranger.id }
}

describe('the week view', () => {
  it('shows each lesson of the week with its marks, work type and weight, topic and homework (one day as the journal has it)', async () => {
    const mark = await pupilWithMarks()
    const week = await getDiaryWeek(SCHOOL, mark.pupilId, mark.lesson.date, { today: mark.lesson.date })
    expect(week).not.toBeNull()
    const day = week!.days.find((d) => d.date === mark.lesson.date)!
    expect(day.today).toBe(true)
    expect(week!.days.filter((d) => d.today)).toHaveLength(1)
    const lesson = day.lessons.find((l) => l.id === mark.lesson.id)!
    const stored = await db.lesson.findUniqueOrThrow({
      where: { id: mark.lesson.id },
      include: { subject: true, marks: { where: { pupilId: mark.pupilId }, include: { workType: true } } },
    })
    expect(lesson).toMatchObject({ subject: stored.subject.name, topic: stored.topic, homework: stored.homework, period: stored.period })
    expect(lesson.marks).toEqual(stored.marks.map((m) => ({ value: m.value, workType: m.workType.name, weight: m.workType.weight })))
    expect(lesson.room).not.toBe('')
    expect(lesson.teacher).not.toBe('')
    // Lessons in order, days Monday first.
    expect(week!.days[0].weekday).toBe('понедельник')
    for (const d of week!.days) expect(d.lessons.map((l) => l.period)).toEqual([...d.lessons.map((l) => l.period)].sort((a, b) => a - b))
  })

  it('shows absences as the journal records them', async () => {
    const a = await db.attendance.findFirstOrThrow({ where: { pupil: { leftOn: null } }, include: { lesson: true } })
    const week = await getDiaryWeek(SCHOOL, a.pupilId, a.lesson.date, { today: a.lesson.date })
    const lesson = week!.days.flatMap((d) => d.lessons).find((l) => l.id === a.lessonId)!
    expect(lesson.absence).toMatch(/^(отсутствие|болезнь|опоздание)/)
  })

  it('names the holidays (каникулы) and has no lessons on them', async () => {
    const holiday = await db.schoolHoliday.findFirstOrThrow({ where: { name: 'Осенние каникулы' } })
    const { own } = await ownAndStranger()
    // The week holding the first day of the holidays, and the one after it (the holidays span both).
    for (const day of [holiday.startsOn, addDays(holiday.startsOn, 1)]) {
      const week = await getDiaryWeek(SCHOOL, own, day, { today: '2026-12-05' })
      const onHoliday = week!.days.filter((d) => d.date >= holiday.startsOn && d.date <= holiday.endsOn)
      expect(onHoliday.length).toBeGreaterThan(0)
      for (const d of onHoliday) {
        expect(d.holiday).toBe('Осенние каникулы')
        expect(d.lessons).toEqual([])
      }
    }
  })

  it('links the previous and next weeks, and stops at the ends of the year', async () => {
    const { own } = await ownAndStranger()
    const year = await db.academicYear.findFirstOrThrow({ where: { current: true } })
    const mid = await getDiaryWeek(SCHOOL, own, '2026-11-18', { today: '2026-12-05' })
    expect(mid).toMatchObject({ monday: '2026-11-16', sunday: '2026-11-22', previous: '2026-11-09', next: '2026-11-23', error: null })
    const first = await getDiaryWeek(SCHOOL, own, year.startsOn, { today: '2026-12-05' })
    expect(first!.previous).toBeNull()
    const last = await getDiaryWeek(SCHOOL, own, year.endsOn, { today: '2026-12-05' })
    expect(last!.next).toBeNull()
  })
})

describe('the marks by subject for a period', () => {
  it('gives every subject’s marks row, weighted average and forecast for the current period', async () => {
    const { own } = await ownAndStranger()
    const view = await getDiaryPeriod(SCHOOL, own, null, { today: '2026-12-05' })
    expect(view!.options.map((o) => o.label)).toEqual([
      '1 четверть',
      '2 четверть',
      '3 четверть',
      '4 четверть',
      '2026/2027 учебный год',
      'За весь период ведения журнала',
    ])
    expect(view!.range.label).toMatch(/2 четверть/)
    expect(view!.result.available).toBe(true)
    if (!view!.result.available) return
    for (const s of view!.result.subjects) {
      const expected = weightedAverage(s.marks.map((m) => ({ value: m.mark, weight: m.weight })))
      expect(s.averageText).toBe(formatAverage(expected))
      if (expected !== null) expect(s.forecast).toMatch(/^[2-5]$/)
    }
  })

  it('shows a closed period’s final marks (FinalMark) and no forecast for it', async () => {
    const final = await db.finalMark.findFirstOrThrow({
      where: { pupil: { leftOn: null, class: { grade: 5 } } },
      include: { period: true, subject: true },
    })
    const view = await getDiaryPeriod(SCHOOL, final.pupilId, final.periodId, { today: '2026-12-05' })
    expect(view!.selected).toBe(final.periodId)
    expect(view!.closed).toBe(final.period.closed)
    if (!view!.result.available) throw new Error(view!.result.reason)
    const subject = view!.result.subjects.find((s) => s.subject === final.subject.name)!
    expect(subject.finals).toContainEqual({ period: final.period.name, value: final.value })
    if (final.period.closed) expect(subject.forecast).toBeNull()
  })

  it('covers the year and the whole journal: every mark of the pupil in the year is in the rows', async () => {
    const { own } = await ownAndStranger()
    const year = await getDiaryPeriod(SCHOOL, own, 'year', { today: '2026-12-05' })
    const all = await getDiaryPeriod(SCHOOL, own, 'all', { today: '2026-12-05' })
    expect(year!.selected).toBe('year')
    expect(all!.selected).toBe('all')
    const count = (v: typeof year) => (v!.result.available ? v!.result.subjects.reduce((n, s) => n + s.marks.length, 0) : 0)
    const stored = await db.mark.count({ where: { pupilId: own, lesson: { date: { lte: '2026-12-05' } } } })
    expect(count(year)).toBe(stored)
    expect(count(all)).toBe(stored)
  })

  it('treats an unknown ?period= as the current period with a Russian message', async () => {
    const { own } = await ownAndStranger()
    const view = await getDiaryPeriod(SCHOOL, own, 'четверть-9', { today: '2026-12-05' })
    expect(view!.error).toBe('Учебный период не найден. Показан текущий период.')
    expect(view!.range.label).toMatch(/2 четверть/)
  })
})

describe('the e-diary route (Положение 3.6)', () => {
  it('refuses another family’s pupil in the week and the period view (404, nothing audited)', async () => {
    const { stranger } = await ownAndStranger()
    const cookie = await signIn('parent')
    const audit = await db.auditEvent.count({ where: { action: 'view:pupil', entityId: stranger } })
    for (const query of ['', '?week=2026-11-18', '?view=period', '?view=period&period=year', '?view=period&period=all']) {
      const res = await settle(() => childLoader(args(getRequest(`/parent/children/${stranger}${query}`, cookie), { pupilId: stranger })))
      expect(res.status).toBe(404)
      expect(await res.text()).toBe('Обучающийся не найден')
    }
    expect(await db.auditEvent.count({ where: { action: 'view:pupil', entityId: stranger } })).toBe(audit)
  })

  it('answers bad ?week= and ?period= with the default and a Russian message, never a 500; each view is audited', async () => {
    const { own } = await ownAndStranger()
    const cookie = await signIn('parent')
    // 152-ФЗ access audit (issue 20): who saw which child, so a row without the parent's account does not count.
    const parentId = (await db.user.findUniqueOrThrow({ where: { login: 'parent' } })).id
    const seen = { action: 'view:pupil', entity: 'pupil', entityId: own, userId: parentId }
    const audit = await db.auditEvent.count({ where: seen })
    const week = await settle(() => childLoader(args(getRequest(`/parent/children/${own}?week=2026-99-99`, cookie), { pupilId: own })))
    expect(week.status).toBe(200)
    expect((await week.json()).week.error).toMatch(/Неделя указана неверно/)
    const period = await settle(() =>
      childLoader(args(getRequest(`/parent/children/${own}?view=period&period=%3Cscript%3E`, cookie), { pupilId: own })),
    )
    expect(period.status).toBe(200)
    const body = await period.json()
    expect(body.view).toBe('period')
    expect(body.period.error).toBe('Учебный период не найден. Показан текущий период.')
    expect(await db.auditEvent.count({ where: seen })).toBe(audit + 2)
  })
})
