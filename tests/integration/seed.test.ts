import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { seedIfEmpty } from '../../prisma/seed/seed.server'
import { generateDemoSchool } from '../../prisma/seed/generate'

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
})
