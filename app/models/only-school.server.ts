import { db } from '#app/utils/db.server'

/**
 * The one school of a one-school server; null when the database holds none or several. For what carries no school of
 * its own (the environment's portal token, a throttled try of an unknown login): on a server of several schools it
 * belongs to none of them — never to «the first» by id order, which is an arbitrary school (ADR 088).
 */
export async function onlySchoolId(): Promise<string | null> {
  const schools = await db.school.findMany({ select: { id: true }, take: 2 })
  return schools.length === 1 ? schools[0].id : null
}
