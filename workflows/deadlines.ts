import { type ProductionCalendar } from './calendar'
import { addDays, endOfLocalDay, formatDate, localDateOf, weekdayOf, type LocalDay } from './time'

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

/**
 * The numbers of the Порядок. Every screen, letter and document takes its wording from TERM_TEXT below, so a
 * changed number changes everything the school and the parents read (ADR 031).
 */
export const TERMS = {
  /** Порядок 3.1.1: «при обращении … лично — в срок, не превышающий 10 минут». */
  inPersonRegistrationMinutes: 10,
  /** Порядок 3.1.1: «не позднее 1 рабочего дня с момента поступления заявления в образовательное учреждение». */
  registrationWorkingDays: 1,
  /** Порядок 3.1.2: «не превышающий 29 календарных дней со дня поступления заявления к ответственному работнику». */
  reviewCalendarDays: 29,
  /** Порядок 2.3: «не может превышать 30 календарных дней со дня регистрации заявления». */
  deliveryCalendarDays: 30,
} as const

/** Genitive after «не более / не позднее / в течение»: 1, 21 → singular; otherwise plural. */
function genitive(n: number, singular: string, plural: string): string {
  return `${n} ${n % 10 === 1 && n % 100 !== 11 ? singular : plural}`
}

const CLAUSES = { registration: 'Порядок, п. 3.1.1', review: 'Порядок, п. 3.1.2', delivery: 'Порядок, п. 2.3' } as const

/** The terms in words, without the clause: «не более 29 календарных дней со дня …». */
export const TERM_TEXT = {
  registrationInPerson: `в течение ${genitive(TERMS.inPersonRegistrationMinutes, 'минуты', 'минут')}`,
  registrationOther:
    `не позднее ${genitive(TERMS.registrationWorkingDays, 'рабочего дня', 'рабочих дней')} ` + 'с момента поступления заявления в школу',
  review:
    `не более ${genitive(TERMS.reviewCalendarDays, 'календарного дня', 'календарных дней')} со дня поступления заявления к ` +
    'ответственному работнику',
  delivery: `не более ${genitive(TERMS.deliveryCalendarDays, 'календарного дня', 'календарных дней')} со дня регистрации заявления`,
  /** Short forms for tight places (badges, dashboard headings, slides). */
  inPersonMinutes: genitive(TERMS.inPersonRegistrationMinutes, 'минуты', 'минут'),
  registrationDays: genitive(TERMS.registrationWorkingDays, 'рабочего дня', 'рабочих дней'),
  reviewDays: genitive(TERMS.reviewCalendarDays, 'календарного дня', 'календарных дней'),
  deliveryDays: genitive(TERMS.deliveryCalendarDays, 'календарного дня', 'календарных дней'),
} as const

/** The registration term for a channel with its clause: «в течение 10 минут (Порядок, п. 3.1.1)». */
export function registrationRule(channel: Channel): string {
  return `${channel === 'in_person' ? TERM_TEXT.registrationInPerson : TERM_TEXT.registrationOther} (${CLAUSES.registration})`
}
export const REVIEW_RULE = `${TERM_TEXT.review} (${CLAUSES.review})`
export const DELIVERY_RULE = `${TERM_TEXT.delivery} (${CLAUSES.delivery})`

const MINUTE_MS = 60 * 1000
const HOUR_MS = 60 * MINUTE_MS
const DAY_MS = 24 * HOUR_MS
const IN_PERSON_REGISTRATION_MS = TERMS.inPersonRegistrationMinutes * MINUTE_MS

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
    let registrationDay = receiptDay
    for (let i = 0; i < TERMS.registrationWorkingDays; i++) registrationDay = calendar.nextWorkingDay(registrationDay)
    registrationDue = endOfLocalDay(registrationDay, timeZone)
    skippedDays = calendar.nonWorkingDaysBetween(receiptDay, registrationDay)
    calendar.fallbackYearsBetween(addDays(receiptDay, 1), registrationDay).forEach((y) => fallbackYears.add(y))
  }

  // Before registration the latest lawful registration moment stands in for it (the latest answer date).
  const registrationDay = localDateOf(registeredAt ?? registrationDue, timeZone)

  // Порядок 2.3: no more than 30 calendar days from the day of registration; a day off does not extend it,
  // so the practical target is the last working day before it.
  const deliveryDay = addDays(registrationDay, TERMS.deliveryCalendarDays)
  const deliveryDue = endOfLocalDay(deliveryDay, timeZone)

  // Порядок 3.1.2: review within 29 calendar days of the day it reaches the responsible employee, which is the day
  // of registration (ADR 031). A later start (data recorded under ADR 005) never runs past the answer's date.
  const reviewStartDay = reviewStartedAt ? localDateOf(reviewStartedAt, timeZone) : registrationDay
  const reviewByItself = endOfLocalDay(addDays(reviewStartDay, TERMS.reviewCalendarDays), timeZone)
  const reviewDue = reviewByItself.getTime() > deliveryDue.getTime() ? deliveryDue : reviewByItself
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
  const { completedAt, dueSoonWorkingDays = DEFAULT_DUE_SOON_WORKING_DAYS } = options
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

