import { describe, expect, it } from 'vitest'
import { compareByName, namePrefixes } from './text'

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

describe('namePrefixes: how a typed name may be stored', () => {
  it('capitalises each part of a name as the journal keeps it', () => {
    expect(namePrefixes('иванов')).toEqual(['Иванов'])
    expect(namePrefixes('РИМСКИЙ-КОРС')).toEqual(['Римский-Корс', 'Римский-корс'])
    expect(namePrefixes('  сидоров ')).toEqual(['Сидоров'])
  })

  it('tries «ё» for every «е» typed and «е» for every «ё», up to the limit', () => {
    expect(namePrefixes('петр')).toEqual(['Петр', 'Пётр'])
    expect(namePrefixes('Семёнов')).toEqual(['Семёнов', 'Семенов', 'Сёмёнов', 'Сёменов'])
    expect(namePrefixes('елкин')).toEqual(['Елкин', 'Ёлкин'])
    const all = namePrefixes('Ерёменко')
    expect(all).toHaveLength(8)
    expect(all).toEqual(expect.arrayContaining(['Ерёменко', 'Еременко', 'Ёрёмёнко', 'Ёременко']))
  })

  it('stops varying at the limit: the rest of the name as typed', () => {
    const many = namePrefixes('еееее', 8)
    expect(many).toHaveLength(8)
    expect(many.every((s) => s.endsWith('ее'))).toBe(true)
  })
})
