import { describe, expect, it } from 'vitest'
import { parseClassName } from './class-name'

describe('class names', () => {
  it('normalises class names, Latin look-alike letters included', () => {
    expect(['5а', '5 А', '5-А', '5"А"', '5A', '11Б'].map((v) => parseClassName(v)?.name)).toEqual(['5А', '5А', '5А', '5А', '5А', '11Б'])
    expect(['12А', '0А', '5', '5АБ'].map(parseClassName)).toEqual([null, null, null, null])
  })

  it('reads a class as a parent types it: a leading zero, quotes, a dash, the word «класс»', () => {
    const typed = ['5 А', '5-а', '5–а', '10 Б', '05А', '5«А»', '5 «А» класс', '5а класс', '5А кл.', '5A', '11 б']
    expect(typed.map((v) => parseClassName(v)?.name)).toEqual(['5А', '5А', '5А', '10Б', '5А', '5А', '5А', '5А', '5А', '5А', '11Б'])
    expect(['класс', '5 класс', '5АБ класс', '5Z', '5 1'].map(parseClassName)).toEqual([null, null, null, null, null])
  })

  it('a remark in brackets after the class, as school lists write it, is not part of the name', () => {
    const listed = ['11 А (профиль)', '9Б (ОВЗ)', '10 "Б" класс (социально-экономический)', '5 а(коррекция)']
    expect(listed.map((v) => parseClassName(v)?.name)).toEqual(['11А', '9Б', '10Б', '5А'])
    expect(['(5А)', '5 (А)', '5А (профиль', '12А (профиль)'].map(parseClassName)).toEqual([null, null, null, null])
  })
})
