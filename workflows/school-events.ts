// School events (Положение 3.6: parents see «информацию о событиях школы как внутри класса, так и общего
// характера»): the form of /staff/events and who sees an event. Pure; messages in Russian. ADR 067.
import { z } from './zod'
import { type LocalDay } from './time'
import { SCHOOL_DAYS, readTypedDay } from './typed-day'
import { cleanLine } from './text'

export const EVENT_TITLE_MAX = 200
export const EVENT_PLACE_MAX = 200

/** One line of text as stored (ADR 027): control characters removed, line breaks and tabs made spaces, trimmed. */
const trimmed = () =>
  z.preprocess((v) => {
    const one = v === undefined || v === null ? '' : Array.isArray(v) ? String(v[0] ?? '') : v
    return typeof one === 'string' ? cleanLine(one) : one
  }, z.string().trim())
const ids = () => z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()))

/**
 * «05.12.2026», «5.12.26», «05/12/2026», «5 декабря 2026 г.» (or the browser's «2026-12-05») → '2026-12-05' (readTypedDay,
 * ADR 107: a two-digit year is this century's); null when not a real day.
 */
function parseEventDay(value: string): LocalDay | null {
  const read = readTypedDay(value, SCHOOL_DAYS)
  return 'problem' in read ? null : read.day
}

const EventFields = z.object({
  id: trimmed(),
  date: trimmed().pipe(
    z
      .string()
      .min(1, 'Укажите дату мероприятия')
      .transform((v, ctx) => {
        const day = parseEventDay(v)
        if (!day) ctx.addIssue({ code: 'custom', message: `Неверная дата «${v}»: ожидается ДД.ММ.ГГГГ, например 25.12.2026` })
        return day ?? ''
      }),
  ),
  time: trimmed().refine((v) => v === '' || /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'Время — ЧЧ:ММ, например 09:00, или пусто'),
  title: trimmed().pipe(
    z.string().min(1, 'Укажите название мероприятия').max(EVENT_TITLE_MAX, `Название — не длиннее ${EVENT_TITLE_MAX} символов`),
  ),
  place: trimmed().pipe(z.string().max(EVENT_PLACE_MAX, `Место — не длиннее ${EVENT_PLACE_MAX} символов`)),
  /** Class ids; none — the whole school. */
  classes: ids(),
})

/** The two forms of /staff/events: save (a new event when `id` is empty) and delete. */
export const EventForm = z.discriminatedUnion(
  'intent',
  [EventFields.extend({ intent: z.literal('save') }), z.object({ intent: z.literal('delete'), id: trimmed().pipe(z.string().min(1)) })],
  { message: 'Неизвестное действие' },
)
export type EventInput = z.output<typeof EventFields>

/** What a failed save sent, to show it again in the form (any shape read leniently: it is only echoed). */
export const EventEcho = z.object({
  id: trimmed().catch(''),
  date: trimmed().catch(''),
  time: trimmed().catch(''),
  title: trimmed().catch(''),
  place: trimmed().catch(''),
  classes: ids().catch([]),
})

/** Who an event is for, as the page says it: «вся школа» or the class names. */
export function eventAudience(classNames: string[]): string {
  return classNames.length === 0 ? 'вся школа' : classNames.length === 1 ? `${classNames[0]} класс` : `классы ${classNames.join(', ')}`
}
