import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SHIPPED_YEARS } from './calendar-data'
import { loadedYearToRules } from './calendar-xml'
import { CalendarFormatError, ProductionCalendar, parseXmlCalendar, type LoadedYear } from './calendar'
import { addDays, weekdayOf } from './time'

// The official xmlcalendar files for the shipped years, kept as test fixtures inside the repository.
function referenceXml(year: number): string {
  return readFileSync(new URL(`../tests/fixtures/production-calendar/ru-${year}.xml`, import.meta.url), 'utf8')
}

function daysOfYear(year: number): string[] {
  const days: string[] = []
  for (let day = `${year}-01-01`; day.startsWith(String(year)); day = addDays(day, 1)) days.push(day)
  return days
}

const calendar = new ProductionCalendar()

describe('shipped data', () => {
  it.each(SHIPPED_YEARS)('$year is consistent: weekdays, weekends and shortened days where they belong', (rules) => {
    for (const day of rules.nonWorkingWeekdays) expect(weekdayOf(day), day).toBeLessThanOrEqual(5)
    for (const day of rules.workingWeekends) expect(weekdayOf(day), day).toBeGreaterThanOrEqual(6)
    for (const day of rules.shortened) expect(calendar.isWorkingDay(day), day).toBe(true)
    for (const list of [rules.nonWorkingWeekdays, rules.workingWeekends, rules.shortened]) {
      expect(list).toEqual([...new Set(list)].sort())
      for (const day of list) expect(day.startsWith(`${rules.year}-`), day).toBe(true)
    }
  })

  it('has the official number of working days (247 in 2025 and in 2026)', () => {
    expect(daysOfYear(2025).filter((day) => calendar.isWorkingDay(day))).toHaveLength(247)
    expect(daysOfYear(2026).filter((day) => calendar.isWorkingDay(day))).toHaveLength(247)
  })
})

describe('ProductionCalendar with shipped years', () => {
  it('covers 2025 and 2026 only', () => {
    expect(calendar.dataYears()).toEqual([2025, 2026])
    expect(calendar.hasDataFor(2025)).toBe(true)
    expect(calendar.hasDataFor(2026)).toBe(true)
    expect(calendar.hasDataFor(2024)).toBe(false)
    expect(calendar.hasDataFor(2027)).toBe(false)
  })

  it.each([
    // 2025
    ['2025-01-08', false],
    ['2025-01-09', true],
    ['2025-02-23', false],
    ['2025-02-24', true],
    ['2025-03-07', true],
    ['2025-03-10', true],
    ['2025-05-02', false],
    ['2025-05-05', true],
    ['2025-05-08', false],
    ['2025-06-13', false],
    ['2025-06-16', true],
    ['2025-11-01', true],
    ['2025-11-02', false],
    ['2025-11-03', false],
    ['2025-11-04', false],
    ['2025-11-05', true],
    ['2025-12-30', true],
    ['2025-12-31', false],
    // 2026
    ['2026-01-09', false],
    ['2026-01-12', true],
    ['2026-02-23', false],
    ['2026-02-24', true],
    ['2026-03-09', false],
    ['2026-03-10', true],
    ['2026-05-01', false],
    ['2026-05-04', true],
    ['2026-05-08', true],
    ['2026-05-11', false],
    ['2026-06-12', false],
    ['2026-06-15', true],
    ['2026-11-03', true],
    ['2026-11-04', false],
    ['2026-12-30', true],
    ['2026-12-31', false],
  ] as const)('%s working: %s', (day, working) => {
    expect(calendar.isWorkingDay(day)).toBe(working)
    expect(calendar.describeDay(day).source).toBe('shipped')
  })

  it('knows the working Saturday 1 November 2025 (shortened) and the shortened days', () => {
    expect(calendar.describeDay('2025-11-01')).toEqual({ date: '2025-11-01', working: true, shortened: true, source: 'shipped' })
    for (const day of ['2025-03-07', '2025-04-30', '2025-06-11', '2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03']) {
      expect(calendar.isShortened(day), day).toBe(true)
    }
    expect(calendar.isShortened('2025-11-05')).toBe(false)
    expect(calendar.isShortened('2026-12-30')).toBe(false)
  })

  it('finds the next and previous working days across holidays and the new year', () => {
    expect(calendar.nextWorkingDay('2025-12-30')).toBe('2026-01-12')
    expect(calendar.previousWorkingDay('2026-01-12')).toBe('2025-12-30')
    expect(calendar.nextWorkingDay('2025-10-31')).toBe('2025-11-01')
    expect(calendar.nextWorkingDay('2025-11-01')).toBe('2025-11-05')
    expect(calendar.nextWorkingDay('2026-05-08')).toBe('2026-05-12')
    expect(calendar.previousWorkingDay('2026-06-14')).toBe('2026-06-11')
    expect(calendar.nextWorkingDay('2026-05-12')).toBe('2026-05-13')
  })

  it('counts working days and lists days off between two days', () => {
    expect(calendar.nonWorkingDaysBetween('2026-05-08', '2026-05-12')).toEqual(['2026-05-09', '2026-05-10', '2026-05-11'])
    expect(calendar.countWorkingDays('2026-05-07', '2026-05-12')).toBe(2)
    expect(calendar.countWorkingDays('2026-05-12', '2026-05-12')).toBe(0)
    expect(calendar.countWorkingDays('2026-05-13', '2026-05-12')).toBe(0)
  })
})

