import { describe, expect, it } from 'vitest'
import { ApplicantSchema } from '#app/operations/application-schema'
import { fullPostalAddress, postalParts, splitPostcode } from './format'

describe('splitPostcode: the post label prints the postcode in its own field (issue 19, item 6)', () => {
  it.each([
    ['410056, г. Саратов, ул. Чернышевского, д. 112, кв. 45', '410056', 'г. Саратов, ул. Чернышевского, д. 112, кв. 45'],
    ['г. Саратов, ул. Московская, д. 1, кв. 2, 410012', '410012', 'г. Саратов, ул. Московская, д. 1, кв. 2'],
    ['  410012 г. Саратов, ул. Московская, д. 1 ', '410012', 'г. Саратов, ул. Московская, д. 1'],
    ['г. Саратов, ул. Огородная, д. 136, кв. 109', '', 'г. Саратов, ул. Огородная, д. 136, кв. 109'],
    ['г. Саратов, ул. Огородная, д. 1361234', '', 'г. Саратов, ул. Огородная, д. 1361234'],
  ])('%s', (address, postcode, rest) => {
    expect(splitPostcode(address)).toEqual({ postcode, rest })
  })
})

describe('the postcode field of an application beside its address (issue 19, item 6)', () => {
  it('the field wins; an address without one prints it first, one that holds it stays as typed', () => {
    expect(postalParts('г. Саратов, ул. Мира, д. 3, кв. 5', '410056')).toEqual({
      postcode: '410056',
      rest: 'г. Саратов, ул. Мира, д. 3, кв. 5',
    })
    expect(postalParts('410056, г. Саратов, ул. Мира, д. 3', '410056')).toEqual({ postcode: '410056', rest: 'г. Саратов, ул. Мира, д. 3' })
    expect(postalParts('410056, г. Саратов, ул. Мира, д. 3', '')).toEqual({ postcode: '410056', rest: 'г. Саратов, ул. Мира, д. 3' })
    expect(fullPostalAddress('г. Саратов, ул. Мира, д. 3, кв. 5', '410056')).toBe('410056, г. Саратов, ул. Мира, д. 3, кв. 5')
    expect(fullPostalAddress('г. Саратов, ул. Мира, д. 3, 410056', '410056')).toBe('г. Саратов, ул. Мира, д. 3, 410056')
    expect(fullPostalAddress('г. Саратов, ул. Мира, д. 3', '')).toBe('г. Саратов, ул. Мира, д. 3')
  })

  it('the shared schema takes six digits or nothing, and says so in Russian', () => {
    const applicant = (postcode: string) => ApplicantSchema.safeParse({ lastName: 'Иванова', firstName: 'Анна', postcode })
    expect(applicant('410056').success).toBe(true)
    expect(applicant('').success).toBe(true)
    for (const bad of ['41005', '4100567', '410 056', 'индекс']) {
      const result = applicant(bad)
      expect(result.success).toBe(false)
      expect(result.error!.issues[0]).toMatchObject({ path: ['postcode'], message: 'Почтовый индекс — 6 цифр, например 410056' })
    }
  })
})
