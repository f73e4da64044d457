// When a periodic extract is due (Порядок 2.3: information is given during the academic year at the periodicity
// the applicant chose). Pure: the academic year, its periods and holidays and the clock are passed in.
//   weekly  — every Friday, the end of the school week (Положение 4.3.9: weekly paper print-outs);
//             a Friday inside the holidays has no lessons behind it and is skipped; the year's last school day
//             closes it when it comes after the last Friday;
//   monthly — the last day of every month;
//   period  — the last day of every reporting period (quarters for grades 1–9, halves for 10–11).
// Every kind ends on the year's last school day (Monday to Friday, not in the holidays, not after its last reporting
// period), not on its calendar last day:
// a month or period that ends after it (the summer months of a year ending on 31 August, a «Год» ending on a Sunday)
// has its slot on that school day, once, and nothing after it (ADR 115).
// A slot is due at the end of its day in school time, so the extract covers the whole day. Nothing is scheduled
// after the last day of the academic year; an extract never starts before its first day.
import { addDays, endOfLocalDay, formatDate, localDateOf, weekdayOf, type LocalDay } from './time'

type PeriodicPeriodicity = 'weekly' | 'monthly' | 'period'
type DayRange = { startsOn: LocalDay; endsOn: LocalDay }

export type ScheduleContext = {
  /** The academic year's first day: no extract is due before it (a hand-over in the summer waits for September). */
  yearStartsOn: LocalDay
  /** The academic year's last day: the applicant gets information «в течение учебного года». */
  yearEndsOn: LocalDay
  /** The pupil's own reporting periods (quarters or halves). */
  periods: readonly DayRange[]
  /** Каникулы. */
  breaks: readonly DayRange[]
  timeZone: string
}

export type Slot = {
  /** The school day the extract is made for (its last day). */
  day: LocalDay
  /** End of that day in school time. */
  dueAt: Date
  /** The dates the extract covers. */
  from: LocalDay
  to: LocalDay
}

const inRange = (day: LocalDay, r: DayRange) => r.startsOn <= day && day <= r.endsOn

function lastDayOfMonth(day: LocalDay): LocalDay {
  const [y, m] = day.split('-').map(Number)
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
}

/**
 * Slot days strictly after `after`, within the academic year, in order. A service handed over in the summer (the
 * year it belongs to has not begun) has nothing to tell before the year's first day: no summer Friday or month's end.
 */
function slotDaysAfter(periodicity: PeriodicPeriodicity, after: LocalDay, ctx: ScheduleContext): LocalDay[] {
  return slotDaysFrom(periodicity, after, ctx).filter((d) => d >= ctx.yearStartsOn)
}

/**
 * The year's last school day: the end of its last reporting period (or the year's last day, if earlier), or the last
 * Monday-to-Friday before it that is not in the holidays. The periods bound it as well as the year: a year entered as
 * ending on 31 August without the summer holidays in the calendar got monthly letters on 30.06, 31.07 and 31.08 —
 * none of them a school day (31.07.2027 a Saturday), nothing new in the journal since the last quarter (ADR 115).
 */
function lastSchoolDay(ctx: ScheduleContext): LocalDay {
  const isSchoolDay = (d: LocalDay) => weekdayOf(d) <= 5 && !ctx.breaks.some((b) => inRange(d, b))
  const periodsEnd = ctx.periods.reduce<LocalDay | null>((end, p) => (end === null || p.endsOn > end ? p.endsOn : end), null)
  let last = periodsEnd !== null && periodsEnd < ctx.yearEndsOn ? periodsEnd : ctx.yearEndsOn
  while (last > ctx.yearStartsOn && !isSchoolDay(last)) last = addDays(last, -1)
  return last
}

