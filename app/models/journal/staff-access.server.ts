// Who may open the staff journal pages: the administration (read:journal:any) every class; a teacher
// (read:journal:own) only the classes they lead or teach (Положение 3.6, 4.3). Parents never.
import { requireUser, type SessionUser } from '#app/utils/auth.server'
import { can } from '#app/utils/permissions'
import { classLedBy, gaveLessonsIn, journalScopeOf, teacherCanSeeClass } from '#app/models/class.server'
import { pupilInScope, scopeLessonWhere, type JournalScope } from '#workflows/journal-scope'
import { db } from '#app/utils/db.server'

export async function requireJournalReader(request: Request): Promise<SessionUser> {
  const user = await requireUser(request)
  if (!can(user.roles, 'read:journal:any') && !can(user.roles, 'read:journal:own')) {
    throw new Response('Недостаточно прав для этой страницы', { status: 403 })
  }
  return user
}

/**
 * False for a class of another school or a class a teacher does not work with: the page answers «not found». A
 * teacher works with the classes they lead, teach by the timetable, or gave a lesson in as a substitute (Положение
 * 4.4.3: the substitute fills the journal of that lesson).
 */
export async function canReadClassJournal(user: SessionUser, classId: string): Promise<boolean> {
  if (can(user.roles, 'read:journal:any')) return true
  if (!can(user.roles, 'read:journal:own') || !user.staffId) return false
  return (await teacherCanSeeClass(user.schoolId, user.staffId, classId)) || gaveLessonsIn(user.schoolId, user.staffId, classId)
}

/**
 * What of a class's journal the user reads: null — every subject and group (the administration; the class teacher,
 * Регламент: «просматривая ЭЖ своего класса по всем предметам»); else the lessons a subject teacher keeps there —
 * their groups' subjects over the dates they taught them, and the lessons they gave (Регламент: «на страницах ЭЖ
 * классов, учебных групп …, которым он преподает свой предмет»; 152-ФЗ ст. 5 ч. 5: no more personal data than the
 * purpose needs; ADR 100, 108). Call after canReadClassJournal.
 */
export async function classJournalScope(user: SessionUser, classId: string): Promise<JournalScope | null> {
  if (can(user.roles, 'read:journal:any') || !user.staffId) return null
  if (await classLedBy(user.schoolId, classId, user.staffId)) return null
  return journalScopeOf(user.schoolId, user.staffId, classId)
}

/**
 * Whether a subject teacher reads this pupil of the class (the card, its name): a member of a group they teach by
 * the timetable over those dates, or of the group of a lesson they gave, on its day — or named by a mark or an
 * attendance record on a lesson in their part of the journal (ADR 115). A one-lesson substitute no longer opens every
 * pupil of the class. `scope` null (the administration, the class teacher): every pupil.
 */
export async function canReadPupilOf(scope: JournalScope | null, classId: string, pupilId: string): Promise<boolean> {
  if (scope === null) return true
  const lessons = { AND: [{ group: { classId } }, scopeLessonWhere(scope)] }
  const [memberships, given, marks, attendance] = await Promise.all([
    db.groupMembership.findMany({ where: { pupilId, group: { classId } }, select: { groupId: true, fromDate: true, toDate: true } }),
    db.lesson.findMany({ where: { teacherId: scope.staffId, group: { classId } }, select: { groupId: true, date: true } }),
    db.mark.count({ where: { pupilId, lesson: lessons } }),
    db.attendance.count({ where: { pupilId, lesson: lessons } }),
  ])
  return pupilInScope(scope, memberships, given, marks + attendance > 0)
}
