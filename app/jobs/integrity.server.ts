// Daily verification of the registration log's hash chain (Регламент: archived electronic records are checked
// for integrity and authenticity throughout their keeping). The result goes to Setting 'integrity.lastCheck' and
// is shown on the director's dashboard. After a clean check the newest row becomes the anchor of the next one,
// so deleting the newest rows — which leaves a valid shorter chain — is caught too.
import { db } from '#app/utils/db.server'
import {
  ANCHOR_KEY,
  checkRegistrationLog,
  INTEGRITY_KEY,
  readIntegrity,
  type Anchor,
  type IntegrityResult,
  type SchoolIntegrity,
} from '#app/models/registration-log-check.server'
import { INSTALLATION, writeSetting } from '#app/models/settings.server'
import type { Task } from './worker.server'

const DAY_MS = 24 * 60 * 60 * 1000

/** Verifies every school's chain now and stores the result. */
export async function verifyRegistrationLogs(now: Date = new Date()): Promise<IntegrityResult> {
  const schools = await db.school.findMany({ select: { id: true } })
  const results: SchoolIntegrity[] = []
  for (const { id: schoolId } of schools) {
    const { rows, check } = await checkRegistrationLog(schoolId)
    if (check.ok) {
      const last = rows.at(-1)
      if (last) await writeSetting(schoolId, ANCHOR_KEY, JSON.stringify({ sequence: last.sequence, hash: last.hash } satisfies Anchor))
      results.push({ schoolId, ok: true, count: check.count, brokenAt: null, message: `Журнал регистрации цел, записей: ${check.count}.` })
    } else {
      results.push({ schoolId, ok: false, count: rows.length, brokenAt: check.brokenAt, message: check.messageRu })
    }
  }
  const result: IntegrityResult = { at: now.toISOString(), schools: results }
  await writeSetting(INSTALLATION, INTEGRITY_KEY, JSON.stringify(result))
  return result
}

/** The worker's pass: at most once a day. */
export async function integrityTask(now: Date): Promise<IntegrityResult | null> {
  const last = await readIntegrity()
  if (last && now.getTime() - Date.parse(last.at) < DAY_MS) return null
  return verifyRegistrationLogs(now)
}

export const registrationLogIntegrityTask: Task = { name: 'registration-log-integrity', run: integrityTask }