// ─── What a transition writes to the deadline columns (ADR 031, which amends ADR 005) ────────────────────────

type DeadlineColumns = { reviewStartedAt?: Date; reviewDue?: Date; deliveryDue?: Date }

/**
 * The deadlines an application stores after one transition. Both clocks start at registration and nothing
 * else moves them:
 * - Порядок 2.3: the answer is due 30 calendar days after the day of registration, set once (`setDeliveryDeadline`);
 * - Порядок 3.1.2: the review runs 29 calendar days «со дня поступления заявления к ответственному работнику»,
 *   and the application reaches that employee by being registered in the log (Порядок 3.1.1), so the review
 *   starts the same day whatever anyone clicks afterwards: «принять к рассмотрению» starts nothing, and
 *   neither a correction request nor the applicant's answer to it pauses or restarts the clock (no clause of the
 *   acts provides for it);
 * - the review never ends after the answer is due (computeDeadlines caps it).
 * `registeredAt` is the stored registration moment (null before registration: then `now` registers it).
 */
export function deadlineColumns(input: {
  effects: readonly string[]
  now: Date
  channel: Channel
  receivedAt: Date
  registeredAt: Date | null
  storedDeliveryDue: Date | null
  timeZone: string
  calendar: ProductionCalendar
}): DeadlineColumns {
  const setDelivery = input.effects.includes('setDeliveryDeadline')
  const setReview = input.effects.includes('setReviewDeadline')
  if (!setDelivery && !setReview) return {}
  const registeredAt = input.registeredAt ?? input.now
  // The review starts on the day of registration, whatever the event that asks to set it (ADR 031).
  const d = computeDeadlines({ ...input, registeredAt, reviewStartedAt: registeredAt })
  const deliveryDue = setDelivery || !input.storedDeliveryDue ? d.deliveryDue : input.storedDeliveryDue
  const out: DeadlineColumns = { deliveryDue }
  if (setReview) {
    out.reviewStartedAt = registeredAt
    out.reviewDue = d.reviewDue.getTime() > deliveryDue.getTime() ? deliveryDue : d.reviewDue
  }
  return out
}

// ─── «Скоро срок»: the school's warning margin ───────────────────────────────────────────────────────────────

/** The «срок истекает» warning comes this many working days before a deadline unless the school sets another. */
export const DEFAULT_DUE_SOON_WORKING_DAYS = 2
const DUE_SOON_LIMITS = { min: 0, max: 10 } as const

/** The stored setting 'deadlines.dueSoonWorkingDays' (text or null): a whole number 0–10, else the default. */
export function dueSoonSetting(value: string | null): number {
  if (value === null || value.trim() === '') return DEFAULT_DUE_SOON_WORKING_DAYS
  const n = Number(value)
  return Number.isInteger(n) && n >= DUE_SOON_LIMITS.min && n <= DUE_SOON_LIMITS.max ? n : DEFAULT_DUE_SOON_WORKING_DAYS
}

// ─── The date a parent is told (ADR 032) ─────────────────────────────────────────────────────────────────────

const WEEKDAY_NAMES = ['', 'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'] as const

/** '09.05.2026, суббота' */
export function dayWithWeekday(day: LocalDay): string {
  return `${formatDate(day)}, ${WEEKDAY_NAMES[weekdayOf(day)]}`
}

type AnswerDate = {
  /** The legal date (Порядок 2.3). */
  legalDay: LocalDay
  /** The day the school answers by: the legal day, or the last working day before it when it is a day off. */
  schoolDay: LocalDay
  onDayOff: boolean
  /** The one sentence every page, letter and API says: «не позднее 04.01.2027 (понедельник — нерабочий день: …)». */
  text: string
}

/**
 * The answer's date in the words a parent reads everywhere — the status page, the letters, the portal API and
 * /deadlines (ADR 032). The legal date stays (Порядок 2.3 «не может превышать»); when it is a day off the
 * school does not lean on ГК РФ ст. 193 and answers by the last working day before it, which is named.
 */
export function answerDate(deliveryDue: Date, { calendar, timeZone }: { calendar: ProductionCalendar; timeZone: string }): AnswerDate {
  const legalDay = localDateOf(deliveryDue, timeZone)
  const onDayOff = !calendar.isWorkingDay(legalDay)
  const schoolDay = onDayOff ? calendar.previousWorkingDay(legalDay) : legalDay
  const text = onDayOff
    ? `не позднее ${formatDate(legalDay)} (${WEEKDAY_NAMES[weekdayOf(legalDay)]} — нерабочий день, поэтому школа ответит ` +
      `не позднее ${dayWithWeekday(schoolDay)}, в последний рабочий день перед ним)`
    : `не позднее ${formatDate(legalDay)}`
  return { legalDay, schoolDay, onDayOff, text }
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
