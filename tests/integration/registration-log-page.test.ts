// The registration log page walks the chain in order and shows the rows of its period only: result rows repeat their
// registration's time, so rows of an earlier period lie between the period's own (ADR 079 changed how the period is
// asked of the database; this holds the rows it answers).
import { describe, expect, it } from 'vitest'
import { pageRegistrationLog } from '#app/models/applications.server'
import { db } from '#app/utils/db.server'

describe('registration log page', () => {
  it('pages through the rows of its period in chain order, leaving out the rows of other periods between them', async () => {
    const school = await db.school.findFirstOrThrow()
    const top = (await db.registrationLogEntry.findFirst({ where: { schoolId: school.id }, orderBy: { sequence: 'desc' } }))?.sequence ?? 0
    const from = new Date('2031-03-01T00:00:00Z')
    const to = new Date('2031-03-31T20:59:59Z')
    // Sequence order: in, earlier, in, in, earlier, later, in, earlier, in, later, in.
    const at = { in: '2031-03-10T09:00:00Z', earlier: '2031-02-10T09:00:00Z', later: '2031-04-10T09:00:00Z' } as const
    const when: Array<keyof typeof at> = ['in', 'earlier', 'in', 'in', 'earlier', 'later', 'in', 'earlier', 'in', 'later', 'in']
    for (const [i, w] of when.entries())
      await db.registrationLogEntry.create({
        data: {
          schoolId: school.id,
          sequence: top + 1 + i,
          year: 2031,
          number: 9000 + i,
          applicationId: `app-log-${i}`,
          receivedAt: new Date(at[w]),
          registeredAt: new Date(new Date(at[w]).getTime() + i * 60_000),
          channel: 'post',
          applicantName: 'Иванова И. И.',
          pupilName: 'Иванов И.',
          className: '5А',
          kinds: '[]',
          prevHash: 'x',
          hash: `h${i}`,
        },
      })
    const expected = when.flatMap((w, i) => (w === 'in' ? [top + 1 + i] : []))
    const seen: number[] = []
    let after: number | null = null
    for (let pages = 0; pages < 10; pages++) {
      const { rows, next } = await pageRegistrationLog(school.id, from, to, after, 2)
      expect(rows.length).toBeLessThanOrEqual(2)
      seen.push(...rows.map((r) => r.sequence))
      if (next === null) break
      expect(next).toBe(rows[rows.length - 1].sequence)
      after = next
    }
    expect(seen).toEqual(expected)
  })
})
