import { json } from '@remix-run/node'
import { checkHealth } from '#app/jobs/health.server'

/**
 * For load balancers, monitoring and the test run: the database, the data folder, the worker's tasks, LibreOffice
 * and the outbox's oldest waiting letter. 503 when the product cannot take an application (ADR 025).
 */
export async function loader() {
  const health = await checkHealth()
  return json(health, { status: health.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } })
}