describe('fallback for a year without data (ТК РФ ст. 112)', () => {
  it.each([
    ['2027-01-01', false],
    ['2027-01-08', false],
    ['2027-01-09', false],
    ['2027-01-11', true],
    ['2027-02-23', false],
    ['2027-03-08', false],
    ['2027-05-04', true],
    ['2027-06-11', true],
    ['2027-11-04', false],
    ['2027-11-05', true],
    ['2027-12-31', true],
  ] as const)('%s working: %s, reported as fallback', (day, working) => {
    expect(calendar.describeDay(day)).toMatchObject({ working, source: 'fallback' })
  })

  it('moves the day off from a holiday on a weekend to the next working day, January’s excepted (ТК РФ ст. 112 ч. 2)', () => {
    // 2027: Sat 1 May → Mon 3 May; Sun 9 May → Mon 10 May; Sat 12 June → Mon 14 June. Sat 2 and Sun 3 January are
    // moved only by the Government's decree, so Mon 11 January stays a working day.
    for (const day of ['2027-05-03', '2027-05-10', '2027-06-14']) expect([day, calendar.describeDay(day).working]).toEqual([day, false])
    for (const day of ['2027-05-04', '2027-05-11', '2027-06-15', '2027-01-11'])
      expect([day, calendar.isWorkingDay(day)]).toEqual([day, true])
    // 2028: Sat 4 November → Mon 6 November; 2031: Sat 8 March → Mon 10 March.
    expect(calendar.isWorkingDay('2028-11-06')).toBe(false)
    expect(calendar.isWorkingDay('2031-03-10')).toBe(false)
    expect(calendar.isWorkingDay('2031-03-11')).toBe(true)
    expect(calendar.countWorkingDays('2027-04-30', '2027-05-14')).toBe(8)
  })

  it('shortens the working day before a holiday (ТК РФ ст. 95)', () => {
    expect(calendar.isShortened('2027-02-22')).toBe(true)
    expect(calendar.isShortened('2027-11-03')).toBe(true)
    expect(calendar.isShortened('2027-12-31')).toBe(true)
    expect(calendar.isShortened('2027-11-05')).toBe(false)
  })

  it('names the years answered by the fallback', () => {
    expect(calendar.fallbackYearsBetween('2026-12-30', '2027-01-11')).toEqual([2027])
    expect(calendar.fallbackYearsBetween('2027-01-11', '2024-12-30')).toEqual([2024, 2027])
    expect(calendar.fallbackYearsBetween('2025-01-01', '2026-12-31')).toEqual([])
    expect(calendar.nextWorkingDay('2026-12-30')).toBe('2027-01-11')
  })
})

