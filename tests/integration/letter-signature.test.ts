import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { schoolSignature } from '#app/mail/letter-context.server'

describe('the signature under every letter', () => {
  it('names the responsible employee with the room printed once as «кабинет N», also for a room typed as «каб. 105»', async () => {
    const school = await db.school.findFirstOrThrow()
    await db.school.update({ where: { id: school.id }, data: { responsibleRoom: 'каб. 105' } })
    const { signature } = await schoolSignature(db, school.id)
    expect(signature).toMatch(/^Ответственный работник: \S+ \S+ \S+, кабинет 105$/m)
    expect(signature).not.toContain('кабинет каб')
    await db.school.update({ where: { id: school.id }, data: { responsibleRoom: '' } })
    expect((await schoolSignature(db, school.id)).signature).toMatch(/^Ответственный работник: \S+ \S+ \S+$/m)
  })
})
