import { json } from '@remix-run/node'
import { db } from '#app/utils/db.server'
import { workerInfo } from '#app/jobs/index.server'

/** For load balancers and the test run: the database answers; which background tasks this build runs. */
export async function loader() {
  await db.school.count()
  return json({ ok: true, worker: workerInfo() }, { headers: { 'Cache-Control': 'no-store' } })
}
