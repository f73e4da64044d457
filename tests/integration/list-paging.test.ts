// Keyset pages of the staff lists (ADR 048): every row exactly once, newest first, however many share a moment,
// and a row that arrives while someone pages does not shift the pages after it.
import { describe, expect, it } from 'vitest'
import { listLetters } from '#app/mail/outbox-admin.server'
import { listQueue } from '#app/models/applications.server'
import { SEND_EMAIL } from '#app/mail/queue-email.server'
import { searchAccess } from '#app/models/access-audit.server'
import { pagerLinks } from '#app/components/pager'
import { encodeTimeCursor } from '#app/utils/keyset.server'
import { db } from '#app/utils/db.server'
import { LIST_PAGE_SIZE } from '#app/utils/paging'

let schoolId = ''
const letter = (i: number, createdAt: Date) => ({
  schoolId,
  kind: SEND_EMAIL,
  idempotencyKey: `paging-${i}`,
  status: i % 7 === 0 ? 'failed' : 'done',
  createdAt,
  payload: JSON.stringify({ to: [`parent${i}@example.org`], subject: `Письмо ${i}`, text: '', messageId: `<paging-${i}@school.test>` }),
})

describe('keyset pages', () => {
  it('outgoing mail: 130 letters, a third of them in one second, each shown once, newest first', async () => {
    schoolId = (await db.school.findFirstOrThrow()).id
    const base = Date.parse('2026-11-02T10:00:00Z')
    await db.outboxJob.createMany({ data: Array.from({ length: 130 }, (_, i) => letter(i, new Date(base + (i % 3 === 0 ? 0 : i * 1000)))) })
    const seen: string[] = []
    const times: number[] = []
    let after: string | null = null
    let pages = 0
    do {
      const page: Awaited<ReturnType<typeof listLetters>> = await listLetters(schoolId, { after })
      expect(page.letters.length).toBeLessThanOrEqual(LIST_PAGE_SIZE)
      seen.push(...page.letters.map((l) => l.id))
      times.push(...page.letters.map((l) => l.createdAt.getTime()))
      if (pages === 0) {
        // A letter queued while the first page is read comes before it, not into the later pages.
        await db.outboxJob.create({ data: letter(1000, new Date()) })
      }
      after = page.next
      pages++
    } while (after)
    const all = await db.outboxJob.count({ where: { schoolId, kind: SEND_EMAIL } })
    expect(pages).toBe(Math.ceil((all - 1) / LIST_PAGE_SIZE))
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.length).toBe(all - 1)
    expect(times).toEqual([...times].sort((a, b) => b - a))
    // The filter pages the same way.
    const failed = await listLetters(schoolId, { status: 'failed' })
    expect(failed.letters.every((l) => l.status === 'failed')).toBe(true)
  })

  it('a forged cursor shows the first page; the pager keeps the filters', async () => {
    schoolId = (await db.school.findFirstOrThrow()).id
    const first = await listLetters(schoolId, {})
    expect((await listLetters(schoolId, { after: 'not-a-cursor' })).letters.map((l) => l.id)).toEqual(first.letters.map((l) => l.id))
    // Well-formed JSON that the database could not take: a year past 9999, half of a surrogate pair, null, a huge id.
    const forged = [
      { at: '+010000-01-01T00:00:00.000Z', id: 'x' },
      { at: new Date(-1e15).toISOString(), id: 'x' },
      { at: '2026-11-02T10:00:00.000Z', id: '\ud800x' },
      { at: '2026-11-02T10:00:00.000Z', id: 'x'.repeat(10_000) },
    ].map(encodeTimeCursor)
    for (const after of [...forged, Buffer.from('null').toString('base64url')]) {
      expect((await listLetters(schoolId, { after })).letters.map((l) => l.id)).toEqual(first.letters.map((l) => l.id))
    }
    // The queue's own cursor (its due date, receipt and id) the same.
    const now = new Date()
    const queue = (await listQueue(schoolId, {}, now)).rows.map((r) => r.id)
    const queueCursor = (due: string, received: string, id: string) =>
      Buffer.from(JSON.stringify({ due, received, id })).toString('base64url')
    for (const after of [
      queueCursor('+010000-01-01T00:00:00.000Z', '2026-11-02T10:00:00.000Z', 'x'),
      queueCursor('2026-11-02T10:00:00.000Z', '+010000-01-01T00:00:00.000Z', 'x'),
      queueCursor('2026-11-02T10:00:00.000Z', '2026-11-02T10:00:00.000Z', '\udc00'),
      Buffer.from('null').toString('base64url'),
    ]) {
      expect((await listQueue(schoolId, {}, now, null, after)).rows.map((r) => r.id)).toEqual(queue)
    }
    const links = pagerLinks('?status=failed&after=abc', encodeTimeCursor({ at: new Date(0).toISOString(), id: 'x' }))
    expect(links.firstPage).toBe('?status=failed')
    expect(links.nextPage).toMatch(/^\?status=failed&after=/)
  })

  it('the access audit pages past its limit instead of cutting the list', async () => {
    const school = await db.school.findFirstOrThrow()
    const at = new Date('2026-11-03T09:00:00Z')
    await db.auditEvent.createMany({
      data: Array.from({ length: 620 }, (_, i) => ({
        schoolId: school.id,
        action: 'view:pupil',
        entity: 'pupil',
        entityId: `p${i}`,
        at: new Date(at.getTime() + Math.floor(i / 10) * 1000),
      })),
    })
    const q = { from: new Date('2026-11-03T00:00:00Z'), to: new Date('2026-11-03T23:59:59Z') }
    const first = await searchAccess(school.id, q, 'Europe/Saratov')
    expect(first.truncated).toBe(true)
    const second = await searchAccess(school.id, q, 'Europe/Saratov', first.next)
    expect(second.next).toBeNull()
    const ids = [...first.rows, ...second.rows].map((r) => r.id)
    expect(new Set(ids).size).toBe(620)
  })
})
