// Keyset pages of the staff lists ordered newest first by a time column and the id (ADR 048): a page is an index range
// after the last row shown, so it stays right while rows arrive and costs the same on the thousandth page. The cursor
// (?after=) is opaque; a forged or stale one shows the first page.
import { hasLoneSurrogate } from '#workflows/text'

export type TimeCursor = { at: string; id: string }

export const encodeTimeCursor = (c: TimeCursor) => Buffer.from(JSON.stringify(c)).toString('base64url')

/** Instants a cursor may name: the database and Prisma take years 0000–9999 only («+010000-…» is refused). */
const EARLIEST = Date.UTC(1900, 0, 1)
const LATEST = Date.UTC(10000, 0, 1)

/** An instant a forged cursor may carry to the database (any cursor decoder here and in the models checks with it). */
export const isCursorTime = (value: unknown): value is string => {
  const at = typeof value === 'string' ? Date.parse(value) : NaN
  return at >= EARLIEST && at < LATEST
}

/** A row id a forged cursor may carry: a string Prisma takes (JSON.parse makes half a pair of «\ud800»), not too long. */
export const isCursorId = (value: unknown): value is string => typeof value === 'string' && value.length <= 200 && !hasLoneSurrogate(value)

export function decodeTimeCursor(value: string | null | undefined): TimeCursor | null {
  if (!value) return null
  try {
    const c = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as TimeCursor | null
    return c && isCursorTime(c.at) && isCursorId(c.id) ? c : null
  } catch {
    return null
  }
}

/** Rows after the cursor in (column, id) order — newest first unless `dir` is 'asc' — as a where clause. */
export function after<C extends string>(column: C, cursor: string | null | undefined, dir: 'asc' | 'desc' = 'desc') {
  const c = decodeTimeCursor(cursor)
  if (!c) return {}
  const at = new Date(c.at)
  const beyond = dir === 'desc' ? 'lt' : 'gt'
  return { OR: [{ [column]: { [beyond]: at } }, { [column]: at, id: { [beyond]: c.id } }] } as { OR: Array<Record<string, unknown>> }
}

/** The order after() pages in: by the column, the id breaking ties. */
export const keysetOrder = <C extends string>(column: C, dir: 'asc' | 'desc' = 'desc') =>
  [{ [column]: dir }, { id: dir }] as Array<Record<C | 'id', 'asc' | 'desc'>>

/** The page (rows were read with take: size + 1) and the cursor of the next one, if there is one. */
export function pageOf<T extends { id: string }>(rows: T[], size: number, at: (row: T) => Date): { rows: T[]; next: string | null } {
  const page = rows.slice(0, size)
  const last = page[page.length - 1]
  return { rows: page, next: rows.length > size && last ? encodeTimeCursor({ at: at(last).toISOString(), id: last.id }) : null }
}
