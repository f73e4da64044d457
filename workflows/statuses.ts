// Application statuses: the flat state values of application.machine.ts, stored as-is in the status column.
// The applicant's wording is the acts' own: the Порядок speaks of providing information («предоставление
// информации», 2.2, 3.1.2), not of a «услуга», so the outcome reads «Информация предоставлена» / «Отказано в
// предоставлении информации». The portal's status codes (the keys below) appear in /api/v1 only. Staff labels are
// short for tables.

import { DEFAULT_TIME_ZONE, formatDate, isLocalDay } from './time'

export const APPLICATION_STATUSES = [
  'received',
  'registered',
  'acceptance_refused',
  'in_review',
  'correction_requested',
  'awaiting_decision',
  'granted',
  'refused',
  'delivering',
  'delivered',
  'active',
  'completed',
  'closed',
  'withdrawn',
] as const

export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]

/**
 * Closed: nothing is left for a person to do. The machine marks them `type: 'final'`, except the two answered
 * ones (REOPENABLE_STATUSES), which only a returned e-mail (the system's LETTER_RETURNED, ADR 064) can reopen.
 */
export const FINAL_STATUSES: readonly ApplicationStatus[] = ['acceptance_refused', 'delivered', 'completed', 'closed', 'withdrawn']

/** Closed after the answer was given, reopened when the mail server returns the e-mailed answer (ADR 064). */
export const REOPENABLE_STATUSES: readonly ApplicationStatus[] = ['delivered', 'closed']

export const APPLICANT_STATUS_TEXT: Record<ApplicationStatus, string> = {
  received: 'Заявление получено',
  registered: 'Заявление зарегистрировано',
  acceptance_refused: 'Отказано в приёме документов',
  in_review: 'Заявление принято к рассмотрению',
  correction_requested: 'Заявление требует исправления',
  awaiting_decision: 'Заявление на рассмотрении у руководителя',
  granted: 'Принято решение о предоставлении информации',
  refused: 'Отказано в предоставлении информации',
  delivering: 'Информация направляется заявителю',
  delivered: 'Информация предоставлена',
  active: 'Информация предоставляется (периодически)',
  completed: 'Информация предоставлена',
  closed: 'Отказано в предоставлении информации',
  withdrawn: 'Заявление отменено',
}

export const STAFF_STATUS_LABELS: Record<ApplicationStatus, string> = {
  received: 'Поступило',
  registered: 'Зарегистрировано',
  acceptance_refused: 'Отказ в приёме',
  in_review: 'На рассмотрении',
  correction_requested: 'На исправлении',
  awaiting_decision: 'У директора',
  granted: 'Решено предоставить',
  refused: 'Отказ: уведомление не вручено',
  delivering: 'Отправляется',
  delivered: 'Предоставлено',
  active: 'Периодическое предоставление',
  completed: 'Завершено',
  closed: 'Отказ: уведомление вручено',
  withdrawn: 'Отозвано',
}

export function isApplicationStatus(value: unknown): value is ApplicationStatus {
  return typeof value === 'string' && (APPLICATION_STATUSES as readonly string[]).includes(value)
}

export function isFinal(status: ApplicationStatus): boolean {
  return FINAL_STATUSES.includes(status)
}

/** Still needs someone's action (staff, applicant or the periodic scheduler). */
export function isOpen(status: ApplicationStatus): boolean {
  return isApplicationStatus(status) && !isFinal(status)
}

interface StatusDetails {
  registrationNumber?: number | null
  registeredAt?: Date | string | null
  timeZone?: string
}

/**
 * Applicant-facing status line. Only `registered` carries details, as the portal does:
 * «Заявление зарегистрировано № 15 от 12.05.2026».
 */
export function applicantStatusText(status: ApplicationStatus, details: StatusDetails = {}): string {
  const text = APPLICANT_STATUS_TEXT[status]
  if (status !== 'registered') return text
  const parts = [text]
  if (details.registrationNumber != null) parts.push(`№ ${details.registrationNumber}`)
  const at = details.registeredAt
  if (at != null) {
    // A 'YYYY-MM-DD' day is shown as is; an instant (Date or ISO string) as its day in the school's zone.
    const dayOrInstant = typeof at === 'string' && !isLocalDay(at) ? new Date(at) : at
    parts.push(`от ${formatDate(dayOrInstant, details.timeZone ?? DEFAULT_TIME_ZONE)}`)
  }
  return parts.join(' ')
}
