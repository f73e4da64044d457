// The application page's forms → one operation each. Each form posts `intent` and the `version` it was drawn
// from; its zod schema checks the fields (Russian messages, 400, nothing changed: ADR 063); the operation refuses a
// stale version with the conflict message (HTTP 409). Nothing here writes: it parses and calls the verb; a
// hand-over's Delivery rows are written inside the step's transaction (hand-over.server.ts).
import { z } from '#workflows/zod'
import type { Application } from '#app/generated/prisma/client'
import type { SessionUser } from '#app/utils/auth.server'
import { actorOf } from '#app/operations/actor'
import { OperationError } from '#app/operations/errors'
import { assignApplication } from '#app/operations/assign-application.server'
import { decideApplication, refuseAcceptance } from '#app/operations/decide-application.server'
import { deliverOtherwise } from '#app/operations/deliver-otherwise.server'
import * as steps from '#app/operations/steps.server'
import { getDelivery } from '#app/models/deliveries.server'
import { handOverAnswer, handOverNotice, handOverPeriodic } from '#app/operations/hand-over.server'
import { DELIVERY_LABELS } from '#app/operations/application-schema'
import { isLocalDay, localDateOf, parseLocalDateTime } from '#workflows/time'
import { normalizeTrackingNumber, trackingNumberProblem } from '#workflows/tracking-number'
import { own } from '#workflows/own'
import { checkbox, checkForm, choice, formValues, list, text } from '#app/utils/form-schema'

type IntentResult = { intent: string; ok: boolean; message?: string; formError?: string; fieldErrors?: Record<string, string> }
type Target = Parameters<typeof steps.startReview>[0]
/** `ip`: the client address, for the throttle of the signing password (ADR 023). */
type Ctx = { user: SessionUser; app: Application; form: FormData; now: Date; timeZone: string; ip?: string }

/** A date input ('YYYY-MM-DD', school day) → an instant: now if today, midday otherwise; never in the future. */
export function dayToInstant(value: string, now: Date, timeZone: string): Date {
  if (!isLocalDay(value)) throw new Error('Укажите дату в виде ДД.ММ.ГГГГ')
  const today = localDateOf(now, timeZone)
  if (value > today) throw new Error('Дата не может быть позже сегодняшней')
  return value === today ? now : parseLocalDateTime(`${value}T12:00`, timeZone)
}

/** The schemas' pieces: each reads one field of a form of the page, with the Russian message of its check. */
const required = (message: string) => text().pipe(z.string().min(1, message))
const lines = () =>
  text().transform((v) =>
    v
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
  )
/** 'grant' | 'refuse' | 'partial' from a radio group; anything else is a grant (the form's default). */
const decision = () => text().transform((v) => (v === 'refuse' ? 'refuse' : v === 'partial' ? 'partial' : 'grant'))

/** A date input ('YYYY-MM-DD', school day) → the instant of the hand-over (dayToInstant). */
const handedOverOn = ({ now, timeZone }: Ctx) =>
  text().transform((v, ctx) => {
    try {
      return dayToInstant(v, now, timeZone)
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message })
      return z.NEVER
    }
  })

/** The Russian Post identifier of a posting, checked and normalised (workflows/tracking-number.ts); '' when `needed` is false. */
const trackingNumber = (needed: boolean) =>
  text().transform((v, ctx) => {
    if (!needed) return ''
    const problem = trackingNumberProblem(v)
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem })
      return z.NEVER
    }
    return normalizeTrackingNumber(v)
  })

const recipient = (inPerson: boolean) => (inPerson ? required('Укажите, кто получил документы') : text())

/** Grounds ticked from the school's list plus free lines; one at least when `needed`. */
const groundsFields = { grounds: list(), groundsOther: lines() }
const groundsOf = (f: { grounds: string[]; groundsOther: string[] }) =>
  [...f.grounds, ...f.groundsOther].map((g) => g.trim()).filter(Boolean)

