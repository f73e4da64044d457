import { describe, expect, it } from 'vitest'
import { ApplicantSchema, ApplicationSchema, fieldErrors } from '#app/operations/application-schema'
import { ApplyFormSchema } from '#app/components/parent/apply-schema'
import { fullPostalAddress, postalParts, splitPostcode } from './format'

describe('splitPostcode: the post label prints the postcode in its own field (issue 19, item 6)', () => {
  it.each([
    ['410056, г. Саратов, ул. Чернышевского, д. 112, кв. 45', '410056', 'г. Саратов, ул. Чернышевского, д. 112, кв. 45'],
    ['г. Саратов, ул. Московская, д. 1, кв. 2, 410012', '410012', 'г. Саратов, ул. Московская, д. 1, кв. 2'],
    ['  410012 г. Саратов, ул. Московская, д. 1 ', '410012', 'г. Саратов, ул. Московская, д. 1'],
    ['г. Саратов, ул. Огородная, д. 136, кв. 109', '', 'г. Саратов, ул. Огородная, д. 136, кв. 109'],
    ['г. Саратов, ул. Огородная, д. 1361234', '', 'г. Саратов, ул. Огородная, д. 1361234'],
    // As people type it: after the country, with a label, glued to the town, before the country at the end.
    ['Россия, 410056, г. Саратов, ул. Мира, д. 3', '410056', 'Россия, г. Саратов, ул. Мира, д. 3'],
    ['РФ 410056 г. Саратов', '410056', 'РФ, г. Саратов'],
    ['индекс 410056, г. Саратов, ул. Мира, д. 3', '410056', 'г. Саратов, ул. Мира, д. 3'],
    ['410056г. Саратов, ул. Мира, д. 3', '410056', 'г. Саратов, ул. Мира, д. 3'],
    ['г. Саратов, ул. Мира, д. 3, кв. 5, индекс: 410056', '410056', 'г. Саратов, ул. Мира, д. 3, кв. 5'],
    ['г. Саратов, ул. Мира, д. 3, кв. 5, 410056, Россия', '410056', 'г. Саратов, ул. Мира, д. 3, кв. 5, Россия'],
    ['г. Саратов, почтовый индекс 410056, ул. Мира, д. 3', '410056', 'г. Саратов, ул. Мира, д. 3'],
    // Six digits that are not a postcode stay in the address: a phone in the middle, a longer number.
    ['г. Вольск, ул. Мира, д. 3, тел. 123456, кв. 2', '', 'г. Вольск, ул. Мира, д. 3, тел. 123456, кв. 2'],
    ['4100561 г. Саратов', '', '4100561 г. Саратов'],
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
    // Six digits as people type them: grouped by a space (a no-break one pasted too), a dash, a dot; spaces around.
    for (const typed of ['410 056', '410-056', ' 410056 ', '410\u00a0056', '410.056'])
      expect(applicant(typed).data?.postcode, typed).toBe('410056')
    for (const bad of ['41005', '4100567', '410 0567', 'индекс', '410 05б']) {
      const result = applicant(bad)
      expect(result.success).toBe(false)
      expect(result.error!.issues[0]).toMatchObject({ path: ['postcode'], message: 'Почтовый индекс — 6 цифр, например 410056' })
    }
  })
})

describe('a postcode the post cannot do without (the form, the desk, the API)', () => {
  const base = {
    applicant: { lastName: 'Иванова', firstName: 'Анна', postalAddress: 'г. Саратов, ул. Мира, д. 3, кв. 5', postcode: '' },
    pupil: { lastName: 'Иванов', firstName: 'Иван', className: '5А' },
    kinds: ['marks'],
    periodicity: 'once',
    delivery: 'post',
  }
  const errors = (schema: typeof ApplicationSchema | typeof ApplyFormSchema, input: object) => {
    const r = schema.safeParse(input)
    return r.success ? {} : fieldErrors(r.error)
  }
  const form = (applicant: Partial<typeof base.applicant>) => ({
    ...base,
    applicant: { ...base.applicant, ...applicant, role: 'parent' },
    identity: { kind: 'passport', number: '6310 123456', issuedBy: 'ОВД Кировского района', issuedOn: '01.02.2015' },
    documents: { identity: { name: 'паспорт.pdf', size: 1000, type: 'application/pdf' } },
  })

  it('two different postcodes, in the address and in the field, are refused: the letter would print both', () => {
    const input = { ...base, applicant: { ...base.applicant, postalAddress: '410056, г. Саратов, ул. Мира, д. 3', postcode: '410012' } }
    const message = 'Индекс в адресе (410056) и в поле «Почтовый индекс» (410012) различаются: оставьте верный'
    expect(errors(ApplicationSchema, input)['applicant.postcode']).toBe(message)
    expect(errors(ApplyFormSchema, form(input.applicant))['applicant.postcode']).toBe(message)
    // Said once, not by the form's refinement and again by the schema it extends.
    const issues = ApplyFormSchema.safeParse(form(input.applicant)).error?.issues ?? []
    expect(issues.map((i) => [i.path.join('.'), i.message])).toEqual([['applicant.postcode', message]])
    expect(ApplicationSchema.safeParse({ ...input, applicant: { ...input.applicant, postcode: '410056' } }).success).toBe(true)
  })

  it('the online form asks for the postcode of an answer by post, in its field or in the address', () => {
    expect(errors(ApplyFormSchema, form({}))).toEqual({
      'applicant.postcode': 'Укажите почтовый индекс: без него письмо с ответом может не дойти (6 цифр, например 410056)',
    })
    expect(errors(ApplyFormSchema, form({ postcode: '410056' }))).toEqual({})
    expect(errors(ApplyFormSchema, form({ postalAddress: 'Россия, 410056, г. Саратов, ул. Мира, д. 3' }))).toEqual({})
    expect(errors(ApplyFormSchema, { ...form({}), delivery: 'email', applicant: { ...form({}).applicant, email: 'a@mail.ru' } })).toEqual(
      {},
    )
  })
})
