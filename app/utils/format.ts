/** 'YYYY-MM-DD' → 'dd.MM.yyyy' (calendar days are stored as local dates already). */
export function formatDay(day: string | null | undefined): string {
  if (!day) return ''
  const [y, m, d] = day.slice(0, 10).split('-')
  return `${d}.${m}.${y}`
}

/** A work type's weight as the journal pages show it: «вес 1,5». */
export const weightText = (weight: number) => `вес ${String(weight).replace('.', ',')}`

// The one plural helper (workflows/plural.ts), here for the screens.
export { count, plural } from '#workflows/plural'

/** A file's size as the staff screens show it: «37 КБ», «1,2 МБ». */
export function formatSize(bytes: number): string {
  const KB = 1024
  return bytes >= KB * KB ? `${(bytes / KB / KB).toFixed(1).replace('.', ',')} МБ` : `${Math.max(1, Math.round(bytes / KB))} КБ`
}

/**
 * A room is kept as its number («105»): the printed texts and the Word templates add «кабинет» themselves.
 * A value typed the old way («каб. 105», «Кабинет 105») is read as its number, so nothing prints «кабинет каб. 105».
 */
export function roomNumber(room: string | null | undefined): string {
  return (room ?? '')
    .trim()
    .replace(/^(?:кабинет|каб)\.?\s*(?:№\s*)?/i, '')
    .trim()
}

/** «кабинет 105», or '' when no room is set. */
export function roomLabel(room: string | null | undefined): string {
  const n = roomNumber(room)
  return n ? `кабинет ${n}` : ''
}

/** A phone number as a `tel:` link: «+7 (8452) 20-08-08» → «tel:+78452200808»; «8 …» read as «+7 …». */
export function telHref(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '')
  return `tel:${/^8\d{10}$/.test(digits) ? `+7${digits.slice(1)}` : digits}`
}

const SEP = String.raw`(?:\s*[,;]\s*|\s+)`
/** «индекс 410056», «почтовый индекс: 410056», «инд. 410056», «п/и 410056». */
const LABEL = String.raw`(?:почтовый\s+индекс|индекс|инд\.|п/и)\s*:?\s*`
const COUNTRY = String.raw`(?:Россия|Российская\s+Федерация|РФ)`
// Six digits standing alone, never the end of a longer number (a house «1361234»):
/** at the start, after the country or a label («Россия, 410056, г. Саратов», «410056г. Саратов»); */
const LEADING = new RegExp(String.raw`^(${COUNTRY}${SEP})?(?:${LABEL})?(\d{6})(?:${SEP}|(?=\p{L}))(.*)$`, 'isu')
/** at the end, after a label or before the country («…, кв. 45, 410056», «…, индекс 410056», «…, 410056, Россия»); */
const TRAILING = new RegExp(String.raw`^(.*?)${SEP}(?:${LABEL})?(\d{6})(${SEP}${COUNTRY})?\.?$`, 'isu')
/** anywhere after a label («г. Саратов, индекс 410056, ул. Мира»). */
const LABELLED = new RegExp(String.raw`^(.*?)${SEP}${LABEL}(\d{6})(?:${SEP}(.*))?$`, 'isu')

/**
 * The six-digit postcode of a Russian address, wherever a person types it («410056, г. Саратов, …», «…, кв. 45,
 * 410056», «Россия, 410056, …», «…, индекс 410056, …»), and the address without it: the post label prints the
 * postcode in its own field (issue 19, item 6).
 */
export function splitPostcode(address: string): { postcode: string; rest: string } {
  const trimmed = address.trim()
  const join = (...parts: Array<string | undefined>) =>
    parts
      .map((p) => (p ?? '').replace(/^[\s,;]+|[\s,;]+$/g, ''))
      .filter(Boolean)
      .join(', ')
  const leading = LEADING.exec(trimmed)
  if (leading) return { postcode: leading[2], rest: join(leading[1], leading[3]) }
  const trailing = TRAILING.exec(trimmed)
  if (trailing) return { postcode: trailing[2], rest: join(trailing[1], trailing[3]) }
  const labelled = LABELLED.exec(trimmed)
  if (labelled) return { postcode: labelled[2], rest: join(labelled[1], labelled[3]) }
  return { postcode: '', rest: trimmed }
}

/**
 * The postcode of an application (its own field, else one typed into the address) and the address without it.
 * Rows from before the field (issue 19, item 6) carry it in the address only.
 */
export function postalParts(address: string, postcode: string): { postcode: string; rest: string } {
  const typed = splitPostcode(address)
  return {
    postcode: postcode.trim() || typed.postcode,
    rest: postcode.trim() && typed.postcode !== postcode.trim() ? address.trim() : typed.rest,
  }
}

/**
 * The address as a letter prints it, with its postcode: as typed when the address holds one, else the postcode
 * first, as the school's own address is written («410056, г. Саратов, ул. Мира, д. 3, кв. 5»).
 */
export function fullPostalAddress(address: string, postcode: string): string {
  const trimmed = address.trim()
  const code = postcode.trim()
  if (!code || splitPostcode(trimmed).postcode === code) return trimmed
  return trimmed ? `${code}, ${trimmed}` : code
}