/** A decision or proposal: grounds unless a grant, the kinds refused when partial (those not in the journal). */
function withRefusal<T extends { grounds: string[]; groundsOther: string[]; refusedKinds: string[] }>(
  choice: (f: T) => 'grant' | 'refuse' | 'partial',
  noGrounds: string,
) {
  return (f: T, ctx: z.RefinementCtx) => {
    if (choice(f) !== 'grant' && !groundsOf(f).length) ctx.addIssue({ code: 'custom', path: ['grounds'], message: noGrounds })
    if (choice(f) === 'partial' && !f.refusedKinds.filter(Boolean).length) {
      ctx.addIssue({ code: 'custom', path: ['refusedKinds'], message: 'Отметьте, в какой информации отказать (её нет в журнале)' })
    }
  }
}

const OTHERWISE_LABELS = {
  in_person: 'вручено лично',
  post: 'отправлено почтой',
  email: 'отправлено по электронной почте вручную',
} as const

type Intent = { schema: (c: Ctx) => z.ZodType; run: (c: Ctx, t: Target, f: never) => Promise<string> }
/** One form of the page: its schema (given the page's context) and the operation it calls with the checked values. */
function intent<S extends z.ZodType>(schema: (c: Ctx) => S, run: (c: Ctx, t: Target, f: z.output<S>) => Promise<string>): Intent {
  return { schema, run }
}
const none = () => z.object({})

