// 152-ФЗ ст. 5 ч. 5 and Положение 4.3.6, 4.4.4, 8.5: on the class roster the administration and the class teacher see
// every family's names and phones; a subject teacher only those of the pupils they teach.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { loader as teacherClassLoader } from '#app/routes/teacher.classes.$classId'
import { loader as staffClassLoader } from '#app/routes/staff.classes.$classId'
import { signIn } from '#tests/helpers/auth'
import { getRequest, settle } from '#tests/helpers/http'

type Row = { id: string; guardiansHidden: boolean; guardians: Array<{ phone: string }> }

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} })

async function rosterAs(login: string, classId: string, from: 'teacher' | 'staff'): Promise<Row[]> {
  const cookie = await signIn(login)
  const loader = from === 'teacher' ? teacherClassLoader : staffClassLoader
  const res = await settle(() => loader(args(getRequest(`/${from}/classes/${classId}`, cookie), { classId })))
  expect(res.status).toBe(200)
  return (await res.json()).roster.pupils
}

/** A teacher who teaches one split group of a class (not the whole class) and does not lead it. */
async function splitGroupTeacher() {
  const entry = await db.timetableEntry.findFirstOrThrow({
    where: {
      validTo: null,
      teacherId: { not: null },
      group: { wholeClass: false, members: { some: { toDate: null } } },
      teacher: { user: { roles: { every: { role: 'teacher' } } } },
    },
    include: { group: { include: { class: true } }, teacher: { include: { user: true } } },
  })
  const cls = entry.group.class
  const taughtGroups = await db.timetableEntry.findMany({
    where: { teacherId: entry.teacherId, validTo: null, group: { classId: cls.id } },
    select: { groupId: true },
  })
  const taught = new Set(
    (await db.groupMembership.findMany({ where: { toDate: null, groupId: { in: taughtGroups.map((t) => t.groupId) } } })).map(
      (m) => m.pupilId,
    ),
  )
  return { cls, login: entry.teacher!.user!.login, taught }
}

describe('guardians on the class roster', () => {
  it('shows a subject teacher the parents of the pupils they teach only', async () => {
    const { cls, login, taught } = await splitGroupTeacher()
    const rows = await rosterAs(login, cls.id, 'teacher')
    const mine = rows.filter((p) => taught.has(p.id))
    const others = rows.filter((p) => !taught.has(p.id))
    expect(mine.length).toBeGreaterThan(0)
    expect(others.length).toBeGreaterThan(0)
    expect(mine.every((p) => !p.guardiansHidden && p.guardians.length > 0 && p.guardians.every((g) => g.phone))).toBe(true)
    expect(others.every((p) => p.guardiansHidden && p.guardians.length === 0)).toBe(true)
  })

  it('reads the timetable and the groups as they stand today, an end date («Действует по») included', async () => {
    const { cls, login, taught } = await splitGroupTeacher()
    const teacher = await db.user.findUniqueOrThrow({ where: { login }, include: { staff: true } })
    const entries = { teacherId: teacher.staff!.id, validTo: null, group: { classId: cls.id } }
    // A timetable imported per half-year: it ends on a date still ahead; so do the groups' lists.
    const current = await db.timetableEntry.findMany({ where: entries, select: { id: true } })
    await db.timetableEntry.updateMany({ where: { id: { in: current.map((e) => e.id) } }, data: { validTo: '2099-12-31' } })
    await db.groupMembership.updateMany({ where: { pupilId: { in: [...taught] }, toDate: null }, data: { toDate: '2099-12-31' } })
    const rows = await rosterAs(login, cls.id, 'teacher')
    expect(rows.filter((p) => taught.has(p.id)).every((p) => !p.guardiansHidden)).toBe(true)
    // Ended yesterday: no longer the teacher's pupils.
    await db.timetableEntry.updateMany({ where: { id: { in: current.map((e) => e.id) } }, data: { validTo: '2000-01-01' } })
    expect((await rosterAs(login, cls.id, 'teacher')).every((p) => p.guardiansHidden)).toBe(true)
  })

  it('shows the class teacher and the administration every family', async () => {
    const { cls } = await splitGroupTeacher()
    const lead = await db.staff.findUniqueOrThrow({ where: { id: cls.classTeacherId! }, include: { user: true } })
    for (const rows of [await rosterAs(lead.user!.login, cls.id, 'teacher'), await rosterAs('deputy', cls.id, 'staff')]) {
      expect(rows.filter((p) => p.guardians.length > 0).length).toBeGreaterThan(rows.length / 2)
      expect(rows.some((p) => p.guardiansHidden)).toBe(false)
    }
  })
})
