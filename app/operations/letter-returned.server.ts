// A returned answer (ADR 064). The answer by e-mail counts as given when the school's mail server accepts the letter
// (jobs/emailed-answers); when the recipient's server later returns it (a bounce: mail/letters.server.ts marks the
// letter and its Delivery row failed), the applicant did not get it after all. The application goes back to
// waiting for its answer — `delivering` (or `refused` for a refusal notice) — with the 30-day deadline of
// Порядок 2.3 still running, so the queue and the deadline sweep show it again; the responsible employee was told by
// the bounce notice and hands the answer over another way or sends it again to a corrected address.
//
// The trigger is the data itself (an answered application with a failed answer letter), not a message: the mail
// intake calls this right after it stores the bounce, and the worker's pass repeats it, so a crash in between
// loses nothing and a second call finds nothing left to do.
import { db } from '#app/utils/db.server'
import { ANSWER_KINDS } from '#app/models/answer-kinds'
import { SYSTEM_ACTOR } from './actor'
import { OperationError } from './errors'
import { transitionApplication, type Tx } from './transition.server'
import { clip } from '#app/utils/text'

/** Which answer each answered status was given by (the kinds of the status that waited for it). */
const ANSWERED = { delivered: ANSWER_KINDS.delivering, closed: ANSWER_KINDS.refused } as const
type Answered = keyof typeof ANSWERED

/** Reopens every answered e-mail application whose answer letter came back; returns the ids reopened. */
export async function reopenReturnedAnswers(options: { applicationIds?: string[]; now?: Date } = {}): Promise<string[]> {
  const now = options.now ?? new Date()
  // From the returned letters' side: failed Delivery rows are few and indexed by status; answered applications are many.
  const failed = await db.delivery.findMany({
    where: {
      status: 'failed',
      ...(options.applicationIds ? { applicationId: { in: options.applicationIds } } : {}),
      application: { status: { in: Object.keys(ANSWERED) }, delivery: 'email' },
    },
    select: { applicationId: true },
  })
  if (failed.length === 0) return []
  const apps = await db.application.findMany({
    where: { id: { in: [...new Set(failed.map((d) => d.applicationId))] }, status: { in: Object.keys(ANSWERED) } },
    select: { id: true, schoolId: true, status: true, deliveries: { select: { id: true, kind: true, status: true, lastError: true } } },
  })
  const reopened: string[] = []
  for (const app of apps) {
    const kinds: readonly string[] = ANSWERED[app.status as Answered]
    const answer = app.deliveries.filter((d) => kinds.includes(d.kind))
    const returned = answer.filter((d) => d.status === 'failed')
    if (returned.length === 0) continue
    const reason = returned.map((d) => d.lastError.trim()).find(Boolean) ?? 'Почтовый сервер вернул письмо с ответом'
    // The answer's rows wait to be recorded again: when the letter is sent anew and accepted, the answer is
    // recorded by the system as the first time; handed over another way, by the employee.
    const within = async (tx: Tx) => {
      await tx.delivery.updateMany({ where: { id: { in: answer.map((d) => d.id) } }, data: { recordedBy: '' } })
    }
    try {
      await transitionApplication({
        applicationId: app.id,
        schoolId: app.schoolId,
        actor: SYSTEM_ACTOR,
        now,
        within,
        event: { type: 'LETTER_RETURNED', reason: clip(reason, 1000) },
      })
    } catch (error) {
      if (error instanceof OperationError) continue // changed meanwhile: the next pass looks again
      throw error
    }
    reopened.push(app.id)
  }
  return reopened
}
