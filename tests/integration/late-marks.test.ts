// Положение 4.4.1 (marks by 16:00 of the lesson's day, a written work's within a week), 4.3.2 and 4.6.4 (the class
// teacher and the deputy director control timely marking): the monthly activity report counts, per teacher, the
// marks that reached the journal after their due time.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { getActivityReport } from '#app/models/activity-report.server'
import { loader as activityPageLoader } from '#app/routes/staff.activity'
import { signIn } from '#tests/helpers/auth'
import { getRequest, settle } from '#tests/helpers/http'
import { addDays, parseLocalDateTime } from '#workflows/time'

const tz = 'Europe/Saratov'
const october = { gte: '2026-10-01', lte: '2026-10-25' }

async function octoberMark(written: boolean, teacherId?: string) {
  return db.mark.findFirstOrThrow({
    where: {
      workType: { written },
      lesson: { date: october, kind: 'урок', teacherId: teacherId ?? { not: null }, group: { class: { shift: 1 } } },
    },
    include: { lesson: { include: { teacher: true } } },
    orderBy: { id: 'asc' },
  })
}

describe('marks entered late (Положение 4.4.1)', () => {
  it('counts a lesson’s mark entered after 16:00 of its day, not a written work’s entered within the week', async () => {
    const lessonMark = await octoberMark(false)
    const teacherId = lessonMark.lesson.teacherId!
    const row = async () => {
      const r = await getActivityReport(lessonMark.lesson.teacher!.schoolId, '2026-10', tz)
      const t = lessonMark.lesson.teacher!
      return r.teachers.find((x) => x.name.startsWith(`${t.lastName} ${t.firstName}`))!
    }
    // The demo's marks are entered at midday of the lesson's day: on time.
    expect((await row()).lateMarks).toBe(0)

    const day = lessonMark.lesson.date
    await db.mark.update({ where: { id: lessonMark.id }, data: { setAt: parseLocalDateTime(`${day}T15:59`, tz) } })
    expect((await row()).lateMarks).toBe(0)
    await db.mark.update({ where: { id: lessonMark.id }, data: { setAt: parseLocalDateTime(`${day}T16:30`, tz) } })
    expect((await row()).lateMarks).toBe(1)

    const writtenMark = await octoberMark(true, teacherId).catch(() => null)
    if (writtenMark) {
      const wDay = writtenMark.lesson.date
      await db.mark.update({ where: { id: writtenMark.id }, data: { setAt: parseLocalDateTime(`${addDays(wDay, 6)}T10:00`, tz) } })
      expect((await row()).lateMarks).toBe(1)
    }
  })

  it('shows the count on the deputy director’s activity page', async () => {
    const cookie = await signIn('deputy')
    const page = await settle(() =>
      activityPageLoader({ request: getRequest('/staff/activity?month=2026-10', cookie), params: {}, context: {} }),
    )
    expect(page.status).toBe(200)
    const { report } = await page.json()
    const expected = (await getActivityReport(report.teachers.length ? (await db.school.findFirstOrThrow()).id : '', '2026-10', tz))
      .teachers
    expect(report.teachers.map((t: { lateMarks: number }) => t.lateMarks)).toEqual(expected.map((t) => t.lateMarks))
    expect(expected.some((t) => t.lateMarks > 0)).toBe(true) // the mark made late above
  })
})
