// Hand-overs recorded by staff (Порядок 3.1.3): the step (DELIVER, NOTICE_DELIVERED, DELIVER_PERIODIC) and its
// Delivery rows — who received it, the date, the Russian Post identifier — commit in ONE transaction through the
// door's `within` hook (issue 20.4). A crash between can no longer leave an application «delivered» without its
// tracking number, nor a row handed over for an application still waiting. The checks that refuse a hand-over
// (a letter still queued, a credentials letter not produced, a row marked meanwhile) run in the same transaction.
import type { Application } from '#app/generated/prisma/client'
import { ANSWER_KINDS } from '#app/models/answer-kinds'
import { answerKey, hasQueuedLetter, recordAnswerHandOver, recordHandOver, type DeliveryChannel } from '#app/models/deliveries.server'
import { parseKinds } from '#app/models/json-columns'
import { OperationError } from './errors'
import * as steps from './steps.server'
import type { Tx, Within } from './transition.server'

type Target = Omit<Parameters<typeof steps.recordDelivery>[0], 'within' | 'deliveredAt' | 'channel' | 'recipient'>
type Given = { deliveredAt: Date; recipient?: string; trackingNumber?: string }

const LETTER_QUEUED_MESSAGE =
  'Письмо с ответом ещё не отправлено (ждёт в очереди исходящей почты). Предоставление отметится само, ' +
  'когда почтовый сервер примет письмо. Если ответ передан иначе (лично, почтой или отправлен вручную), ' +
  'отметьте это в форме «Ответ передан иначе»: письмо из очереди будет отменено.'

/**
 * An answer by e-mail is recorded by the system once the mail server accepts the letter (jobs/emailed-answers):
 * while it still waits to be sent, recording it by hand would say the family has what it has not got.
 */
async function refuseWhileLetterQueued(tx: Tx, app: Application, kinds: readonly string[]) {
  if (app.delivery === 'email' && (await hasQueuedLetter(app.id, kinds, tx))) throw new OperationError(LETTER_QUEUED_MESSAGE, 409)
}

/** ADR 019: a paper credentials letter exists only once its issuer has produced it on the class page. */
async function refuseWhileCredentialsLetterNotProduced(tx: Tx, app: Application) {
  if (app.delivery === 'email') return
  if (await tx.delivery.count({ where: { applicationId: app.id, kind: 'credentials', status: 'prepared', documentId: null } })) {
    throw new OperationError(
      'Письмо с реквизитами доступа ещё не сформировано: его формирует классный руководитель или ' +
        'администратор ЭЖ на странице класса («Письма с реквизитами по заявлениям») в момент печати.',
      409,
    )
  }
}

const answerKind = (app: Application) => (parseKinds(app.kinds).every((k) => k === 'access') ? 'credentials' : 'extract')

/** The rows written by the hand-over of the answer (DELIVER), inside the step's transaction. */
export function answerHandOverWrites(given: Given & { channel: DeliveryChannel; recordedBy: string }): Within {
  return async (tx, app) => {
    await refuseWhileLetterQueued(tx, app, ANSWER_KINDS.delivering)
    await refuseWhileCredentialsLetterNotProduced(tx, app)
    await recordAnswerHandOver(tx, {
      applicationId: app.id,
      kinds: ANSWER_KINDS.delivering,
      fallbackKey: answerKey(app.id, 'extract'),
      fallbackKind: answerKind(app),
      channel: given.channel,
      deliveredAt: given.deliveredAt,
      recipient: given.recipient,
      trackingNumber: given.trackingNumber,
      recordedBy: given.recordedBy,
    })
  }
}

/** The answer (extract, credentials letter) handed over in person, posted with its identifier, or e-mailed. */
export function handOverAnswer(t: Target & Given & { channel: DeliveryChannel }) {
  const within = answerHandOverWrites({ ...t, recordedBy: t.actor.name })
  return steps.recordDelivery({ ...t, within })
}

/** The refusal notice handed over (NOTICE_DELIVERED), its rows in the same transaction. */
export function handOverNotice(t: Target & Given) {
  return steps.recordNoticeDelivered({
    ...t,
    within: async (tx, app) => {
      await refuseWhileLetterQueued(tx, app, ANSWER_KINDS.refused)
      await recordAnswerHandOver(tx, {
        applicationId: app.id,
        kinds: ANSWER_KINDS.refused,
        fallbackKey: answerKey(app.id, 'refusal-notice'),
        fallbackKind: 'refusal-notice',
        channel: app.delivery,
        deliveredAt: t.deliveredAt,
        recipient: t.recipient,
        trackingNumber: t.trackingNumber,
        recordedBy: t.actor.name,
      })
    },
  })
}

/** The row written by the hand-over of one periodic extract, inside the step's transaction. */
export function periodicHandOverWrites(given: Given & { deliveryId: string; channel: string; recordedBy: string }): Within {
  return async (tx, app) => {
    const marked = await recordHandOver(tx, app.id, given.deliveryId, given)
    if (!marked) throw new OperationError('Эта выписка уже отмечена или не найдена: обновите страницу', 409)
  }
}

/** One periodic extract handed over (DELIVER_PERIODIC): refused when the row was marked meanwhile. */
export function handOverPeriodic(t: Target & Given & { deliveryId: string; channel: string }) {
  return steps.recordPeriodicDelivery({ ...t, within: periodicHandOverWrites({ ...t, recordedBy: t.actor.name }) })
}
