// The e-diary's week with lesson times from the school's bell schedule (Положение 4.1.5), edited by the ЭЖ
// administrator per shift; substitutions, moved lessons, control works, homework with its due day (Порядок 2.5);
// the year's final mark (Положение 4.4.6) in the period view and the year extract's forecast.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { getDiaryPeriod, getDiaryWeek } from '#app/models/journal/diary.server'
import { getJournalInformation, yearPeriodCovering } from '#app/models/journal/index.server'
import { fullName } from '#app/models/school.server'
import { action, loader } from '#app/routes/admin.bells'
import { signIn } from '#tests/helpers/auth'
import { formRequest, getRequest, settle } from '#tests/helpers/http'
import { otherSchool } from '#tests/helpers/schools'
import { mondayOf } from '#workflows/diary'
import { weekdayOf } from '#workflows/time'

const SCHOOL = 'school_8'
const TODAY = '2026-12-05'

async function post(fields: Record<string, string>, login = 'admin') {
  const cookie = await signIn(login)
  return settle(() => action({ request: formRequest('/admin/bells', fields, cookie), params: {}, context: {} }))
}

async function ownChild() {
  const user = await db.user.findUniqueOrThrow({ where: { login: 'parent' }, include: { guardian: { include: { links: true } } } })
  return db.pupil.findUniqueOrThrow({ where: { id: user.guardian!.links[0].pupilId }, include: { class: true } })
}

/** A lesson of the pupil's whole-class group in the last full school week before TODAY. */
async function lessonOf(pupilId: string, where: object = {}) {
  return db.lesson.findFirstOrThrow({
    where: { group: { wholeClass: true, members: { some: { pupilId } } }, date: { lt: mondayOf(TODAY) }, ...where },
    orderBy: [{ date: 'desc' }, { period: 'asc' }],
    include: { teacher: true, subject: true },
  })
}

const lessonInWeek = async (pupilId: string, lessonId: string, day: string) =>
  (await getDiaryWeek(SCHOOL, pupilId, day, { today: TODAY }))!.days.flatMap((d) => d.lessons).find((l) => l.id === lessonId)!

