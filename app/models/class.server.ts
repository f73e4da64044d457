import { compareByName } from '#workflows/text'
import { db } from '#app/utils/db.server'
import { fullName } from './school.server'
import { isConfirmedLink } from '#workflows/guardian-status'
import { compareNumbered } from '#workflows/text'
import { localDateOf } from '#workflows/time'
import { scopeWindows, type JournalScope } from '#workflows/journal-scope'

/** A class with its pupils (and who has left, Положение «движение»), guardians for staff views. */
export async function getClassRoster(schoolId: string, classId: string) {
  const cls = await db.schoolClass.findFirst({
    where: { id: classId, schoolId },
    include: {
      classTeacher: true,
      groups: { orderBy: { name: 'asc' }, include: { _count: { select: { members: true } } } },
      pupils: {
        include: { guardians: { include: { guardian: true } } },
      },
    },
  })
  if (!cls) return null
  return {
    id: cls.id,
    name: cls.name,
    grade: cls.grade,
    classTeacherId: cls.classTeacherId,
    classTeacher: cls.classTeacher ? fullName(cls.classTeacher) : '—',
    groups: cls.groups.map((g) => ({ id: g.id, name: g.name, members: g._count.members })),
    pupils: cls.pupils.sort(compareByName).map((p) => ({
      id: p.id,
      name: fullName(p),
      birthDate: p.birthDate,
      enrolledOn: p.enrolledOn,
      leftOn: p.leftOn,
      /** True when the viewer may not see this pupil's parents (class-page.server.ts, guardiansForViewer). */
      guardiansHidden: false as boolean,
      guardians: p.guardians.map((l) => ({
        name: fullName(l.guardian),
        relationship: l.relationship,
        phone: l.guardian.phone,
        confirmed: isConfirmedLink(l),
      })),
    })),
  }
}

/** Classes and groups a teacher works with (as class teacher or through lessons in the timetable). */
export async function getTeacherOverview(schoolId: string, staffId: string) {
  const [led, entries] = await Promise.all([
    db.schoolClass.findMany({ where: { schoolId, classTeacherId: staffId }, select: { id: true, name: true } }),
    db.timetableEntry.findMany({
      where: { schoolId, teacherId: staffId, validTo: null },
      include: { subject: true, group: { include: { class: true } } },
      orderBy: [{ weekday: 'asc' }, { period: 'asc' }],
    }),
  ])
  const groups = new Map<
    string,
    { groupId: string; className: string; classId: string; groupName: string; subject: string; hours: number }
  >()
  for (const e of entries) {
    const key = `${e.groupId}|${e.subjectId}`
    const g = groups.get(key) ?? {
      groupId: e.groupId,
      classId: e.group.classId,
      className: e.group.class.name,
      groupName: e.group.name,
      subject: e.subject.name,
      hours: 0,
    }
    g.hours += 1
    groups.set(key, g)
  }
  return {
    led,
    groups: [...groups.values()].sort((a, b) => compareNumbered(a.className, b.className) || a.subject.localeCompare(b.subject, 'ru')),
  }
}

/** Whether the staff member is the class teacher of the class (of this school). */
export async function classLedBy(schoolId: string, classId: string, staffId: string): Promise<boolean> {
  return (await db.schoolClass.count({ where: { id: classId, schoolId, classTeacherId: staffId } })) > 0
}

/**
 * The pupils a teacher teaches in the class now: current members of the groups the teacher has lessons with in the
 * current timetable (Положение 4.4.4: the subject teacher tells these pupils' parents when they fall behind or miss).
 */
export async function pupilsTaughtBy(schoolId: string, staffId: string, classId: string, now = new Date()): Promise<Set<string>> {
  const school = await db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { timeZone: true } })
  // «Now» on the school's clock: a timetable imported per half-year ends on a date («Действует по»), as a membership may.
  const today = localDateOf(now, school.timeZone)
  const current = (from: 'validFrom' | 'fromDate', to: 'validTo' | 'toDate') => ({
    [from]: { lte: today },
    OR: [{ [to]: null }, { [to]: { gte: today } }],
  })
  const members = await db.groupMembership.findMany({
    where: {
      ...current('fromDate', 'toDate'),
      group: { classId, schoolId, timetable: { some: { teacherId: staffId, ...current('validFrom', 'validTo') } } },
    },
    select: { pupilId: true },
  })
  return new Set(members.map((m) => m.pupilId))
}

/**
 * What a teacher reads of a class's journal (Регламент: «Учитель-предметник работает … на страницах ЭЖ классов,
 * учебных групп …, которым он преподает свой предмет»; ADR 108): the groups' subjects of their timetable rows over
 * the dates of those rows, and the lessons they gave — a substitute fills the journal of the lesson (Положение 4.4.3).
 */
export async function journalScopeOf(schoolId: string, staffId: string, classId: string): Promise<JournalScope> {
  const cls = await db.schoolClass.findFirst({
    where: { id: classId, schoolId },
    select: { grade: true, academicYear: { select: { periods: { select: { kind: true, startsOn: true, endsOn: true } } } } },
  })
  if (!cls) return { staffId, windows: [] }
  const rows = await db.timetableEntry.findMany({
    where: { schoolId, teacherId: staffId, group: { classId } },
    select: { groupId: true, subjectId: true, validFrom: true, validTo: true },
  })
  return { staffId, windows: scopeWindows(rows, cls.academicYear.periods, cls.grade) }
}

/** Whether the teacher gave a lesson in the class (a substitute without a timetable row there, Положение 4.4.3). */
export async function gaveLessonsIn(schoolId: string, staffId: string, classId: string): Promise<boolean> {
  return (await db.lesson.count({ where: { schoolId, teacherId: staffId, group: { classId } } })) > 0
}

/** Положение 3.6 / 4.3: staff with read:class:any see every class; a teacher only the classes they lead or teach. */
export async function teacherCanSeeClass(schoolId: string, staffId: string | null, classId: string): Promise<boolean> {
  if (!staffId) return false
  const cls = await db.schoolClass.findFirst({ where: { id: classId, schoolId }, select: { classTeacherId: true } })
  if (!cls) return false
  if (cls.classTeacherId === staffId) return true
  return (await db.timetableEntry.count({ where: { teacherId: staffId, group: { classId } } })) > 0
}
