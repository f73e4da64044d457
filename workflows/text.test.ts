import { describe, expect, it } from 'vitest'
import { compareByName } from './text'

const person = (full: string) => {
  const [lastName, firstName, middleName = ''] = full.split(' ')
  return { lastName, firstName, middleName }
}
const ordered = (names: string[]) =>
  names
    .map(person)
    .sort(compareByName)
    .map((p) => [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' '))

describe('compareByName: the order of a class register', () => {
  it('puts «Ё» among the «Е» and lower-case among upper-case, as a Russian reader does', () => {
    expect(ordered(['Жуков Илья', 'Ёлкин Пётр', 'Абрамов Олег', 'Ершов Иван', 'Яковлева Анна', 'Егоров Антон'])).toEqual([
      'Абрамов Олег',
      'Егоров Антон',
      'Ёлкин Пётр',
      'Ершов Иван',
      'Жуков Илья',
      'Яковлева Анна',
    ])
  })

  it('orders namesakes by name, then patronymic (none first)', () => {
    expect(ordered(['Иванова Мария Петровна', 'Иванова Мария', 'Иванова Алёна Сергеевна', 'Иванова Мария Андреевна'])).toEqual([
      'Иванова Алёна Сергеевна',
      'Иванова Мария',
      'Иванова Мария Андреевна',
      'Иванова Мария Петровна',
    ])
  })
})
