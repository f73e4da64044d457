// Dates in documents are dd.MM.yyyy in the school's time zone (Саратов, UTC+4), whatever the server's zone.
export const SCHOOL_TIME_ZONE = 'Europe/Saratov'

const dateFormats = new Map<string, Intl.DateTimeFormat>()

function parts(date: Date, timeZone: string): Record<string, string> {
  let fmt = dateFormats.get(timeZone)
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('ru-RU', {
      day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone,
    })
    dateFormats.set(timeZone, fmt)
  }
  return Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]))
}

/** «05.03.2024». */
export function formatDate(date: Date, timeZone = SCHOOL_TIME_ZONE): string {
  const x = parts(date, timeZone)
  return `${x.day}.${x.month}.${x.year}`
}

/** «05.03.2024 10:12». */
export function formatDateTime(date: Date, timeZone = SCHOOL_TIME_ZONE): string {
  const x = parts(date, timeZone)
  return `${x.day}.${x.month}.${x.year} ${x.hour}:${x.minute}`
}

/** «4,38» — a Russian decimal comma. */
export function formatDecimal(value: number, digits = 2): string {
  return value.toFixed(digits).replace('.', ',')
}
