import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { schoolSignature } from '#app/mail/letter-context.server'
import { getSchoolContacts } from '#app/models/school-contacts.server'
import { loadSchoolContext } from '#app/documents/school-block.server'
import { telHref } from '#app/utils/format'

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

  it(
    'gives the applicant one e-mail and phone everywhere: home page ' + 'and slides, the памятка, every letter (issue 19, item 5; ADR 051)',
    async () => {
      const school = await db.school.findFirstOrThrow()
      const employee = await db.staff.findUniqueOrThrow({ where: { id: school.responsibleEmployeeId! } })
      // The responsible employee has a work address of their own: it still is not where applicants write.
      await db.staff.update({ where: { id: employee.id }, data: { email: 'responsible@example.org', phone: '+7 (8452) 20-08-15' } })
      const contacts = (await getSchoolContacts())!
      const doc = await loadSchoolContext(school.id)
      const { signature } = await schoolSignature(db, school.id)
      expect(contacts.email).toBe(school.email)
      expect(doc.responsible.email).toBe(school.email)
      expect(doc.school.email).toBe(school.email)
      expect(signature).toContain(`тел. +7 (8452) 20-08-15, ${school.email}`)
      expect(signature).not.toContain('responsible@')
      expect([contacts.phone, doc.responsible.phone]).toEqual(['+7 (8452) 20-08-15', '+7 (8452) 20-08-15'])
      expect(telHref(contacts.phone)).toBe('tel:+78452200815')
      expect(telHref('8 845 220-08-08')).toBe('tel:+78452200808')
    },
  )
})
