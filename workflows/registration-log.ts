// Журнал регистрации заявлений (Порядок 3.1.1) as an append-only hash chain, one chain per school.
// Rows are never updated: a result or a fix is a new row whose `correctsSequence` points at the row it corrects.
// Each row's hash covers the previous row's hash and its own content, so an edited, deleted, inserted or
// reordered row breaks the chain at that point. Deleting the newest rows leaves a valid shorter chain; pass an
// `anchor` (a sequence and hash kept elsewhere — a printed page, a backup, an e-mail) to catch that too.
import { createHash } from 'node:crypto'
import { DEFAULT_TIME_ZONE, localDateOf } from './time'

export interface RegistrationLogRow {
  id: string
  /** Global per school, gapless from 1. */
  sequence: number
  /** Calendar year of registration in the school's zone (ADR 004). */
  year: number
  /** Registration number, restarting at 1 every calendar year; a correction row repeats the corrected number. */
  number: number
  applicationId: string
  receivedAt: Date | string
  registeredAt: Date | string
  channel: string
  applicantName: string
  pupilName: string
  className: string
  kinds: readonly string[]
  result: string | null
  resultAt: Date | string | null
  correctsSequence: number | null
  prevHash: string
  hash: string
}

export type RegistrationLogContent = Omit<RegistrationLogRow, 'prevHash' | 'hash'>

/** prevHash of the first row. */
export const GENESIS_HASH = '0'.repeat(64)

export type ChainBreak = 'hash_mismatch' | 'prev_mismatch' | 'sequence_gap' | 'bad_correction' | 'anchor_mismatch'

export type ChainCheck =
  { ok: true; count: number } | { ok: false; brokenAt: { sequence: number; id: string; reason: ChainBreak }; messageRu: string }

function iso(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) throw new RangeError(`Неверная дата в журнале регистрации: «${String(value)}»`)
  return date.toISOString()
}

/**
 * Stable JSON of the content fields in a fixed key order. Dates become UTC ISO strings whether they come as
 * Date (Prisma) or string, so the hash does not depend on how the row was read. `kinds` keeps its stored order.
 */
export function canonicalRow(row: RegistrationLogContent): string {
  return JSON.stringify({
    id: row.id,
    sequence: row.sequence,
    year: row.year,
    number: row.number,
    applicationId: row.applicationId,
    receivedAt: iso(row.receivedAt),
    registeredAt: iso(row.registeredAt),
    channel: row.channel,
    applicantName: row.applicantName,
    pupilName: row.pupilName,
    className: row.className,
    kinds: [...row.kinds],
    result: row.result ?? null,
    resultAt: row.resultAt == null ? null : iso(row.resultAt),
    correctsSequence: row.correctsSequence ?? null,
  })
}

/** SHA-256 hex of `prevHash`, a newline and the canonical content. */
export function hashRow(row: RegistrationLogContent, prevHash: string): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalRow(row)}`)
    .digest('hex')
}

/** Completes a row to append after `last` (null for the school's first row). */
export function chainRow(content: RegistrationLogContent, last: Pick<RegistrationLogRow, 'hash'> | null): RegistrationLogRow {
  const prevHash = last?.hash ?? GENESIS_HASH
  return { ...content, prevHash, hash: hashRow(content, prevHash) }
}

/**
 * The year a registration belongs to: the calendar year of `registeredAt` on the school's clock (ADR 004).
 * 31 December 23:30 Saratov time is still that year although UTC may already say otherwise — or the reverse.
 */
export function registrationYear(registeredAt: Date, timeZone: string = DEFAULT_TIME_ZONE): number {
  return Number(localDateOf(registeredAt, timeZone).slice(0, 4))
}

/**
 * The number for a new registration in `year`. `lastOfYear` is the row with the greatest number in that year
 * (correction rows repeat older numbers, so "the newest row" is not enough), or null when there is none.
 */
export function nextNumber(lastOfYear: Pick<RegistrationLogRow, 'year' | 'number'> | null, year: number): number {
  if (!lastOfYear || lastOfYear.year !== year) return 1
  return lastOfYear.number + 1
}

const MESSAGES: Record<ChainBreak, string> = {
  hash_mismatch: 'запись изменена после внесения в журнал',
  prev_mismatch: 'нарушена связь с предыдущей записью: запись перед ней удалена, вставлена или переставлена',
  sequence_gap: 'нарушена сквозная нумерация: перед записью пропущена или удалена запись, либо записи переставлены',
  bad_correction: 'исправление ссылается на отсутствующую запись или на запись другого заявления',
  anchor_mismatch: 'журнал не совпадает с контрольной отметкой: последние записи удалены или изменены',
}

function broken(row: { sequence: number; id: string }, reason: ChainBreak): ChainCheck {
  const where = `запись с порядковым номером ${row.sequence}`
  return {
    ok: false,
    brokenAt: { sequence: row.sequence, id: row.id, reason },
    messageRu: `Журнал регистрации нарушен: ${where} — ${MESSAGES[reason]}`,
  }
}

/**
 * Checks one school's rows, ordered by `sequence`, and reports the first broken row. A correction must point to
 * an earlier row of the same application and repeat its year and number.
 */
export function verifyChain(
  rows: readonly RegistrationLogRow[],
  options: { anchor?: { sequence: number; hash: string } } = {},
): ChainCheck {
  let prevHash = GENESIS_HASH
  for (const [index, row] of rows.entries()) {
    if (row.sequence !== index + 1) return broken(row, 'sequence_gap')
    if (row.prevHash !== prevHash) return broken(row, 'prev_mismatch')
    if (hashRow(row, row.prevHash) !== row.hash) return broken(row, 'hash_mismatch')
    if (row.correctsSequence != null) {
      const target = row.correctsSequence < row.sequence ? rows[row.correctsSequence - 1] : undefined
      const same = target?.applicationId === row.applicationId && target.year === row.year && target.number === row.number
      if (!same) return broken(row, 'bad_correction')
    }
    prevHash = row.hash
  }
  const { anchor } = options
  if (anchor) {
    const row = rows[anchor.sequence - 1]
    if (!row || row.hash !== anchor.hash) return broken({ sequence: anchor.sequence, id: row?.id ?? '' }, 'anchor_mismatch')
  }
  return { ok: true, count: rows.length }
}
