import { describe, expect, it } from 'vitest'
import {
  GENESIS_HASH,
  canonicalRow,
  chainRow,
  hashRow,
  nextNumber,
  registrationYear,
  verifyChain,
  type RegistrationLogContent,
  type RegistrationLogRow,
} from './registration-log'

function content(sequence: number, over: Partial<RegistrationLogContent> = {}): RegistrationLogContent {
  return {
    id: `row-${sequence}`,
    sequence,
    year: 2026,
    number: sequence,
    applicationId: `app-${sequence}`,
    receivedAt: new Date(`2026-05-${String(sequence).padStart(2, '0')}T05:00:00Z`),
    registeredAt: new Date(`2026-05-${String(sequence).padStart(2, '0')}T05:05:00Z`),
    channel: 'in_person',
    applicantName: 'Иванова Мария Петровна',
    pupilName: 'Иванов Пётр',
    className: '7Б',
    kinds: ['marks', 'attendance'],
    result: null,
    resultAt: null,
    correctsSequence: null,
    ...over,
  }
}

function chain(contents: RegistrationLogContent[]): RegistrationLogRow[] {
  const rows: RegistrationLogRow[] = []
  for (const c of contents) rows.push(chainRow(c, rows.at(-1) ?? null))
  return rows
}

const log = () => chain([content(1), content(2), content(3), content(4)])

describe('canonicalRow and hashRow', () => {
  it('is stable whatever the key order and date representation', () => {
    const row = content(1)
    const reordered = Object.fromEntries(Object.entries(row).reverse()) as unknown as RegistrationLogContent
    const asStrings = { ...row, receivedAt: '2026-05-01T05:00:00Z', registeredAt: '2026-05-01T09:05:00+04:00' }
    expect(canonicalRow(reordered)).toBe(canonicalRow(row))
    expect(canonicalRow(asStrings)).toBe(canonicalRow(row))
    expect(canonicalRow(row)).toContain('"receivedAt":"2026-05-01T05:00:00.000Z"')
    expect(Object.keys(JSON.parse(canonicalRow(row)))).toEqual([
      'id',
      'sequence',
      'year',
      'number',
      'applicationId',
      'receivedAt',
      'registeredAt',
      'channel',
      'applicantName',
      'pupilName',
      'className',
      'kinds',
      'result',
      'resultAt',
      'correctsSequence',
    ])
  })

  it('ignores stored hash fields and depends on the previous hash', () => {
    const row = chainRow(content(1), null)
    expect(row.prevHash).toBe(GENESIS_HASH)
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(hashRow({ ...row, hash: 'x', prevHash: 'y' } as RegistrationLogRow, GENESIS_HASH)).toBe(row.hash)
    expect(hashRow(content(1), 'a'.repeat(64))).not.toBe(row.hash)
  })

  it('refuses an invalid date instead of hashing it', () => {
    expect(() => canonicalRow(content(1, { registeredAt: 'вчера' }))).toThrow(/Неверная дата/)
  })
})

describe('verifyChain', () => {
  it('accepts an intact chain, and an empty one', () => {
    expect(verifyChain(log())).toEqual({ ok: true, count: 4 })
    expect(verifyChain([])).toEqual({ ok: true, count: 0 })
  })

  it('finds an edited row at that row', () => {
    const rows = log()
    rows[2] = { ...rows[2], pupilName: 'Петров Иван' }
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAt: { sequence: 3, id: 'row-3', reason: 'hash_mismatch' } })
  })

  it('finds an edited row even when its own hash was recomputed: the next row no longer links to it', () => {
    const rows = log()
    const forged = { ...rows[1], result: 'refused' }
    rows[1] = { ...forged, hash: hashRow(forged, forged.prevHash) }
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAt: { sequence: 3, reason: 'prev_mismatch' } })
  })

  it('finds a deleted row', () => {
    const rows = log()
    rows.splice(1, 1)
    const result = verifyChain(rows)
    expect(result).toMatchObject({ ok: false, brokenAt: { sequence: 3, id: 'row-3', reason: 'sequence_gap' } })
    expect(!result.ok && result.messageRu).toBe(
      'Журнал регистрации нарушен: запись с порядковым номером 3 — нарушена сквозная нумерация: ' +
        'перед записью пропущена или удалена запись, либо записи переставлены',
    )
  })

  it('finds a deleted row whose successors were renumbered', () => {
    const rows = log()
    rows.splice(1, 1)
    const renumbered = rows.map((row, i) => ({ ...row, sequence: i + 1 }))
    expect(verifyChain(renumbered)).toMatchObject({ ok: false, brokenAt: { sequence: 2, id: 'row-3', reason: 'prev_mismatch' } })
  })

  it('finds reordered rows, whether read out of order or with swapped sequences', () => {
    const rows = log()
    expect(verifyChain([rows[0], rows[2], rows[1], rows[3]])).toMatchObject({
      ok: false,
      brokenAt: { sequence: 3, reason: 'sequence_gap' },
    })
    const swapped = [rows[0], { ...rows[2], sequence: 2 }, { ...rows[1], sequence: 3 }, rows[3]]
    expect(verifyChain(swapped)).toMatchObject({ ok: false, brokenAt: { sequence: 2, id: 'row-3', reason: 'prev_mismatch' } })
  })

  it('accepts a correction row pointing at an earlier row of the same application', () => {
    const original = content(2)
    const correction = content(5, {
      id: 'row-5',
      applicationId: original.applicationId,
      number: original.number,
      result: 'granted',
      resultAt: '2026-05-20T10:00:00Z',
      correctsSequence: 2,
    })
    const rows = chain([content(1), original, content(3), content(4), correction])
    expect(verifyChain(rows)).toEqual({ ok: true, count: 5 })
    expect(rows[1].result).toBeNull() // the original row is never touched
  })

  it('rejects a correction of another application or of a later row', () => {
    const other = chain([content(1), content(2), content(3, { correctsSequence: 1 })])
    expect(verifyChain(other)).toMatchObject({ ok: false, brokenAt: { sequence: 3, reason: 'bad_correction' } })
    const forward = chain([content(1), content(2, { correctsSequence: 3 }), content(3)])
    expect(verifyChain(forward)).toMatchObject({ ok: false, brokenAt: { sequence: 2, reason: 'bad_correction' } })
  })

  it('needs an anchor to notice that the newest rows were deleted', () => {
    const rows = log()
    const anchor = { sequence: 4, hash: rows[3].hash }
    expect(verifyChain(rows.slice(0, 3))).toEqual({ ok: true, count: 3 })
    expect(verifyChain(rows.slice(0, 3), { anchor })).toMatchObject({
      ok: false,
      brokenAt: { sequence: 4, id: '', reason: 'anchor_mismatch' },
    })
    expect(verifyChain(rows, { anchor })).toEqual({ ok: true, count: 4 })
  })
})

describe('numbering (ADR 004: per calendar year)', () => {
  it('restarts at 1 in a new year and counts up within one', () => {
    expect(nextNumber(null, 2026)).toBe(1)
    expect(nextNumber({ year: 2026, number: 41 }, 2026)).toBe(42)
    expect(nextNumber({ year: 2025, number: 310 }, 2026)).toBe(1)
  })

  it('takes the year from the school’s clock, not UTC', () => {
    expect(registrationYear(new Date('2025-12-31T20:30:00Z'))).toBe(2026) // 00:30 on 1 January in Saratov
    expect(registrationYear(new Date('2025-12-31T19:30:00Z'))).toBe(2025)
    expect(registrationYear(new Date('2025-12-31T20:30:00Z'), 'Europe/Kaliningrad')).toBe(2025)
  })
})
