import { describe, expect, it } from 'vitest'
import { ApplicantSchema } from '#app/operations/application-schema'
import { norm, parseDay, parseSchoolDay, parseWeekday, phoneKey, phoneProblem, splitFullName } from './fields'
import { correctLookalikes } from './rows'
import { markProblem, parseMark } from './kinds/marks.server'

describe('import fields', () => {
  it('reads Russian and ISO dates and refuses impossible days', () => {
    expect(parseDay('05.11.2026')).toBe('2026-11-05')
    expect(parseDay('5.1.2027')).toBe('2027-01-05')
    expect(parseDay('2026-11-05')).toBe('2026-11-05')
    expect(['31.02.2026', '05.11.26', 'завтра'].map(parseDay)).toEqual([null, null, null])
    // The day first, whatever the separator; the year first only as the whole year (ADR 107).
    expect(['05/11/2026', '05-11-2026', '5/11/2026', '2026/11/05', '2026.11.05', '\u00a005.11.2026\u200b '].map(parseDay)).toEqual(
      Array(6).fill('2026-11-05'),
    )
    // A two-digit year of a school day (a lesson, a timetable) is this century's; of a birth, not guessed here.
    expect(['05.11.26', '5/11/26'].map(parseSchoolDay)).toEqual(['2026-11-05', '2026-11-05'])
  })

  it('reads a date as Russian documents write it: «г.» after the year, the month in words', () => {
    expect(['01.09.2026 г.', '01.09.2026г', '1.9.2026 года', '01.09.2026 Г.'].map(parseDay)).toEqual(Array(4).fill('2026-09-01'))
    expect(['1 сентября 2026', '1 сентября 2026 г.', '01 сент. 2026', '1 сен 2026'].map(parseDay)).toEqual(Array(4).fill('2026-09-01'))
    expect(['9 мая 2015', '9 май 2015', '31 декабря 2014 года'].map(parseDay)).toEqual(['2015-05-09', '2015-05-09', '2014-12-31'])
    // Not a month, two letters, a day that is not, a year of two digits: refused as before.
    expect(['1 ма 2026', '1 сентебря 2026', '31 февраля 2026', '1 сентября 26', 'г.', '2026 г.'].map(parseDay)).toEqual(Array(6).fill(null))
  })

  it('reads a date with the time 1C, Excel and databases write after it, a form’s «"01" сентября», «01. 09. 2026»', () => {
    const written = ['01.09.2026 0:00:00', '01.09.2026 00:00', '1.9.2026 8:30', '2026-09-01T00:00:00', '2026-09-01 00:00:00.000']
    expect(written.map(parseDay)).toEqual(Array(5).fill('2026-09-01'))
    expect(['«01» сентября 2026 г.', '"1" сентября 2026г.', '01. 09. 2026', '01.09.2026 г. 10:15'].map(parseDay)).toEqual(
      Array(4).fill('2026-09-01'),
    )
    // An instant in a zone (its day depends on where it is read), an hour that is not, a time alone: refused.
    expect(['2026-08-31T21:00:00Z', '2026-09-01T00:00:00+03:00', '01.09.2026 25:00', '0:00:00', '01.09.26 0:00'].map(parseDay)).toEqual(
      Array(5).fill(null),
    )
  })

  it('reads an Excel date serial as the day it is (format lost on the way), and nothing shorter as a date', () => {
    expect(parseDay('46359')).toBe('2026-12-03')
    expect(parseDay('45658')).toBe('2025-01-01')
    expect(parseDay('46359.0')).toBe('2026-12-03')
    expect(parseDay('41275')).toBe('2013-01-01')
    expect(['5', '2026', '123456', '-46359'].map(parseDay)).toEqual([null, null, null, null])
  })

  it('compares names with «ё» as «е», in any case and spacing', () => {
    expect(norm('Семёнов  Пётр')).toBe(norm('семенов петр'))
  })

  it('reads marks 2–5 and credits; everything else is out of range', () => {
    expect(['5', '4.0', '2', 'зачет', 'Зачёт', 'незач'].map(parseMark)).toEqual(['5', '4', '2', 'зачёт', 'зачёт', 'незачёт'])
    expect(['1', '6', '5+', 'н/а', ''].map(parseMark)).toEqual([null, null, null, null, null])
    // What the cell is, when it is not a mark: a final mark's words cite Положение 5.3 as the current marks' do.
    expect(markProblem('5 +', false)).toBe('Оценка «5 +»: плюсы и минусы в журнал не ставятся — укажите 2, 3, 4 или 5.')
    expect(markProblem('4 5', true)).toBe('В ячейке две отметки «4 5»: итоговая отметка одна.')
    expect(markProblem('ОСВ', true)).toMatch(/^Запись «ОСВ» в итоговых отметках не допускается \(Положение об ЭЖ, п\. 5\.3\)/)
    // A Latin «H» (and «H/A») is the absence «Н» (and «н/а»), said as such (ADR 106).
    expect(markProblem('H', false)).toBe('«H» — отметка о пропуске, не оценка: пропуски загружаются файлом посещаемости.')
    expect(markProblem('H/A', false)).toMatch(/^Запись «н\/а» не допускается/)
    expect(markProblem('б', true)).toBe('«б» — отметка о пропуске, не итоговая отметка: пропуски загружаются файлом посещаемости.')
  })

  it('splits names, compares phones and reads weekdays', () => {
    expect(splitFullName('Мамедов Эльдар Рашид оглы')).toEqual({ lastName: 'Мамедов', firstName: 'Эльдар', middleName: 'Рашид оглы' })
    expect(splitFullName('Иванов')).toBeNull()
    // A double surname typed with spaces around the hyphen is one surname; names compare as stored.
    expect(splitFullName('Римская - Корсакова Анна')).toEqual({ lastName: 'Римская-Корсакова', firstName: 'Анна', middleName: '' })
    expect(norm('Римская -- Корсакова')).toBe(norm('римская-корсакова'))
    expect(norm('Д`Арк')).toBe(norm('Д’Арк'))
    expect(phoneKey('+7 (912) 345-67-89')).toBe(phoneKey('89123456789'))
    // Ten digits with no «+» are a Russian number without its 8 or +7, as e-journals export it; with «+» a foreign one.
    for (const typed of ['9123456789', '912 345-67-89', '(912) 345-67-89', "'9123456789", '7 912 345 67 89', '+7 912 3456789'])
      expect(phoneKey(typed), typed).toBe(phoneKey('8 (912) 345-67-89'))
    expect(phoneKey('(8452) 33-33-33 доб. 12')).toBe(phoneKey('8 (8452) 33-33-33 доб. 12'))
    expect(phoneKey('+9123456789')).not.toBe(phoneKey('+7 912 345-67-89'))
    // A «+» before the first digit, wherever it stands, is a country code; ten digits from 0, 1, 2, 5, 6, 7 are not Russian.
    for (const foreign of ['(+49) 30 123456', 'папа: +49 30 123456', '050 123 45 67'])
      expect(phoneKey(foreign), foreign).toBe(foreign.replace(/\D/g, ''))
    // Excel's exponent form lost the digits: refused with what to do.
    for (const lost of ['7,91235E+10', '7.91235e+10', '8,91235E+10'])
      expect(phoneProblem(lost), lost).toMatch(/^Телефон «.+» записан Excel в экспоненциальном виде.+формат «Текстовый»/)
    // An extension: the leading 8 is still read as 7, and the extension tells two lines of one office apart.
    expect(phoneKey('8 (8452) 33-33-33 доб. 12')).toBe(phoneKey('+7 8452 333333 доб.12'))
    expect(phoneKey('8 (8452) 33-33-33 вн. 12')).toBe(phoneKey('+7(8452)33-33-33 ext. 12'))
    expect(phoneKey('8 (8452) 33-33-33 доб. 12')).not.toBe(phoneKey('8 (8452) 33-33-33 доб. 13'))
    expect(phoneKey('8 (8452) 33-33-33 доб. 12')).not.toBe(phoneKey('8 (8452) 33-33-33'))
    expect(['+7 912 345-67-89', '8 (8452) 33-33-33 доб. 12', '33-33-33'].map(phoneProblem)).toEqual([null, null, null])
    for (const two of ['+7 912 345-67-89, 8 (8452) 33-33-33', '89123456789; 89120000000', '89123456789 или 89120000000'])
      expect(phoneProblem(two), two).toMatch(/несколько телефонов/)
    expect(['12-3', '8912345678901234567'].map(phoneProblem)).toEqual([
      'Неверный телефон «12-3».',
      'Неверный телефон «8912345678901234567».',
    ])
    // Words around the number are a note, as people write it; words inside the number are not a phone.
    const noted = [
      'тел. 8 912 345-67-89',
      '+7 912 345 67 89 (мама)',
      '8(912)3456789 доб. 12',
      'Моб.: +7 912 345-67-89',
      'мама: 8 912 345 67 89',
    ]
    expect(noted.map(phoneProblem)).toEqual(noted.map(() => null))
    // A number as our own export writes it (escapeForExport: «'+7 …») comes back.
    expect(phoneProblem("'+7 912 345-67-89")).toBeNull()
    expect(phoneKey('тел. 8 912 345-67-89')).toBe(phoneKey('+7 912 345 67 89 (мама)'))
    expect(phoneProblem('8912 звонить после 18 3456789')).toBe('Неверный телефон «8912 звонить после 18 3456789».')
    expect(['1', 'пн', 'Среда', 'пт.', '8'].map(parseWeekday)).toEqual([1, 1, 3, 5, null])
  })
})

it('refuses a «phone» longer than any phone at once, before the patterns (the /apply form takes large bodies)', () => {
  // «8 а а а … 1»: the note patterns backtracked over it for minutes at 40 000 characters (the test's 5 s time limit).
  const long = '8 ' + 'а '.repeat(20_000) + '1'
  expect(phoneProblem(long)).toBe(`Неверный телефон «${long.slice(0, 40)}…».`)
  expect(ApplicantSchema.shape.phone.safeParse(long).success).toBe(false)
}, 5_000)

describe('correctLookalikes', () => {
  it('stores the text its warning describes: the cell as cleanLine reads it, corrected', () => {
    const row = { line: 2, cells: { lastName: 'Ивaн\u200bo' } }
    const warnings = correctLookalikes([row], [{ key: 'lastName', title: 'Фамилия', doc: '' }])
    expect(warnings.map((w) => w.message)).toEqual([
      'Латинские буквы в русском слове заменены русскими: «Ивaнo» → «Ивано». Исправьте слово и в своём файле.',
    ])
    expect(row.cells.lastName).toBe('Ивано')
  })
})
