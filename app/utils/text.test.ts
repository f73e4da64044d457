import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  cleanLine,
  cleanMultiline,
  cleanName,
  clip,
  compareNumbered,
  describeControlChars,
  escapeControlChars,
  hasControlChars,
  hasLoneSurrogate,
  line,
  mixesScripts,
  nameKey,
  multiline,
  NAME_PATTERN,
  plainSpaces,
  spacedLine,
} from './text'

const ALL_C0 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('')

describe('cleaning text at the input boundaries', () => {
  it('leaves ordinary text alone (the same string, not a copy)', () => {
    const s = 'Семёнов Пётр — 5«А», №\u00a08'
    expect(cleanLine(s)).toBe(s)
    expect(cleanMultiline('г. Саратов,\nул. Мира, д. 1\tкв. 2')).toBe('г. Саратов,\nул. Мира, д. 1\tкв. 2')
  })

  it('a single-line field: breaks and tabs become a space, the other controls and U+FFFE/FFFF are removed', () => {
    expect(cleanLine('ул.\u0001 Мира')).toBe('ул. Мира')
    expect(cleanLine('Иванов\r\nИван')).toBe('Иванов Иван')
    expect(cleanLine('Дроби\u000bи проценты')).toBe('Дроби и проценты')
    expect(cleanLine(`a${ALL_C0}b\uFFFE\uFFFFc`)).toBe('a bc')
    expect(hasControlChars(cleanLine(`x${ALL_C0}\uFFFF`))).toBe(false)
  })

  it('a multi-line field: every break is «\\n» (Word’s Shift+Enter U+000B too), tabs stay', () => {
    expect(cleanMultiline('Тема\u000bвторая строка\u000cтретья\r\nчетвёртая\rпятая\u2028шестая')).toBe(
      'Тема\nвторая строка\nтретья\nчетвёртая\nпятая\nшестая',
    )
    expect(cleanMultiline('a\tb\u0000\u001fc')).toBe('a\tbc')
  })

  it('a lone surrogate becomes U+FFFD', () => {
    expect(cleanLine('a\ud83db')).toBe('a\ufffdb')
    expect(hasControlChars('a\ud83db')).toBe(true)
    expect(hasControlChars('😀 \ufffd')).toBe(false)
    expect(cleanLine('😀\udc00')).toBe('😀\ufffd')
  })

  it('names what it found, for the import warning', () => {
    expect(describeControlChars('a\u000bb\u0001\u000b')).toBe('U+000B, U+0001')
  })

  it('readers escape stored controls visibly instead of failing: U+0001 → «␁», U+000B → line break', () => {
    expect(escapeControlChars('ул.\u0001 Мира')).toBe('ул.␁ Мира')
    expect(escapeControlChars('Тема\u000bдальше\uFFFF')).toBe('Тема\nдальше\uFFFD')
    expect(escapeControlChars('обычный текст')).toBe('обычный текст')
  })
})

