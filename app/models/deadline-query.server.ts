import { z } from '#workflows/zod'
import { getCalendar, getSchoolTimeZone } from '#app/models/calendar.server'
import { computeDeadlines, type Deadlines } from '#workflows/deadlines'
import { isLocalDay, localDateOf, parseLocalDateTime } from '#workflows/time'

/**
 * «Когда будет ответ?»: the query shared by the public page (/deadlines) and the API (/api/deadlines).
 * A time without an offset — what a datetime-local field sends — is read in the school's time zone.
 */
// 'portal': applications filed through the municipal portal's API (/api/v1) are counted the same way (issue 15).
const PUBLIC_CHANNELS = ['in_person', 'post', 'email', 'online', 'portal'] as const
type PublicChannel = (typeof PUBLIC_CHANNELS)[number]
/** The ways a parent applies to the school itself (Порядок 2.6, 3.1.1): the choices of the public page's form. */
export const FORM_CHANNELS = PUBLIC_CHANNELS.filter((c) => c !== 'portal')

export const CHANNEL_LABELS: Record<PublicChannel, string> = {
  in_person: 'лично',
  post: 'почтой',
  email: 'электронной почтой',
  online: 'онлайн на сайте',
  portal: 'через портал госуслуг',
}

export const DEADLINE_QUERY_FIELDS = ['channel', 'receivedAt', 'registeredAt'] as const
export type DeadlineQueryField = (typeof DEADLINE_QUERY_FIELDS)[number]
export type DeadlineQuery = { channel: PublicChannel; receivedAt: Date; registeredAt?: Date }

const MIN_YEAR = 2000
const MAX_YEAR = 2100
const MAX_VALUE_LENGTH = 64
const MAX_OFFSET_MINUTES = 14 * 60
// A '+' left unencoded in a query string arrives as a space: '…T10:00:00 04:00' is read as '+04:00'.
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+\- ]\d{2}(?::?\d{2})?)?$/i

type Noun = { genitive: string; required?: string }
const RECEIVED: Noun = { genitive: 'поступления', required: 'Укажите дату и время поступления заявления' }
const REGISTERED: Noun = { genitive: 'регистрации' }

type ParsedInstant = { instant: Date } | { error: string }

/** ISO 8601 date and time, with 'Z', an offset, or none (then school time). */
function parseInstant(value: string, timeZone: string, noun: Noun): ParsedInstant {
  const match = ISO_RE.exec(value)
  if (!match) {
    return {
      error:
        `Не удалось прочитать дату и время ${noun.genitive} «${value}»: ожидается ГГГГ-ММ-ДДTЧЧ:ММ, ` +
        'например 2026-05-08T10:00 или 2026-05-08T10:00:00+04:00',
    }
  }
  const [, y, mo, d, h, mi, s = '0', fraction = '0', offset] = match
  const [year, hours, minutes, seconds] = [y, h, mi, s].map(Number)
  if (!isLocalDay(`${y}-${mo}-${d}`)) return { error: `Дата ${noun.genitive} «${value}» не существует: проверьте месяц (01–12) и число` }
  if (hours > 23 || minutes > 59 || seconds > 59) {
    return { error: `Неверное время ${noun.genitive} «${value}»: часы от 00 до 23, минуты и секунды от 00 до 59` }
  }
  if (year < MIN_YEAR || year > MAX_YEAR) return { error: yearError(noun, year) }
  const ms = Math.floor(Number(`0.${fraction}`) * 1000)
  if (!offset) return { instant: new Date(parseLocalDateTime(`${y}-${mo}-${d}T${h}:${mi}:${s.padStart(2, '0')}`, timeZone).getTime() + ms) }
  let offsetMinutes = 0
  if (offset.toUpperCase() !== 'Z') {
    const digits = offset.slice(1).replace(':', '')
    const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2) || '0')]
    offsetMinutes = (offset[0] === '-' ? -1 : 1) * (oh * 60 + om)
    if (om > 59 || Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) {
      return { error: `Неверный часовой сдвиг в дате ${noun.genitive} «${value}»: ожидается Z или ±ЧЧ:ММ, не больше 14 часов` }
    }
  }
  const utc = Date.UTC(year, Number(mo) - 1, Number(d), hours, minutes, seconds, ms) - offsetMinutes * 60_000
  return { instant: new Date(utc) }
}