describe('loaded years', () => {
  const loaded2027: LoadedYear = {
    year: 2027,
    days: [
      ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ date: `2027-01-${d}`, type: 'holiday' as const })),
      { date: '2027-02-23', type: 'holiday' },
      { date: '2027-03-08', type: 'holiday' },
      { date: '2027-05-01', type: 'holiday' },
      { date: '2027-05-03', type: 'holiday' },
      { date: '2027-05-09', type: 'holiday' },
      { date: '2027-05-10', type: 'holiday' },
      { date: '2027-06-12', type: 'holiday' },
      { date: '2027-06-14', type: 'holiday' },
      { date: '2027-11-04', type: 'holiday' },
      { date: '2027-11-13', type: 'working' },
    ],
  }

  it('replaces the fallback for that year', () => {
    const withNewYear = new ProductionCalendar([loaded2027])
    expect(withNewYear.hasDataFor(2027)).toBe(true)
    expect(withNewYear.describeDay('2027-05-03')).toMatchObject({ working: false, source: 'loaded' })
    expect(withNewYear.isWorkingDay('2027-11-13')).toBe(true)
    expect(withNewYear.fallbackYearsBetween('2026-12-30', '2027-01-11')).toEqual([])
    expect(calendar.isWorkingDay('2027-11-13')).toBe(false) // the shared default instance is untouched
  })

  it('loads the reference 2024 file with its working Saturdays', () => {
    const with2024 = new ProductionCalendar([parseXmlCalendar(referenceXml(2024))])
    expect(with2024.describeDay('2024-12-28')).toMatchObject({ working: true, shortened: false, source: 'loaded' })
    expect(with2024.describeDay('2024-11-02')).toMatchObject({ working: true, shortened: true })
    expect(with2024.isWorkingDay('2024-12-30')).toBe(false)
    expect(with2024.nextWorkingDay('2024-12-28')).toBe('2025-01-09')
  })

  it('overrides a shipped year', () => {
    const holidays = [...SHIPPED_YEARS[1].nonWorkingWeekdays, '2026-05-12']
    const corrected = new ProductionCalendar([{ year: 2026, days: holidays.map((date) => ({ date, type: 'holiday' })) }])
    expect(corrected.describeDay('2026-05-12')).toMatchObject({ working: false, source: 'loaded' })
    expect(corrected.isShortened('2026-05-08')).toBe(false)
  })

  it('refuses a loaded year with dates of another year', () => {
    const wrong: LoadedYear = { year: 2027, days: [{ date: '2026-01-01', type: 'holiday' }] }
    expect(() => new ProductionCalendar([wrong])).toThrow(CalendarFormatError)
    expect(() => new ProductionCalendar([wrong])).toThrow('В календаре на 2027 год неверная дата «2026-01-01».')
  })
})

describe('parseXmlCalendar with the reference files', () => {
  it.each([2024, 2025, 2026])('accepts ru-%i.xml', (year) => {
    const parsed = parseXmlCalendar(referenceXml(year))
    expect(parsed.year).toBe(year)
    expect(parsed.days.length).toBeGreaterThan(20)
    expect(parsed.days.map((d) => d.date)).toEqual([...parsed.days.map((d) => d.date)].sort())
  })

  it('reads day codes: t=1 holiday, t=2 shortened, t=3 working', () => {
    const days = parseXmlCalendar(referenceXml(2024)).days
    expect(days.find((d) => d.date === '2024-01-07')).toEqual({ date: '2024-01-07', type: 'holiday' })
    expect(days.find((d) => d.date === '2024-02-22')).toEqual({ date: '2024-02-22', type: 'shortened' })
    expect(days.find((d) => d.date === '2024-04-27')).toEqual({ date: '2024-04-27', type: 'working' })
  })

  it.each([0, 1])('parsed %i-th shipped year equals the shipped data exactly', (index) => {
    const shipped = SHIPPED_YEARS[index]
    const parsed = parseXmlCalendar(referenceXml(shipped.year))
    expect(loadedYearToRules(parsed)).toEqual(shipped)
    const fromFile = new ProductionCalendar([parsed])
    for (const day of daysOfYear(shipped.year)) {
      expect(fromFile.isWorkingDay(day), day).toBe(calendar.isWorkingDay(day))
      expect(fromFile.isShortened(day), day).toBe(calendar.isShortened(day))
    }
  })
})

