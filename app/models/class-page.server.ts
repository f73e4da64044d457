// The class page: /staff/classes/<id> (any class of the school) and /teacher/classes/<id> (a class the teacher leads or
// teaches). Its roster, the view recorded in the audit trail, and the credentials panel for whoever hands out this
// class's credentials (Положение 4.1.7: the ЭЖ administrator, any class; 4.3.7: the class teacher, the class they
// lead — not its subject teachers).
import type { SessionUser } from '#app/utils/auth.server'
import { recordAudit } from './audit.server'
import { credentialsPanel } from './class-credentials.server'
import { getClassRoster, pupilsTaughtBy, teacherCanSeeClass } from './class.server'

type Roster = NonNullable<Awaited<ReturnType<typeof getClassRoster>>>

/**
 * Who sees the parents' names and phones on the roster (152-ФЗ ст. 5 ч. 5: no more data than the purpose needs).
 * The administration and the class teacher see every family: the class teacher keeps their data (Положение 4.3.6,
 * 8.5). A subject teacher sees only the families of the pupils they teach, whose parents they notify when a pupil falls
 * behind or misses lessons (4.4.4); the rest are marked hidden.
 */
async function guardiansForViewer(user: SessionUser, roster: Roster, scope: 'any' | 'own'): Promise<Roster> {
  if (scope === 'any' || roster.classTeacherId === user.staffId) return roster
  const taught = user.staffId ? await pupilsTaughtBy(user.schoolId, user.staffId, roster.id) : new Set<string>()
  return {
    ...roster,
    pupils: roster.pupils.map((p) => (taught.has(p.id) ? p : { ...p, guardians: [], guardiansHidden: true })),
  }
}

/** The page, or null when the class is not the school's — or, for `own`, not one the teacher leads or teaches. */
export async function openClassPage(user: SessionUser, classId: string, search: URLSearchParams, scope: 'any' | 'own') {
  if (scope === 'own' && !(await teacherCanSeeClass(user.schoolId, user.staffId, classId))) return null
  const full = await getClassRoster(user.schoolId, classId)
  if (!full) return null
  const roster = await guardiansForViewer(user, full, scope)
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'view:class', entity: 'class', entityId: roster.id })
  return { roster, credentials: await credentialsPanel(user, roster.id, search) }
}
