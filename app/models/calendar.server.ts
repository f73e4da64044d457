import { recordAudit } from '#app/models/audit.server'
import { db } from '#app/utils/db.server'
import { FIXED_HOLIDAYS, SHIPPED_YEARS } from '#workflows/calendar-data'
import { ProductionCalendar, parseXmlCalendar, validateLoadedYear, type LoadedYear } from '#workflows/calendar'
import { DEFAULT_TIME_ZONE, addDays, isKnownTimeZone, localDateOf, weekdayOf } from '#workflows/time'
import { dativeFullName } from '#workflows/declension'
import { can } from '#app/utils/permissions'

/**
 * The production calendar the deadlines are counted with: the shipped years (workflows/calendar-data.ts) plus the
 * years the ЭЖ administrator loaded into CalendarYear; a loaded year overrides a shipped one.
 */

/** Loads are rare and every deadline needs the calendar, so it is kept in memory. A load on this process drops the
 * copy at once; a load on another instance (or a script) is seen within STAMP_CHECK_MS: the copy is checked against
 * the table's row count and newest load time, one tiny query, so two instances never count deadlines with different
 * calendars for long (ADR 042). */
const STAMP_CHECK_MS = 5_000
const MAX_SOURCE_LENGTH = 200

let cached: { calendar: Promise<ProductionCalendar>; stamp: string; checkedAt: number } | null = null
/** Counts the loads on this process: a read begun before one is not kept (it may hold the calendar as it was). */
let generation = 0

async function loadedStamp(): Promise<string> {
  const a = await db.calendarYear.aggregate({ _count: { _all: true }, _max: { loadedAt: true } })
  return `${a._count._all}:${a._max.loadedAt?.getTime() ?? 0}`
}

/** Rows that fail validation (edited by hand) are skipped and logged: the ст. 112 fallback then shows a warning. */
async function readLoadedYears(): Promise<LoadedYear[]> {
  const rows = await db.calendarYear.findMany({ orderBy: { year: 'asc' } })
  const years: LoadedYear[] = []
  for (const row of rows) {
    try {
      years.push(validateLoadedYear({ year: row.year, days: JSON.parse(row.days) }))
    } catch (error) {
      console.error(`Производственный календарь на ${row.year} год в базе повреждён и не используется:`, error)
    }
  }
  return years
}

export async function getCalendar(): Promise<ProductionCalendar> {
  if (cached && Date.now() - cached.checkedAt < STAMP_CHECK_MS) return cached.calendar
  const began = generation
  const stamp = await loadedStamp()
  if (cached && cached.stamp === stamp) {
    cached.checkedAt = Date.now()
    return cached.calendar
  }
  // Each caller reads for itself and keeps what it read: none awaits another request's read still under way — on SQLite
  // that read may be waiting for the very transaction the caller is inside (ADR 112), and both would wait out the
  // transaction's timeout. A failed read keeps nothing: the next call reads again.
  const calendar = new ProductionCalendar(await readLoadedYears())
  if (began === generation) cached = { calendar: Promise.resolve(calendar), stamp, checkedAt: Date.now() }
  return calendar
}

function invalidateCalendarCache(): void {
  generation++
  cached = null
}

type CalendarYearSummary = {
  year: number
  source: 'shipped' | 'loaded'
  /** The file name or note the administrator's load came with; '' for shipped years. */
  origin: string
  loadedAt: Date | null
  workingDays: number
  /** All days off: Saturdays and Sundays, holidays and transferred days off. */
  daysOff: number
  /** Days off other than ordinary weekends: holidays of ТК РФ ст. 112 and weekdays made days off by decree. */
  holidays: number
}

function summarize(calendar: ProductionCalendar, year: number) {
  let workingDays = 0
  let daysOff = 0
  let holidays = 0
  for (let day = `${year}-01-01`; day.startsWith(`${year}-`); day = addDays(day, 1)) {
    if (calendar.isWorkingDay(day)) workingDays++
    else {
      daysOff++
      if (weekdayOf(day) <= 5 || FIXED_HOLIDAYS.includes(day.slice(5))) holidays++
    }
  }
  return { workingDays, daysOff, holidays }
}

/** Years with calendar data, ascending, with the figures the administrator checks a file against. */
export async function listCalendarYears(): Promise<CalendarYearSummary[]> {
  const [calendar, rows] = await Promise.all([
    getCalendar(),
    db.calendarYear.findMany({ select: { year: true, source: true, loadedAt: true } }),
  ])
  const loaded = new Map(rows.map((row) => [row.year, row]))
  return calendar.dataYears().map((year) => {
    const row = loaded.get(year)
    // The calendar knows which data answered (a row that failed validation is not used, so it does not count).
    const source = calendar.describeDay(`${year}-01-01`).source === 'loaded' ? 'loaded' : 'shipped'
    const load = source === 'loaded' ? row : undefined
    return { year, source, origin: load?.source ?? '', loadedAt: load?.loadedAt ?? null, ...summarize(calendar, year) }
  })
}

type LoadedCalendarYear = { year: number; workingDays: number; daysOff: number; holidays: number; replaced: boolean }

/**
 * Validates an xmlcalendar file and stores its year (replacing an earlier load of the same year, or overriding the
 * shipped data). A bad file throws CalendarFormatError with a Russian message and stores nothing.
 */
