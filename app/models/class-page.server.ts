// The class page: /staff/classes/<id> (any class of the school) and /teacher/classes/<id> (a class the teacher leads or
// teaches). Its roster, the view recorded in the audit trail, and the credentials panel for whoever hands out this
// class's credentials (Положение 4.1.7: the ЭЖ administrator, any class; 4.3.7: the class teacher, the class they
// lead — not its subject teachers).
import type { SessionUser } from '#app/utils/auth.server'
import { recordAudit } from './audit.server'
import { credentialsPanel } from './class-credentials.server'
import { getClassRoster, teacherCanSeeClass } from './class.server'

/** The page, or null when the class is not the school's — or, for `own`, not one the teacher leads or teaches. */
export async function openClassPage(user: SessionUser, classId: string, search: URLSearchParams, scope: 'any' | 'own') {
  if (scope === 'own' && !(await teacherCanSeeClass(user.schoolId, user.staffId, classId))) return null
  const roster = await getClassRoster(user.schoolId, classId)
  if (!roster) return null
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'view:class', entity: 'class', entityId: roster.id })
  return { roster, credentials: await credentialsPanel(user, roster.id, search) }
}
