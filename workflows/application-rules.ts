// Types, roles, labels and payload checks of the application workflow. The machine's guards and step()'s
// Russian refusal reasons both call these functions, so the two can never disagree.
import type { Channel } from './deadlines'
import { isKind, KIND_LABELS } from './journal-rules'
import { STAFF_STATUS_LABELS, isFinal, type ApplicationStatus } from './statuses'

export type { Channel }

export type Role =
  'admin' | 'director' | 'deputy' | 'responsible' | 'class_teacher' | 'teacher' | 'secretary' | 'parent' | 'applicant' | 'system'

export interface Actor {
  userId?: string
  roles: readonly Role[]
}

/** How the information is handed over (the form's «Информацию прошу представить»). */
export type DeliveryChannel = 'in_person' | 'post' | 'email'
/** Form: «указать периодичность»; 'period' = once per academic period (четверть/полугодие). */
export type Periodicity = 'once' | 'weekly' | 'monthly' | 'period'

export interface ApplicationInput {
  applicationId: string
  periodicity: Periodicity
  /** How the application arrived (Порядок 2.6; the type is shared with deadlines.ts). */
  channel: Channel
  /** marks | timetable | homework | topics | attendance | access; 'access' = реквизиты доступа (Порядок 3.3). */
  kinds?: readonly string[]
}

/** `at` is the moment of the action (ISO); the machine is pure and never reads the clock itself. */
interface Base {
  actor: Actor
  at?: string
}

export type ApplicationEvent =
  | (Base & { type: 'REGISTER'; registrationNumber: number })
  | (Base & { type: 'REFUSE_ACCEPTANCE'; grounds: string[]; form: 'oral' | 'written' })
  | (Base & { type: 'START_REVIEW' })
  | (Base & { type: 'REQUEST_CORRECTION'; items: string[] })
  | (Base & { type: 'SUBMIT_CORRECTION'; note?: string })
  | (Base & { type: 'FORWARD'; comment: string; proposal: Proposal; proposedGrounds?: string[]; proposedRefusedKinds?: string[] })
  | (Base & { type: 'RETURN_TO_REVIEW'; comment: string })
  // refusedKinds: Порядок 3.1.2 — the kinds absent from the journal are refused (grounds) and the rest granted.
  | (Base & { type: 'GRANT'; refusedKinds?: string[]; grounds?: string[] })
  | (Base & { type: 'REFUSE'; grounds: string[] })
  | (Base & { type: 'START_DELIVERY' })
  | (Base & { type: 'DELIVER'; deliveredAt: string; channel: DeliveryChannel; recipient?: string } & HandedOtherwise)
  | (Base & { type: 'DELIVER_PERIODIC'; deliveredAt: string })
  | (Base & { type: 'YEAR_ENDED' })
  | (Base & { type: 'NOTICE_DELIVERED'; deliveredAt?: string; channel?: DeliveryChannel; recipient?: string } & HandedOtherwise)
  | (Base & { type: 'WITHDRAW'; reason?: string })
  | (Base & { type: 'STOP_PERIODIC'; reason?: string })
  // ADR 064: the mail server returned the e-mailed answer (a bounce): it did not reach the applicant after all.
  | (Base & { type: 'LETTER_RETURNED'; reason: string })

export type ApplicationEventType = ApplicationEvent['type']

/**
 * An answer asked for by e-mail but handed over another way (printed and handed in person, posted) or sent by an
 * employee by hand — SMTP is not configured, the letter bounced (ADR 029). The queued letter is cancelled in the
 * same transaction; the reason is required and kept in the audit row.
 */
export interface HandedOtherwise {
  instead?: 'email'
  reason?: string
}

/** 'partial': grant the kinds the journal holds and refuse the rest in a signed notice (Порядок 3.1.2). */
export type Proposal = 'grant' | 'refuse' | 'partial'
export type DecisionOutcome = Proposal

export interface ApplicationContext {
  applicationId: string
  periodicity: Periodicity
  channel: Channel
  kinds: string[]
  registrationNumber: number | null
  registeredAt: string | null
  /** Grounds of the refusal (acceptance or information) — printed in the notice. */
  grounds: string[]
  acceptanceRefusalForm: 'oral' | 'written' | null
  corrections: Array<{ items: string[]; requestedAt: string | null; submittedAt: string | null; note: string | null }>
  proposal: { value: Proposal; comment: string; grounds: string[]; refusedKinds?: string[]; by: string | null } | null
  /** The director's comment when sending the application back to review. */
  directorComment: string | null
  decision: { outcome: DecisionOutcome; by: string | null; at: string | null } | null
  /** Kinds refused by a partial decision (absent from the journal); missing in snapshots older than it. */
  refusedKinds?: string[]
  deliveries: number
  lastDeliveredAt: string | null
  withdrawal: { by: string | null; at: string | null; reason: string | null } | null
  /** A periodic application stopped before the end of the year at the applicant's request. */
  stopped?: { by: string | null; at: string | null; reason: string | null } | null
}

