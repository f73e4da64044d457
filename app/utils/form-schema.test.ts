// formValues: the form as a plain object, whatever field names a request sends.
import { describe, expect, it } from 'vitest'
import { formValues } from './form-schema'

describe('formValues', () => {
  it('a field named __proto__ (once or repeated) leaves the object a plain one with its own fields only', () => {
    for (const times of [1, 2]) {
      const form = new FormData()
      for (let i = 0; i < times; i++) form.append('__proto__', `x${i}`)
      form.append('name', 'Иванова')
      const values = formValues(form)
      expect(Object.getPrototypeOf(values)).toBe(Object.prototype)
      expect(Array.isArray(values)).toBe(false)
      expect(Object.keys(values)).toEqual(['name'])
      expect(values.name).toBe('Иванова')
      expect(({} as Record<string, unknown>).x0).toBeUndefined()
    }
  })

  it('a repeated field is a list, a single one its value', () => {
    const form = new FormData()
    form.append('kinds', 'marks')
    form.append('kinds', 'homework')
    form.append('comment', 'Проверено')
    expect(formValues(form)).toEqual({ kinds: ['marks', 'homework'], comment: 'Проверено' })
  })
})
