// The academic year's calendar: quarters (grades 1–9), halves (10–11), and каникулы.
export type PeriodDef = { name: string; kind: 'quarter' | 'half' | 'year'; ordinal: number; startsOn: string; endsOn: string }
export type HolidayDef = { name: string; startsOn: string; endsOn: string }

export function academicYearStart(today: string): number {
  const [y, m] = today.split('-').map(Number)
  return m >= 9 ? y : y - 1
}

export function schoolYear(startYear: number) {
  const a = startYear
  const b = startYear + 1
  const periods: PeriodDef[] = [
    { name: '1 четверть', kind: 'quarter', ordinal: 1, startsOn: `${a}-09-01`, endsOn: `${a}-10-24` },
    { name: '2 четверть', kind: 'quarter', ordinal: 2, startsOn: `${a}-11-05`, endsOn: `${a}-12-28` },
    { name: '3 четверть', kind: 'quarter', ordinal: 3, startsOn: `${b}-01-12`, endsOn: `${b}-03-20` },
    { name: '4 четверть', kind: 'quarter', ordinal: 4, startsOn: `${b}-03-30`, endsOn: `${b}-05-26` },
    { name: '1 полугодие', kind: 'half', ordinal: 1, startsOn: `${a}-09-01`, endsOn: `${a}-12-28` },
    { name: '2 полугодие', kind: 'half', ordinal: 2, startsOn: `${b}-01-12`, endsOn: `${b}-05-26` },
    // The year's own row: годовые отметки are set against it (Положение 4.4.6, 5.1).
    { name: 'Год', kind: 'year', ordinal: 1, startsOn: `${a}-09-01`, endsOn: `${b}-05-26` },
  ]
  const holidays: HolidayDef[] = [
    { name: 'Осенние каникулы', startsOn: `${a}-10-25`, endsOn: `${a}-11-04` },
    { name: 'Зимние каникулы', startsOn: `${a}-12-29`, endsOn: `${b}-01-11` },
    { name: 'Весенние каникулы', startsOn: `${b}-03-21`, endsOn: `${b}-03-29` },
  ]
  // Public holidays inside term time (ТК РФ ст. 112) on which no lessons are held.
  const publicHolidays = new Set([`${b}-02-23`, `${b}-03-08`, `${b}-05-01`, `${b}-05-09`, `${a}-11-04`])
  return { name: `${a}/${b}`, startsOn: `${a}-09-01`, endsOn: `${b}-05-26`, periods, holidays, publicHolidays }
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** 1 = Monday … 7 = Sunday. */
export function weekday(day: string): number {
  const w = new Date(`${day}T00:00:00Z`).getUTCDay()
  return w === 0 ? 7 : w
}

export function schoolDays(startYear: number, until: string): string[] {
  const year = schoolYear(startYear)
  const days: string[] = []
  for (let d = year.startsOn; d <= until && d <= year.endsOn; d = addDays(d, 1)) {
    if (weekday(d) > 5 || year.publicHolidays.has(d)) continue
    if (year.holidays.some((h) => d >= h.startsOn && d <= h.endsOn)) continue
    days.push(d)
  }
  return days
}