function yearError(noun: Noun, year: number): string {
  return `Год ${noun.genitive} должен быть от ${MIN_YEAR} до ${MAX_YEAR}, а указан ${year}`
}

function instantField(noun: Noun, timeZone: string) {
  return z
    .string()
    .trim()
    .max(MAX_VALUE_LENGTH, `Слишком длинное значение даты ${noun.genitive}`)
    .transform((value, ctx) => {
      const parsed = parseInstant(value, timeZone, noun)
      if ('error' in parsed) {
        ctx.addIssue({ code: 'custom', message: parsed.error })
        return z.NEVER
      }
      // The year also counts in school time: 2100-12-31T23:00Z is already 2101 in Saratov.
      const localYear = Number(localDateOf(parsed.instant, timeZone).slice(0, 4))
      if (localYear < MIN_YEAR || localYear > MAX_YEAR) {
        ctx.addIssue({ code: 'custom', message: yearError(noun, localYear) })
        return z.NEVER
      }
      return parsed.instant
    })
}

const channelList = PUBLIC_CHANNELS.map((c) => `${c} (${CHANNEL_LABELS[c]})`).join(', ')

function deadlineQuerySchema(timeZone: string) {
  return z
    .object({
      channel: z.enum(PUBLIC_CHANNELS, {
        error: (issue) =>
          issue.input === undefined
            ? 'Выберите способ подачи заявления'
            : `Неизвестный способ подачи заявления «${String(issue.input).slice(0, MAX_VALUE_LENGTH)}»: допустимы ${channelList}`,
      }),
      receivedAt: z.string({ error: RECEIVED.required }).trim().min(1, RECEIVED.required).pipe(instantField(RECEIVED, timeZone)),
      registeredAt: instantField(REGISTERED, timeZone).optional(),
    })
    .superRefine((query, ctx) => {
      if (query.registeredAt && query.registeredAt.getTime() < query.receivedAt.getTime()) {
        ctx.addIssue({
          code: 'custom',
          path: ['registeredAt'],
          message: 'Дата регистрации не может быть раньше даты поступления заявления',
        })
      }
    })
}

/** The first value of each field; an empty field counts as absent. */
function readDeadlineParams(params: URLSearchParams): Partial<Record<DeadlineQueryField, string>> {
  const values: Partial<Record<DeadlineQueryField, string>> = {}
  for (const field of DEADLINE_QUERY_FIELDS) {
    const value = params.get(field)
    if (value !== null && value.trim() !== '') values[field] = value
  }
  return values
}

export type FieldErrors = Partial<Record<DeadlineQueryField, string[]>>

type DeadlineQueryResult =
  | { ok: true; timeZone: string; query: DeadlineQuery; deadlines: Deadlines }
  | { ok: false; timeZone: string; error: string; fieldErrors: FieldErrors }

/** `schoolId`: whose time zone the dates are in — the addressed school's on the public page (ADR 056). */
export async function evaluateDeadlineQuery(params: URLSearchParams, schoolId?: string): Promise<DeadlineQueryResult> {
  const timeZone = await getSchoolTimeZone(schoolId)
  const parsed = deadlineQuerySchema(timeZone).safeParse(readDeadlineParams(params))
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as FieldErrors
    return { ok: false, timeZone, error: parsed.error.issues[0]?.message ?? 'Неверный запрос', fieldErrors }
  }
  const query = parsed.data
  const calendar = await getCalendar()
  return { ok: true, timeZone, query, deadlines: computeDeadlines({ ...query, timeZone, calendar }) }
}