describe('the bell schedule', () => {
  it('shows each lesson of the week with its time from the seeded bells', async () => {
    const pupil = await ownChild()
    const week = await getDiaryWeek(SCHOOL, pupil.id, '2026-11-23', { today: TODAY })
    const lessons = week!.days.flatMap((d) => d.lessons)
    expect(lessons.length).toBeGreaterThan(15)
    const bells = await db.bellPeriod.findMany({ where: { schoolId: SCHOOL, shift: 1 } })
    for (const l of lessons) {
      const b = bells.find((x) => x.period === l.period)!
      expect(l.time).toBe(`${b.startsAt}–${b.endsAt}`)
    }
    expect(lessons.find((l) => l.period === 1)?.time).toBe('08:30–09:15')
  })

  it('is edited by the administrator per shift, audited, and read by the diary and the timetable at once', async () => {
    const pupil = await ownChild()
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const cookie = await signIn('admin')
    const shown = await (await settle(() => loader({ request: getRequest('/admin/bells', cookie), params: {}, context: {} }))).json()
    expect(shown.shifts[0].bells[0]).toEqual({ period: 1, startsAt: '08:30', endsAt: '09:15' })
    expect(shown.shifts[1].bells).toEqual([])

    const saved = await post({
      intent: 'bells',
      shift: '2',
      start1: '13:30',
      end1: '14:15',
      start2: '14.25',
      end2: '15:10',
      start3: '15:30',
      end3: '16:15',
      start4: '16:25',
      end4: '17:10',
      start5: '17:20',
      end5: '18:05',
      start6: '18:15',
      end6: '19:00',
    })
    expect(saved.status).toBe(200)
    expect(await saved.json()).toMatchObject({ ok: true, message: 'Вторая смена: расписание звонков сохранено (уроков: 6)' })
    // Nothing changes for the pupil until the class is put in the second shift.
    const lesson = await lessonOf(pupil.id, { period: 2 })
    expect((await lessonInWeek(pupil.id, lesson.id, lesson.date)).time).toBe('09:25–10:10')
    const shifted = await post({ intent: 'second-shift', classes: `${pupil.class.name.toLowerCase()}, 1А` })
    expect(await shifted.json()).toMatchObject({ ok: true, message: `Во второй смене: ${pupil.class.name}, 1А` })
    expect((await lessonInWeek(pupil.id, lesson.id, lesson.date)).time).toBe('14:25–15:10')
    const info = await getJournalInformation(SCHOOL, pupil.id, ['timetable'], 'current', { today: TODAY })
    const timetable = info!.kinds.timetable!
    if (!timetable.available) throw new Error(timetable.reason)
    expect(timetable.rows.find((r) => r.period === 1)?.time).toBe('13:30–14:15')
    expect(await db.auditEvent.count({ where: { userId: admin.id, action: { in: ['update:bells', 'update:class-shifts'] } } })).toBe(2)

    // Back to the first shift; a second school has no bells of its own and sees none of these.
    expect(await (await post({ intent: 'second-shift', classes: '' })).json()).toMatchObject({
      ok: true,
      message: 'Все классы учатся в первую смену',
    })
    expect((await lessonInWeek(pupil.id, lesson.id, lesson.date)).time).toBe('09:25–10:10')
    const other = await otherSchool()
    expect(await db.bellPeriod.count({ where: { schoolId: other.id } })).toBe(0)
  })

  it('refuses bad rows and an unknown class in Russian and keeps what was saved; only the administrator may change it', async () => {
    const before = await db.bellPeriod.findMany({ where: { schoolId: SCHOOL }, orderBy: [{ shift: 'asc' }, { period: 'asc' }] })
    const cases: Array<[Record<string, string>, string]> = [
      [{ intent: 'bells', shift: '1', start1: '08:30', end1: '08:15' }, '1 урок: конец (08:15) должен быть позже начала (08:30)'],
      [
        { intent: 'bells', shift: '1', start1: '08:30', end1: '09:15', start2: '9:00', end2: '9:45' },
        '2 урок начинается (09:00) раньше, чем кончается 1 урок (09:15)',
      ],
      [{ intent: 'bells', shift: '3', start1: '08:30', end1: '09:15' }, 'Смена — первая или вторая'],
      [{ intent: 'second-shift', classes: '5А, 12Я' }, 'Класс «12Я» не найден в текущем учебном году'],
    ]
    for (const [fields, message] of cases) {
      const res = await post(fields)
      expect(res.status, JSON.stringify(fields)).toBe(400)
      expect(await res.json()).toMatchObject({ ok: false, message })
    }
    // Every field of a shift left blank would wipe its whole schedule: asked once more, nothing changed.
    const firstShift = before.filter((b) => b.shift === 1).length
    const emptied = await post({ intent: 'bells', shift: '1', start1: ' ', end1: '' })
    expect(emptied.status).toBe(400)
    expect(await emptied.json()).toMatchObject({
      ok: false,
      confirmClear: true,
      message: expect.stringContaining(`Все поля пусты: первая смена останется без расписания звонков (сейчас уроков: ${firstShift})`),
    })
    expect(await db.bellPeriod.findMany({ where: { schoolId: SCHOOL }, orderBy: [{ shift: 'asc' }, { period: 'asc' }] })).toEqual(before)
    expect(await db.schoolClass.count({ where: { shift: 2 } })).toBe(0)
    expect((await post({ intent: 'bells', shift: '1', start1: '08:00', end1: '08:45' }, 'responsible')).status).toBe(403)
    expect((await post({ intent: 'second-shift', classes: '5А' }, 'parent')).status).toBe(403)
  })
})

describe('emptying a shift', () => {
  it('deletes the shift’s bells once the administrator ticks «Удалить расписание звонков смены»', async () => {
    await post({ intent: 'bells', shift: '2', start1: '13:00', end1: '13:45' })
    const res = await post({ intent: 'bells', shift: '2', confirmClear: 'yes' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: true, message: 'Вторая смена: расписание звонков удалено' })
    expect(await db.bellPeriod.count({ where: { schoolId: SCHOOL, shift: 2 } })).toBe(0)
    // A shift with no bells may be «saved» empty again without the question.
    expect((await post({ intent: 'bells', shift: '2' })).status).toBe(200)
  })
})

