// Which statutory deadline is running for an application in a given state, and what the sweep should say.
import { deadlineStatus, type DeadlineStatus } from './deadlines'
import type { ProductionCalendar } from './calendar'
import { isOpen, type ApplicationStatus } from './statuses'

export type Stage = 'registration' | 'review' | 'delivery'

export const STAGE_LABELS: Record<Stage, string> = {
  registration: 'регистрация (Порядок 3.1.1)',
  review: 'рассмотрение (Порядок 3.1.2)',
  delivery: 'предоставление информации (Порядок 2.3)',
}

const STAGES_BY_STATUS: Partial<Record<ApplicationStatus, Stage[]>> = {
  received: ['registration'],
  registered: ['review', 'delivery'],
  in_review: ['review', 'delivery'],
  correction_requested: ['review', 'delivery'],
  awaiting_decision: ['review', 'delivery'],
  granted: ['delivery'],
  delivering: ['delivery'],
  refused: ['delivery'],
}

export function runningStages(status: ApplicationStatus): Stage[] {
  return STAGES_BY_STATUS[status] ?? []
}

type Dues = { registrationDue: Date; reviewDue: Date | null; deliveryDue: Date | null }

export function dueOf(stage: Stage, dues: Dues): Date | null {
  return stage === 'registration' ? dues.registrationDue : stage === 'review' ? dues.reviewDue : dues.deliveryDue
}

/**
 * Working days before a stage's deadline from which it is «срок истекает». Registration lasts one working day,
 * so it is due soon only on its last day (0); review and delivery use the school's margin.
 */
export function dueSoonMargin(stage: Stage, schoolMargin: number): number {
  return stage === 'registration' ? 0 : schoolMargin
}

type StageAlert = { stage: Stage; level: 'due_soon' | 'overdue'; due: Date; notify: 'responsible' | 'director' }

/**
 * Alerts the sweep must raise now. Due-soon goes to the responsible employee, overdue to the director.
 * Registration lasts one working day, so it is «due soon» only on its last day (0 working days left).
 */
export function stageAlerts(
  status: ApplicationStatus,
  dues: Dues,
  now: Date,
  options: { calendar: ProductionCalendar; timeZone: string; dueSoonWorkingDays: number },
): StageAlert[] {
  const alerts: StageAlert[] = []
  for (const stage of runningStages(status)) {
    const due = dueOf(stage, dues)
    if (!due) continue
    const state: DeadlineStatus = deadlineStatus(now, due, {
      ...options,
      dueSoonWorkingDays: dueSoonMargin(stage, options.dueSoonWorkingDays),
    })
    if (state === 'overdue') alerts.push({ stage, level: 'overdue', due, notify: 'director' })
    else if (state === 'due_soon') alerts.push({ stage, level: 'due_soon', due, notify: 'responsible' })
  }
  return alerts
}

/** Sorts after every real deadline: an open application with no statutory clock running (periodic, «active»). */
export const NO_RUNNING_DEADLINE = new Date('9999-12-31T23:59:59.000Z')

/**
 * The nearest running statutory deadline — what the staff queue sorts and pages by (Application.queueDueAt):
 * null once the application is closed, NO_RUNNING_DEADLINE while open with no clock running.
 */
export function nearestDue(status: ApplicationStatus, dues: Dues): Date | null {
  if (!isOpen(status)) return null
  let nearest = NO_RUNNING_DEADLINE
  for (const stage of runningStages(status)) {
    const due = dueOf(stage, dues)
    if (due && due < nearest) nearest = due
  }
  return nearest
}
