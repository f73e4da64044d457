// What the school may tell a parent from the journal: the six kinds of information of the application form
// (appendix to the Порядок), which of them exist for a grade, over which dates, and the Russian reasons when
// something cannot be given. Pure: no database, no clock — `today` is always passed in.
import { formatDate } from './time'

export const KINDS = ['marks', 'timetable', 'homework', 'topics', 'attendance', 'access'] as const
export type Kind = (typeof KINDS)[number]

/** The wording of the application form («Прошу предоставить мне следующую информацию …»). */
export const KIND_LABELS: Record<Kind, string> = {
  marks: 'о темах и видах занятий и работ, по результатам которых получены оценки',
  timetable: 'о расписании занятий на текущий учебный год',
  homework: 'о задаваемых обучающемуся домашних заданиях в течение текущего учебного периода',
  topics: 'о темах и видах занятий в текущем учебном периоде',
  attendance: 'о посещаемости занятий обучающимся',
  access: 'информацию для доступа к электронному дневнику и электронному журналу успеваемости',
}

export function isKind(value: string): value is Kind {
  return (KINDS as readonly string[]).includes(value)
}

/** Why a kind is absent from an answer; the text goes into the extract or the refusal as is. */
type UnavailableCode = 'grade-1' | 'not-started' | 'after-leaving' | 'empty'
export type Unavailable = { available: false; reason: string; code: UnavailableCode }

// ─────────────────────────── grade ───────────────────────────

/** Положение 3.7: in the 1st grade no marks and no homework are put into the journal. */
export function kindAllowedForGrade(kind: Kind, grade: number): boolean {
  return !(grade === 1 && (kind === 'marks' || kind === 'homework'))
}

export function gradeOneReason(kind: 'marks' | 'homework'): Unavailable {
  const what = kind === 'marks' ? 'оценки' : 'домашние задания'
  return {
    available: false,
    code: 'grade-1',
    reason: `В 1-х классах ${what} в электронный журнал по учебным предметам не ставятся (Положение об ЭЖ, п. 3.7).`,
  }
}

/**
 * Quarters for grades 1–9, halves for grades 10–11: the school's curriculum (учебный план) sets this. The acts name
 * both kinds of period (Положение 4.4.9 «четверти, полугодия», 7.2 reports at the end of each) but do not say
 * which grade uses which.
 */
export function periodKindForGrade(grade: number): 'quarter' | 'half' {
  return grade >= 10 ? 'half' : 'quarter'
}

// ─────────────────────────── range ───────────────────────────

export type PeriodInfo = { id: string; name: string; kind: string; ordinal: number; startsOn: string; endsOn: string; closed: boolean }
export type RangeInput = { from: string; to: string } | { periodId: string } | 'current'

export type ResolvedRange = {
  /** The dates asked for (a period's own dates when a period was asked for). */
  from: string
  to: string
  /** The last day data is taken from: the earliest of `to`, today and the leaving date. */
  until: string
  periodId: string | null
  /** «2 четверть (05.11.2026 – 28.12.2026)» or «с 01.11.2026 по 15.11.2026». */
  label: string
  status: 'ok' | 'not-started' | 'after-leaving'
  /** Set when the pupil left inside the range: data stop at the leaving date. */
  leftOn: string | null
}

/** The reporting period «now» for a grade: the one containing today, else the last one begun (holidays), else the first. */
export function currentPeriod(periods: readonly PeriodInfo[], grade: number, today: string): PeriodInfo | null {
  const own = periods.filter((p) => p.kind === periodKindForGrade(grade)).sort((a, b) => a.startsOn.localeCompare(b.startsOn))
  return own.find((p) => p.startsOn <= today && today <= p.endsOn) ?? own.filter((p) => p.startsOn <= today).at(-1) ?? own[0] ?? null
}

export function rangeLabel(from: string, to: string, periodName?: string): string {
  return periodName ? `${periodName} (${formatDate(from)} – ${formatDate(to)})` : `с ${formatDate(from)} по ${formatDate(to)}`
}

/**
 * Turns what the caller asked for into dates. Data are never taken past today (the journal records what happened)
 * nor past the pupil's leaving date. Throws RangeError on an unknown period or reversed dates: a caller's mistake.
 */
