import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { loader as journalLoader } from '#app/routes/staff.journal.$classId'
import { loader as pupilLoader } from '#app/routes/staff.pupils.$pupilId'
import { action as importAction, loader as importLoader } from '#app/routes/admin.import'
import { demoLogins } from '../../prisma/seed/seed.server'
import { signIn } from '#tests/helpers/auth'
import { ORIGIN, formRequest, getRequest, settle } from '#tests/helpers/http'
import { addDays } from '#workflows/time'

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })

async function loginFor(role: string) {
  return (await demoLogins(db)).find((l) => l.role === role)!.login
}

async function staffOf(login: string) {
  return db.staff.findFirstOrThrow({ where: { user: { login } } })
}

describe('staff journal pages', () => {
  it('are closed to parents (403) and to staff without journal rights (403)', async () => {
    const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '5А' } })
    const pupil = await db.pupil.findFirstOrThrow({ where: { classId: cls.id } })
    for (const login of ['parent', 'secretary']) {
      const cookie = await signIn(login)
      expect((await settle(() => journalLoader(args(getRequest(`/staff/journal/${cls.id}`, cookie), { classId: cls.id })))).status).toBe(
        403,
      )
      expect((await settle(() => pupilLoader(args(getRequest(`/staff/pupils/${pupil.id}`, cookie), { pupilId: pupil.id })))).status).toBe(
        403,
      )
    }
  })

  it('show a teacher only the classes they teach: another class is 404 and is not audited', async () => {
    const login = await loginFor('Учитель-предметник')
    const teacher = await staffOf(login)
    const taught = await db.schoolClass.findFirstOrThrow({
      where: { groups: { some: { timetable: { some: { teacherId: teacher.id } } } } },
    })
    const other = await db.schoolClass.findFirstOrThrow({
      where: { classTeacherId: { not: teacher.id }, groups: { none: { timetable: { some: { teacherId: teacher.id } } } } },
    })
    const stranger = await db.pupil.findFirstOrThrow({ where: { classId: other.id } })
    const cookie = await signIn(login)
    const audit = await db.auditEvent.count({ where: { action: { in: ['view:journal', 'view:pupil'] } } })
    const denied = await settle(() => journalLoader(args(getRequest(`/staff/journal/${other.id}`, cookie), { classId: other.id })))
    expect(denied.status).toBe(404)
    expect(await denied.text()).toBe('Класс не найден')
    expect(
      (await settle(() => pupilLoader(args(getRequest(`/staff/pupils/${stranger.id}`, cookie), { pupilId: stranger.id })))).status,
    ).toBe(404)
    expect(await db.auditEvent.count({ where: { action: { in: ['view:journal', 'view:pupil'] } } })).toBe(audit)

    const ok = await settle(() => journalLoader(args(getRequest(`/staff/journal/${taught.id}`, cookie), { classId: taught.id })))
    expect(ok.status).toBe(200)
    const { journal } = await ok.json()
    expect(journal.cls.id).toBe(taught.id)
    expect(
      await db.auditEvent.findFirst({ where: { action: 'view:journal', entityId: taught.id }, orderBy: { at: 'desc' } }),
    ).toMatchObject({ entity: 'class', userId: expect.any(String) })
  })

  it('give a class teacher the class journal by subject and the pupil card, audited', async () => {
    const login = await loginFor('Классный руководитель 5А')
    const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '5А' } })
    const cookie = await signIn(login)
    const english = await db.subject.findFirstOrThrow({ where: { name: 'Английский язык' } })
    const response = await settle(() =>
      journalLoader(args(getRequest(`/staff/journal/${cls.id}?subject=${english.id}`, cookie), { classId: cls.id })),
    )
    expect(response.status).toBe(200)
    const { journal } = await response.json()
    expect(journal.subject.name).toBe('Английский язык')
    // A split subject: one grid per group, each pupil in exactly one of them.
    expect(journal.groups.map((g: { name: string }) => g.name).sort()).toEqual(['Английский язык, группа 1', 'Английский язык, группа 2'])
    const ids = journal.groups.flatMap((g: { pupils: Array<{ id: string }> }) => g.pupils.map((p) => p.id))
    expect(new Set(ids).size).toBe(ids.length)

    const pupil = await db.pupil.findFirstOrThrow({ where: { classId: cls.id, leftOn: null } })
    const card = await settle(() => pupilLoader(args(getRequest(`/staff/pupils/${pupil.id}`, cookie), { pupilId: pupil.id })))
    expect(card.status).toBe(200)
    const body = await card.json()
    expect(body.card.pupil).toMatchObject({ id: pupil.id, className: '5А' })
    expect(body.card.forecast.available).toBe(true)
    expect(await db.auditEvent.count({ where: { action: 'view:pupil', entityId: pupil.id } })).toBe(1)
  })

  it(
    'show a subject teacher only the groups and subjects they teach, on the journal and the pupil card ' +
      '(Регламент «учитель-предметник работает … на страницах ЭЖ классов, учебных групп …, которым он преподает свой предмет»)',
    async () => {
      const login = await loginFor('Учитель-предметник')
      const teacher = await staffOf(login)
      const cls = await db.schoolClass.findFirstOrThrow({
        where: { name: '5А', classTeacherId: { not: teacher.id }, groups: { some: { timetable: { some: { teacherId: teacher.id } } } } },
      })
      const pairs = await db.timetableEntry.findMany({
        where: { teacherId: teacher.id, group: { classId: cls.id } },
        select: { groupId: true, subjectId: true },
      })
      const mine = new Set(pairs.map((p) => p.subjectId))
      const myGroups = new Set(pairs.map((p) => p.groupId))
      const maths = await db.subject.findFirstOrThrow({ where: { name: 'Математика' } })
      expect(mine.has(maths.id)).toBe(false)
      const cookie = await signIn(login)
      const open = async (query: string) => {
        const res = await settle(() => journalLoader(args(getRequest(`/staff/journal/${cls.id}${query}`, cookie), { classId: cls.id })))
        expect(res.status).toBe(200)
        return (await res.json()).journal
      }
      const journal = await open('')
      expect(journal.subjects.length).toBeGreaterThan(0)
      for (const s of journal.subjects) expect([s.name, mine.has(s.id)]).toEqual([s.name, true])
      for (const g of journal.groups) expect(myGroups.has(g.id)).toBe(true)
      // Another teacher's subject by its address: the page stays on the teacher's own, no mathematics mark is read.
      const asked = await open(`?subject=${maths.id}`)
      expect(asked.subject.id).not.toBe(maths.id)
      expect(asked.subjects.map((s: { id: string }) => s.id)).not.toContain(maths.id)
      // The class teacher of the same class sees mathematics.
      const ct = await signIn(await loginFor('Классный руководитель 5А'))
      const full = await settle(() =>
        journalLoader(args(getRequest(`/staff/journal/${cls.id}?subject=${maths.id}`, ct), { classId: cls.id })),
      )
      expect((await full.json()).journal.subject.id).toBe(maths.id)

      // The pupil card: the marks and forecasts of the teacher's subjects only, and a note that says why.
      const member = await db.groupMembership.findFirstOrThrow({
        where: { groupId: { in: [...myGroups] }, pupil: { classId: cls.id, leftOn: null } },
      })
      const cardOf = async (cookie: string) => {
        const res = await settle(() =>
          pupilLoader(args(getRequest(`/staff/pupils/${member.pupilId}`, cookie), { pupilId: member.pupilId })),
        )
        expect(res.status).toBe(200)
        return (await res.json()).card
      }
      const names = new Set((await db.subject.findMany({ where: { id: { in: [...mine] } } })).map((s) => s.name))
      const card = await cardOf(cookie)
      expect(card.marks.subjects.length).toBeGreaterThan(0)
      for (const s of card.marks.subjects) expect([s.subject, names.has(s.subject)]).toEqual([s.subject, true])
      for (const f of card.forecast.subjects) expect([f.subject, mine.has(f.subjectId)]).toEqual([f.subject, true])
      expect(card.notes.join(' ')).toContain('Показаны отметки и посещаемость на уроках, которые вы ведёте у обучающегося')
      const whole = await cardOf(ct)
      expect(whole.marks.subjects.map((s: { subject: string }) => s.subject)).toContain('Математика')
      expect(whole.notes.join(' ')).not.toContain('которые вы ведёте')

      // A substitute lesson of mathematics given by the teacher (Положение 4.4.3) opens that group's mathematics.
      const mathsLesson = await db.lesson.findFirstOrThrow({
        where: { group: { classId: cls.id }, subjectId: maths.id },
        orderBy: { date: 'desc' },
      })
      await db.lesson.update({ where: { id: mathsLesson.id }, data: { teacherId: teacher.id } })
      const substituted = await open(`?subject=${maths.id}`)
      expect(substituted.subject.id).toBe(maths.id)
      expect(substituted.groups.map((g: { id: string }) => g.id)).toEqual([mathsLesson.groupId])
    },
  )

  it(
    "keep a teacher whose timetable row ended to the lessons up to its last day: the successor's lessons, marks and " +
      'absences are not theirs (ADR 108)',
    async () => {
      const login = await loginFor('Учитель-предметник')
      const teacher = await staffOf(login)
      const cls = await db.schoolClass.findFirstOrThrow({
        where: { name: '5А', classTeacherId: { not: teacher.id }, groups: { some: { timetable: { some: { teacherId: teacher.id } } } } },
      })
      const row = await db.timetableEntry.findFirstOrThrow({ where: { teacherId: teacher.id, group: { classId: cls.id } } })
      const lessons = await db.lesson.findMany({
        where: { groupId: row.groupId, subjectId: row.subjectId, teacherId: teacher.id },
        orderBy: [{ date: 'desc' }, { period: 'asc' }],
      })
      const pupils = await db.groupMembership.findMany({ where: { groupId: row.groupId, toDate: null, pupil: { leftOn: null } } })
      // The last lessons of the pair are the successor's, from the day after the teacher's row ended.
      const later = lessons.slice(0, 3)
      const lastDay = lessons[3].date
      expect(later.every((l) => l.date > lastDay)).toBe(true)
      const successor = await db.staff.findFirstOrThrow({ where: { id: { not: teacher.id }, user: { isNot: null } } })
      await db.timetableEntry.updateMany({
        where: { teacherId: teacher.id, groupId: row.groupId, subjectId: row.subjectId },
        data: { validTo: lastDay },
      })
      await db.lesson.updateMany({ where: { id: { in: later.map((l) => l.id) } }, data: { teacherId: successor.id } })
      await db.attendance.deleteMany({ where: { lessonId: { in: later.map((l) => l.id) } } })
      const pupil = pupils[0].pupilId
      await db.attendance.create({ data: { lessonId: later[0].id, pupilId: pupil, kind: 'absent', reason: 'после смены учителя' } })

      const cookie = await signIn(login)
      const res = await settle(() =>
        journalLoader(args(getRequest(`/staff/journal/${cls.id}?subject=${row.subjectId}`, cookie), { classId: cls.id })),
      )
      const { journal } = await res.json()
      const shown: string[] = journal.lessons.map((l: { id: string }) => l.id)
      for (const l of later) expect(shown).not.toContain(l.id)
      expect(shown).toContain(lessons[3].id)
      for (const g of journal.groups) for (const l of g.lessons) expect(l.date <= lastDay).toBe(true)

      const card = await settle(() => pupilLoader(args(getRequest(`/staff/pupils/${pupil}`, cookie), { pupilId: pupil })))
      const body = (await card.json()).card
      const subject = await db.subject.findUniqueOrThrow({ where: { id: row.subjectId } })
      if (body.marks.available) {
        for (const s of body.marks.subjects) if (s.subject === subject.name) for (const m of s.rows) expect(m.date <= lastDay).toBe(true)
      }
      expect(body.attendance.rows.map((a: { reason: string; date: string }) => a.date)).not.toContain(later[0].date)
      // Nor the forecast of the subject: its average would take in the successor's marks.
      if (body.forecast.available)
        expect(body.forecast.subjects.map((f: { subjectId: string }) => f.subjectId)).not.toContain(row.subjectId)

      // The successor's lessons stay whole for the class teacher.
      const ct = await signIn(await loginFor('Классный руководитель 5А'))
      const full = await settle(() =>
        journalLoader(args(getRequest(`/staff/journal/${cls.id}?subject=${row.subjectId}`, ct), { classId: cls.id })),
      )
      expect((await full.json()).journal.lessons.map((l: { id: string }) => l.id)).toContain(later[0].id)
    },
  )

  it('open a class to a substitute without a timetable row there with exactly the lessons they gave (Положение 4.4.3)', async () => {
    const login = await loginFor('Учитель-предметник')
    const teacher = await staffOf(login)
    const given = await db.lesson.findFirstOrThrow({
      where: {
        marks: { some: {} },
        group: { class: { classTeacherId: { not: teacher.id }, groups: { none: { timetable: { some: { teacherId: teacher.id } } } } } },
      },
      orderBy: { date: 'desc' },
    })
    const other = await db.schoolClass.findFirstOrThrow({ where: { groups: { some: { id: given.groupId } } } })
    await db.lesson.update({ where: { id: given.id }, data: { teacherId: teacher.id } })
    const mark = await db.mark.findFirstOrThrow({ where: { lessonId: given.id } })
    await db.attendance.deleteMany({ where: { lessonId: given.id, pupilId: mark.pupilId } })
    const period = await db.reportingPeriod.findFirstOrThrow({
      where: { academicYearId: other.academicYearId, startsOn: { lte: given.date }, endsOn: { gte: given.date }, kind: { not: 'year' } },
    })
    const cookie = await signIn(login)
    const res = await settle(() =>
      journalLoader(
        args(getRequest(`/staff/journal/${other.id}?period=${period.id}&subject=${given.subjectId}`, cookie), { classId: other.id }),
      ),
    )
    expect(res.status).toBe(200)
    const { journal } = await res.json()
    // Exactly the lessons the teacher gave in the class (this one, and any other substitution of the demo data).
    const gave = await db.lesson.findMany({
      where: { teacherId: teacher.id, group: { classId: other.id }, date: { gte: period.startsOn, lte: given.date } },
      orderBy: [{ date: 'asc' }, { period: 'asc' }],
    })
    expect(journal.subjects.map((s: { id: string }) => s.id).sort()).toEqual([...new Set(gave.map((l) => l.subjectId))].sort())
    const ofSubject = gave.filter((l) => l.subjectId === given.subjectId).map((l) => l.id)
    expect(ofSubject).toContain(given.id)
    expect(journal.lessons.map((l: { id: string }) => l.id)).toEqual(ofSubject)
    expect(journal.groups.flatMap((g: { lessons: Array<{ id: string }> }) => g.lessons.map((l) => l.id)).sort()).toEqual(
      [...ofSubject].sort(),
    )

    const card = await settle(() =>
      pupilLoader(args(getRequest(`/staff/pupils/${mark.pupilId}?period=${period.id}`, cookie), { pupilId: mark.pupilId })),
    )
    expect(card.status).toBe(200)
    const body = (await card.json()).card
    const rows = body.marks.subjects.flatMap((s: { rows: Array<{ date: string }> }) => s.rows)
    expect(rows.length).toBeGreaterThan(0)
    const days = new Set(gave.map((l) => l.date))
    for (const r of rows) expect(days.has(r.date)).toBe(true)
    expect(body.forecast.available ? body.forecast.subjects : []).toEqual([])

    // The pupils of the group on the days they taught it, not every pupil of the class (ADR 115): one who joined the
    // group after the teacher's last lesson there, and one in another group of the class only, are «not found».
    const lastGiven = await db.lesson.findFirstOrThrow({
      where: { teacherId: teacher.id, group: { classId: other.id } },
      orderBy: { date: 'desc' },
    })
    const newcomer = await db.pupil.create({
      data: {
        schoolId: other.schoolId,
        lastName: 'Новенький',
        firstName: 'Никита',
        birthDate: '2014-02-02',
        classId: other.id,
        enrolledOn: '2026-01-01',
      },
    })
    await db.groupMembership.create({ data: { groupId: given.groupId, pupilId: newcomer.id, fromDate: addDays(lastGiven.date, 1) } })
    const apart = await db.pupil.create({
      data: {
        schoolId: other.schoolId,
        lastName: 'Отдельная',
        firstName: 'Анна',
        birthDate: '2014-03-03',
        classId: other.id,
        enrolledOn: '2020-09-01',
      },
    })
    const elsewhere = await db.teachingGroup.create({ data: { schoolId: other.schoolId, classId: other.id, name: 'Группа ADR 115' } })
    await db.groupMembership.create({ data: { groupId: elsewhere.id, pupilId: apart.id, fromDate: '2020-09-01' } })
    const cardOf = (pupilId: string, who: string) =>
      settle(() => pupilLoader(args(getRequest(`/staff/pupils/${pupilId}`, who), { pupilId })))
    // One who left the group before the teacher's first lesson in it, within the period: not theirs either.
    const firstGiven = await db.lesson.findFirstOrThrow({
      where: { teacherId: teacher.id, groupId: given.groupId, date: { gte: period.startsOn } },
      orderBy: { date: 'asc' },
    })
    expect(firstGiven.date > period.startsOn).toBe(true)
    const leaver = await db.pupil.create({
      data: {
        schoolId: other.schoolId,
        lastName: 'Ушедший',
        firstName: 'Пётр',
        birthDate: '2014-02-02',
        classId: other.id,
        enrolledOn: '2020-09-01',
      },
    })
    await db.groupMembership.create({
      data: { groupId: given.groupId, pupilId: leaver.id, fromDate: period.startsOn, toDate: addDays(firstGiven.date, -1) },
    })
    for (const pupilId of [newcomer.id, apart.id, leaver.id]) expect((await cardOf(pupilId, cookie)).status).toBe(404)
    expect(await db.auditEvent.count({ where: { action: 'view:pupil', entityId: { in: [newcomer.id, apart.id, leaver.id] } } })).toBe(0)
    // The journal page follows the card's rule: it lists (and links) the pupils of their lessons and no one whose card
    // is «not found» (review of ADR 115: the leaver was listed with a link to a 404).
    const page = await settle(() =>
      journalLoader(
        args(getRequest(`/staff/journal/${other.id}?period=${period.id}&subject=${given.subjectId}`, cookie), { classId: other.id }),
      ),
    )
    const listed: string[] = (await page.json()).journal.groups.flatMap((g: { pupils: Array<{ id: string }> }) => g.pupils.map((p) => p.id))
    expect(listed).toContain(mark.pupilId)
    expect(listed).not.toContain(leaver.id)
    expect(listed).not.toContain(newcomer.id)
    for (const pupilId of listed) expect((await cardOf(pupilId, cookie)).status).toBe(200)
    // The director (no scope) still reads the whole group of the period, the leaver included.
    const head = await signIn('director')
    const whole = await settle(() =>
      journalLoader(
        args(getRequest(`/staff/journal/${other.id}?period=${period.id}&subject=${given.subjectId}`, head), {
          classId: other.id,
        }),
      ),
    )
    const all: string[] = (await whole.json()).journal.groups.flatMap((g: { pupils: Array<{ id: string }> }) => g.pupils.map((p) => p.id))
    expect(all).toContain(leaver.id)
    const director = await signIn('director')
    for (const pupilId of [newcomer.id, apart.id]) expect((await cardOf(pupilId, director)).status).toBe(200)
  })

  it(
    'show a subject teacher whether an absence in their lessons is excused, not its cause; the class teacher reads the cause ' +
      '(152-ФЗ ст. 10, ADR 108)',
    async () => {
      const login = await loginFor('Учитель-предметник')
      const teacher = await staffOf(login)
      const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '5А' } })
      const mine = await db.lesson.findFirstOrThrow({
        where: { group: { classId: cls.id }, teacherId: teacher.id },
        orderBy: { date: 'desc' },
        include: { group: { include: { members: { where: { toDate: null, pupil: { leftOn: null } } } } } },
      })
      const pupil = mine.group.members[0].pupilId
      const theirs = await db.lesson.findFirstOrThrow({
        where: { group: { classId: cls.id, members: { some: { pupilId: pupil } } }, teacherId: { not: teacher.id }, date: mine.date },
      })
      await db.attendance.deleteMany({ where: { pupilId: pupil, lessonId: { in: [mine.id, theirs.id] } } })
      await db.attendance.createMany({
        data: [
          { lessonId: mine.id, pupilId: pupil, kind: 'ill', validReason: true, reason: 'ОРВИ, справка из поликлиники' },
          { lessonId: theirs.id, pupilId: pupil, kind: 'ill', validReason: true, reason: 'ОРВИ, справка из поликлиники' },
        ],
      })
      const cardOf = async (cookie: string) => {
        const res = await settle(() => pupilLoader(args(getRequest(`/staff/pupils/${pupil}`, cookie), { pupilId: pupil })))
        expect(res.status).toBe(200)
        return (await res.json()).card
      }
      const card = await cardOf(await signIn(login))
      const subjectOf = async (id: string) => (await db.subject.findUniqueOrThrow({ where: { id } })).name
      const day = card.attendance.rows.filter((a: { date: string }) => a.date === mine.date)
      expect(day).toEqual([
        { date: mine.date, subject: await subjectOf(mine.subjectId), kind: 'absent', kindLabel: 'отсутствие', reason: '', valid: true },
      ])
      expect(JSON.stringify(card.attendance)).not.toMatch(/ОРВИ|болезнь/)
      const teacherCookie = await signIn(login)
      const journalRes = await settle(() =>
        journalLoader(args(getRequest(`/staff/journal/${cls.id}?subject=${mine.subjectId}`, teacherCookie), { classId: cls.id })),
      )
      const seen = (await journalRes.json()).journal
      const cells = seen.groups.flatMap((g: { pupils: Array<{ cells: Array<{ absence: string | null }> }> }) =>
        g.pupils.flatMap((p) => p.cells.map((c) => c.absence)),
      )
      expect(cells).toContain('н')
      expect(cells).not.toContain('б')
      expect(seen.causes).toBe(false)

      const whole = await cardOf(await signIn(await loginFor('Классный руководитель 5А')))
      const both = whole.attendance.rows.filter((a: { date: string; reason: string }) => a.date === mine.date && a.reason.includes('ОРВИ'))
      expect(both.map((a: { kind: string }) => a.kind)).toEqual(['ill', 'ill'])
    },
  )

  it('let the administration read any class', async () => {
    const cookie = await signIn('deputy')
    const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '11Б' } })
    expect((await settle(() => journalLoader(args(getRequest(`/staff/journal/${cls.id}`, cookie), { classId: cls.id })))).status).toBe(200)
    expect((await settle(() => journalLoader(args(getRequest('/staff/journal/nope', cookie), { classId: 'nope' })))).status).toBe(404)
  })
})

