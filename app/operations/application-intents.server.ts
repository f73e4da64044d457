// The application page's forms → one operation each. Each form posts `intent` and the `version` it was drawn
// from; the operation refuses a stale version with the conflict message (HTTP 409). Nothing here writes: it parses
// and calls the verb; a hand-over's Delivery rows are written inside the step's transaction (hand-over.server.ts).
import { z } from '#workflows/zod'
import type { Application } from '#app/generated/prisma/client'
import type { SessionUser } from '#app/utils/auth.server'
import { actorOf } from '#app/operations/actor'
import { OperationError } from '#app/operations/errors'
import { assignApplication } from '#app/operations/assign-application.server'
import { decideApplication } from '#app/operations/decide-application.server'
import { deliverOtherwise } from '#app/operations/deliver-otherwise.server'
import * as steps from '#app/operations/steps.server'
import { getDelivery } from '#app/models/deliveries.server'
import { handOverAnswer, handOverNotice, handOverPeriodic } from '#app/operations/hand-over.server'
import { DELIVERY_LABELS } from '#app/operations/application-schema'
import { isLocalDay, localDateOf, parseLocalDateTime } from '#workflows/time'
import { normalizeTrackingNumber, trackingNumberProblem } from '#workflows/tracking-number'
import { own } from '#workflows/own'

export type IntentResult = { intent: string; ok: boolean; message?: string; formError?: string; fieldErrors?: Record<string, string> }
type Target = Parameters<typeof steps.startReview>[0]
/** `ip`: the client address, for the throttle of the signing password (ADR 023). */
type Ctx = { user: SessionUser; app: Application; form: FormData; now: Date; timeZone: string; ip?: string }

const lines = (text: FormDataEntryValue | null) => String(text ?? '').split('\n').map((s) => s.trim()).filter(Boolean)
const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim()
const groundsOf = (form: FormData) => [...form.getAll('grounds').map(String), ...lines(form.get('groundsOther'))].map((g) => g.trim()).filter(Boolean)

/** 'grant' | 'refuse' | 'partial' from a radio group; anything else is a grant (the form's default). */
const decisionOf = (form: FormData, name: string) => {
  const value = form.get(name)
  return value === 'refuse' ? 'refuse' : value === 'partial' ? 'partial' : 'grant'
}

class FieldProblem extends Error {
  constructor(readonly field: string, message: string) { super(message) }
}

/** A date input ('YYYY-MM-DD', school day) → an instant: now if today, midday otherwise; never in the future. */
export function dayToInstant(value: string, now: Date, timeZone: string, field = 'deliveredOn'): Date {
  if (!isLocalDay(value)) throw new FieldProblem(field, 'Укажите дату в виде ДД.ММ.ГГГГ')
  const today = localDateOf(now, timeZone)
  if (value > today) throw new FieldProblem(field, 'Дата не может быть позже сегодняшней')
  return value === today ? now : parseLocalDateTime(`${value}T12:00`, timeZone)
}

/** The Russian Post identifier of a posting, checked and normalised (workflows/tracking-number.ts). */
function trackingNumberOf(form: FormData): string {
  const value = text(form, 'trackingNumber')
  const problem = trackingNumberProblem(value)
  if (problem) throw new FieldProblem('trackingNumber', problem)
  return normalizeTrackingNumber(value)
}

function need(value: string, field: string, message: string): string {
  if (!value) throw new FieldProblem(field, message)
  return value
}

const OTHERWISE_LABELS = { in_person: 'вручено лично', post: 'отправлено почтой', email: 'отправлено по электронной почте вручную' } as const

/** Kinds ticked to refuse in a partial decision; one at least. */
function refusedKindsOf(form: FormData): string[] {
  const kinds = form.getAll('refusedKinds').map(String).filter(Boolean)
  if (!kinds.length) throw new FieldProblem('refusedKinds', 'Отметьте, в какой информации отказать (её нет в журнале)')
  return kinds
}

