import { describe, expect, it } from 'vitest'
import { dativeFullName, initialsFirst, initialsFirstDative, isFemale, salutation, splitFullName } from './declension'

describe('declension', () => {
  it.each([
    [['Иванова', 'Мария', 'Петровна'], 'Ивановой Марии Петровне'],
    [['Смирнов', 'Иван', 'Сергеевич'], 'Смирнову Ивану Сергеевичу'],
    [['Тушинская', 'Татьяна', 'Викторовна'], 'Тушинской Татьяне Викторовне'],
    [['Соловьёв', 'Андрей', 'Николаевич'], 'Соловьёву Андрею Николаевичу'],
    [['Белых', 'Ольга', 'Ивановна'], 'Белых Ольге Ивановне'],
    [['Левин', 'Илья', 'Олегович'], 'Левину Илье Олеговичу'],
    [['Орлов', 'Павел', 'Андреевич'], 'Орлову Павлу Андреевичу'],
    [['Воронина', 'Любовь', 'Павловна'], 'Ворониной Любови Павловне'],
    [['Кузнецкий', 'Лев', 'Юрьевич'], 'Кузнецкому Льву Юрьевичу'],
  ])('%j → %s', ([lastName, firstName, middleName], expected) => {
    expect(dativeFullName({ lastName, firstName, middleName })).toBe(expected)
  })

  it('initials, salutation and gender', () => {
    const director = splitFullName('Тушинская Татьяна Викторовна')
    expect(initialsFirst(director)).toBe('Т.В. Тушинская')
    expect(initialsFirstDative(director)).toBe('Т.В. Тушинской')
    expect(salutation(director)).toBe('Уважаемая Татьяна Викторовна!')
    expect(salutation({ lastName: 'Петров', firstName: 'Никита', middleName: 'Ильич' })).toBe('Уважаемый Никита Ильич!')
    expect(isFemale({ lastName: 'Петров', firstName: 'Никита' })).toBe(false)
    expect(isFemale({ lastName: 'Петрова', firstName: 'Анна' })).toBe(true)
  })
})