describe('the week: substitutions, moved lessons, control works, homework due', () => {
  it('shows a substitution (замена) with the timetable’s teacher, and a lesson moved off its timetable slot (перенос)', async () => {
    const pupil = await ownChild()
    const lesson = await lessonOf(pupil.id, { period: 1 })
    const other = await db.staff.findFirstOrThrow({ where: { schoolId: SCHOOL, id: { not: lesson.teacherId! }, lessons: { some: {} } } })
    expect((await lessonInWeek(pupil.id, lesson.id, lesson.date)).replaces).toBeNull()
    await db.lesson.update({ where: { id: lesson.id }, data: { teacherId: other.id } })
    const replaced = await lessonInWeek(pupil.id, lesson.id, lesson.date)
    expect(replaced).toMatchObject({ teacher: fullName(other), replaces: fullName(lesson.teacher!), moved: false })

    // Period 8 is free in every class's timetable: a lesson held then is a moved one.
    const free = await db.timetableEntry.count({ where: { group: { classId: pupil.classId }, weekday: weekdayOf(lesson.date), period: 8 } })
    expect(free).toBe(0)
    await db.lesson.update({ where: { id: lesson.id }, data: { period: 8, teacherId: lesson.teacherId } })
    expect(await lessonInWeek(pupil.id, lesson.id, lesson.date)).toMatchObject({
      moved: true,
      replaces: null,
      period: 8,
      time: '15:15–16:00',
    })
    await db.lesson.update({ where: { id: lesson.id }, data: { period: lesson.period } })
  })

  it('the seeded journal has substitutions: lessons given by another teacher than the timetable’s', async () => {
    const [lessons, entries] = await Promise.all([
      db.lesson.findMany({ select: { groupId: true, date: true, period: true, teacherId: true } }),
      db.timetableEntry.findMany({ select: { groupId: true, weekday: true, period: true, teacherId: true } }),
    ])
    const planned = new Map(entries.map((e) => [`${e.groupId}|${e.weekday}|${e.period}`, e.teacherId]))
    const substituted = lessons.filter((l) => planned.get(`${l.groupId}|${weekdayOf(l.date)}|${l.period}`) !== l.teacherId)
    expect(substituted.length).toBeGreaterThan(lessons.length * 0.01)
    expect(substituted.length).toBeLessThan(lessons.length * 0.05)
  })

  it('names a control work as such, with its topic', async () => {
    const pupil = await ownChild()
    const control = await lessonOf(pupil.id, { kind: 'контрольная' })
    const shown = await lessonInWeek(pupil.id, control.id, control.date)
    expect(shown.kindLabel).toBe('Контрольная работа')
    expect(shown.topic).toMatch(/^Контрольная работа по теме «.+»$/)
  })

  it('gives homework its due day and lists it again on that day, set at an earlier lesson', async () => {
    const pupil = await ownChild()
    // A lesson of one week whose homework is due in the next (set on the last lesson of the subject that week).
    const lessons = await db.lesson.findMany({
      where: {
        group: { members: { some: { pupilId: pupil.id } } },
        homework: { not: '' },
        homeworkDueOn: { not: null },
        date: { lt: '2026-11-30' },
      },
      orderBy: { date: 'desc' },
      include: { subject: true },
      take: 200,
    })
    const set = lessons.find((l) => mondayOf(l.homeworkDueOn!) !== mondayOf(l.date))!
    expect(set.homeworkDueOn! > set.date).toBe(true)
    expect((await lessonInWeek(pupil.id, set.id, set.date)).homeworkDueOn).toBe(set.homeworkDueOn)
    const dueWeek = await getDiaryWeek(SCHOOL, pupil.id, set.homeworkDueOn!, { today: TODAY })
    const day = dueWeek!.days.find((d) => d.date === set.homeworkDueOn)!
    expect(day.due).toContainEqual({ subject: set.subject.name, homework: set.homework, setOn: set.date })
    // The due day is the group's next lesson of the subject.
    const next = await db.lesson.findFirst({
      where: { groupId: set.groupId, subjectId: set.subjectId, date: { gt: set.date } },
      orderBy: { date: 'asc' },
    })
    if (next) expect(next.date).toBe(set.homeworkDueOn)
  })
})

