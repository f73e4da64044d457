import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { KINDS, getForecast, getJournalInformation } from '#app/models/journal/index.server'
import { deleteSetting, writeSetting } from '#app/models/settings.server'
import { THRESHOLDS_SETTING_KEY, markFromAverage, weightedAverage } from '#workflows/forecast'
import { addDays } from '#workflows/time'
import { formatDay } from '#app/utils/format'

const SCHOOL = 'school_8'

async function pupilOf(className: string, where: object = {}) {
  return db.pupil.findFirstOrThrow({ where: { class: { name: className }, leftOn: null, ...where }, orderBy: { lastName: 'asc' } })
}

async function yearStart() {
  return (await db.academicYear.findFirstOrThrow({ where: { current: true } })).startsOn
}

async function periodsOfYear() {
  return db.reportingPeriod.findMany({ where: { kind: 'quarter' }, orderBy: { ordinal: 'asc' } })
}

describe('the six kinds for one pupil', () => {
  it('assembles every kind for a 5th-grader, in date order, from their own groups only (Положение 4.4.9)', async () => {
    const pupil = await pupilOf('5А', { memberships: { some: { group: { name: 'Английский язык, группа 1' } } } })
    const info = await getJournalInformation(SCHOOL, pupil.id, KINDS, { from: await yearStart(), to: '2099-12-31' })
    expect(info?.pupil).toMatchObject({ id: pupil.id, className: '5А', grade: 5 })
    const { marks, topics, homework, timetable, access } = info!.kinds
    expect(marks?.available && topics?.available && homework?.available && timetable?.available && access?.available).toBe(true)
    if (!topics?.available || !timetable?.available || !marks?.available) return

    const group2 = await db.teachingGroup.findFirstOrThrow({ where: { class: { name: '5А' }, name: 'Английский язык, группа 2' } })
    const group1 = await db.teachingGroup.findFirstOrThrow({ where: { class: { name: '5А' }, name: 'Английский язык, группа 1' } })
    const english1 = await db.lesson.findMany({ where: { groupId: group1.id }, select: { topic: true, date: true } })
    const english2Dates = await db.lesson.count({ where: { groupId: group2.id } })
    expect(english2Dates).toBeGreaterThan(0)
    // Every English lesson shown is one of group 1's; group 2's lessons (same days) never leak in.
    const shown = topics.rows.filter((t) => t.subject === 'Английский язык')
    expect(shown).toHaveLength(english1.length)
    expect(timetable.rows.filter((t) => t.subject === 'Английский язык').every((t) => t.group === 'Английский язык, группа 1')).toBe(true)
    expect(timetable.rows.every((t) => t.weekdayLabel && t.teacher)).toBe(true)

    const dates = topics.rows.map((t) => t.date)
    expect(dates).toEqual([...dates].sort())
    expect(marks.rows[0]).toEqual({
      date: expect.any(String),
      subject: expect.any(String),
      topic: expect.any(String),
      lessonKind: expect.any(String),
      workType: expect.any(String),
      weight: expect.any(Number),
      mark: expect.stringMatching(/^[2-5]$/),
    })
    expect(marks.rows).toHaveLength(await db.mark.count({ where: { pupilId: pupil.id } }))
  })

  it('follows a move between groups: each group’s lessons only over the dates of membership', async () => {
    const pupil = await pupilOf('6А', { memberships: { some: { group: { name: 'Английский язык, группа 1' } } } })
    const [g1, g2] = await Promise.all(
      ['Английский язык, группа 1', 'Английский язык, группа 2'].map((name) =>
        db.teachingGroup.findFirstOrThrow({ where: { class: { name: '6А' }, name } }),
      ),
    )
    const switchDay = `${(await yearStart()).slice(0, 4)}-10-01`
    await db.groupMembership.updateMany({ where: { pupilId: pupil.id, groupId: g1.id }, data: { toDate: addDays(switchDay, -1) } })
    await db.groupMembership.create({ data: { pupilId: pupil.id, groupId: g2.id, fromDate: switchDay } })
    const info = await getJournalInformation(SCHOOL, pupil.id, ['topics'], { from: await yearStart(), to: '2099-12-31' })
    const topics = info!.kinds.topics!
    expect(topics.available).toBe(true)
    if (!topics.available) return
    const expected = await db.lesson.count({
      where: {
        OR: [
          { groupId: g1.id, date: { lt: switchDay } },
          { groupId: g2.id, date: { gte: switchDay } },
        ],
      },
    })
    expect(topics.rows.filter((t) => t.subject === 'Английский язык')).toHaveLength(expected)
  })

  it('shows a pupil who arrived mid-year nothing from before the arrival', async () => {
    const arrived = await db.pupilMovement.findFirstOrThrow({ where: { kind: 'arrived' }, include: { pupil: true } })
    const info = await getJournalInformation(SCHOOL, arrived.pupilId, ['topics', 'attendance'], {
      from: await yearStart(),
      to: '2099-12-31',
    })
    const topics = info!.kinds.topics!
    expect(topics.available && topics.rows.every((t) => t.date >= arrived.date)).toBe(true)
  })

  it('gives no marks and no homework in the 1st grade, citing Положение 3.7, but keeps topics and attendance', async () => {
    const pupil = await pupilOf('1А')
    const info = await getJournalInformation(SCHOOL, pupil.id, KINDS, { from: await yearStart(), to: '2099-12-31' })
    expect(info!.kinds.marks).toEqual({
      available: false,
      code: 'grade-1',
      reason: 'В 1-х классах оценки в электронный журнал по учебным предметам не ставятся (Положение об ЭЖ, п. 3.7).',
    })
    expect(info!.kinds.homework).toMatchObject({ available: false, code: 'grade-1', reason: expect.stringContaining('3.7') })
    expect(info!.kinds.topics?.available).toBe(true)
    expect(info!.kinds.timetable?.available).toBe(true)
    const forecast = await getForecast(pupil.id, 'current')
    expect(forecast?.result).toMatchObject({ available: false, code: 'grade-1' })
  })

  it('yields data of a pupil who left only up to the leaving date', async () => {
    const left = await db.pupil.findFirstOrThrow({ where: { leftOn: { not: null } } })
    const q1 = (await periodsOfYear())[0]
    const info = await getJournalInformation(SCHOOL, left.id, KINDS, { periodId: q1.id })
    expect(info!.range).toMatchObject({ until: left.leftOn, leftOn: left.leftOn })
    expect(info!.notes).toEqual([`Обучающийся выбыл ${formatDay(left.leftOn)}: сведения приведены по дату выбытия.`])
    for (const kind of ['marks', 'topics', 'homework', 'attendance'] as const) {
      const result = info!.kinds[kind]!
      if (result.available) expect(result.rows.every((r) => r.date <= left.leftOn!)).toBe(true)
    }
    const afterwards = await getJournalInformation(SCHOOL, left.id, ['marks', 'attendance'], {
      from: addDays(left.leftOn!, 1),
      to: addDays(left.leftOn!, 60),
    })
    expect(afterwards!.kinds.marks).toMatchObject({
      available: false,
      code: 'after-leaving',
      reason: expect.stringMatching(/^Обучающийся выбыл/),
    })
  })

  it('tells that a period has not begun yet', async () => {
    const pupil = await pupilOf('7Б')
    const last = (await periodsOfYear()).at(-1)!
    const today = addDays(last.startsOn, -1)
    const info = await getJournalInformation(SCHOOL, pupil.id, KINDS, { periodId: last.id }, { today })
    for (const kind of ['marks', 'homework', 'topics', 'attendance'] as const) {
      expect(info!.kinds[kind]).toMatchObject({
        available: false,
        code: 'not-started',
        reason: expect.stringContaining('период ещё не начался'),
      })
    }
    // The timetable and the access credentials do not depend on the period.
    expect(info!.kinds.timetable?.available).toBe(true)
  })

  it('says «в журнале нет записей» when the journal holds nothing', async () => {
    const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '5А' } })
    const from = await yearStart()
    const pupil = await db.pupil.create({
      data: { schoolId: SCHOOL, lastName: 'Пустов', firstName: 'Пётр', birthDate: '2015-01-01', classId: cls.id, enrolledOn: from },
    })
    const info = await getJournalInformation(SCHOOL, pupil.id, KINDS, { from, to: addDays(from, 49) }, { today: addDays(from, 60) })
    const label = `с ${formatDay(from)} по ${formatDay(addDays(from, 49))}`
    for (const kind of ['marks', 'homework', 'topics', 'attendance'] as const) {
      expect(info!.kinds[kind]).toEqual({ available: false, code: 'empty', reason: `В журнале нет записей за период ${label}.` })
    }
    expect(info!.kinds.timetable).toMatchObject({
      available: false,
      code: 'empty',
      reason: expect.stringMatching(/нет записей расписания на \d{4}\/\d{4} учебный год/),
    })
    expect(info!.kinds.access).toMatchObject({ available: false, code: 'empty' })
  })

  it('says a pupil who missed no lesson had no absences: the journal records absences only (not «нет записей»)', async () => {
    const pupil = await pupilOf('7А')
    await db.attendance.deleteMany({ where: { pupilId: pupil.id } })
    const from = await yearStart()
    const info = await getJournalInformation(
      SCHOOL,
      pupil.id,
      ['attendance'],
      { from, to: addDays(from, 49) },
      { today: addDays(from, 60) },
    )
    expect(info!.kinds.attendance).toMatchObject({
      available: true,
      rows: [],
      totals: { overall: { missed: 0, valid: 0, invalid: 0, late: 0 } },
    })
  })

  it('gives each guardian’s login and account state, never a password', async () => {
    const user = await db.user.findUniqueOrThrow({ where: { login: 'parent' }, include: { guardian: { include: { links: true } } } })
    const info = await getJournalInformation(SCHOOL, user.guardian!.links[0].pupilId, ['access'], 'current')
    const access = info!.kinds.access!
    expect(access.available).toBe(true)
    if (!access.available) return
    expect(access.rows).toContainEqual({
      guardianId: user.guardian!.id,
      guardian: expect.any(String),
      relationship: expect.any(String),
      hasAccount: true,
      login: 'parent',
      state: 'действует',
    })
    expect(JSON.stringify(access)).not.toMatch(/password|argon/i)
  })

  it('totals attendance by subject and by month', async () => {
    const row = await db.attendance.findFirstOrThrow({ where: { kind: 'ill', pupil: { class: { grade: { gte: 2 } }, leftOn: null } } })
    const info = await getJournalInformation(SCHOOL, row.pupilId, ['attendance'], { from: await yearStart(), to: '2099-12-31' })
    const a = info!.kinds.attendance!
    expect(a.available).toBe(true)
    if (!a.available) return
    const missed = a.rows.filter((r) => r.kind !== 'late').length
    expect(a.totals.overall.missed).toBe(missed)
    expect(a.totals.bySubject.reduce((s, x) => s + x.missed, 0)).toBe(missed)
    expect(a.totals.byMonth.reduce((s, x) => s + x.missed, 0)).toBe(missed)
  })

  it('answers null for a pupil of another school', async () => {
    const pupil = await pupilOf('5А')
    expect(await getJournalInformation('another-school', pupil.id, KINDS, 'current')).toBeNull()
  })
})

