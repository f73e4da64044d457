// Расписание звонков (режим работы школы, Положение 4.1.5): when each lesson of a shift begins and ends. Pure rules:
// the administrator's form is checked here (Russian messages), the diary and the extracts read «08:30–09:15» from here.
import { z } from './zod'

export type Bell = { period: number; startsAt: string; endsAt: string }

/** Lessons a day can have (the form shows this many rows per shift). */
export const MAX_PERIODS = 8
export const SHIFTS = [1, 2] as const
export type Shift = (typeof SHIFTS)[number]

export const SHIFT_LABELS: Record<Shift, string> = { 1: 'Первая смена', 2: 'Вторая смена' }

const TIME_RE = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/

/** «8:30», «08.30» → «08:30»; null when it is not a time of day. */
export function normaliseTime(value: string): string | null {
  const m = TIME_RE.exec(value.trim())
  return m ? `${m[1].padStart(2, '0')}:${m[2]}` : null
}

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))

/** «08:30–09:15» for a lesson of the schedule, '' when the schedule has no such lesson. */
export function lessonTime(bells: readonly Bell[], period: number): string {
  const b = bells.find((x) => x.period === period)
  return b ? `${b.startsAt}–${b.endsAt}` : ''
}

/** The bells of a school's shift, falling back to the first shift when the class's shift has none. */
export function bellsForShift<T extends Bell & { shift: number }>(bells: readonly T[], shift: number): T[] {
  const own = bells.filter((b) => b.shift === shift)
  return own.length > 0 ? own : bells.filter((b) => b.shift === 1)
}

/**
 * The administrator's rows for one shift (`start1`, `end1` … `start8`, `end8`): a lesson is given by both times or
 * left out with both empty; lessons follow each other without gaps in numbering, each ends after it begins and the
 * next begins no earlier than the previous ends. Returns the bells or the first problem in Russian.
 */
export function parseBellForm(form: Record<string, string | undefined>): { ok: true; bells: Bell[] } | { ok: false; message: string } {
  const bells: Bell[] = []
  let gapAt: number | null = null
  for (let period = 1; period <= MAX_PERIODS; period++) {
    const rawStart = (form[`start${period}`] ?? '').trim()
    const rawEnd = (form[`end${period}`] ?? '').trim()
    if (!rawStart && !rawEnd) {
      gapAt ??= period
      continue
    }
    if (!rawStart || !rawEnd) return { ok: false, message: `${period} урок: укажите и начало, и конец (или оставьте оба поля пустыми)` }
    const startsAt = normaliseTime(rawStart)
    const endsAt = normaliseTime(rawEnd)
    if (!startsAt || !endsAt) return { ok: false, message: `${period} урок: время пишется как ЧЧ:ММ, например 08:30` }
    if (gapAt !== null) return { ok: false, message: `Не заполнен ${gapAt} урок: уроки нумеруются подряд` }
    if (minutes(endsAt) <= minutes(startsAt))
      return { ok: false, message: `${period} урок: конец (${endsAt}) должен быть позже начала (${startsAt})` }
    const previous = bells[bells.length - 1]
    if (previous && minutes(startsAt) < minutes(previous.endsAt)) {
      return {
        ok: false,
        message: `${period} урок начинается (${startsAt}) раньше, чем кончается ${previous.period} урок (${previous.endsAt})`,
      }
    }
    bells.push({ period, startsAt, endsAt })
  }
  return { ok: true, bells }
}

/**
 * A shift that has bells sent back with every field blank would lose its whole schedule at one click: that is asked
 * once more (the form's «удалить» box). Null when the form may be saved as it is.
 */
export function clearShiftProblem(shift: Shift, current: number, next: number, confirmed: boolean): string | null {
  if (next > 0 || current === 0 || confirmed) return null
  return (
    `Все поля пусты: ${SHIFT_LABELS[shift].toLowerCase()} останется без расписания звонков (сейчас уроков: ${current}). ` +
    'Чтобы удалить расписание, отметьте «Удалить расписание звонков смены» и сохраните ещё раз; чтобы оставить его, обновите страницу.'
  )
}

export const ShiftForm = z.object({ shift: z.enum(['1', '2'], { message: 'Смена — первая или вторая' }).transform(Number) })

/**
 * «2А, 2Б; 3а» → the class names of the second shift, checked against the school's classes. Empty → none.
 */
export function parseSecondShift(
  value: string,
  classNames: readonly string[],
): { ok: true; names: string[] } | { ok: false; message: string } {
  const known = new Map(classNames.map((n) => [n.toUpperCase().replace(/\s+/g, ''), n]))
  const names: string[] = []
  for (const raw of value
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const name = known.get(raw.toUpperCase())
    if (!name) return { ok: false, message: `Класс «${raw}» не найден в текущем учебном году` }
    if (!names.includes(name)) names.push(name)
  }
  return { ok: true, names }
}