describe('the year final mark (годовая отметка)', () => {
  it('appears in the year view once the journal holds it; a closed year shows no forecast', async () => {
    const pupil = await ownChild()
    const yearPeriod = await db.reportingPeriod.findFirstOrThrow({ where: { kind: 'year', academicYearId: pupil.class.academicYearId } })
    expect(yearPeriod.name).toBe('Год')
    const before = await getDiaryPeriod(SCHOOL, pupil.id, 'year', { today: TODAY })
    if (!before!.result.available) throw new Error(before!.result.reason)
    const subject = before!.result.subjects[0]
    expect(subject.yearFinal).toBeNull()
    expect(subject.forecast).toMatch(/^[2-5]$/)
    expect(before!.closed).toBe(false)

    const subjectRow = await db.subject.findFirstOrThrow({ where: { schoolId: SCHOOL, name: subject.subject } })
    await db.finalMark.create({ data: { pupilId: pupil.id, subjectId: subjectRow.id, periodId: yearPeriod.id, value: '4' } })
    await db.reportingPeriod.update({ where: { id: yearPeriod.id }, data: { closed: true } })
    const after = await getDiaryPeriod(SCHOOL, pupil.id, 'year', { today: TODAY })
    if (!after!.result.available) throw new Error(after!.result.reason)
    const withFinal = after!.result.subjects.find((s) => s.subject === subject.subject)!
    expect(withFinal).toMatchObject({ yearFinal: '4', forecast: null })
    expect(after!.closed).toBe(true)
    // The year's mark is not one of the period marks («1 четверть: 5»).
    expect(withFinal.finals.map((f) => f.period)).not.toContain('Год')

    // An extract «за учебный год» takes the year's own period for its forecast table; a quarter range does not.
    expect(await yearPeriodCovering(SCHOOL, { from: yearPeriod.startsOn, to: yearPeriod.endsOn })).toBe(yearPeriod.id)
    expect(await yearPeriodCovering(SCHOOL, { from: '2026-11-05', to: '2026-12-28' })).toBeNull()
    await db.reportingPeriod.update({ where: { id: yearPeriod.id }, data: { closed: false } })
  })

  it('gives the 1st grade no marks of any period, the year included (Положение 3.7)', async () => {
    const first = await db.pupil.findFirstOrThrow({ where: { class: { grade: 1 }, leftOn: null } })
    const view = await getDiaryPeriod(SCHOOL, first.id, 'year', { today: TODAY })
    expect(view!.result).toMatchObject({ available: false, reason: expect.stringContaining('3.7') })
    expect(await db.finalMark.count({ where: { pupil: { class: { grade: 1 } } } })).toBe(0)
  })
})

describe('the period view: control works, teachers, holidays (Порядок 2.5)', () => {
  it(
    'lists the period’s control works of the pupil’s groups, the ' + 'teachers of the timetable in force and the holiday schedule',
    async () => {
      const pupil = await ownChild()
      const view = await getDiaryPeriod(SCHOOL, pupil.id, null, { today: TODAY })
      const { controlWorks, teachers, holidays } = view!.schedule
      const stored = await db.lesson.findMany({
        where: {
          kind: 'контрольная',
          date: { gte: view!.range.from, lte: view!.range.to },
          group: { members: { some: { pupilId: pupil.id } } },
        },
        orderBy: [{ date: 'asc' }, { period: 'asc' }],
      })
      expect(controlWorks.length).toBeGreaterThan(0)
      expect(controlWorks.map((w) => w.topic)).toEqual(stored.map((l) => l.topic))
      expect(controlWorks.every((w) => w.date >= view!.range.from && w.date <= view!.range.to)).toBe(true)
      // Every subject of the pupil's week has its teacher listed; the timetable's teachers, not a substitute's.
      const week = await getDiaryWeek(SCHOOL, pupil.id, '2026-11-23', { today: TODAY })
      for (const l of week!.days.flatMap((d) => d.lessons)) {
        expect(teachers.find((t) => t.subject === l.subject)?.teachers).toContain(l.replaces ?? l.teacher)
      }
      expect(holidays.map((h) => h.name)).toEqual(['Осенние каникулы', 'Зимние каникулы', 'Весенние каникулы'])
    },
  )
})
