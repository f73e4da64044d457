import { db } from '#app/utils/db.server'

export async function getAdminOverview(schoolId: string) {
  const since = new Date(Date.now() - 24 * 3_600_000)
  const [staffUsers, parentUsers, lessons, marks, signInsToday, failedToday] = await Promise.all([
    db.user.count({ where: { schoolId, staff: { isNot: null } } }),
    db.user.count({ where: { schoolId, guardian: { isNot: null } } }),
    db.lesson.count({ where: { schoolId } }),
    db.mark.count({ where: { lesson: { schoolId } } }),
    db.loginAttempt.count({ where: { success: true, at: { gte: since } } }),
    db.loginAttempt.count({ where: { success: false, at: { gte: since } } }),
  ])
  return { staffUsers, parentUsers, lessons, marks, signInsToday, failedToday }
}
