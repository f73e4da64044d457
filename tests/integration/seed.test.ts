import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { seedIfEmpty } from '../../prisma/seed/seed.server'
import { generateDemoSchool } from '../../prisma/seed/generate'
import { FEMALE_FIRST } from '../../prisma/seed/names'
import { topicsFor } from '../../prisma/seed/topics'
import { patronymicFrom } from '#workflows/patronymic'

describe('demo school', () => {
  it('is not seeded twice on a second start', async () => {
    const before = await Promise.all([db.pupil.count(), db.mark.count(), db.user.count()])
    expect(await seedIfEmpty(db, '2026-11-29')).toEqual({ seeded: false })
    expect(await Promise.all([db.pupil.count(), db.mark.count(), db.user.count()])).toEqual(before)
  })

  it('is deterministic and follows the journal rules', () => {
    const a = generateDemoSchool({ today: '2026-11-29' })
    const b = generateDemoSchool({ today: '2026-11-29' })
    expect(a.pupils.map((p) => p.id)).toEqual(b.pupils.map((p) => p.id))
    expect(a.marks.length).toBe(b.marks.length)
    expect(a.classes).toHaveLength(22)
    expect(a.staff).toHaveLength(40)
    // Положение 3.7: no marks and no homework in 1st grade.
    const firstGradeGroups = new Set(
      a.groups
        .filter(
          (g) =>
            (g.classId as string).startsWith('class_1') &&
            !(g.classId as string).startsWith('class_10') &&
            !(g.classId as string).startsWith('class_11'),
        )
        .map((g) => g.id),
    )
    const firstGradeLessons = a.lessons.filter((l) => firstGradeGroups.has(l.groupId as string))
    expect(firstGradeLessons.length).toBeGreaterThan(100)
    expect(firstGradeLessons.every((l) => l.homework === '' && l.topic !== '')).toBe(true)
    const firstGradeLessonIds = new Set(firstGradeLessons.map((l) => l.id))
    expect(a.marks.some((m) => firstGradeLessonIds.has(m.lessonId as string))).toBe(false)
    // Lessons only on school days up to «today», none in the autumn holidays.
    expect(
      a.lessons.every(
        (l) => (l.date as string) <= '2026-11-29' && !((l.date as string) >= '2026-10-25' && (l.date as string) <= '2026-11-04'),
      ),
    ).toBe(true)
    // Every pupil has at least one guardian.
    const linked = new Set(a.links.map((l) => l.pupilId))
    expect(a.pupils.every((p) => linked.has(p.id))).toBe(true)
  })
  it('looks like a real school: topics and homework fit the grade and subject, in Russian; each day has a fair share of lessons', () => {
    const a = generateDemoSchool({ today: '2026-11-29' })
    const grade = new Map(a.groups.map((g) => [g.id, a.classes.find((c) => c.id === g.classId)!.grade as number]))
    const subject = new Map(a.subjects.map((s) => [s.id, s.name]))
    const lessons = a.lessons.map((l) => ({
      grade: grade.get(l.groupId as string)!,
      subject: subject.get(l.subjectId as string)!,
      topic: l.topic as string,
      homework: l.homework as string,
      kind: l.kind as string,
    }))
    expect(lessons.some((l) => /тема раздела|Практикум$|^Обобщение$/.test(l.topic))).toBe(false)
    expect(lessons.some((l) => l.grade <= 4 && /Десятичные|Проценты|Уравнения|§/.test(l.topic + l.homework))).toBe(false)
    expect(lessons.some((l) => l.subject === 'Окружающий мир' && l.homework.includes('§'))).toBe(false)
    // Положение 4.4.8: foreign-language topics are written in Russian.
    const english = lessons.filter((l) => l.subject === 'Английский язык')
    expect(english.length).toBeGreaterThan(100)
    expect(english.every((l) => /^[А-ЯЁ«]/.test(l.topic))).toBe(true)
    // Control works are named with their topic.
    expect(lessons.filter((l) => l.kind === 'контрольная').every((l) => l.topic.startsWith('Контрольная работа по теме «'))).toBe(true)
    // Every class's week: five days that differ by one lesson at most, and no subject twice a day unless it has more than five hours.
    for (const cls of a.classes) {
      const whole = `${cls.id}_all`
      const perDay = [1, 2, 3, 4, 5].map(
        (wd) =>
          new Set(a.timetable.filter((t) => (t.groupId as string).startsWith(cls.id + '_') && t.weekday === wd).map((t) => t.period)).size,
      )
      expect(Math.max(...perDay) - Math.min(...perDay), cls.name as string).toBeLessThanOrEqual(1)
      for (const wd of [1, 2, 3, 4, 5]) {
        const names = a.timetable.filter((t) => t.groupId === whole && t.weekday === wd).map((t) => t.subjectId)
        expect(new Set(names).size, `${cls.name} ${wd}`).toBe(names.length)
      }
    }
    // Homework is due on a later school day; the demo school rings its bells from 08:30.
    expect(
      a.lessons.filter((l) => l.homework).every((l) => l.homeworkDueOn === null || (l.homeworkDueOn as string) > (l.date as string)),
    ).toBe(true)
    expect(a.bells[0]).toMatchObject({ shift: 1, period: 1, startsAt: '08:30', endsAt: '09:15' })
  })

  // Issue 16: a school director looking at the demo must not spot a fake.
  it('gives every child the patronymic of the father in the journal; without one, a real patronymic shared by brothers and sisters', () => {
    const a = generateDemoSchool({ today: '2026-11-29' })
    const guardian = new Map(a.guardians.map((g) => [g.id, g]))
    const female = new Set<string>(FEMALE_FIRST)
    let withFather = 0
    const byMother = new Map<string, string[]>()
    for (const p of a.pupils) {
      const links = a.links.filter((l) => l.pupilId === p.id)
      const father = links.find((l) => l.relationship === 'отец')
      const isGirl = female.has(p.firstName as string)
      const name = `${p.lastName} ${p.firstName} ${p.middleName}`
      if (father) {
        withFather++
        expect(p.middleName, name).toBe(patronymicFrom(guardian.get(father.guardianId as string)!.firstName as string, isGirl))
      } else {
        expect(p.middleName, name).toMatch(isGirl ? /^[А-ЯЁ][а-яё]+(овна|евна|ична)$/ : /^[А-ЯЁ][а-яё]+(ович|евич|ич)$/)
        const mother = links.find((l) => l.relationship === 'мать')!.guardianId as string
        byMother.set(mother, [...(byMother.get(mother) ?? []), (p.middleName as string).replace(/(ич|на)$/, '')])
      }
    }
    expect(withFather).toBeGreaterThan(200)
    // Brothers and sisters without a father in the journal share the stem of their patronymic.
    for (const stems of byMother.values()) expect(new Set(stems.map((s) => s.replace(/и$|ич$/, ''))).size).toBe(1)
  })

  it('takes every topic from its grade and subject list, with no placeholders, and paragraphs only where textbooks have them', () => {
    const a = generateDemoSchool({ today: '2026-11-29' })
    const gradeOf = new Map(a.groups.map((g) => [g.id, a.classes.find((c) => c.id === g.classId)!.grade as number]))
    const subjectOf = new Map(a.subjects.map((s) => [s.id, s.name]))
    // Primary school and the reading, world-around and language subjects work by pages and exercises, not paragraphs.
    const noParagraphs = new Set(['Окружающий мир', 'Литературное чтение', 'Литература', 'Английский язык'])
    for (const l of a.lessons) {
      const grade = gradeOf.get(l.groupId as string)!
      const subject = subjectOf.get(l.subjectId as string)!
      const topic = l.topic as string
      const homework = l.homework as string
      const where = `${grade} класс, ${subject}, ${l.date}: ${topic} / ${homework}`
      const stem = topic.replace(/^(Контрольная|Лабораторная|Практическая) работа по теме «(.*)»$/, '$2').replace(/ \(урок [23]\)$/, '')
      expect(topicsFor(subject, grade), where).toContain(stem)
      expect(/тема раздела|работа по теме$|^Повторение изученного$|\.\.\.$/.test(topic), where).toBe(false)
      if (grade <= 4 || noParagraphs.has(subject)) expect(homework.includes('§'), where).toBe(false)
      if (grade <= 4) expect(/Десятичные|Проценты|Уравнения|Дроби|дроби/.test(topic), where).toBe(false)
    }
    // Положение 3.7: 1st grade — no marks, no final marks.
    const firstGrade = new Set(a.pupils.filter((p) => (p.classId as string).match(/^class_1[ab]$/)).map((p) => p.id))
    expect(firstGrade.size).toBeGreaterThan(40)
    expect(a.marks.some((m) => firstGrade.has(m.pupilId as string))).toBe(false)
    expect(a.finalMarks.some((m) => firstGrade.has(m.pupilId as string))).toBe(false)
  })
})
