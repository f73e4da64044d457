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
    const firstGradeGroups = new Set(a.groups.filter((g) => (g.classId as string).startsWith('class_1') && !(g.classId as string).startsWith('class_10') && !(g.classId as string).startsWith('class_11')).map((g) => g.id))
    const firstGradeLessons = a.lessons.filter((l) => firstGradeGroups.has(l.groupId as string))
    expect(firstGradeLessons.length).toBeGreaterThan(100)
    expect(firstGradeLessons.every((l) => l.homework === '' && l.topic !== '')).toBe(true)
    const firstGradeLessonIds = new Set(firstGradeLessons.map((l) => l.id))
    expect(a.marks.some((m) => firstGradeLessonIds.has(m.lessonId as string))).toBe(false)
    // Lessons only on school days up to «today», none in the autumn holidays.
    expect(a.lessons.every((l) => (l.date as string) <= '2026-11-29' && !((l.date as string) >= '2026-10-25' && (l.date as string) <= '2026-11-04'))).toBe(true)
    // Every pupil has at least one guardian.
    const linked = new Set(a.links.map((l) => l.pupilId))
    expect(a.pupils.every((p) => linked.has(p.id))).toBe(true)
  })
})
