// The answer by e-mail is given when the school's mail server accepts the letter: the system records it in the
// procedure (DELIVER for the extract and credentials letter, NOTICE_DELIVERED for a refusal notice) with the time
// the letter left, once every letter of the answer has gone. Nobody has to remember to «отметить вручение», and the
// 30-day deadline is met (or missed) by the letter itself. Staff may not record an e-mail answer that is still
// waiting to be sent (application-intents.server.ts); a letter that failed stays theirs to resolve.
import { db } from '#app/utils/db.server'
import { SYSTEM_ACTOR } from '#app/operations/actor'
import { OperationError } from '#app/operations/errors'
import { recordDelivery, recordNoticeDelivered } from '#app/operations/steps.server'
import type { Tx } from '#app/operations/transition.server'
import { ANSWER_KINDS, markRecordedBy } from '#app/models/deliveries.server'
import { reopenReturnedAnswers } from '#app/operations/letter-returned.server'
import type { Task } from './worker.server'

type Waiting = keyof typeof ANSWER_KINDS

/** Records every e-mail answer whose letters have all been sent; returns the applications recorded. */
export async function recordEmailedAnswers(now = new Date()): Promise<string[]> {
  const apps = await db.application.findMany({
    where: { status: { in: ['delivering', 'refused'] }, delivery: 'email', deliveries: { some: { status: 'emailed', recordedBy: '' } } },
    select: {
      id: true,
      schoolId: true,
      status: true,
      deliveries: { select: { id: true, kind: true, status: true, deliveredAt: true, recipient: true, recordedBy: true } },
    },
  })
  const recorded: string[] = []
  for (const app of apps) {
    const kinds: readonly string[] = ANSWER_KINDS[app.status as Waiting]
    const rows = app.deliveries.filter((d) => kinds.includes(d.kind))
    // An extract and a credentials letter may go together: the answer is given when the last of them has gone.
    if (rows.length === 0 || rows.some((d) => d.status !== 'emailed')) continue
    // After a partial decision the refusal notice leaves first: the answer is given once the extract has gone too.
    if (app.status === 'delivering' && rows.every((d) => d.kind === 'refusal-notice')) continue
    const sentAt = new Date(Math.max(...rows.map((d) => (d.deliveredAt ?? now).getTime())))
    // The rows are marked recorded inside the step's transaction: a crash between can never record the answer twice.
    const within = (tx: Tx) =>
      markRecordedBy(
        tx,
        rows.map((d) => d.id),
        SYSTEM_ACTOR.name,
      )
    const t = { applicationId: app.id, schoolId: app.schoolId, actor: SYSTEM_ACTOR, now, within }
    try {
      if (app.status === 'delivering') await recordDelivery({ ...t, deliveredAt: sentAt, channel: 'email', recipient: rows[0].recipient })
      else await recordNoticeDelivered(t)
    } catch (error) {
      if (error instanceof OperationError) continue // changed meanwhile (withdrawn, recorded by staff): nothing to do
      throw error
    }
    recorded.push(app.id)
  }
  return recorded
}

export const emailedAnswersTask: Task = { name: 'emailed-answers', run: (now) => recordEmailedAnswers(now) }

/** ADR 064: an answer whose letter came back is not given — the mail intake reopens it, each pass makes sure. */
export const returnedAnswersTask: Task = { name: 'returned-answers', run: (now) => reopenReturnedAnswers({ now }) }
