import { describe, expect, it } from 'vitest'
import {
  cleanName,
  compareByName,
  cyrillicLookalikes,
  describeLookalikes,
  mixesScripts,
  namePrefixes,
  nameKey,
  russianLetters,
} from './text'

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

describe('cyrillicLookalikes: a Latin look-alike in a Russian word is the Russian letter (ADR 097)', () => {
  it('corrects «а е о р с у х» and «А В Е К М Н О Р С Т Х» (and «ë») in a word that has Russian letters', () => {
    expect(cyrillicLookalikes('Ивaнов')).toBe('Иванов')
    expect(cyrillicLookalikes('Пeтрова Анна Олeгoвна')).toBe('Петрова Анна Олеговна')
    expect(cyrillicLookalikes('МБОУ COШ № 8')).toBe('МБОУ СОШ № 8')
    expect(cyrillicLookalikes('ИBAHOB')).toBe('ИВАНОВ')
    expect(cyrillicLookalikes('Сapaxoвa')).toBe('Сарахова')
    expect(cyrillicLookalikes('Фëдоров')).toBe('Фёдоров')
    expect(cyrillicLookalikes('Иванοв')).toBe('Иванов') // a Greek «ο»
    expect(cyrillicLookalikes('Иванова-Пeтрова')).toBe('Иванова-Петрова')
  })

  it('leaves a word with no Russian letter, and one with a Latin letter no Russian one looks like', () => {
    for (const typed of ['Smith John', 'Müller', '5A', 'ул. Мира, д. 5A', 'Ивanов', 'Иванова-Smith', 'Гүзәл', 'e-mail: anna@mail.ru'])
      expect(cyrillicLookalikes(typed), typed).toBe(typed)
    // Every Russian letter has a Latin twin (a Russian «С», «Р»): a Latin word with one slip, not a Russian one.
    for (const typed of ['Сox', 'Рope', 'СOCA-COLA', 'Сaxe']) expect(cyrillicLookalikes(typed), typed).toBe(typed)
    expect(mixesScripts(cyrillicLookalikes('Сox'))).toBe(true)
    expect(cyrillicLookalikes('Сapaxoвa')).toBe('Сарахова') // «в» has no Latin twin
    expect(cyrillicLookalikes('AННA')).toBe('АННА') // as many Russian letters as Latin ones
    expect(mixesScripts(cyrillicLookalikes('Ивanов'))).toBe(true)
  })

  it('names what it corrected, for the import’s warning', () => {
    expect(describeLookalikes('Ивaнов Пeтр Ивaнов')).toBe('«Ивaнов» → «Иванов», «Пeтр» → «Петр»')
    expect(describeLookalikes('Иванов Smith')).toBe('')
  })
})

describe('a lone Latin letter where only a Russian one can be meant (ADR 106)', () => {
  it('reads initials after (or before) a Russian surname and a letter after a Russian abbreviation as Russian', () => {
    expect(cyrillicLookalikes('Петрова A.C.')).toBe('Петрова А.С.')
    expect(cyrillicLookalikes('Петрова A. C.')).toBe('Петрова А. С.')
    expect(cyrillicLookalikes('A.C. Петрова')).toBe('А.С. Петрова')
    expect(cyrillicLookalikes('Петрова А.C.')).toBe('Петрова А.С.') // one Russian, one Latin
    expect(cyrillicLookalikes('гр. A')).toBe('гр. А')
    expect(cyrillicLookalikes('Английский язык, гр. B')).toBe('Английский язык, гр. В')
    expect(cyrillicLookalikes('ул. Мира, д. 5, корп. B')).toBe('ул. Мира, д. 5, корп. В')
    expect(nameKey('Петрова A.C.')).toBe(nameKey('Петрова А.С.'))
    expect(nameKey('гр. A')).toBe(nameKey('гр. А'))
  })

  it('leaves lone letters that may be Latin: no Russian word, no dot, a digit or «+» beside them', () => {
    for (const typed of ['Язык C', 'Программирование на C++', 'план A', 'ул. Мира, д. 5A', 'A.C. Smith', 'B1', 'Англ. B1', 'e-mail'])
      expect(cyrillicLookalikes(typed), typed).toBe(typed)
    // An address or a Latin name in a Russian letter stays as typed (the mail's guesses read the letter through this).
    for (const typed of [
      'Пишите: A.Petrova@mail.ru',
      'эл. почта A.Petrova@mail.ru',
      'Учитель A. Smith',
      'см. http://x.ru/A.html',
      'эл. a@mail.ru',
      'корп. B/2',
    ])
      expect(cyrillicLookalikes(typed), typed).toBe(typed)
  })

  it('reads a code of Russian letters typed in Latin ones as Russian: «H» → «Н», «OП» → «ОП», but not «n»', () => {
    expect(['H', 'HБ', 'H/Б', 'OП', 'B', 'yв', 'A'].map(russianLetters)).toEqual(['Н', 'НБ', 'Н/Б', 'ОП', 'В', 'ув', 'А'])
    for (const typed of ['n', 'nb', 'Hb', 'Н', '5']) expect(russianLetters(typed), typed).toBe(typed)
  })

  it('names the whole text when a lone letter was corrected, for the import’s warning', () => {
    expect(describeLookalikes('Петрова A.C.')).toBe('«Петрова A.C.» → «Петрова А.С.»')
    expect(describeLookalikes('Пeтрова Анна')).toBe('«Пeтрова» → «Петрова»')
  })
})

describe('one name however it was typed or pasted: look-alikes, «й» and «ё» decomposed, invisible characters, spaces', () => {
  const typings = [
    'Семёнов Андрей',
    'Сeмёнов Aндрей', // Latin «e», «A»
    'Семе\u0308но\u200bв Андреи\u0306', // «е» + U+0308, a zero-width space, «и» + U+0306
    'Се\u00adмёнов\u00a0Андрей', // a soft hyphen, a no-break space
    'Семёнов\u2009\u3000Андрей\u2060', // a thin and an ideographic space, a word joiner
  ]
  it('cleanName stores them as one name', () => {
    for (const typed of typings) expect(cleanName(typed), JSON.stringify(typed)).toBe('Семёнов Андрей')
  })
  it('nameKey compares them as one (duplicates, the parent matched to the journal)', () => {
    for (const typed of typings) expect(nameKey(typed), JSON.stringify(typed)).toBe('семенов андрей')
  })
  it('namePrefixes searches for them as for the typed name', () => {
    for (const typed of ['Сeмёнов', 'Се\u0308менов', 'Се\u00adмё\u200bнов'])
      expect(namePrefixes(typed), JSON.stringify(typed)).toContain('Семёнов')
    expect(namePrefixes('Ивaн')).toEqual(['Иван'])
  })
})

describe('a Turkic patronymic compared', () => {
  it('is one name written apart, hyphenated, in any case, with «ё» or «е»', () => {
    for (const typed of ['Рашид оглы', 'Рашид-оглы', 'РАШИД-ОГЛЫ', 'Рашид - Оглы', 'Рашид  оглы']) expect(nameKey(typed)).toBe('рашид оглы')
    expect(nameKey('Алиева Лейла Ильхам-кызы')).toBe(nameKey('Алиева Лейла Ильхам кызы'))
    expect(nameKey('Гасанова Айгюн Надир-гызы')).toBe(nameKey('гасанова айгюн надир гызы'))
    // Not a particle: a surname that ends so is kept whole.
    expect(nameKey('Кара-Улыбаева')).toBe('кара-улыбаева')
  })
})
