import { FIXED_HOLIDAYS, type YearRules } from './calendar-data'
import { formatDate, isLocalDay, weekdayOf } from './time'

/**
 * A production calendar year loaded by the school's administrator, and the reader of the public xmlcalendar
 * format it usually comes in: `<calendar year="2027"><days><day d="MM.DD" t="1|2|3"/>…</days></calendar>`,
 * t=1 day off, t=2 shortened working day, t=3 working Saturday/Sunday. The format is tiny, so a strict little
 * tokenizer reads it; anything unexpected is refused with a message the administrator can act on.
 */
export type CalendarDayType = 'holiday' | 'shortened' | 'working'
export type LoadedDay = { date: string; type: CalendarDayType }
export type LoadedYear = { year: number; days: LoadedDay[] }

export class CalendarFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CalendarFormatError'
  }
}

const MIN_YEAR = 2000
const MAX_YEAR = 2100
const MAX_FILE_LENGTH = 200_000
const TYPE_BY_CODE = new Map<string, CalendarDayType>([
  ['1', 'holiday'],
  ['2', 'shortened'],
  ['3', 'working'],
])
const TYPE_LABEL: Record<CalendarDayType, string> = {
  holiday: 'выходной (t=1)',
  shortened: 'сокращённый рабочий (t=2)',
  working: 'рабочий (t=3)',
}
const WEEKDAY_NAMES = ['', 'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье']

type XmlElement = { name: string; attributes: Map<string, string>; children: XmlElement[]; line: number }

