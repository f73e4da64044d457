import { db } from '#app/utils/db.server'
import { onlySchoolId } from '#app/models/only-school.server'
import { SCHOOL_ACCOUNT } from '#app/models/users.server'

/**
 * Sign-in tries carry a login, not a school: on a one-school server every try is the school's (an unknown login
 * too: someone guessing); on a server of several, only its own accounts' — never another school's figures.
 */
async function triesOf(schoolId: string) {
  if ((await onlySchoolId()) === schoolId) return {}
  const users = await db.user.findMany({ where: { schoolId, ...SCHOOL_ACCOUNT }, select: { login: true } })
  return { login: { in: users.map((u) => u.login) } }
}

export async function getAdminOverview(schoolId: string) {
  const since = new Date(Date.now() - 24 * 3_600_000)
  const whose = await triesOf(schoolId)
  const [staffUsers, parentUsers, lessons, marks, signInsToday, failedToday] = await Promise.all([
    db.user.count({ where: { schoolId, staff: { isNot: null } } }),
    db.user.count({ where: { schoolId, guardian: { isNot: null } } }),
    db.lesson.count({ where: { schoolId } }),
    db.mark.count({ where: { lesson: { schoolId } } }),
    db.loginAttempt.count({ where: { ...whose, success: true, at: { gte: since } } }),
    db.loginAttempt.count({ where: { ...whose, success: false, at: { gte: since } } }),
  ])
  return { staffUsers, parentUsers, lessons, marks, signInsToday, failedToday }
}
