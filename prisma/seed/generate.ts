import { createRandom } from './prng'
import { FEMALE_FIRST, MALE_FIRST, MALE_PATRONYMIC_ROOTS, SURNAMES, STREETS, patronymic, surname, translit } from './names'
import { DEMO_BELLS, WORK_TYPES, curriculumFor, lessonKindFor } from './curriculum'
import { homeworkFor, topicFor } from './topics'
import { academicYearStart, schoolDays, schoolYear, weekday } from './school-year'
import { generateStaff, type StaffDef } from './staff'
import { patronymicFrom } from '../../workflows/patronymic'

export const DEMO_PASSWORD = 'demo2026'
export const DEMO_ONE_TIME_PASSWORD = 'vremya2026'
export const SCHOOL_ID = 'school_8'

type Row = Record<string, unknown> & { id: string }

/** The whole demo school as plain rows, the same for the same `today` and seed. */
export function generateDemoSchool({ today, seed = 8 }: { today: string; seed?: number }) {
  const rng = createRandom(seed)
  const startYear = academicYearStart(today)
  const year = schoolYear(startYear)
  const yearId = `year_${startYear}`
  const staff = generateStaff(rng)
  const responsible = staff.find((s) => s.roles.includes('responsible'))!

  const school = {
    id: SCHOOL_ID,
    fullName: 'Муниципальное общеобразовательное учреждение «Средняя общеобразовательная школа № 8»',
    shortName: 'МОУ «СОШ № 8»',
    directorName: 'Тушинская Татьяна Викторовна',
    address: '410012, г. Саратов, ул. Школьная, д. 8',
    phone: '+7 (8452) 20-08-08',
    email: 'school8@example.org',
    // Empty: the e-diary is this app, printed at its own address (PUBLIC_URL, or the page's origin; school-block.server.ts).
    diarySiteUrl: '',
    timeZone: 'Europe/Saratov',
    responsibleEmployeeId: responsible.id,
    responsibleRoom: responsible.room,
  }
  const academicYear = { id: yearId, schoolId: SCHOOL_ID, name: year.name, startsOn: year.startsOn, endsOn: year.endsOn, current: true }
  const periods = year.periods.map((p) => ({
    id: `period_${startYear}_${p.kind}${p.ordinal}`,
    schoolId: SCHOOL_ID,
    academicYearId: yearId,
    ...p,
    closed: p.endsOn < today,
  }))
  const holidays = year.holidays.map((h, i) => ({ id: `holiday_${startYear}_${i + 1}`, schoolId: SCHOOL_ID, academicYearId: yearId, ...h }))

  const subjectNames = new Set<string>()
  for (let g = 1; g <= 11; g++) for (const s of curriculumFor(g)) subjectNames.add(s.name)
  const subjects = [...subjectNames].map((name, i) => ({ id: `subj_${i + 1}`, schoolId: SCHOOL_ID, name, shortName: '', minMarks: 3 }))
  const subjectId = new Map(subjects.map((s) => [s.name, s.id]))
  const workTypes = WORK_TYPES.map((w, i) => ({ id: `wt_${i + 1}`, schoolId: SCHOOL_ID, ...w }))
  const workTypeId = new Map<string, string>(workTypes.map((w) => [w.name, w.id]))

  // Classes 1А–11Б; the 8 primary teachers lead 1А–4Б, specialists lead 5А–11Б.
  const primary = staff.filter((s) => s.primaryTeacher)
  const specialists = staff.filter((s) => !s.primaryTeacher && s.subjects.length > 0)
  const classes: Row[] = []
  const classTeacher = new Map<string, StaffDef>()
  for (let grade = 1; grade <= 11; grade++) {
    for (const letter of ['А', 'Б']) {
      const index = classes.length
      const teacher = grade <= 4 ? primary[index] : specialists[index - 8]
      if (!teacher.roles.includes('class_teacher')) teacher.roles.push('class_teacher')
      const id = `class_${grade}${letter === 'А' ? 'a' : 'b'}`
      classTeacher.set(id, teacher)
      classes.push({
        id,
        schoolId: SCHOOL_ID,
        academicYearId: yearId,
        grade,
        letter,
        name: `${grade}${letter}`,
        classTeacherId: teacher.id,
      })
    }
  }

  // Teacher load: round-robin among those who teach the subject.
  const load = new Map<string, number>()
  const teacherFor = (cls: Row, subject: string, avoid?: string): StaffDef => {
    const grade = cls.grade as number
    const ct = classTeacher.get(cls.id)!
    if (grade <= 4 && ct.subjects.includes(subject)) return ct
    const pool = specialists.filter((s) => s.subjects.includes(subject) && s.id !== avoid)
    const chosen = pool.sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) || a.id.localeCompare(b.id))[0] ?? ct
    load.set(chosen.id, (load.get(chosen.id) ?? 0) + 1)
    return chosen
  }

  const groups: Row[] = []
  const memberships: Row[] = []
  const pupils: Row[] = []
  const movements: Row[] = []
  const guardians: Row[] = []
  const links: Row[] = []
  const timetable: Row[] = []
  // `father`: his first name, which gives the children their patronymic; `root`: without a father in the journal, the
  // patronymic root the first child was given, so that brothers and sisters share it.
  type Family = { guardianIds: string[]; male: string; address: string; father: string | null; root: string }
  const families: Family[] = []
  const ability = new Map<string, number>()
  const groupPupils = new Map<string, string[]>()
  const groupMeta = new Map<string, { grade: number; classId: string }>()

  const newGuardian = (last: string, female: boolean, address: string, relationship: string, pupilId: string) => {
    const first = rng.pick(female ? FEMALE_FIRST : MALE_FIRST)
    const middle = patronymic(rng.pick(MALE_PATRONYMIC_ROOTS), female)
    const gLast = surname(last, female)
    const id = rng.id('grd')
    guardians.push({
      id,
      schoolId: SCHOOL_ID,
      lastName: gLast,
      firstName: first,
      middleName: middle,
      phone: `+7 (9${rng.int(10, 99)}) ${rng.int(100, 999)}-${rng.int(10, 99)}-${rng.int(10, 99)}`,
      email: `${translit(gLast)}.${translit(first)[0]}${rng.int(1, 99)}@example.ru`,
      postalAddress: address,
    })
    links.push({
      id: rng.id('lnk'),
      guardianId: id,
      pupilId,
      relationship,
      statusConfirmed: rng.chance(0.9),
      confirmedBy: 'свидетельство о рождении',
    })
    return id
  }

  for (const cls of classes) {
    const grade = cls.grade as number
    const wholeId = `${cls.id}_all`
    groups.push({ id: wholeId, schoolId: SCHOOL_ID, classId: cls.id, name: 'весь класс', wholeClass: true })
    groupMeta.set(wholeId, { grade, classId: cls.id })
    const plan = curriculumFor(grade)
    const splitGroups = new Map<string, [string, string]>()
    for (const s of plan.filter((p) => p.split)) {
      const pair: [string, string] = [`${cls.id}_${subjectId.get(s.name)}_g1`, `${cls.id}_${subjectId.get(s.name)}_g2`]
      pair.forEach((gid, i) => {
        groups.push({ id: gid, schoolId: SCHOOL_ID, classId: cls.id, name: `${s.name}, группа ${i + 1}`, wholeClass: false })
        groupMeta.set(gid, { grade, classId: cls.id })
      })
      splitGroups.set(s.name, pair)
    }

    const size = rng.int(23, 27)
    const classPupils: Row[] = []
    for (let i = 0; i < size; i++) {
      const female = rng.chance(0.5)
      const id = rng.id('pup')
      const sibling = families.length > 10 && rng.chance(0.07) ? rng.pick(families) : null
      const male = sibling?.male ?? rng.pick(SURNAMES)
      const birthYear = startYear - 6 - grade
      // The random root is drawn for every pupil so that the demo school's random stream stays as it was; it is the
      // patronymic only where no father is in the journal (set below from the family).
      const firstName = rng.pick(female ? FEMALE_FIRST : MALE_FIRST)
      const root = rng.pick(MALE_PATRONYMIC_ROOTS)
      const pupil = {
        id,
        schoolId: SCHOOL_ID,
        lastName: surname(male, female),
        firstName,
        middleName: patronymic(root, female),
        birthDate: `${birthYear}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
        classId: cls.id,
        enrolledOn: grade === 1 ? year.startsOn : `${startYear - grade + 1}-09-01`,
        leftOn: null as string | null,
      }
      ability.set(id, 2.9 + rng.next() * 2)
      classPupils.push(pupil)
      if (sibling) {
        for (const gid of sibling.guardianIds) {
          const g = guardians.find((x) => x.id === gid)!
          links.push({
            id: rng.id('lnk'),
            guardianId: gid,
            pupilId: id,
            relationship: (g.middleName as string).endsWith('на') ? 'мать' : 'отец',
            statusConfirmed: true,
            confirmedBy: 'свидетельство о рождении',
          })
        }
      } else {
        const address = `г. Саратов, ${rng.pick(STREETS)}, д. ${rng.int(1, 150)}, кв. ${rng.int(1, 120)}`
        const ids = [newGuardian(male, true, address, 'мать', id)]
        if (rng.chance(0.55)) ids.push(newGuardian(male, false, address, 'отец', id))
        const father = ids.length > 1 ? (guardians.find((g) => g.id === ids[1])!.firstName as string) : null
        families.push({ guardianIds: ids, male, address, father, root })
      }
      // The child's patronymic is the father's (ADR 068); a sibling shares the family's.
      const family = sibling ?? families[families.length - 1]
      pupil.middleName = family.father ? patronymicFrom(family.father, female) : patronymic(family.root, female)
    }
    classPupils.sort((a, b) => `${a.lastName} ${a.firstName}`.localeCompare(`${b.lastName} ${b.firstName}`, 'ru'))
    // One pupil in every 5th class arrived this autumn; one in 8А left in October (movement events).
    if (classes.indexOf(cls) % 5 === 2) {
      const p = classPupils[classPupils.length - 1]
      p.enrolledOn = `${startYear}-10-05`
      movements.push({
        id: rng.id('mov'),
        pupilId: p.id,
        kind: 'arrived',
        date: p.enrolledOn,
        fromClassId: null,
        toClassId: cls.id,
        note: 'прибыл из МОУ «СОШ № 3»',
      })
    }
    if (cls.name === '8А') {
      const p = classPupils[3]
      p.leftOn = `${startYear}-10-16`
      movements.push({
        id: rng.id('mov'),
        pupilId: p.id,
        kind: 'left',
        date: p.leftOn,
        fromClassId: cls.id,
        toClassId: null,
        note: 'выбыл в связи с переездом',
      })
    }
    pupils.push(...classPupils)
    const inGroup = (gid: string, list: Row[]) => {
      groupPupils.set(
        gid,
        list.map((p) => p.id),
      )
      for (const p of list)
        memberships.push({ id: rng.id('mem'), groupId: gid, pupilId: p.id, fromDate: p.enrolledOn as string, toDate: p.leftOn })
    }
    inGroup(wholeId, classPupils)
    for (const [, [g1, g2]] of splitGroups) {
      const half = Math.ceil(classPupils.length / 2)
      inGroup(g1, classPupils.slice(0, half))
      inGroup(g2, classPupils.slice(half))
    }

    // Weekly timetable, the same every week: each subject's hours go to different days (round robin over five
    // days, so the days differ by one lesson at most), and each day's lessons are shuffled into periods.
    const byDay: string[][] = [[], [], [], [], []]
    let next = 0
    for (const s of plan) for (let h = 0; h < s.hours; h++) byDay[next++ % 5].push(s.name)
    for (const day of byDay) {
      for (let i = day.length - 1; i > 0; i--) {
        const j = rng.int(0, i)
        ;[day[i], day[j]] = [day[j], day[i]]
      }
    }
    const teachers = new Map<string, StaffDef>()
    for (const s of plan) {
      if (s.split) {
        const t1 = teacherFor(cls, s.name)
        teachers.set(`${s.name}#1`, t1)
        teachers.set(`${s.name}#2`, teacherFor(cls, s.name, t1.id))
      } else teachers.set(s.name, teacherFor(cls, s.name))
    }
    byDay.forEach((subjects, d) =>
      subjects.forEach((subject, i) => {
        const wd = d + 1
        const period = i + 1
        const split = splitGroups.get(subject)
        const entries = split
          ? split.map((gid, k) => [gid, teachers.get(`${subject}#${k + 1}`)!] as const)
          : [[wholeId, teachers.get(subject)!] as const]
        for (const [gid, teacher] of entries) {
          timetable.push({
            id: rng.id('tt'),
            schoolId: SCHOOL_ID,
            groupId: gid,
            weekday: wd,
            period,
            subjectId: subjectId.get(subject)!,
            teacherId: teacher.id,
            room: teacher.room || String(grade * 10 + (cls.letter === 'А' ? 1 : 2)),
            validFrom: year.startsOn,
            validTo: null,
          })
        }
      }),
    )
  }

  // Lessons up to today, with topics, homework (not in 1st grade, Положение 3.7), marks and attendance.
  const lessons: Row[] = []
  const marks: Row[] = []
  const attendance: Row[] = []
  const days = schoolDays(startYear, today)
  // Homework is due at the group's next lesson of the subject (the whole year's school days, not only those taught yet).
  const yearDays = schoolDays(startYear, year.endsOn)
  const subjectWeekdays = new Map<string, Set<number>>()
  for (const e of timetable) {
    const key = `${e.groupId}|${e.subjectId}`
    subjectWeekdays.set(key, (subjectWeekdays.get(key) ?? new Set()).add(e.weekday as number))
  }
  const nextLessonDay = (groupId: string, subjectId: string, day: string): string | null => {
    const weekdays = subjectWeekdays.get(`${groupId}|${subjectId}`)
    return yearDays.find((d) => d > day && weekdays?.has(weekday(d))) ?? null
  }
  // Замена (Положение 4.4.3): now and then a colleague teaching the same subject gives the lesson. A separate random
  // stream, so the rest of the demo school stays as it was.
  const subRng = createRandom(seed + 1000)
  const substituteFor = (teacherId: string, subject: string): string | null => {
    const pool = staff.filter((s) => s.id !== teacherId && s.subjects.includes(subject))
    return pool.length ? subRng.pick(pool).id : null
  }
  const counter = new Map<string, number>()
  const ill = new Map<string, number>()
  const pupilById = new Map(pupils.map((p) => [p.id, p]))
  const absentToday = new Map<string, Set<string>>()
  for (const day of days) {
    const wd = weekday(day)
    const absent = new Set<string>()
    for (const p of pupils) {
      const left = ill.get(p.id) ?? 0
      if (left > 0) {
        absent.add(p.id)
        ill.set(p.id, left - 1)
      } else if (rng.chance(0.012)) {
        absent.add(p.id)
        ill.set(p.id, rng.int(1, 4))
      }
    }
    absentToday.set(day, absent)
    for (const entry of timetable) {
      if (entry.weekday !== wd) continue
      const meta = groupMeta.get(entry.groupId as string)!
      const subject = subjects.find((s) => s.id === entry.subjectId)!.name
      const key = `${entry.groupId}|${subject}`
      const index = counter.get(key) ?? 0
      counter.set(key, index + 1)
      const kind = meta.grade === 1 ? 'урок' : lessonKindFor(subject, index)
      const lessonId = rng.id('les')
      const homework = homeworkFor(subject, index, meta.grade)
      const substitute = subRng.chance(0.02) ? substituteFor(entry.teacherId as string, subject) : null
      lessons.push({
        id: lessonId,
        schoolId: SCHOOL_ID,
        groupId: entry.groupId,
        subjectId: entry.subjectId,
        teacherId: substitute ?? entry.teacherId,
        date: day,
        period: entry.period,
        topic: topicFor(subject, index, meta.grade, kind),
        kind,
        homework,
        homeworkDueOn: homework ? nextLessonDay(entry.groupId as string, entry.subjectId as string, day) : null,
      })
      for (const pupilId of groupPupils.get(entry.groupId as string)!) {
        const pupil = pupilById.get(pupilId)!
        if (day < (pupil.enrolledOn as string) || (pupil.leftOn && day > (pupil.leftOn as string))) continue
        if (absent.has(pupilId)) {
          attendance.push({ id: rng.id('att'), lessonId, pupilId, kind: 'ill', validReason: true, reason: 'болезнь (справка)' })
          continue
        }
        if (rng.chance(0.004)) {
          attendance.push({ id: rng.id('att'), lessonId, pupilId, kind: 'absent', validReason: false, reason: '' })
          continue
        }
        if (rng.chance(0.005))
          attendance.push({ id: rng.id('att'), lessonId, pupilId, kind: 'late', validReason: false, reason: 'опоздание' })
        if (meta.grade === 1) continue
        let workType: string | null = null
        if (kind === 'контрольная') workType = subject === 'Русский язык' && index % 16 === 7 ? 'Диктант' : 'Контрольная работа'
        else if (kind === 'лабораторная') workType = 'Лабораторная работа'
        else if (kind === 'практическая') workType = 'Практическая работа'
        else if (subject !== 'Физическая культура' || rng.chance(0.5)) {
          const r = rng.next()
          workType =
            r < 0.1
              ? 'Работа на уроке'
              : r < 0.17
                ? 'Устный ответ'
                : r < 0.21
                  ? 'Домашняя работа'
                  : r < 0.23
                    ? 'Самостоятельная работа'
                    : null
        }
        if (!workType) continue
        const value = Math.max(2, Math.min(5, Math.round(ability.get(pupilId)! + (rng.next() - 0.5) * 1.8)))
        marks.push({
          id: rng.id('mrk'),
          lessonId,
          pupilId,
          workTypeId: workTypeId.get(workType)!,
          value: String(value),
          setAt: new Date(`${day}T12:00:00+04:00`),
        })
      }
    }
  }

  const finalMarks = closedPeriodMarks({ periods, pupils, classes, lessons, marks, workTypes })
  const bells = DEMO_BELLS.map((b) => ({ id: `bell_1_${b.period}`, schoolId: SCHOOL_ID, shift: 1, ...b }))
  return {
    school,
    academicYear,
    periods,
    holidays,
    bells,
    staff,
    subjects,
    workTypes,
    classes,
    groups,
    memberships,
    pupils,
    movements,
    guardians,
    links,
    timetable,
    lessons,
    marks,
    attendance,
    finalMarks,
  }
}