function slotDaysFrom(periodicity: PeriodicPeriodicity, after: LocalDay, ctx: ScheduleContext): LocalDay[] {
  // The slots of every kind end on the year's last school day: information «в течение учебного года» (Порядок 2.3).
  // A slot after it (a Friday in the summer, a month's or a period's end after it) is made on it, once; none when it
  // is not after `after` — a year ending on a Sunday, or in the summer holidays, would otherwise get an empty letter.
  const last = lastSchoolDay(ctx)
  const days: LocalDay[] = []
  const add = (d: LocalDay) => {
    const day = d > last ? last : d
    if (day > after && day > (days.at(-1) ?? after)) days.push(day)
  }
  if (periodicity === 'period') {
    for (const p of [...ctx.periods].sort((a, b) => a.endsOn.localeCompare(b.endsOn))) if (p.startsOn <= last) add(p.endsOn)
    return days
  }
  if (periodicity === 'monthly') {
    for (let d = lastDayOfMonth(after); ; d = lastDayOfMonth(addDays(d, 1))) {
      add(d)
      if (d >= last) return days
    }
  }
  const toFriday = (5 - weekdayOf(after) + 7) % 7 || 7
  for (let d = addDays(after, toFriday); d <= last; d = addDays(d, 7)) {
    if (!ctx.breaks.some((b) => inRange(d, b))) add(d)
  }
  // The year's last school days after its last Friday (a year ending on a Tuesday, say) are one more slot.
  add(last)
  return days
}

function toSlots(periodicity: PeriodicPeriodicity, anchorDay: LocalDay, days: LocalDay[], ctx: ScheduleContext): Slot[] {
  return days.map((day, i) => {
    // The period whose extract it is: the one ending that day, or — moved to the year's last school day — holding it.
    const period = periodicity === 'period' ? ctx.periods.find((p) => p.startsOn <= day && day <= p.endsOn) : undefined
    const previous = i === 0 ? anchorDay : days[i - 1]
    // A first delivery before the year began (a summer hand-over): the first extract covers the year from its first day.
    const next = addDays(previous, 1) < ctx.yearStartsOn ? ctx.yearStartsOn : addDays(previous, 1)
    const from = period && period.startsOn > anchorDay ? period.startsOn : next
    return { day, dueAt: endOfLocalDay(day, ctx.timeZone), from: from > day ? day : from, to: day }
  })
}

/** Every slot after `anchor` (the first delivery) in the academic year, in order. */
export function scheduleFrom(periodicity: PeriodicPeriodicity, anchor: Date, ctx: ScheduleContext): Slot[] {
  const anchorDay = localDateOf(anchor, ctx.timeZone)
  return toSlots(periodicity, anchorDay, slotDaysAfter(periodicity, anchorDay, ctx), ctx)
}

/** Slots due by `now`: the deliveries that must exist. */
export function dueSlots(periodicity: PeriodicPeriodicity, anchor: Date, now: Date, ctx: ScheduleContext): Slot[] {
  return scheduleFrom(periodicity, anchor, ctx).filter((s) => s.dueAt.getTime() <= now.getTime())
}

/** The next slot still to come after `now`, or null when the academic year has no more. */
export function nextSlot(periodicity: PeriodicPeriodicity, anchor: Date, now: Date, ctx: ScheduleContext): Slot | null {
  return scheduleFrom(periodicity, anchor, ctx).find((s) => s.dueAt.getTime() > now.getTime()) ?? null
}

/** The academic year is over (its last day has ended in school time). */
export function yearEnded(now: Date, ctx: Pick<ScheduleContext, 'yearEndsOn' | 'timeZone'>): boolean {
  return now.getTime() > endOfLocalDay(ctx.yearEndsOn, ctx.timeZone).getTime()
}

/**
 * Why a slot's extract is not made because the pupil left the school (выбыл: transferred, expelled) before the
 * dates it covers, or null. The journal has nothing after the leaving day: such an extract would say only «сведений
 * нет», each slot to the year's end. The slot that holds the leaving day is made (up to that day, journal-rules
 * leftNote).
 */
export function leftBeforeSlot(slot: Pick<Slot, 'from'>, leftOn: LocalDay | null): string | null {
  if (!leftOn || leftOn >= slot.from) return null
  return `обучающийся выбыл из школы ${formatDate(leftOn)} (по журналу), сведений с ${formatDate(slot.from)} нет`
}

export function isPeriodic(periodicity: string): periodicity is PeriodicPeriodicity {
  return periodicity === 'weekly' || periodicity === 'monthly' || periodicity === 'period'
}
