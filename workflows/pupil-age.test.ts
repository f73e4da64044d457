import { describe, expect, it } from 'vitest'
import { birthDateProblem, fullYearsOn } from './pupil-age'

describe('a pupil’s age on the school year’s start', () => {
  it('counts full years; a 29 February birthday turns a year older on 1 March', () => {
    expect(fullYearsOn('2016-09-01', '2026-09-01')).toBe(10)
    expect(fullYearsOn('2016-09-02', '2026-09-01')).toBe(9)
    expect(fullYearsOn('2016-02-29', '2026-02-28')).toBe(9)
    expect(fullYearsOn('2016-02-29', '2026-03-01')).toBe(10)
  })

  it('refuses a birth date that makes the pupil younger than 5 — this year’s date typed in the birth column', () => {
    expect(birthDateProblem('2026-09-01', '2026-09-01')).toBe(
      'Дата рождения 01.09.2026: на начало учебного года (01.09.2026) обучающемуся меньше 5 лет — проверьте дату ' +
        '(не дата ли это зачисления?).',
    )
    expect(birthDateProblem('2021-09-02', '2026-09-01')).not.toBeNull()
  })

  it('says nothing of a pupil 5 or older: an age unusual for the grade is not judged', () => {
    for (const birth of ['2021-09-01', '2020-08-31', '2011-01-01', '2000-01-01'])
      expect(birthDateProblem(birth, '2026-09-01'), birth).toBeNull()
  })
})
