/**
 * The production calendar (производственный календарь) the product ships with, typed in as facts.
 *
 * Sources: Постановление Правительства РФ № 1335 от 04.10.2024 (2025) and № 1466 от 24.09.2025 (2026),
 * cross-checked against the xmlcalendar files in tests/fixtures/production-calendar (calendar.test.ts compares them).
 * Saturdays and Sundays are days off unless listed in `workingWeekends`, so only the exceptions are stored:
 * a holiday that falls on a weekend changes nothing here (its transfer is listed as the weekday it moved to).
 * Newer years are loaded by the school's administrator (see parseXmlCalendar in calendar.ts).
 */
export type YearRules = {
  year: number
  /** Mon–Fri days off: holidays of ТК РФ ст. 112 and days off transferred by decree. */
  nonWorkingWeekdays: string[]
  /** Saturdays/Sundays declared working days. */
  workingWeekends: string[]
  /** Working days one hour shorter (ТК РФ ст. 95), including a shortened working Saturday. */
  shortened: string[]
}

export const SHIPPED_YEARS: readonly YearRules[] = [
  {
    year: 2025,
    nonWorkingWeekdays: [
      '2025-01-01',
      '2025-01-02',
      '2025-01-03',
      '2025-01-06',
      '2025-01-07',
      '2025-01-08',
      '2025-05-01',
      '2025-05-02', // 2 May: moved from Sat 4 January
      '2025-05-08',
      '2025-05-09', // 8 May: moved from Sun 23 February
      '2025-06-12',
      '2025-06-13', // 13 June: moved from Sat 8 March
      '2025-11-03',
      '2025-11-04', // 3 November: moved from Sat 1 November, which was worked
      '2025-12-31', // moved from Sun 5 January
    ],
    workingWeekends: ['2025-11-01'],
    shortened: ['2025-03-07', '2025-04-30', '2025-06-11', '2025-11-01'],
  },
  {
    year: 2026,
    nonWorkingWeekdays: [
      '2026-01-01',
      '2026-01-02',
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
      '2026-01-08',
      '2026-01-09', // moved from Sat 3 January
      '2026-02-23',
      '2026-03-09', // moved from Sun 8 March
      '2026-05-01',
      '2026-05-11', // moved from Sat 9 May
      '2026-06-12',
      '2026-11-04',
      '2026-12-31', // moved from Sun 4 January
    ],
    workingWeekends: [],
    shortened: ['2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03'],
  },
]

/** Non-working public holidays fixed by ТК РФ ст. 112 (month-day); they are days off whatever the decree says. */
export const FIXED_HOLIDAYS: readonly string[] = [
  '01-01',
  '01-02',
  '01-03',
  '01-04',
  '01-05',
  '01-06',
  '01-07',
  '01-08',
  '02-23',
  '03-08',
  '05-01',
  '05-09',
  '06-12',
  '11-04',
]