describe('import page', () => {
  it('is for the ЭЖ administrator only', async () => {
    for (const login of ['parent', 'director']) {
      const cookie = await signIn(login)
      expect((await settle(() => importLoader(args(getRequest('/admin/import', cookie))))).status).toBe(403)
    }
  })

  it('checks an uploaded file, then applies it on confirmation', async () => {
    const cookie = await signIn('admin')
    const form = new FormData()
    form.set('intent', 'check')
    form.set('kind', 'subjects')
    form.set('file', new File(['Предмет;Минимум отметок\nАстрономия;2\n'], 'subjects.csv', { type: 'text/csv' }))
    const request = new Request(`${ORIGIN}/admin/import`, { method: 'POST', body: form, headers: { Cookie: cookie, Origin: ORIGIN } })
    const checked = await settle(() => importAction(args(request)))
    expect(checked.status).toBe(200)
    const data = await checked.json()
    expect(data).toMatchObject({
      stage: 'checked',
      report: { ok: true, counts: { created: 1 } },
      token: expect.stringMatching(/^[0-9a-f]{48}$/),
    })
    expect(await db.subject.count({ where: { name: 'Астрономия' } })).toBe(0)

    const other = await signIn('admin')
    const applied = await settle(() => importAction(args(formRequest('/admin/import', { intent: 'apply', token: data.token }, other))))
    expect(await applied.json()).toMatchObject({ stage: 'applied', report: { applied: true } })
    expect(await db.subject.findFirst({ where: { name: 'Астрономия' } })).toMatchObject({ minMarks: 2 })
    // The token is spent.
    const reuse = await settle(() => importAction(args(formRequest('/admin/import', { intent: 'apply', token: data.token }, other))))
    expect(reuse.status).toBe(400)
    expect((await reuse.json()).message).toMatch(/загрузите файл и проверьте его снова/)
  })

  it('refuses a missing file with a Russian message', async () => {
    const cookie = await signIn('admin')
    const form = new FormData()
    form.set('intent', 'check')
    form.set('kind', 'subjects')
    const request = new Request(`${ORIGIN}/admin/import`, { method: 'POST', body: form, headers: { Cookie: cookie, Origin: ORIGIN } })
    const response = await settle(() => importAction(args(request)))
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ stage: 'error', message: 'Выберите файл' })
    // What a browser sends when the form is submitted with no file chosen: an empty part with filename="".
    const empty = new FormData()
    empty.set('intent', 'check')
    empty.set('kind', 'subjects')
    empty.set('file', new File([], '', { type: 'application/octet-stream' }))
    const browser = await settle(() =>
      importAction(
        args(new Request(`${ORIGIN}/admin/import`, { method: 'POST', body: empty, headers: { Cookie: cookie, Origin: ORIGIN } })),
      ),
    )
    expect(browser.status).toBe(400)
    expect(await browser.json()).toEqual({ stage: 'error', message: 'Выберите файл' })
  })

  it('lets the browser send the form without a file, so the page shows the Russian message, and names no repository file', async () => {
    const source = fs.readFileSync(path.resolve('app/routes/admin.import.tsx'), 'utf8')
    expect(source).not.toMatch(/id="file"[^>]*\srequired\b/)
    expect(source).not.toContain('docs/import.md')
  })
})