export function resolveRange(
  input: RangeInput,
  ctx: { periods: readonly PeriodInfo[]; grade: number; today: string; leftOn: string | null },
): ResolvedRange {
  let from: string
  let to: string
  let period: PeriodInfo | null = null
  if (input === 'current') {
    period = currentPeriod(ctx.periods, ctx.grade, ctx.today)
    if (!period) throw new RangeError('В учебном году не заданы учебные периоды')
    ;({ startsOn: from, endsOn: to } = period)
  } else if ('periodId' in input) {
    period = ctx.periods.find((p) => p.id === input.periodId) ?? null
    if (!period) throw new RangeError('Учебный период не найден')
    ;({ startsOn: from, endsOn: to } = period)
  } else {
    ;({ from, to } = input)
    if (from > to) throw new RangeError(`Неверный период: начало ${formatDate(from)} позже окончания ${formatDate(to)}`)
  }
  const leftOn = ctx.leftOn && ctx.leftOn <= to ? ctx.leftOn : null
  const until = [to, ctx.today, leftOn].filter((d): d is string => !!d).sort()[0]
  const status = leftOn && leftOn < from ? 'after-leaving' : from > ctx.today ? 'not-started' : 'ok'
  return { from, to, until, periodId: period?.id ?? null, label: rangeLabel(from, to, period?.name), status, leftOn }
}

/** The reason a dated kind (marks, homework, topics, attendance) cannot be given for this range, or null. */
export function rangeUnavailable(range: ResolvedRange): Unavailable | null {
  if (range.status === 'not-started') {
    return {
      available: false,
      code: 'not-started',
      reason: `${range.label}: период ещё не начался (начало ${formatDate(range.from)}), сведений в журнале нет.`,
    }
  }
  if (range.status === 'after-leaving' && range.leftOn) {
    return {
      available: false,
      code: 'after-leaving',
      reason: `Обучающийся выбыл ${formatDate(range.leftOn)}: за период ${range.label} сведений в журнале нет.`,
    }
  }
  return null
}

export function emptyReason(range: ResolvedRange): Unavailable {
  return { available: false, code: 'empty', reason: `В журнале нет записей за период ${range.label}.` }
}

export function emptyTimetableReason(yearName: string): Unavailable {
  return { available: false, code: 'empty', reason: `В журнале нет записей расписания на ${yearName} учебный год.` }
}

export const NO_GUARDIANS: Unavailable = {
  available: false,
  code: 'empty',
  reason: 'В журнале нет записей о родителях (законных представителях) обучающегося.',
}

export function leftNote(leftOn: string): string {
  return `Обучающийся выбыл ${formatDate(leftOn)}: сведения приведены по дату выбытия.`
}

// ─────────────────────────── groups (Положение 4.4.9) ───────────────────────────

export type Membership = { groupId: string; fromDate: string; toDate: string | null }

export function isMemberOn(memberships: readonly Membership[], groupId: string, day: string): boolean {
  return memberships.some((m) => m.groupId === groupId && m.fromDate <= day && (m.toDate === null || day <= m.toDate))
}

/** A pupil sees only the lessons of their own groups, and only over the dates they belonged to them. */
export function visibleToPupil<T extends { groupId: string; date: string }>(
  lessons: readonly T[],
  memberships: readonly Membership[],
): T[] {
  return lessons.filter((l) => isMemberOn(memberships, l.groupId, l.date))
}

/** The groups the pupil belonged to on at least one day of [from, until] (the query's group filter). */
export function membershipGroupIds(memberships: readonly Membership[], from: string, until: string): string[] {
  return [...new Set(memberships.filter((m) => m.fromDate <= until && (m.toDate === null || m.toDate >= from)).map((m) => m.groupId))]
}

/**
 * Положение 4.4.9: «Перевод обучающихся из группы в группу может быть произведен администратором ЭЖ только по
 * окончанию учебного периода (четверти, полугодия)». A change of group that takes effect on `day` is allowed when
 * no period of the pupil's kind is under way on that day: the first day of a period (the previous one has ended),
 * the holidays between periods, or outside the year. Returns the period under way (the reason to refuse), or null.
 */
