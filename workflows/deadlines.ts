import { type ProductionCalendar } from './calendar'
import { addDays, endOfLocalDay, localDateOf, type LocalDay } from './time'

/**
 * Deadlines of an application (заявление) under the school's «Порядок». Every day count is in the school's
 * time zone: an application received at 23:30 Saratov time belongs to that Saratov day, whatever UTC says.
 */
export const CHANNELS = ['in_person', 'post', 'email', 'online', 'portal'] as const
export type Channel = (typeof CHANNELS)[number]

export type DeadlineInput = {
  channel: Channel
  receivedAt: Date
  registeredAt?: Date | null
  /** When the application reached the responsible employee (ответственный работник). */
  reviewStartedAt?: Date | null
  timeZone: string
  calendar: ProductionCalendar
}

export type Deadlines = {
  registrationDue: Date
  reviewDue: Date
  /** The legal last moment to provide the information. */
  deliveryDue: Date
  /** End of the last working day not after deliveryDue; equals deliveryDue when that day is a working day. */
  deliveryPracticalTarget: Date
  /** Days off between the day of receipt and the registration deadline. */
  skippedDays: LocalDay[]
  /** Years for which no calendar was loaded and the ст. 112 fallback was used: show a warning. */
  usedFallbackYears: number[]
}

export type DeadlineStatus = 'ok' | 'due_soon' | 'overdue' | 'met'

const IN_PERSON_REGISTRATION_MS = 10 * 60 * 1000 // Порядок 3.1.1: in person — within 10 minutes
const REVIEW_CALENDAR_DAYS = 29 // Порядок 3.1.2
const DELIVERY_CALENDAR_DAYS = 30 // Порядок 2.3
const MINUTE_MS = 60 * 1000
const HOUR_MS = 60 * MINUTE_MS
const DAY_MS = 24 * HOUR_MS

export function computeDeadlines(input: DeadlineInput): Deadlines {
  const { channel, receivedAt, registeredAt, reviewStartedAt, timeZone, calendar } = input
  if (!CHANNELS.includes(channel)) throw new RangeError(`Неизвестный способ подачи заявления: «${String(channel)}»`)
  const fallbackYears = new Set<number>()
  const receiptDay = localDateOf(receivedAt, timeZone)

  let registrationDue: Date
  let skippedDays: LocalDay[] = []
  if (channel === 'in_person') {
    registrationDue = new Date(receivedAt.getTime() + IN_PERSON_REGISTRATION_MS)
  } else {
    // Порядок 3.1.1: post, e-mail and online — not later than 1 working day after the day of receipt.
    const registrationDay = calendar.nextWorkingDay(receiptDay)
    registrationDue = endOfLocalDay(registrationDay, timeZone)
    skippedDays = calendar.nonWorkingDaysBetween(receiptDay, registrationDay)
    calendar.fallbackYearsBetween(addDays(receiptDay, 1), registrationDay).forEach((y) => fallbackYears.add(y))
  }

  // Before registration the latest lawful registration moment stands in for it (the latest answer date).
  const registrationDay = localDateOf(registeredAt ?? registrationDue, timeZone)

  // Порядок 3.1.2: review within 29 calendar days of the day it reaches the responsible employee.
  const reviewStartDay = reviewStartedAt ? localDateOf(reviewStartedAt, timeZone) : registrationDay
  const reviewDue = endOfLocalDay(addDays(reviewStartDay, REVIEW_CALENDAR_DAYS), timeZone)

  // Порядок 2.3: no more than 30 calendar days from the day of registration; a day off does not extend it,
  // so the practical target is the last working day before it.
  const deliveryDay = addDays(registrationDay, DELIVERY_CALENDAR_DAYS)
  const deliveryDue = endOfLocalDay(deliveryDay, timeZone)
  let practicalDay = deliveryDay
  if (!calendar.isWorkingDay(deliveryDay)) practicalDay = calendar.previousWorkingDay(deliveryDay)
  calendar.fallbackYearsBetween(practicalDay, deliveryDay).forEach((y) => fallbackYears.add(y))

  return {
    registrationDue,
    reviewDue,
    deliveryDue,
    deliveryPracticalTarget: endOfLocalDay(practicalDay, timeZone),
    skippedDays,
    usedFallbackYears: [...fallbackYears].sort((a, b) => a - b),
  }
}

type CalendarContext = { calendar: ProductionCalendar; timeZone: string }

/** Milliseconds until `due`; negative once it has passed. */
export function timeLeft(now: Date, due: Date): number {
  return due.getTime() - now.getTime()
}

/** Working days after today (school time) up to and including the due day; today itself is not counted. */
export function workingDaysLeft(now: Date, due: Date, { calendar, timeZone }: CalendarContext): number {
  return calendar.countWorkingDays(localDateOf(now, timeZone), localDateOf(due, timeZone))
}

export function deadlineStatus(
  now: Date,
  due: Date,
  options: CalendarContext & { dueSoonWorkingDays?: number; completedAt?: Date | null },
): DeadlineStatus {
  const { completedAt, dueSoonWorkingDays = 2 } = options
  if (completedAt) return completedAt.getTime() <= due.getTime() ? 'met' : 'overdue'
  if (now.getTime() > due.getTime()) return 'overdue'
  return workingDaysLeft(now, due, options) <= dueSoonWorkingDays ? 'due_soon' : 'ok'
}

export const DEADLINE_STATUS_LABELS: Record<DeadlineStatus, string> = {
  ok: 'в срок',
  due_soon: 'срок истекает',
  overdue: 'просрочено',
  met: 'выполнено в срок',
}

/** «осталось 2 дн. 3 ч», «осталось 40 мин», «просрочено на 5 ч»; rounds down. */
export function describeTimeLeft(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError('Неверный остаток времени')
  const overdue = ms < 0
  const abs = Math.abs(ms)
  const days = Math.floor(abs / DAY_MS)
  const hours = Math.floor((abs % DAY_MS) / HOUR_MS)
  const minutes = Math.floor((abs % HOUR_MS) / MINUTE_MS)
  let amount: string
  if (days > 0) amount = hours > 0 ? `${days} дн. ${hours} ч` : `${days} дн.`
  else if (hours > 0) amount = minutes > 0 ? `${hours} ч ${minutes} мин` : `${hours} ч`
  else if (minutes > 0) amount = `${minutes} мин`
  else return overdue ? 'просрочено менее чем на 1 мин' : 'осталось менее 1 мин'
  return overdue ? `просрочено на ${amount}` : `осталось ${amount}`
}

/**
 * The last instant whose deadline is still «срок истекает» (due_soon) and not «в срок»: the end of the last local day
 * with at most `dueSoonWorkingDays` working days left. A deadline `due` with now <= due <= dueSoonUntil(…) is
 * due_soon by deadlineStatus — so a database can count and filter them with one range.
 */
export function dueSoonUntil(now: Date, options: CalendarContext & { dueSoonWorkingDays: number }): Date {
  const today = localDateOf(now, options.timeZone)
  let last = today
  for (let day = addDays(today, 1), i = 0; i < 400; day = addDays(day, 1), i++) {
    if (options.calendar.countWorkingDays(today, day) > options.dueSoonWorkingDays) break
    last = day
  }
  return endOfLocalDay(last, options.timeZone)
}