describe('real-world pastes and cuts', () => {
  it('removes zero-width spaces, word joiners and byte order marks: an address of nothing but them is empty', () => {
    expect(cleanMultiline('\u200b\u200b')).toBe('')
    expect(cleanLine('\ufeffИва\u200bнов\u2060')).toBe('Иванов')
    expect(cleanMultiline('г. Саратов,\u200b\nул. Мира')).toBe('г. Саратов,\nул. Мира')
  })

  it('removes the soft hyphen, direction marks, bidi controls and joiners Word and browsers paste', () => {
    expect(cleanLine('Ива\u00adнов')).toBe('Иванов')
    expect(cleanLine('\u200eПетрова\u200f')).toBe('Петрова')
    expect(cleanLine('\u202aул.\u202b Мира\u202c\u202d\u202e')).toBe('ул. Мира')
    expect(cleanLine('\u2066Гүзәл\u2067\u2068\u2069')).toBe('Гүзәл')
    expect(cleanLine('Ива\u200cн\u200dов')).toBe('Иванов')
    expect(cleanMultiline('\u00ad\u200e\u2066')).toBe('')
  })

  it('keeps a zero-width joiner only inside an emoji sequence (a note may hold 👨‍👩‍👧; a name refuses emoji anyway)', () => {
    expect(cleanMultiline('Семья 👨\u200d👩\u200d👧\u200b')).toBe('Семья 👨\u200d👩\u200d👧')
    expect(cleanMultiline('👍🏽\u200d конец')).toBe('👍🏽 конец')
  })

  it('reads no-break spaces as spaces where a field is checked or compared, keeps them in free text', () => {
    expect(cleanLine('№\u00a08')).toBe('№\u00a08')
    expect(plainSpaces('63\u00a010\u202f123456\u2007')).toBe('63 10 123456 ')
    const passport = spacedLine(z.string().regex(/^[\d ]+$/, 'Только цифры'))
    expect(passport.parse('63\u00a010\u00a0123456')).toBe('63 10 123456')
  })

  it('cleans a name part as stored: a dash between surnames is a hyphen, a no-break space and runs of spaces one space', () => {
    expect(cleanName('Иванова–Петрова')).toBe('Иванова-Петрова')
    expect(cleanName('Иванова—Петрова')).toBe('Иванова-Петрова')
    expect(cleanName(' Анна\u00a0 Мария\u00ad ')).toBe('Анна Мария')
    // A double name typed with spaces or two hyphens, an apostrophe typed as another sign: the one name as stored.
    expect(['Иванова - Петрова', 'Иванова--Петрова', 'Иванова -Петрова', 'Иванова – Петрова', 'иванова- петрова'].map(cleanName)).toEqual([
      'Иванова-Петрова',
      'Иванова-Петрова',
      'Иванова-Петрова',
      'Иванова-Петрова',
      'иванова-петрова',
    ])
    expect(['Д`Арк', 'Д´Арк', 'Д‘Арк', 'О`КОННОР'].map(cleanName)).toEqual(["Д'Арк", "Д'Арк", "Д'Арк", "О'Коннор"])
    expect(['-Иванов', 'Иванов - ', 'Анна Мария'].map(cleanName)).toEqual(['-Иванов', 'Иванов -', 'Анна Мария'])
    // A name typed or exported in capitals is kept as the journal writes it (the desk's lookup, letters, sorting).
    expect(['ИВАНОВА', 'РИМСКАЯ-КОРСАКОВА', "Д'АРК", 'РАШИД ОГЛЫ', 'Иванов ИВАН', 'МакДональд', 'А.', 'ПЁТР'].map(cleanName)).toEqual([
      'Иванова',
      'Римская-Корсакова',
      "Д'Арк",
      'Рашид оглы',
      'Иванов Иван',
      'МакДональд',
      'А.',
      'Пётр',
    ])
    // A particle after a name is written small; a field that starts with one is a name (the surname «Ван», «Де»).
    expect(['ВАН', 'ДЕ', 'ЛЮДВИГ ВАН БЕТХОВЕН', 'ВАН МЭЙ'].map(cleanName)).toEqual(['Ван', 'Де', 'Людвиг ван Бетховен', 'Ван Мэй'])
    expect(
      ['Хәкимова', 'Гүзәл', 'Müller', 'Дʼарк', 'О’Коннор', "Д'Артаньян", 'Мамедов оглы', 'Ким Ир.'].every((v) => NAME_PATTERN.test(v)),
    ).toBe(true)
    expect(['5А', '=HYPERLINK("x")', '-Иванов', 'Иванов😀', 'Иванов_'].some((v) => NAME_PATTERN.test(v))).toBe(false)
  })

  it('composes letters a PDF’s copy decomposed: «и» + U+0306 is «й», «е» + U+0308 is «ё»', () => {
    const decomposed = 'Андреи\u0306 Семе\u0308нов'
    expect(cleanLine(decomposed)).toBe('Андрей Семёнов')
    expect(cleanLine(decomposed).length).toBe('Андрей Семёнов'.length)
  })

  it('finds a word that mixes Cyrillic and Latin letters, not a name wholly in either', () => {
    expect(mixesScripts('Ермaков')).toBe(true) // a Latin «a»
    expect(mixesScripts('Анна-Мaрия')).toBe(true)
    expect(mixesScripts('Smith John')).toBe(false)
    expect(mixesScripts('Иванова Smith')).toBe(false) // two names, each in one script
    expect(mixesScripts('Д’Артаньян')).toBe(false)
    expect(mixesScripts('Иванοв')).toBe(true) // a Greek «ο»
    expect(mixesScripts('Хәкимова Гүзәл')).toBe(false) // Tatar letters are Cyrillic
    expect(mixesScripts('Дʼарк Müller')).toBe(false)
  })

  it('compares names with a typographic apostrophe as with a straight one', () => {
    expect(nameKey('О’Коннор')).toBe(nameKey("о'коннор"))
    expect(nameKey('Дʼ Артаньян')).toBe("д' артаньян")
  })

  it('clip never leaves half of an emoji at the cut', () => {
    const text = 'а'.repeat(499) + '😀'
    expect(clip(text, 500)).toBe('а'.repeat(499))
    expect(hasLoneSurrogate(clip(text, 500))).toBe(false)
    expect(clip(text, 501)).toBe(text)
    expect(clip('Иванов', 120)).toBe('Иванов')
    expect(clip('😀😀', 3)).toBe('😀')
    expect('а'.repeat(499) + '😀'.slice(0, 1)).toBe(text.slice(0, 500)) // what slice did
  })
})

describe('zod helpers', () => {
  it('clean before the field’s own checks, so the length and pattern apply to what is stored', () => {
    const name = line(
      z
        .string()
        .trim()
        .min(1, 'Укажите фамилию')
        .regex(/^[А-ЯЁа-яё-]+$/, 'Только буквы'),
    )
    expect(name.parse(' Иванов\u0001 ')).toBe('Иванов')
    expect(name.safeParse('\u0001').error?.issues[0].message).toBe('Укажите фамилию')
    const address = multiline(z.string().trim().max(10, 'Длинно'))
    expect(address.parse('ул.\u000bМира\r\n')).toBe('ул.\nМира')
    expect(z.object({ a: line(z.string().trim()).default('') }).parse({})).toEqual({ a: '' })
  })
})

describe('compareNumbered', () => {
  it('orders classes by their number, then letter, as localeCompare with numeric does', () => {
    const classes = ['10Б', '5А', '11А', '1В', '5Б', 'ё-класс', 'е-класс']
    expect([...classes].sort(compareNumbered)).toEqual(['1В', '5А', '5Б', '10Б', '11А', 'е-класс', 'ё-класс'])
    expect([...classes].sort(compareNumbered)).toEqual([...classes].sort((a, b) => a.localeCompare(b, 'ru', { numeric: true })))
  })
})