export function periodUnderwayOn(periods: readonly PeriodInfo[], grade: number, day: string): PeriodInfo | null {
  return periods.find((p) => p.kind === periodKindForGrade(grade) && p.startsOn < day && day <= p.endsOn) ?? null
}

// ─────────────────────────── timetable ───────────────────────────

const WEEKDAYS = ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'] as const

export function weekdayLabel(weekday: number): string {
  return WEEKDAYS[weekday - 1] ?? `день ${weekday}`
}

/** Timetable entries in force on `day` for the groups the pupil belongs to on that day. */
export function timetableOn<T extends { groupId: string; validFrom: string; validTo: string | null }>(
  entries: readonly T[],
  memberships: readonly Membership[],
  day: string,
): T[] {
  return entries.filter((e) => e.validFrom <= day && (e.validTo === null || day <= e.validTo) && isMemberOn(memberships, e.groupId, day))
}

// ─────────────────────────── attendance ───────────────────────────

export const ATTENDANCE_KIND_LABELS: Record<string, string> = { absent: 'отсутствие', ill: 'болезнь', late: 'опоздание' }

/**
 * One record of the attendance as a parent reads it (the e-diary's week and period): «болезнь (уважительная причина:
 * справка)», «отсутствие (без уважительной причины)», «опоздание». The teacher's reason often starts with the kind
 * («болезнь (справка)» to an «ill» record, «опоздание» to a «late» one): that is not said twice. Lateness is not a
 * missed lesson, so it is never called excused or not.
 */
export function absenceText(a: { kind: string; reason: string; valid: boolean }): string {
  const label = ATTENDANCE_KIND_LABELS[a.kind] ?? a.kind
  let reason = a.reason.trim()
  if (reason.toLowerCase().startsWith(label.toLowerCase())) {
    reason = reason
      .slice(label.length)
      .trim()
      .replace(/^\((.*)\)$/, '$1')
      .replace(/^[,:;—–-]\s*/, '')
      .trim()
  }
  if (a.kind === 'late') return reason ? `${label} (${reason})` : label
  if (a.valid) return reason ? `${label} (уважительная причина: ${reason})` : `${label} (уважительная причина)`
  return reason ? `${label} (${reason}; без уважительной причины)` : `${label} (без уважительной причины)`
}

type AttendanceFact = { date: string; subject: string; kind: string; valid: boolean }
export type AttendanceCount = { absent: number; ill: number; late: number; missed: number; valid: number; invalid: number }
export type AttendanceTotals = {
  bySubject: Array<{ subject: string } & AttendanceCount>
  byMonth: Array<{ month: string; label: string } & AttendanceCount>
  overall: AttendanceCount
}

const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь']

export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number)
  return `${MONTHS[m - 1]} ${y}`
}

function zero(): AttendanceCount {
  return { absent: 0, ill: 0, late: 0, missed: 0, valid: 0, invalid: 0 }
}

function add(count: AttendanceCount, fact: AttendanceFact) {
  if (fact.kind === 'late') {
    count.late++
    return
  }
  if (fact.kind === 'ill') count.ill++
  else count.absent++
  // A missed lesson (absence or illness) is either excused or not; lateness is counted apart.
  count.missed++
  if (fact.valid) count.valid++
  else count.invalid++
}

/** Missed lessons and lateness by subject (alphabetical) and by month (chronological). */
export function attendanceTotals(facts: readonly AttendanceFact[]): AttendanceTotals {
  const bySubject = new Map<string, AttendanceCount>()
  const byMonth = new Map<string, AttendanceCount>()
  const overall = zero()
  for (const f of facts) {
    const s = bySubject.get(f.subject) ?? zero()
    const m = byMonth.get(f.date.slice(0, 7)) ?? zero()
    add(s, f)
    add(m, f)
    add(overall, f)
    bySubject.set(f.subject, s)
    byMonth.set(f.date.slice(0, 7), m)
  }
  return {
    bySubject: [...bySubject].sort(([a], [b]) => a.localeCompare(b, 'ru')).map(([subject, c]) => ({ subject, ...c })),
    byMonth: [...byMonth].sort(([a], [b]) => a.localeCompare(b)).map(([month, c]) => ({ month, label: monthLabel(month), ...c })),
    overall,
  }
}
