// Who may open the staff journal pages: the administration (read:journal:any) every class; a teacher
// (read:journal:own) only the classes they lead or teach (Положение 3.6, 4.3). Parents never.
import { requireUser, type SessionUser } from '#app/utils/auth.server'
import { can } from '#app/utils/permissions'
import { classLedBy, groupSubjectsTaughtBy, teacherCanSeeClass, type GroupSubject } from '#app/models/class.server'

export async function requireJournalReader(request: Request): Promise<SessionUser> {
  const user = await requireUser(request)
  if (!can(user.roles, 'read:journal:any') && !can(user.roles, 'read:journal:own')) {
    throw new Response('Недостаточно прав для этой страницы', { status: 403 })
  }
  return user
}

/** False for a class of another school or a class a teacher does not work with: the page answers «not found». */
export async function canReadClassJournal(user: SessionUser, classId: string): Promise<boolean> {
  if (can(user.roles, 'read:journal:any')) return true
  return can(user.roles, 'read:journal:own') && teacherCanSeeClass(user.schoolId, user.staffId, classId)
}

/**
 * What of a class's journal the user reads: null — every subject and group (the administration; the class teacher,
 * Регламент: «просматривая ЭЖ своего класса по всем предметам»); else the groups and subjects a subject teacher
 * teaches there (Регламент: «на страницах ЭЖ классов, учебных групп …, которым он преподает свой предмет»; 152-ФЗ
 * ст. 5 ч. 5: no more personal data than the purpose needs). Call after canReadClassJournal.
 */
export async function classJournalScope(user: SessionUser, classId: string): Promise<GroupSubject[] | null> {
  if (can(user.roles, 'read:journal:any') || !user.staffId) return null
  if (await classLedBy(user.schoolId, classId, user.staffId)) return null
  return groupSubjectsTaughtBy(user.schoolId, user.staffId, classId)
}