/**
 * Final marks of closed periods by the default thresholds (5 ≥ 4.6, 4 ≥ 3.6, 3 ≥ 2.6): quarters for grades 2–9,
 * halves for 10–11, and the year («Год») for every grade but the 1st, which gets no marks (Положение 3.7).
 */
function closedPeriodMarks(input: {
  periods: Row[]
  pupils: Row[]
  classes: Row[]
  lessons: Row[]
  marks: Row[]
  workTypes: Array<{ id: string; weight: number }>
}) {
  const weight = new Map(input.workTypes.map((w) => [w.id, w.weight]))
  const lessonById = new Map(input.lessons.map((l) => [l.id, l]))
  const gradeOf = new Map(input.classes.map((c) => [c.id, c.grade as number]))
  const pupilGrade = new Map(input.pupils.map((p) => [p.id, gradeOf.get(p.classId as string)!]))
  const rows: Row[] = []
  const periodFits = (kind: string, grade: number) => kind === 'year' || kind === (grade >= 10 ? 'half' : 'quarter')
  for (const period of input.periods.filter((p) => p.closed)) {
    const sums = new Map<string, { sum: number; w: number; pupilId: string; subjectId: string }>()
    for (const m of input.marks) {
      const lesson = lessonById.get(m.lessonId as string)!
      if ((lesson.date as string) < (period.startsOn as string) || (lesson.date as string) > (period.endsOn as string)) continue
      if (!periodFits(period.kind as string, pupilGrade.get(m.pupilId as string) ?? 1)) continue
      const key = `${m.pupilId}|${lesson.subjectId}`
      const acc = sums.get(key) ?? { sum: 0, w: 0, pupilId: m.pupilId as string, subjectId: lesson.subjectId as string }
      const w = weight.get(m.workTypeId as string) ?? 1
      acc.sum += Number(m.value) * w
      acc.w += w
      sums.set(key, acc)
    }
    for (const acc of sums.values()) {
      const avg = acc.sum / acc.w
      const value = avg >= 4.6 ? 5 : avg >= 3.6 ? 4 : avg >= 2.6 ? 3 : 2
      rows.push({
        id: `fm_${period.id}_${acc.pupilId}_${acc.subjectId}`,
        pupilId: acc.pupilId,
        subjectId: acc.subjectId,
        periodId: period.id,
        value: String(value),
      })
    }
  }
  return rows
}

export type DemoSchool = ReturnType<typeof generateDemoSchool>