/** The machine's named effects (empty actions the server provides); step() reports only these. */
export const EFFECTS = [
  'issueRegistrationNumber',
  'setDeliveryDeadline',
  'setReviewDeadline',
  'queueAcceptanceRefusalNotice',
  'queueCorrectionRequest',
  'queueRefusalNotice',
  'queueExtract',
  'queueCredentialsLetter',
  'cancelPendingDelivery',
  'recordLogResult',
  'notifyApplicant',
  'notifyResponsible',
  'notifyDirector',
] as const
export type ApplicationEffect = (typeof EFFECTS)[number]

export const EVENT_LABELS: Record<ApplicationEventType, string> = {
  REGISTER: 'Зарегистрировать',
  REFUSE_ACCEPTANCE: 'Отказать в приёме документов',
  START_REVIEW: 'Принять к рассмотрению',
  REQUEST_CORRECTION: 'Вернуть на исправление',
  SUBMIT_CORRECTION: 'Отправить исправления',
  FORWARD: 'Передать директору',
  RETURN_TO_REVIEW: 'Вернуть на доработку',
  GRANT: 'Предоставить информацию',
  REFUSE: 'Отказать в предоставлении',
  START_DELIVERY: 'Начать отправку',
  DELIVER: 'Отметить вручение',
  DELIVER_PERIODIC: 'Отметить очередное предоставление',
  YEAR_ENDED: 'Завершить учебный год',
  NOTICE_DELIVERED: 'Отметить вручение уведомления',
  WITHDRAW: 'Отозвать заявление',
  STOP_PERIODIC: 'Прекратить периодическое предоставление',
  LETTER_RETURNED: 'Отметить возврат письма',
}

/** What happened, for the application's history: EVENT_LABELS are the buttons (commands), these the past events. */
export const EVENT_PAST_LABELS: Record<ApplicationEventType, string> = {
  REGISTER: 'Зарегистрировано',
  REFUSE_ACCEPTANCE: 'Отказано в приёме документов',
  START_REVIEW: 'Принято к рассмотрению',
  REQUEST_CORRECTION: 'Возвращено на исправление',
  SUBMIT_CORRECTION: 'Исправления получены',
  FORWARD: 'Передано директору',
  RETURN_TO_REVIEW: 'Возвращено на доработку',
  GRANT: 'Решено предоставить информацию',
  REFUSE: 'Отказано в предоставлении информации',
  START_DELIVERY: 'Отправка начата',
  DELIVER: 'Информация предоставлена',
  DELIVER_PERIODIC: 'Очередная выписка предоставлена',
  YEAR_ENDED: 'Учебный год завершён',
  NOTICE_DELIVERED: 'Уведомление об отказе вручено',
  WITHDRAW: 'Заявление отозвано',
  STOP_PERIODIC: 'Периодическое предоставление прекращено',
  LETTER_RETURNED: 'Письмо с ответом вернулось недоставленным',
}

// Who may send what. The director may do every step of the responsible employee: in a school the director
// supervises that work (Порядок 4.1) and stands in when the employee is absent. 'admin' is a technical role
// (accounts, settings) and takes no part in the procedure, so it sees no pupil data through this workflow.
const STAFF: readonly Role[] = ['responsible', 'director']
const APPLICANT: readonly Role[] = ['applicant', 'parent']

export const EVENT_ROLES: Record<ApplicationEventType, readonly Role[]> = {
  REGISTER: [...STAFF, 'secretary'],
  REFUSE_ACCEPTANCE: [...STAFF, 'secretary'],
  START_REVIEW: STAFF,
  REQUEST_CORRECTION: STAFF,
  SUBMIT_CORRECTION: APPLICANT,
  FORWARD: STAFF,
  RETURN_TO_REVIEW: ['director'],
  GRANT: ['director'],
  REFUSE: ['director'],
  START_DELIVERY: STAFF,
  // The system records an answer the mail server accepted (e-mail only, see payloadProblem); staff the rest.
  DELIVER: [...STAFF, 'system'],
  DELIVER_PERIODIC: [...STAFF, 'system'],
  YEAR_ENDED: [...STAFF, 'system'],
  NOTICE_DELIVERED: [...STAFF, 'system'],
  // Staff withdraw only on the applicant's written request (a reason is then required, see below).
  WITHDRAW: [...APPLICANT, ...STAFF],
  // Likewise: the applicant stops a periodic application by themselves, staff on the applicant's written request.
  STOP_PERIODIC: [...APPLICANT, ...STAFF],
  // Only the mail intake records a returned letter: it is a fact the mail server reports, not a person's decision.
  LETTER_RETURNED: ['system'],
}