describe('forecast', () => {
  it('shows the FinalMark for a closed quarter', async () => {
    const q1 = (await periodsOfYear())[0]
    const pupil = await pupilOf('5Б')
    const open = await getForecast(pupil.id, q1.id)
    if (!open?.result.available) throw new Error('ожидался прогноз')
    // Close the quarter (whatever the date the database was seeded on) with one hand-set final mark.
    const subject = open.result.subjects[0]
    await db.reportingPeriod.update({ where: { id: q1.id }, data: { closed: true } })
    await db.finalMark.upsert({
      where: { pupilId_subjectId_periodId: { pupilId: pupil.id, subjectId: subject.subjectId, periodId: q1.id } },
      create: { pupilId: pupil.id, subjectId: subject.subjectId, periodId: q1.id, value: '5' },
      update: { value: '5' },
    })
    const finals = await db.finalMark.findMany({ where: { pupilId: pupil.id, periodId: q1.id } })
    const closed = await getForecast(pupil.id, q1.id)
    expect(closed?.period).toMatchObject({ id: q1.id, closed: true })
    if (!closed?.result.available) throw new Error('ожидался прогноз')
    for (const f of finals)
      expect(closed.result.subjects.find((s) => s.subjectId === f.subjectId)).toMatchObject({
        status: 'final',
        final: f.value,
        forecast: null,
      })
    expect(closed.result.subjects.find((s) => s.subjectId === subject.subjectId)?.final).toBe('5')
  })

  it('forecasts an open period from the weighted average and the thresholds stored in Setting', async () => {
    const q1 = (await periodsOfYear())[0]
    await db.reportingPeriod.update({ where: { id: q1.id }, data: { closed: false } })
    const pupil = await pupilOf('9А')
    const before = await getForecast(pupil.id, q1.id)
    if (!before?.result.available) throw new Error('ожидался прогноз')
    const subject = before.result.subjects.find((s) => s.marksCount > 0)!
    expect(subject.status).toBe('forecast')
    // The same average by hand from the rows in the database.
    const marks = await db.mark.findMany({
      where: { pupilId: pupil.id, lesson: { subjectId: subject.subjectId, date: { gte: before.range.from, lte: before.range.until } } },
      include: { workType: true },
    })
    const byHand = marks.reduce((s, m) => s + Number(m.value) * m.workType.weight, 0) / marks.reduce((s, m) => s + m.workType.weight, 0)
    expect(subject.average).toBeCloseTo(byHand, 10)
    expect(subject.marksCount).toBe(marks.length)
    expect(subject.forecast).toBe(markFromAverage(byHand))

    const strict = { five: 4.99, four: 4.98, three: 4.97 }
    await writeSetting(pupil.schoolId, THRESHOLDS_SETTING_KEY, JSON.stringify(strict))
    const after = await getForecast(pupil.id, q1.id)
    expect(after?.thresholds).toEqual(strict)
    if (!after?.result.available) throw new Error('ожидался прогноз')
    const again = after.result.subjects.find((s) => s.subjectId === subject.subjectId)!
    expect(again.forecast).toBe(
      markFromAverage(weightedAverage(marks.map((m) => ({ value: m.value, weight: m.workType.weight })))!, strict),
    )
    await deleteSetting(pupil.schoolId, THRESHOLDS_SETTING_KEY)
  })
})
