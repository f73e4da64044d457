// Who may open the journal reports — attendance by month, the сводная ведомость and the lessons given against the
// curriculum (Положение 4.3.8, 4.6.3, 4.6.4): the administration that controls the journal (read:journal-control:any)
// for every class; a class teacher (read:journal-reports:own) for the classes they lead and no other (ADR 068).
import { requireUser, type SessionUser } from '#app/utils/auth.server'
import { can } from '#app/utils/permissions'
import { classLedBy } from '#app/models/class.server'

const TEXT = { 'Content-Type': 'text/plain; charset=utf-8' }

export const OTHER_CLASS = 'Классный руководитель видит отчёты только по своему классу'
const NO_OWN_CLASS = 'В текущем учебном году вы не классный руководитель ни одного класса'
const NO_CLASSES = 'В текущем учебном году нет классов'

/**
 * The user and the classes the reports may show: `classTeacherId` null — every class of the school, else only the
 * classes that staff member leads. A class asked for by `?class=` that is not theirs is refused with 403.
 */
export async function requireReportReader(
  request: Request,
): Promise<{ user: SessionUser; classTeacherId: string | null; noClasses: string }> {
  const user = await requireUser(request)
  if (can(user.roles, 'read:journal-control:any')) return { user, classTeacherId: null, noClasses: NO_CLASSES }
  if (!can(user.roles, 'read:journal-reports:own') || !user.staffId) {
    throw new Response('Недостаточно прав для этой страницы', { status: 403, headers: TEXT })
  }
  const asked = new URL(request.url).searchParams.get('class')
  if (asked && !(await classLedBy(user.schoolId, asked, user.staffId))) throw new Response(OTHER_CLASS, { status: 403, headers: TEXT })
  return { user, classTeacherId: user.staffId, noClasses: NO_OWN_CLASS }
}
