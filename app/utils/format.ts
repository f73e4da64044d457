/** 'YYYY-MM-DD' → 'dd.MM.yyyy' (calendar days are stored as local dates already). */
export function formatDay(day: string | null | undefined): string {
  if (!day) return ''
  const [y, m, d] = day.slice(0, 10).split('-')
  return `${d}.${m}.${y}`
}

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

/**
 * The six-digit postcode of a Russian address, wherever it was typed («410056, г. Саратов, …» or «…, кв. 45,
 * 410056»), and the address without it: the post label prints the postcode in its own field (issue 19, item 6).
 */
export function splitPostcode(address: string): { postcode: string; rest: string } {
  const trimmed = address.trim()
  // Six digits standing alone (a comma or a space beside them), never the end of a longer number.
  const m = /^(\d{6})(?:\s*,\s*|\s+)(.*)$/s.exec(trimmed) ?? /^(.*?)(?:\s*,\s*|\s+)(\d{6})$/s.exec(trimmed)
  if (!m) return { postcode: '', rest: trimmed }
  return /^\d{6}$/.test(m[1]) ? { postcode: m[1], rest: m[2] } : { postcode: m[2], rest: m[1] }
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