const HANDLERS: Record<string, (c: Ctx, t: Target) => Promise<string>> = {
  async REGISTER({ form, app }, t) {
    const a = await steps.registerApplication({ ...t, inPerson: app.channel === 'in_person', originalsShown: form.get('originalsShown') === 'on' })
    return `Заявление зарегистрировано, регистрационный № ${a.registrationNumber}`
  },
  async REFUSE_ACCEPTANCE({ form }, t) {
    const grounds = groundsOf(form)
    if (!grounds.length) throw new FieldProblem('grounds', 'Отметьте или впишите основание отказа')
    const refusalForm = z.enum(['oral', 'written']).safeParse(form.get('form'))
    if (!refusalForm.success) throw new FieldProblem('form', 'Выберите: отказ сообщён устно или нужно письменное уведомление')
    await steps.refuseAcceptance({ ...t, grounds, form: refusalForm.data })
    return refusalForm.data === 'written' ? 'Отказ в приёме документов оформлен; уведомление готовится на подпись директору' : 'Устный отказ в приёме документов записан'
  },
  async START_REVIEW(_c, t) { await steps.startReview(t); return 'Заявление принято к рассмотрению' },
  async REQUEST_CORRECTION({ form }, t) {
    const items = lines(form.get('items'))
    if (!items.length) throw new FieldProblem('items', 'Перечислите, что заявителю нужно исправить')
    await steps.requestCorrection({ ...t, items })
    return 'Заявителю направлен запрос на исправление'
  },
  async FORWARD({ form }, t) {
    const proposal = decisionOf(form, 'proposal')
    const comment = need(text(form, 'comment'), 'comment', 'Добавьте комментарий для директора')
    const grounds = proposal === 'grant' ? [] : groundsOf(form)
    if (proposal !== 'grant' && !grounds.length) throw new FieldProblem('grounds', 'Предлагая отказ, укажите его основания')
    const refusedKinds = proposal === 'partial' ? refusedKindsOf(form) : []
    await steps.forwardToDirector({ ...t, comment, proposal, proposedGrounds: grounds, proposedRefusedKinds: refusedKinds })
    return 'Заявление передано директору на решение'
  },
  async RETURN_TO_REVIEW({ form }, t) {
    await steps.returnToReview({ ...t, comment: need(text(form, 'comment'), 'comment', 'Укажите, что нужно доработать') })
    return 'Заявление возвращено на доработку'
  },
  async DECIDE({ form, user, app, ip }, t) {
    const decision = decisionOf(form, 'decision')
    const grounds = decision === 'grant' ? [] : groundsOf(form)
    if (decision !== 'grant' && !grounds.length) throw new FieldProblem('grounds', 'Укажите основания отказа')
    const refusedKinds = decision === 'partial' ? refusedKindsOf(form) : []
    const password = need(String(form.get('password') ?? ''), 'password', 'Введите пароль для подписи решения')
    await decideApplication({ user, applicationId: app.id, decision, grounds, refusedKinds, password, ip, expectedVersion: t.expectedVersion, now: t.now })
    return decision === 'grant' ? 'Решение принято: информация будет предоставлена'
      : decision === 'partial' ? 'Решение принято: информация, которая есть в журнале, будет предоставлена; в остальной части отказано, уведомление готовится'
        : 'Решение об отказе принято; уведомление готовится'
  },
  async START_DELIVERY(_c, t) { await steps.startDelivery(t); return 'Документы готовятся к отправке' },
  async DELIVER({ form, app, now, timeZone }, t) {
    const channel = app.delivery as 'in_person' | 'post' | 'email'
    const deliveredAt = dayToInstant(text(form, 'deliveredOn'), now, timeZone)
    const recipient = channel === 'in_person' ? need(text(form, 'recipient'), 'recipient', 'Укажите, кто получил документы') : text(form, 'recipient')
    const trackingNumber = channel === 'post' ? trackingNumberOf(form) : ''
    await handOverAnswer({ ...t, deliveredAt, channel, recipient, trackingNumber })
    return `Предоставление информации отмечено: ${DELIVERY_LABELS[channel]}`
  },
  async DELIVER_PERIODIC({ form, app, now, timeZone }, t) {
    const delivery = await getDelivery(app.id, text(form, 'deliveryId'))
    if (!delivery || delivery.status !== 'prepared') throw new FieldProblem('deliveryId', 'Эта выписка уже отмечена или не найдена: обновите страницу')
    const deliveredAt = dayToInstant(text(form, 'deliveredOn'), now, timeZone)
    const trackingNumber = delivery.channel === 'post' ? trackingNumberOf(form) : ''
    await handOverPeriodic({ ...t, deliveredAt, deliveryId: delivery.id, channel: delivery.channel, recipient: text(form, 'recipient'), trackingNumber })
    return 'Очередная выписка отмечена как предоставленная'
  },
  async NOTICE_DELIVERED({ form, app, now, timeZone }, t) {
    const deliveredAt = dayToInstant(text(form, 'deliveredOn'), now, timeZone)
    const trackingNumber = app.delivery === 'post' ? trackingNumberOf(form) : ''
    await handOverNotice({ ...t, deliveredAt, recipient: text(form, 'recipient'), trackingNumber })
    return 'Вручение уведомления об отказе отмечено'
  },
  /** An e-mail answer handed over another way; the queued letter is cancelled in the same transaction (ADR 029). */
  async DELIVER_OTHERWISE({ form, app, now, timeZone }, t) {
    const channel = z.enum(['in_person', 'post', 'email']).safeParse(form.get('channel'))
    if (!channel.success) throw new FieldProblem('channel', 'Выберите, как передан ответ')
    const reason = need(text(form, 'reason'), 'reason', 'Укажите, почему ответ передан не по электронной почте автоматически')
    const deliveredAt = dayToInstant(text(form, 'deliveredOn'), now, timeZone)
    const recipient = channel.data === 'in_person' ? need(text(form, 'recipient'), 'recipient', 'Укажите, кто получил документы') : text(form, 'recipient')
    const trackingNumber = channel.data === 'post' ? trackingNumberOf(form) : ''
    await deliverOtherwise({ ...t, channel: channel.data, deliveredAt, recipient, trackingNumber, reason })
    const what = app.status === 'refused' ? 'Вручение уведомления об отказе отмечено' : 'Предоставление информации отмечено'
    return `${what}: ${OTHERWISE_LABELS[channel.data]}; письмо из очереди отменено`
  },
  async ASSIGN({ form, user }, t) {
    const staffId = form.get('assignee') === 'me' ? user.staffId : null
    if (form.get('assignee') === 'me' && !staffId) throw new FieldProblem('assignee', 'Ваша учётная запись не связана с сотрудником')
    await assignApplication({ ...t, staffId })
    return staffId ? 'Вы назначены исполнителем по заявлению' : 'Исполнитель снят'
  },
  async YEAR_ENDED(_c, t) { await steps.completeYear(t); return 'Периодическое предоставление завершено' },
  async STOP_PERIODIC({ form }, t) {
    await steps.stopPeriodicApplication({ ...t, reason: need(text(form, 'reason'), 'reason', 'Укажите реквизиты письменного заявления заявителя о прекращении предоставления') })
    return 'Периодическое предоставление прекращено'
  },
  async WITHDRAW({ form }, t) {
    await steps.withdrawApplication({ ...t, reason: need(text(form, 'reason'), 'reason', 'Укажите реквизиты письменного заявления заявителя об отзыве') })
    return 'Заявление отозвано'
  },
}

export async function runIntent(c: Ctx): Promise<{ result: IntentResult; status: number }> {
  const intent = text(c.form, 'intent')
  // Only the table's own names: 'constructor', 'valueOf', '__proto__' are unknown actions (issue 13, item 2).
  const handler = own(HANDLERS, intent)
  if (!handler) return { result: { intent, ok: false, formError: 'Неизвестное действие' }, status: 400 }
  const version = Number(c.form.get('version'))
  const target: Target = { applicationId: c.app.id, schoolId: c.user.schoolId, actor: actorOf(c.user), expectedVersion: Number.isInteger(version) ? version : -1, now: c.now }
  try {
    return { result: { intent, ok: true, message: await handler(c, target) }, status: 200 }
  } catch (error) {
    if (error instanceof FieldProblem) return { result: { intent, ok: false, formError: 'Проверьте поля формы', fieldErrors: { [error.field]: error.message } }, status: 400 }
    if (error instanceof OperationError) return { result: { intent, ok: false, formError: error.message, fieldErrors: error.fieldErrors }, status: error.status }
    throw error
  }
}