const TAG_RE = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_:][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y
const ATTRIBUTE_RE = /([A-Za-z_:][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g

function fail(message: string, line?: number): never {
  throw new CalendarFormatError(line === undefined ? message : `Строка ${line}: ${message}`)
}

function excerpt(text: string): string {
  const oneLine = text.trim().replace(/\s+/g, ' ')
  return oneLine.length > 40 ? `${oneLine.slice(0, 40)}…` : oneLine
}

function parseAttributes(source: string, line: number): Map<string, string> {
  const attributes = new Map<string, string>()
  for (const match of source.matchAll(ATTRIBUTE_RE)) {
    if (attributes.has(match[1])) fail(`атрибут ${match[1]} указан дважды.`, line)
    attributes.set(match[1], match[2] ?? match[3])
  }
  return attributes
}

/** Reads the elements of the document into a tree; refuses DTDs, CDATA and stray text the format never has. */
function parseElements(xml: string): XmlElement {
  const text = xml.replace(/^\uFEFF/, '')
  if (text.trim() === '') fail('Файл календаря пуст.')
  if (text.length > MAX_FILE_LENGTH) fail('Файл слишком большой для производственного календаря на один год.')
  if (!text.trimStart().startsWith('<')) {
    fail('Файл не похож на XML: производственный календарь должен начинаться с <?xml …?> или <calendar …>.')
  }
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  let position = 0
  while (position < text.length) {
    const next = text.indexOf('<', position)
    const between = text.slice(position, next === -1 ? text.length : next)
    if (between.trim() !== '') {
      fail(
        `неожиданный текст «${excerpt(between)}» — это не производственный календарь в формате xmlcalendar.`,
        lineAt(position + between.search(/\S/)),
      )
    }
    if (next === -1) break
    position = next
    const line = lineAt(position)
    if (text.startsWith('<!--', position)) {
      const end = text.indexOf('-->', position + 4)
      if (end === -1) fail('комментарий <!-- не закрыт.', line)
      position = end + 3
      continue
    }
    if (text.startsWith('<?xml', position) && !root && stack.length === 0) {
      const end = text.indexOf('?>', position)
      if (end === -1) fail('заголовок <?xml не закрыт.', line)
      position = end + 2
      continue
    }
    if (text.startsWith('<!', position) || text.startsWith('<?', position)) {
      fail(`конструкция «${excerpt(text.slice(position, position + 40))}» не поддерживается в производственном календаре.`, line)
    }
    TAG_RE.lastIndex = position
    const match = TAG_RE.exec(text)
    if (!match) fail(`повреждённый тег «${excerpt(text.slice(position, position + 40))}».`, line)
    const [whole, closing, name, attributeSource, selfClosing] = match
    position += whole.length
    if (closing) {
      if (attributeSource.trim() !== '' || selfClosing) fail(`повреждённый закрывающий тег </${name}>.`, line)
      const open = stack.pop()
      if (!open) fail(`лишний закрывающий тег </${name}>.`, line)
      if (open.name !== name) fail(`закрывающий тег </${name}> не соответствует открытому <${open.name}> (строка ${open.line}).`, line)
      continue
    }
    const element: XmlElement = { name, attributes: parseAttributes(attributeSource, line), children: [], line }
    if (stack.length > 0) stack[stack.length - 1].children.push(element)
    else if (root) fail(`после корневого элемента <${root.name}> идёт ещё один элемент <${name}>.`, line)
    else if (name !== 'calendar') fail(`корневой элемент должен быть <calendar>, а в файле — <${name}>.`, line)
    else root = element
    if (!selfClosing) stack.push(element)
  }
  const unclosed = stack.pop()
  if (unclosed) fail(`Тег <${unclosed.name}> (строка ${unclosed.line}) не закрыт — файл обрезан или повреждён.`)
  if (!root) fail('В файле нет ни одного XML-элемента.')
  return root
}

function parseYear(root: XmlElement): number {
  const yearText = root.attributes.get('year')
  if (yearText === undefined) fail('у элемента <calendar> нет атрибута year — неизвестно, к какому году относится календарь.', root.line)
  const year = Number(yearText)
  if (!/^\d{4}$/.test(yearText) || year < MIN_YEAR || year > MAX_YEAR) {
    fail(`неверный год year="${yearText}": ожидается год от ${MIN_YEAR} до ${MAX_YEAR}.`, root.line)
  }
  return year
}

/** Parses an xmlcalendar file (e.g. from xmlcalendar.ru) into a loaded year; throws CalendarFormatError. */
export function parseXmlCalendar(xml: string): LoadedYear {
  const root = parseElements(xml)
  const year = parseYear(root)
  const sections = root.children.filter((child) => child.name === 'days')
  if (sections.length === 0) fail(`В календаре на ${year} год нет раздела <days> со списком дней.`)
  if (sections.length > 1) fail(`В календаре на ${year} год несколько разделов <days>, ожидается один.`, sections[1].line)
  const days: LoadedDay[] = []
  const lineOfDate = new Map<string, number>()
  for (const element of sections[0].children) {
    const { line } = element
    if (element.name !== 'day') fail(`внутри <days> допустимы только элементы <day>, а найден <${element.name}>.`, line)
    const d = element.attributes.get('d')
    const t = element.attributes.get('t')
    if (d === undefined) fail('у элемента <day> нет атрибута d (дата в виде ММ.ДД).', line)
    const parts = /^(\d{2})\.(\d{2})$/.exec(d)
    const date = parts ? `${year}-${parts[1]}-${parts[2]}` : ''
    if (!parts || !isLocalDay(date)) fail(`неверная дата d="${d}": ожидается ММ.ДД — существующий день ${year} года.`, line)
    if (t === undefined) fail(`у дня ${d} нет атрибута t (1 — выходной, 2 — сокращённый, 3 — рабочий день).`, line)
    const type = TYPE_BY_CODE.get(t)
    if (!type) fail(`неизвестный тип дня t="${t}" для ${d}: допустимы 1 (выходной), 2 (сокращённый), 3 (рабочий).`, line)
    const earlier = lineOfDate.get(date)
    if (earlier !== undefined) fail(`день ${d} указан дважды (строки ${earlier} и ${line}).`, line)
    lineOfDate.set(date, line)
    days.push({ date, type })
  }
  return validateLoadedYear({ year, days })
}

/**
 * Checks a loaded year (from a file or from the database) and returns it with days sorted. Besides the shape, a
 * holiday of ТК РФ ст. 112 must never be a working day: a file that says so is for another year or is broken.
 */
export function validateLoadedYear(input: LoadedYear): LoadedYear {
  const { year } = input
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    fail(`Неверный год производственного календаря: ${String(year)}.`)
  }
  if (!Array.isArray(input.days) || input.days.length === 0) fail(`В календаре на ${year} год нет ни одного дня.`)
  const typeOf = new Map<string, CalendarDayType>()
  for (const { date, type } of input.days) {
    if (typeof date !== 'string' || !isLocalDay(date) || !date.startsWith(`${year}-`)) {
      fail(`В календаре на ${year} год неверная дата «${String(date)}».`)
    }
    if (!Object.hasOwn(TYPE_LABEL, type)) fail(`В календаре на ${year} год неизвестный тип дня «${String(type)}» у ${date}.`)
    if (typeOf.has(date)) fail(`В календаре на ${year} год день ${formatDate(date)} указан дважды.`)
    typeOf.set(date, type)
  }
  for (const monthDay of FIXED_HOLIDAYS) {
    const date = `${year}-${monthDay}`
    const type = typeOf.get(date)
    const weekday = weekdayOf(date)
    if (type !== undefined && type !== 'holiday') {
      fail(
        `В календаре на ${year} год ${formatDate(date)} отмечен как ${TYPE_LABEL[type]}, ` +
          'хотя это нерабочий праздничный день (ст. 112 ТК РФ).',
      )
    }
    if (type === undefined && weekday <= 5) {
      fail(
        `В календаре на ${year} год ${formatDate(date)} (${WEEKDAY_NAMES[weekday]}) не отмечен выходным, ` +
          'хотя это нерабочий праздничный день (ст. 112 ТК РФ) — файл неполный или относится к другому году.',
      )
    }
  }
  const days = [...typeOf].map(([date, type]) => ({ date, type })).sort((a, b) => a.date.localeCompare(b.date))
  return { year, days }
}

/** The same facts in the shape of the shipped data, so the two can be compared and looked up alike. */
export function loadedYearToRules(loaded: LoadedYear): YearRules {
  const rules: YearRules = { year: loaded.year, nonWorkingWeekdays: [], workingWeekends: [], shortened: [] }
  for (const { date, type } of [...loaded.days].sort((a, b) => a.date.localeCompare(b.date))) {
    const weekend = weekdayOf(date) >= 6
    if (type === 'holiday' && !weekend) rules.nonWorkingWeekdays.push(date)
    if (type !== 'holiday' && weekend) rules.workingWeekends.push(date)
    if (type === 'shortened') rules.shortened.push(date)
  }
  return rules
}
