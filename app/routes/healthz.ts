import { json } from '@remix-run/node'
import { db } from '#app/utils/db.server'

/** For load balancers and the test run: the database answers. */
export async function loader() {
  await db.school.count()
  return json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } })
}