const ROLE_DENIED: Partial<Record<ApplicationEventType, string>> = {
  REGISTER: 'регистрирует заявления ответственный работник или секретарь',
  REFUSE_ACCEPTANCE: 'в приёме документов отказывают ответственный работник, секретарь или директор',
  SUBMIT_CORRECTION: 'исправления вносит заявитель',
  RETURN_TO_REVIEW: 'решение принимает директор',
  GRANT: 'решение принимает директор',
  REFUSE: 'решение принимает директор',
  WITHDRAW: 'отозвать заявление может заявитель или ответственный работник по его письменному заявлению',
  STOP_PERIODIC: 'прекратить предоставление может заявитель или ответственный работник по его письменному заявлению',
  LETTER_RETURNED: 'возврат письма отмечает сама система по ответу почтового сервера',
}

export function roleAllowed(type: ApplicationEventType, roles: readonly Role[]): boolean {
  return EVENT_ROLES[type].some((role) => roles.includes(role))
}

export function roleDeniedMessage(type: ApplicationEventType): string {
  return `Недостаточно прав: ${ROLE_DENIED[type] ?? 'действие выполняет ответственный работник'}`
}

const filled = (text: string | undefined | null): boolean => typeof text === 'string' && text.trim() !== ''
const allFilled = (list: readonly string[] | undefined): boolean => Array.isArray(list) && list.length > 0 && list.every(filled)
const isInstant = (value: string | undefined): boolean =>
  typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Date.parse(value))

export const hasGrounds = (grounds: readonly string[] | undefined) => allFilled(grounds)
export const hasItems = (items: readonly string[] | undefined) => allFilled(items)
export const isRegistrationNumber = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n > 0
export const hasComment = (comment: string | undefined) => filled(comment)
export const hasDeliveryDate = (deliveredAt: string | undefined) => isInstant(deliveredAt)
export const validProposal = (proposal: string, grounds: readonly string[] | undefined, refusedKinds?: readonly string[]) =>
  proposal === 'grant' ||
  (proposal === 'refuse' && allFilled(grounds)) ||
  (proposal === 'partial' && allFilled(grounds) && allFilled(refusedKinds))
export const isPartial = (refusedKinds: readonly string[] | undefined) => Array.isArray(refusedKinds) && refusedKinds.length > 0

export const PARTIAL_DECISION_LABEL = 'Предоставить информацию, которая есть в журнале, в остальной отказать'

/** The refused kinds in the notice's words: «информация о посещаемости занятий обучающимся; …». */
export function kindsText(kinds: readonly string[]): string {
  return kinds.map((k) => (k === 'access' ? KIND_LABELS.access : isKind(k) ? `информация ${KIND_LABELS[k]}` : k)).join('; ')
}

/**
 * A partial decision refuses some of the kinds the applicant asked for, never all of them (that is a refusal)
 * and never one that was not asked for. Null when fine.
 */
export function partialProblem(requested: readonly string[], refusedKinds: readonly string[] | undefined): string | null {
  if (!isPartial(refusedKinds)) return null
  const refused = refusedKinds as readonly string[]
  if (refused.some((k) => !requested.includes(k))) return 'Отказать можно только в той информации, которая запрошена в заявлении'
  if (requested.every((k) => refused.includes(k))) return 'Отказ во всей запрошенной информации оформляется решением об отказе'
  return null
}

/** The applicant withdraws (or stops) by themselves; staff must cite the applicant's written request. */
export const withdrawalBasis = (event: { actor: Actor; reason?: string }) =>
  event.actor.roles.some((role) => APPLICANT.includes(role)) || filled(event.reason)

/** The worker acting by itself (no person): it may only record what it did, e.g. an e-mail the server accepted. */
const isSystemOnly = (actor: Actor) => actor.roles.length > 0 && actor.roles.every((role) => role === 'system')

/** Порядок 3.1.1: the written acceptance-refusal notice is the director's (signed by them); others refuse orally. */
export const writesAcceptanceRefusal = (roles: readonly string[]) => roles.includes('director')

export const WRITTEN_ACCEPTANCE_REFUSAL_BY_DIRECTOR =
  'Письменное уведомление об отказе в приёме документов подписывает директор (Порядок, п. 3.1.1): его оформляет директор; ' +
  'ответственный работник или секретарь сообщают отказ устно'

