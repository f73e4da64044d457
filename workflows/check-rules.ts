// Deviation finders of a control check (Порядок 4.2–4.3: the director checks how the responsible employee
// follows the Порядок). Pure: application facts and the registration-log verification in, deviations out.
import { ANSWER_EVENTS, deadlineOutcome, registrationOutcome, type AppFacts } from './metrics'
import type { ChainCheck } from './registration-log'
import { formatDateTime } from './time'

/** Порядок 4.3: checks are planned or unplanned. */
export const CHECK_KIND_LABELS = { planned: 'плановая', unplanned: 'внеплановая' } as const
export type CheckKind = keyof typeof CHECK_KIND_LABELS

export type DeviationKind =
  'late_registration' | 'late_review' | 'late_delivery' | 'refusal_without_grounds' | 'delivery_without_record' | 'log_chain_break'

export const DEVIATION_LABELS: Record<DeviationKind, string> = {
  late_registration: 'Нарушен срок регистрации заявления (Порядок 3.1.1)',
  late_review: 'Нарушен срок рассмотрения заявления (Порядок 3.1.2)',
  late_delivery: 'Нарушен срок предоставления информации (Порядок 2.3)',
  refusal_without_grounds: 'Отказ без указания оснований (Порядок 3.1.1, 3.1.2)',
  delivery_without_record: 'Нет записи о вручении или отправке ответа',
  log_chain_break: 'Нарушена целостность журнала регистрации заявлений',
}

export type Deviation = {
  kind: DeviationKind
  applicationId: string | null
  due: Date | null
  /** When the step was done; null while it is still not done. */
  actual: Date | null
  /** Employees whose step it was (event actors), for a check of one employee. */
  employeeUserIds: string[]
  /** Registration-log row, for a chain break. */
  logSequence?: number
  note?: string
}

/** The facts a check needs beyond the statistics: hand-over rows (Delivery handed / posted / e-mailed). */
export type CheckFacts = AppFacts & { handOverRecords: number }

const actorsOf = (app: AppFacts, events: readonly string[]) => [
  ...new Set(app.events.filter((e) => events.includes(e.event) && e.actorUserId).map((e) => e.actorUserId as string)),
]

export function findLateRegistrations(apps: readonly AppFacts[], now: Date): Deviation[] {
  return apps
    .filter((a) => registrationOutcome(a, now) === 'late')
    .map((a) => ({
      kind: 'late_registration',
      applicationId: a.id,
      due: a.registrationDue,
      actual: a.registeredAt,
      employeeUserIds: actorsOf(a, ['REGISTER']),
    }))
}

/** Порядок 3.1.2: the review ends with the director's decision, within 29 days of reaching the employee. */
export function findLateReviews(apps: readonly AppFacts[], now: Date): Deviation[] {
  return apps
    .filter((a) => deadlineOutcome(a.decidedAt, a.reviewDue, a.closedAt, now) === 'late')
    .map((a) => ({
      kind: 'late_review',
      applicationId: a.id,
      due: a.reviewDue,
      actual: a.decidedAt,
      employeeUserIds: actorsOf(a, ['START_REVIEW', 'REQUEST_CORRECTION', 'FORWARD', 'GRANT', 'REFUSE']),
    }))
}

export function findLateDeliveries(apps: readonly AppFacts[], now: Date): Deviation[] {
  return apps
    .filter((a) => a.registeredAt && deadlineOutcome(a.deliveredAt, a.deliveryDue, a.closedAt, now) === 'late')
    .map((a) => ({
      kind: 'late_delivery',
      applicationId: a.id,
      due: a.deliveryDue,
      actual: a.deliveredAt,
      employeeUserIds: actorsOf(a, ['START_DELIVERY', ...ANSWER_EVENTS]),
    }))
}

/** A refusal must state its grounds: orally recorded or in the written notice. */
export function findRefusalsWithoutGrounds(apps: readonly AppFacts[]): Deviation[] {
  const refused = (a: AppFacts) =>
    a.status === 'acceptance_refused' || a.events.some((e) => e.event === 'REFUSE' || e.event === 'REFUSE_ACCEPTANCE')
  return apps
    .filter((a) => refused(a) && a.grounds.every((g) => !g.trim()))
    .map((a) => ({
      kind: 'refusal_without_grounds',
      applicationId: a.id,
      due: null,
      actual: a.decidedAt ?? a.closedAt,
      employeeUserIds: actorsOf(a, ['REFUSE', 'REFUSE_ACCEPTANCE']),
    }))
}

/** An answer recorded as handed over must have its hand-over or posting record (the Delivery row). */
export function findDeliveriesWithoutRecord(apps: readonly CheckFacts[]): Deviation[] {
  return apps
    .filter((a) => a.deliveredAt && a.handOverRecords === 0)
    .map((a) => ({
      kind: 'delivery_without_record',
      applicationId: a.id,
      due: null,
      actual: a.deliveredAt,
      employeeUserIds: actorsOf(a, [...ANSWER_EVENTS]),
    }))
}

/** Регламент: archived records are checked for integrity throughout their keeping. */
export function findChainBreak(chain: ChainCheck, applicationIdAt: (sequence: number) => string | null): Deviation[] {
  if (chain.ok) return []
  const { sequence } = chain.brokenAt
  return [
    {
      kind: 'log_chain_break',
      applicationId: applicationIdAt(sequence),
      due: null,
      actual: null,
      employeeUserIds: [],
      logSequence: sequence,
      note: chain.messageRu,
    },
  ]
}

/**
 * Every deviation among `apps`. With `employeeUserId`, only the deviations in that employee's steps — and a
 * chain break, which concerns the whole log and belongs to no single employee.
 */
export function findDeviations(input: {
  apps: readonly CheckFacts[]
  chain: ChainCheck
  now: Date
  employeeUserId?: string | null
  applicationIdAt?: (sequence: number) => string | null
}): Deviation[] {
  const { apps, now } = input
  const all = [
    ...findLateRegistrations(apps, now),
    ...findLateReviews(apps, now),
    ...findLateDeliveries(apps, now),
    ...findRefusalsWithoutGrounds(apps),
    ...findDeliveriesWithoutRecord(apps),
  ]
  const mine = input.employeeUserId ? all.filter((d) => d.employeeUserIds.includes(input.employeeUserId as string)) : all
  return [...mine, ...findChainBreak(input.chain, input.applicationIdAt ?? (() => null))]
}

/** One line for the list and the report: «срок до 12.10.2026 10:10, выполнено 12.10.2026 15:00». */
export function describeDeviation(d: Pick<Deviation, 'kind' | 'due' | 'actual' | 'note' | 'logSequence'>, timeZone: string): string {
  if (d.kind === 'log_chain_break') return d.note ?? `Журнал регистрации нарушен: запись № ${d.logSequence}`
  const parts: string[] = []
  if (d.due) parts.push(`срок до ${formatDateTime(d.due, timeZone)}`)
  if (d.kind === 'refusal_without_grounds') parts.push('основания отказа не указаны')
  else if (d.kind === 'delivery_without_record')
    parts.push(
      `вручение отмечено ${d.actual ? formatDateTime(d.actual, timeZone) : ''}, записи о вручении или отправке нет`.replace('  ', ' '),
    )
  else parts.push(d.actual ? `выполнено ${formatDateTime(d.actual, timeZone)}` : 'не выполнено')
  return parts.join(', ')
}