const INTENTS: Record<string, Intent> = {
  REGISTER: intent(
    () => z.object({ originalsShown: checkbox() }),
    async ({ app }, t, f) => {
      const a = await steps.registerApplication({ ...t, inPerson: app.channel === 'in_person', originalsShown: f.originalsShown })
      return `Заявление зарегистрировано, регистрационный № ${a.registrationNumber}`
    },
  ),
  REFUSE_ACCEPTANCE: intent(
    () =>
      z
        .object({
          ...groundsFields,
          form: choice(['oral', 'written'], 'Выберите: отказ сообщён устно или нужно письменное уведомление'),
          // The written notice is signed like a decision: the password as typed (ADR 023).
          password: z.preprocess((v) => v ?? '', z.string()),
        })
        .superRefine((f, ctx) => {
          if (!groundsOf(f).length) ctx.addIssue({ code: 'custom', path: ['grounds'], message: 'Отметьте или впишите основание отказа' })
        }),
    async ({ user, app, ip }, t, f) => {
      await refuseAcceptance({
        user,
        applicationId: app.id,
        grounds: groundsOf(f),
        form: f.form,
        password: f.password,
        ip,
        expectedVersion: t.expectedVersion,
        now: t.now,
      })
      return f.form === 'written'
        ? 'Отказ в приёме документов оформлен; уведомление за подписью директора готовится для заявителя выбранным им способом'
        : 'Устный отказ в приёме документов записан'
    },
  ),
  START_REVIEW: intent(none, async (_c, t) => {
    await steps.startReview(t)
    return 'Заявление принято к рассмотрению'
  }),
  REQUEST_CORRECTION: intent(
    () => z.object({ items: lines().pipe(z.array(z.string()).min(1, 'Перечислите, что заявителю нужно исправить')) }),
    async (_c, t, f) => {
      await steps.requestCorrection({ ...t, items: f.items })
      return 'Заявителю направлен запрос на исправление'
    },
  ),
  FORWARD: intent(
    () =>
      z
        .object({
          proposal: decision(),
          comment: required('Добавьте комментарий для директора'),
          ...groundsFields,
          refusedKinds: list(),
        })
        .superRefine(withRefusal((f) => f.proposal, 'Предлагая отказ, укажите его основания')),
    async (_c, t, f) => {
      await steps.forwardToDirector({
        ...t,
        comment: f.comment,
        proposal: f.proposal,
        proposedGrounds: f.proposal === 'grant' ? [] : groundsOf(f),
        proposedRefusedKinds: f.proposal === 'partial' ? f.refusedKinds.filter(Boolean) : [],
      })
      return 'Заявление передано директору на решение'
    },
  ),
  RETURN_TO_REVIEW: intent(
    () => z.object({ comment: required('Укажите, что нужно доработать') }),
    async (_c, t, f) => {
      await steps.returnToReview({ ...t, comment: f.comment })
      return 'Заявление возвращено на доработку'
    },
  ),
  DECIDE: intent(
    // The password is taken as typed (no trimming): it signs the decision (ADR 023).
    () =>
      z
        .object({
          decision: decision(),
          ...groundsFields,
          refusedKinds: list(),
          override: text(),
          password: z.preprocess((v) => v ?? '', z.string().min(1, 'Введите пароль для подписи решения')),
        })
        .superRefine(withRefusal((f) => f.decision, 'Укажите основания отказа')),
    async ({ user, app, ip }, t, f) => {
      const grounds = f.decision === 'grant' ? [] : groundsOf(f)
      const refusedKinds = f.decision === 'partial' ? f.refusedKinds.filter(Boolean) : []
      await decideApplication({
        user,
        applicationId: app.id,
        decision: f.decision,
        grounds,
        refusedKinds,
        password: f.password,
        override: f.override,
        ip,
        expectedVersion: t.expectedVersion,
        now: t.now,
      })
      return f.decision === 'grant'
        ? 'Решение принято: информация будет предоставлена'
        : f.decision === 'partial'
          ? 'Решение принято: информация, которая есть в журнале, будет предоставлена; в остальной части отказано, уведомление готовится'
          : 'Решение об отказе принято; уведомление готовится'
    },
  ),
  START_DELIVERY: intent(none, async (_c, t) => {
    await steps.startDelivery(t)
    return 'Документы готовятся к отправке'
  }),
  DELIVER: intent(
    (c) =>
      z.object({
        deliveredOn: handedOverOn(c),
        recipient: recipient(c.app.delivery === 'in_person'),
        trackingNumber: trackingNumber(c.app.delivery === 'post'),
      }),
    async ({ app }, t, f) => {
      const channel = app.delivery as 'in_person' | 'post' | 'email'
      await handOverAnswer({ ...t, deliveredAt: f.deliveredOn, channel, recipient: f.recipient, trackingNumber: f.trackingNumber })
      return `Предоставление информации отмечено: ${DELIVERY_LABELS[channel]}`
    },
  ),
  DELIVER_PERIODIC: intent(
    (c) => z.object({ deliveryId: text(), deliveredOn: handedOverOn(c), recipient: text(), trackingNumber: text() }),
    async ({ app }, t, f) => {
      // Which periodic row, and so whether it goes by post, is known only from the database.
      const delivery = await getDelivery(app.id, f.deliveryId)
      if (!delivery || delivery.status !== 'prepared') {
        throw fieldError('deliveryId', 'Эта выписка уже отмечена или не найдена: обновите страницу')
      }
      const tracking = trackingNumber(delivery.channel === 'post').safeParse(f.trackingNumber)
      if (!tracking.success) throw fieldError('trackingNumber', tracking.error.issues[0].message)
      await handOverPeriodic({
        ...t,
        deliveredAt: f.deliveredOn,
        deliveryId: delivery.id,
        channel: delivery.channel,
        recipient: f.recipient,
        trackingNumber: tracking.data,
      })
      return 'Очередная выписка отмечена как предоставленная'
    },
  ),
  NOTICE_DELIVERED: intent(
    (c) => z.object({ deliveredOn: handedOverOn(c), recipient: text(), trackingNumber: trackingNumber(c.app.delivery === 'post') }),
    async (_c, t, f) => {
      await handOverNotice({ ...t, deliveredAt: f.deliveredOn, recipient: f.recipient, trackingNumber: f.trackingNumber })
      return 'Вручение уведомления об отказе отмечено'
    },
  ),
  /** An e-mail answer handed over another way; the queued letter is cancelled in the same transaction (ADR 029). */
  DELIVER_OTHERWISE: intent(
    (c) =>
      z
        .object({
          channel: choice(['in_person', 'post', 'email'], 'Выберите, как передан ответ'),
          reason: required('Укажите, почему ответ передан не по электронной почте автоматически'),
          deliveredOn: handedOverOn(c),
          recipient: text(),
          trackingNumber: text(),
        })
        .transform((f, ctx) => {
          const who = recipient(f.channel === 'in_person').safeParse(f.recipient)
          if (!who.success) ctx.addIssue({ code: 'custom', path: ['recipient'], message: who.error.issues[0].message })
          const tracking = trackingNumber(f.channel === 'post').safeParse(f.trackingNumber)
          if (!tracking.success) ctx.addIssue({ code: 'custom', path: ['trackingNumber'], message: tracking.error.issues[0].message })
          return { ...f, trackingNumber: tracking.success ? tracking.data : '' }
        }),
    async ({ app }, t, f) => {
      await deliverOtherwise({
        ...t,
        channel: f.channel,
        deliveredAt: f.deliveredOn,
        recipient: f.recipient,
        trackingNumber: f.trackingNumber,
        reason: f.reason,
      })
      const what = app.status === 'refused' ? 'Вручение уведомления об отказе отмечено' : 'Предоставление информации отмечено'
      return `${what}: ${OTHERWISE_LABELS[f.channel]}; письмо из очереди отменено`
    },
  ),
  ASSIGN: intent(
    ({ user }) =>
      z.object({ assignee: text() }).superRefine((f, ctx) => {
        if (f.assignee === 'me' && !user.staffId) {
          ctx.addIssue({ code: 'custom', path: ['assignee'], message: 'Ваша учётная запись не связана с сотрудником' })
        }
      }),
    async ({ user }, t, f) => {
      const staffId = f.assignee === 'me' ? user.staffId : null
      await assignApplication({ ...t, staffId })
      return staffId ? 'Вы назначены исполнителем по заявлению' : 'Исполнитель снят'
    },
  ),
  YEAR_ENDED: intent(none, async (_c, t) => {
    await steps.completeYear(t)
    return 'Периодическое предоставление завершено'
  }),
  STOP_PERIODIC: intent(
    () => z.object({ reason: required('Укажите реквизиты письменного заявления заявителя о прекращении предоставления') }),
    async (_c, t, f) => {
      await steps.stopPeriodicApplication({ ...t, reason: f.reason })
      return 'Периодическое предоставление прекращено'
    },
  ),
  WITHDRAW: intent(
    () => z.object({ reason: required('Укажите реквизиты письменного заявления заявителя об отзыве') }),
    async (_c, t, f) => {
      await steps.withdrawApplication({ ...t, reason: f.reason })
      return 'Заявление отозвано'
    },
  ),
}