/** What is wrong with the event's data, in Russian, or null when it is complete. */
export function payloadProblem(event: ApplicationEvent): string | null {
  switch (event.type) {
    case 'REGISTER':
      return isRegistrationNumber(event.registrationNumber) ? null : 'Регистрационный номер должен быть целым положительным числом'
    case 'REFUSE_ACCEPTANCE':
      if (!hasGrounds(event.grounds)) return 'Укажите основания отказа'
      if (event.form !== 'oral' && event.form !== 'written') return 'Укажите форму отказа: устно или письменно'
      // Порядок 3.1.1: the written notice «подписывается руководителем образовательного учреждения» — and it goes out
      // (by e-mail at once) as the director's: so the director issues it, not the employee who told the refusal.
      return event.form === 'written' && !writesAcceptanceRefusal(event.actor.roles) ? WRITTEN_ACCEPTANCE_REFUSAL_BY_DIRECTOR : null
    case 'REFUSE':
      return hasGrounds(event.grounds) ? null : 'Укажите основания отказа'
    case 'GRANT':
      return !isPartial(event.refusedKinds) || hasGrounds(event.grounds) ? null : 'Укажите основания отказа в части информации'
    case 'REQUEST_CORRECTION':
      return hasItems(event.items) ? null : 'Укажите, что заявителю нужно исправить'
    case 'FORWARD':
      if (!hasComment(event.comment)) return 'Добавьте комментарий для директора'
      if (event.proposal === 'partial' && !isPartial(event.proposedRefusedKinds))
        return 'Отметьте, в какой информации предлагается отказать'
      return validProposal(event.proposal, event.proposedGrounds, event.proposedRefusedKinds)
        ? null
        : 'Предлагая отказ, укажите его основания'
    case 'RETURN_TO_REVIEW':
      return hasComment(event.comment) ? null : 'Укажите, что нужно доработать'
    case 'NOTICE_DELIVERED':
      if (event.instead && !filled(event.reason)) return 'Укажите, почему уведомление вручено не по электронной почте'
      if (event.instead && isSystemOnly(event.actor)) return 'Вручение иным способом отмечает работник'
      return null
    case 'DELIVER':
      if (!['in_person', 'post', 'email'].includes(event.channel)) return 'Укажите способ предоставления информации'
      if (event.instead && !filled(event.reason)) return 'Укажите, почему ответ передан не по электронной почте'
      if (event.instead && isSystemOnly(event.actor)) return 'Передачу ответа иным способом отмечает работник'
      if (isSystemOnly(event.actor) && event.channel !== 'email')
        return 'Сама система отмечает только письмо, принятое почтовым сервером; вручение лично и отправку почтой отмечает работник'
      return hasDeliveryDate(event.deliveredAt) ? null : 'Укажите дату предоставления информации'
    case 'DELIVER_PERIODIC':
      return hasDeliveryDate(event.deliveredAt) ? null : 'Укажите дату предоставления информации'
    case 'WITHDRAW':
      return withdrawalBasis(event) ? null : 'Укажите реквизиты письменного заявления заявителя об отзыве'
    case 'STOP_PERIODIC':
      return withdrawalBasis(event) ? null : 'Укажите реквизиты письменного заявления заявителя о прекращении предоставления'
    case 'LETTER_RETURNED':
      return filled(event.reason) ? null : 'Укажите причину возврата письма'
    default:
      return null
  }
}

const NEEDS_REGISTRATION: readonly ApplicationEventType[] = ['START_REVIEW', 'REQUEST_CORRECTION', 'FORWARD']
/** The statuses after the director's decision (not final): a decision sent again there is a repeat, not one too early. */
const DECIDED: readonly ApplicationStatus[] = ['granted', 'refused', 'delivering', 'delivered', 'active']

/** Why `type` cannot be sent in `status` (called only when the machine has no transition for it). */
export function unavailableReason(type: ApplicationEventType, status: ApplicationStatus): string {
  const head = `Действие «${EVENT_LABELS[type]}» недоступно: `
  if (type === 'WITHDRAW' && status === 'active')
    return `${head}информация уже предоставляется; периодическое предоставление можно прекратить`
  if (type === 'WITHDRAW' && ['delivered', 'completed'].includes(status)) return `${head}информация уже предоставлена заявителю`
  if (type === 'STOP_PERIODIC' && status !== 'active') return `${head}периодическое предоставление по заявлению не идёт`
  if (isFinal(status)) return `${head}заявление в конечном статусе «${STAFF_STATUS_LABELS[status]}»`
  if (type === 'REGISTER' || type === 'REFUSE_ACCEPTANCE') return `${head}заявление уже зарегистрировано`
  if (status === 'received' && NEEDS_REGISTRATION.includes(type)) return `${head}заявление ещё не зарегистрировано`
  // ADR 124: the director's form sent again (a restart cut the answer to the first) — not «ещё не передано директору».
  if ((type === 'GRANT' || type === 'REFUSE') && DECIDED.includes(status))
    return `${head}решение по заявлению уже принято (статус «${STAFF_STATUS_LABELS[status]}»)`
  if ((type === 'GRANT' || type === 'REFUSE') && status !== 'awaiting_decision') return `${head}заявление ещё не передано директору`
  return `${head}сейчас статус заявления «${STAFF_STATUS_LABELS[status]}»`
}