export async function loadCalendarYear(
  xml: string,
  source: string,
  userId: string,
  { ip = '' }: { ip?: string } = {},
): Promise<LoadedCalendarYear> {
  const loaded = parseXmlCalendar(xml)
  const origin = source.trim().slice(0, MAX_SOURCE_LENGTH)
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { schoolId: true } })
  const previous = await db.calendarYear.findUnique({ where: { year: loaded.year }, select: { year: true } })
  const days = JSON.stringify(loaded.days)
  await db.calendarYear.upsert({
    where: { year: loaded.year },
    create: { year: loaded.year, days, source: origin },
    update: { days, source: origin, loadedAt: new Date() },
  })
  invalidateCalendarCache()
  const summary = summarize(new ProductionCalendar([loaded]), loaded.year)
  const replaced = previous !== null || SHIPPED_YEARS.some((s) => s.year === loaded.year)
  await recordAudit({
    schoolId: user.schoolId,
    userId,
    action: 'load:calendar-year',
    entity: 'CalendarYear',
    entityId: String(loaded.year),
    ip,
    data: { source: origin, replaced, ...summary },
  })
  return { year: loaded.year, replaced, ...summary }
}

/**
 * Who reads a calendar warning. The one who can load the calendar (manage:school:any, the ЭЖ administrator) is sent to
 * its page; anyone else cannot act on it and is told whom to tell: the school's ЭЖ administrators by name (dative).
 */
type CalendarReader = { canLoad: true } | { canLoad: false; administrators: string[] }

export async function calendarReader(schoolId: string, roles: readonly string[]): Promise<CalendarReader> {
  if (can(roles, 'manage:school:any')) return { canLoad: true }
  const administrators = await db.staff.findMany({
    where: { schoolId, user: { lockedAt: null, compromisedAt: null, roles: { some: { role: 'admin' } } } },
    select: { lastName: true, firstName: true, middleName: true },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
  })
  return { canLoad: false, administrators: administrators.map(dativeFullName) }
}

/**
 * The warning staff and the administrator see while a year the coming deadlines fall into has no production
 * calendar (ProductionCalendar.missingYearsAhead), or null. Said in one sentence with what the reader can do.
 */
export async function missingCalendarWarning(
  schoolId: string,
  reader: CalendarReader,
  now = new Date(),
): Promise<{ years: number[]; message: string } | null> {
  const [calendar, timeZone] = await Promise.all([getCalendar(), getSchoolTimeZone(schoolId)])
  const years = calendar.missingYearsAhead(localDateOf(now, timeZone))
  if (years.length === 0) return null
  return { years, message: missingCalendarText(years, reader) }
}

/** The calendar warning's sentence for the years with no production calendar (the home pages, an application's page). */
function missingCalendarText(years: number[], reader: CalendarReader): string {
  const named = `${years.join(' и ')} ${years.length > 1 ? 'годы' : 'год'}`
  return (
    `Нет производственного календаря на ${named}: сроки по заявлениям, приходящиеся на ${years.length > 1 ? 'эти годы' : 'этот год'}, ` +
    'считаются по выходным и праздникам ТК РФ (ст. 112, с переносом выходного дня, совпавшего с праздником) без переносов по ' +
    'постановлению Правительства РФ и могут оказаться неверными. ' +
    whatToDo(reader)
  )
}

function whatToDo(reader: CalendarReader): string {
  if (reader.canLoad) {
    return (
      'Загрузите календарь (XML-файл, опубликованный после постановления Правительства РФ о переносе выходных дней) ' +
      'на странице «Администрирование → Производственный календарь».'
    )
  }
  const names = reader.administrators
  if (names.length === 0) {
    return 'Календарь загружает администратор ЭЖ, а его учётной записи в школе нет: сообщите об этом директору.'
  }
  const whom = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} или ${names[names.length - 1]}`
  return `Календарь загружает администратор ЭЖ: сообщите об этом ${whom}.`
}

/**
 * The warning of one application's page: its running deadlines (DeadlineView.dueAt) reach a year with no production
 * calendar, counted from today to the last of them; null when they do not or none runs.
 */
export async function deadlinesCalendarWarning(
  dueAts: string[],
  timeZone: string,
  reader: () => Promise<CalendarReader>,
  now = new Date(),
): Promise<string | null> {
  if (dueAts.length === 0) return null
  const last = dueAts.reduce((a, b) => (a > b ? a : b))
  const calendar = await getCalendar()
  const today = localDateOf(now, timeZone)
  const lastDay = localDateOf(new Date(last), timeZone)
  const years = calendar.fallbackYearsBetween(today < lastDay ? today : lastDay, lastDay)
  return years.length ? missingCalendarText(years, await reader()) : null
}

/** The school's time zone; a broken setting falls back to Saratov time rather than failing every deadline. */
export async function getSchoolTimeZone(schoolId?: string): Promise<string> {
  const school = await db.school.findFirst({ where: schoolId ? { id: schoolId } : {}, orderBy: { id: 'asc' }, select: { timeZone: true } })
  const timeZone = school?.timeZone ?? DEFAULT_TIME_ZONE
  if (isKnownTimeZone(timeZone)) return timeZone
  console.error(`Неизвестный часовой пояс школы «${timeZone}», используется ${DEFAULT_TIME_ZONE}`)
  return DEFAULT_TIME_ZONE
}
