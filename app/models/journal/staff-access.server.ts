// Who may open the staff journal pages: the administration (read:journal:any) every class; a teacher
// (read:journal:own) only the classes they lead or teach (Положение 3.6, 4.3). Parents never.
import { requireUser, type SessionUser } from '#app/utils/auth.server'
import { can } from '#app/utils/permissions'
import { teacherCanSeeClass } from '#app/models/class.server'

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