const fieldError = (field: string, message: string) => new OperationError('Проверьте поля формы', 400, { [field]: message })

/** Every form of the page names its intent and the version it was drawn from (not a whole number: -1, refused). */
const IntentHead = z.object({
  intent: text(),
  version: text().transform((v) => (Number.isInteger(Number(v)) ? Number(v) : -1)),
})

export async function runIntent(c: Ctx): Promise<{ result: IntentResult; status: number }> {
  const { intent: intentName, version } = IntentHead.parse(formValues(c.form))
  // Only the table's own names: 'constructor', 'valueOf', '__proto__' are unknown actions (issue 13, item 2).
  const handler = own(INTENTS, intentName)
  if (!handler) return { result: { intent: intentName, ok: false, formError: 'Неизвестное действие' }, status: 400 }
  const checked = checkForm(handler.schema(c), c.form)
  if (!checked.ok) {
    return { result: { intent: intentName, ok: false, formError: 'Проверьте поля формы', fieldErrors: checked.fieldErrors }, status: 400 }
  }
  const target: Target = {
    applicationId: c.app.id,
    schoolId: c.user.schoolId,
    actor: actorOf(c.user),
    expectedVersion: version,
    now: c.now,
  }
  try {
    return { result: { intent: intentName, ok: true, message: await handler.run(c, target, checked.data as never) }, status: 200 }
  } catch (error) {
    if (error instanceof OperationError) {
      return { result: { intent: intentName, ok: false, formError: error.message, fieldErrors: error.fieldErrors }, status: error.status }
    }
    throw error
  }
}