describe('parseXmlCalendar refuses bad files with a Russian message', () => {
  const good = referenceXml(2026)
  const edit = (from: string, to: string) => {
    expect(good).toContain(from)
    return good.replace(from, to)
  }

  it.each([
    ['an empty file', '', 'Файл календаря пуст.'],
    ['a blank file', '  \n\t', 'Файл календаря пуст.'],
    ['a CSV file', 'year,date,type\n2026,01.01,1', 'Файл не похож на XML'],
    ['a JSON file', '{"year": 2026}', 'Файл не похож на XML'],
    ['an HTML page', '<html><body>404</body></html>', 'Строка 1: корневой элемент должен быть <calendar>, а в файле — <html>.'],
    ['a DOCTYPE', '<!DOCTYPE calendar>' + good.slice(good.indexOf('<calendar')), 'не поддерживается'],
    ['no year', edit('year="2026" ', ''), 'у элемента <calendar> нет атрибута year'],
    ['a bad year', edit('year="2026"', 'year="26"'), 'неверный год year="26"'],
    ['a non-existent day 13.45', edit('d="05.11"', 'd="13.45"'), 'Строка 30: неверная дата d="13.45": ожидается ММ.ДД'],
    ['29 February of a common year', edit('d="05.11"', 'd="02.29"'), 'неверная дата d="02.29"'],
    ['a day without d', edit('d="05.11" ', ''), 'у элемента <day> нет атрибута d'],
    ['an unknown t', edit('d="05.11" t="1"', 'd="05.11" t="4"'), 'неизвестный тип дня t="4" для 05.11'],
    ['a day without t', edit('d="05.11" t="1"', 'd="05.11"'), 'у дня 05.11 нет атрибута t'],
    [
      'a duplicated day',
      edit('<day d="05.11" t="1" f="05.09"/>', '<day d="05.11" t="1"/>\n<day d="05.11" t="2"/>'),
      'Строка 31: день 05.11 указан дважды (строки 30 и 31).',
    ],
    ['a duplicated attribute', edit('d="05.11" t="1"', 'd="05.11" t="1" t="2"'), 'атрибут t указан дважды'],
    ['a truncated file', good.slice(0, good.indexOf('<day d="06.11"')), 'Тег <days> (строка 13) не закрыт'],
    ['mismatched tags', edit('</days>', '</day>'), 'закрывающий тег </day> не соответствует открытому <days>'],
    ['a broken tag', edit('<day d="05.11" t="1" f="05.09"/>', '<day d="05.11 t="1"/>'), 'Строка 30: повреждённый тег'],
    ['stray text', edit('<days>', '<days>январь'), 'неожиданный текст «январь»'],
    ['no <days>', edit('<days>', '<weeks>').replace('</days>', '</weeks>'), 'В календаре на 2026 год нет раздела <days>'],
    ['two <days>', edit('</days>', '</days><days></days>'), 'несколько разделов <days>'],
    ['an alien element in <days>', edit('<day d="05.11"', '<holiday d="05.11"'), 'внутри <days> допустимы только элементы <day>'],
    ['empty <days>', good.replace(/<days>[\s\S]*<\/days>/, '<days/>'), 'В календаре на 2026 год нет ни одного дня.'],
    ['two roots', good + '<calendar year="2027"/>', 'после корневого элемента <calendar> идёт ещё один элемент'],
    [
      'a missing weekday holiday',
      edit('<day d="02.23" t="1" h="3"/>', ''),
      '23.02.2026 (понедельник) не отмечен выходным, хотя это нерабочий праздничный день (ст. 112 ТК РФ)',
    ],
    [
      'a holiday marked working',
      edit('<day d="06.12" t="1" h="7"/>', '<day d="06.12" t="3"/>'),
      '12.06.2026 отмечен как рабочий (t=3), хотя это нерабочий праздничный день',
    ],
  ])('%s', (_name, xml, message) => {
    expect(() => parseXmlCalendar(xml)).toThrow(CalendarFormatError)
    expect(() => parseXmlCalendar(xml)).toThrow(message)
  })

  it('tolerates a BOM, comments, single quotes and unknown attributes', () => {
    const xml = '\uFEFF<!-- выгружено вручную -->\n' + edit('<day d="05.11" t="1" f="05.09"/>', "<day d='05.11' t='1' note='x > y'/>")
    expect(parseXmlCalendar(xml)).toEqual(parseXmlCalendar(good))
  })
})
