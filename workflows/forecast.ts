// Forecast of the period mark (Порядок 2.5: «регулярное информирование … о прогнозе итоговой успешности»;
// Положение 9.2). Pure: the marks, weights and thresholds come in, the forecast and its warnings go out.
import { z } from '#workflows/zod'

/** The lowest weighted average that still earns each mark. */
export type Thresholds = { five: number; four: number; three: number }

/**
 * Default: 5 from 4.6, 4 from 3.6, 3 from 2.6, otherwise 2 — the school's usual rounding «в пользу ученика
 * от 0,6», the same as the demo generator uses for closed quarters. The ЭЖ administrator changes it for the school on
 * /admin/settings (the school's `Setting` row 'forecast.thresholds', JSON `{"five":4.6,"four":3.6,"three":2.6}`).
 */
export const DEFAULT_THRESHOLDS: Thresholds = { five: 4.6, four: 3.6, three: 2.6 }
export const THRESHOLDS_SETTING_KEY = 'forecast.thresholds'

/** Положение 5.2: the minimum number of marks for attestation when the subject sets none. */
const DEFAULT_MIN_MARKS = 3

export const thresholdsSchema = z
  .object({ five: z.number().min(2).max(5), four: z.number().min(2).max(5), three: z.number().min(2).max(5) })
  .refine((t) => t.five > t.four && t.four > t.three, 'пороги должны убывать: 5 > 4 > 3')

/** Reads the stored JSON; a missing value gives the default, a broken one the default plus an error to show. */
export function parseThresholds(json: string | null | undefined): { thresholds: Thresholds; error: string | null } {
  if (!json) return { thresholds: DEFAULT_THRESHOLDS, error: null }
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return { thresholds: DEFAULT_THRESHOLDS, error: 'Настройка порогов прогноза не является JSON: применены пороги по умолчанию.' }
  }
  const parsed = thresholdsSchema.safeParse(value)
  if (!parsed.success) {
    return {
      thresholds: DEFAULT_THRESHOLDS,
      error: `Настройка порогов прогноза неверна (${parsed.error.issues[0]?.message}): применены пороги по умолчанию.`,
    }
  }
  return { thresholds: parsed.data, error: null }
}

type WeightedMark = { value: string; weight: number; written: boolean }

/** Marks 2–5 count; «зачёт» / «незачёт» carry no number and stay out of the average. */
function numericMark(value: string): number | null {
  return /^[2-5]$/.test(value.trim()) ? Number(value) : null
}

/** Σ(mark × weight) / Σ weight over numeric marks; null when there are none. */
export function weightedAverage(marks: readonly Pick<WeightedMark, 'value' | 'weight'>[]): number | null {
  let sum = 0
  let weights = 0
  for (const m of marks) {
    const n = numericMark(m.value)
    if (n === null || !(m.weight > 0)) continue
    sum += n * m.weight
    weights += m.weight
  }
  return weights > 0 ? sum / weights : null
}

// Averages like 3.6 come out of floating point as 3.5999999999999996; compare with a small tolerance.
const EPSILON = 1e-9

export function markFromAverage(average: number, thresholds: Thresholds = DEFAULT_THRESHOLDS): '5' | '4' | '3' | '2' {
  if (average + EPSILON >= thresholds.five) return '5'
  if (average + EPSILON >= thresholds.four) return '4'
  if (average + EPSILON >= thresholds.three) return '3'
  return '2'
}

/** «4,38»: two decimals with a comma, as the journal prints averages. */
export function formatAverage(average: number | null): string {
  return average === null ? '—' : average.toFixed(2).replace('.', ',')
}

type SubjectForecastInput = {
  marks: readonly WeightedMark[]
  minMarks?: number | null
  thresholds?: Thresholds
  /** The period is closed: its FinalMark is shown instead of a forecast. */
  closed: boolean
  final?: string | null
}

export type SubjectForecast = {
  status: 'final' | 'forecast' | 'no-marks'
  average: number | null
  averageText: string
  forecast: string | null
  final: string | null
  marksCount: number
  writtenCount: number
  warnings: string[]
}

export function forecastSubject(input: SubjectForecastInput): SubjectForecast {
  const minMarks = input.minMarks && input.minMarks > 0 ? input.minMarks : DEFAULT_MIN_MARKS
  const average = weightedAverage(input.marks)
  const marksCount = input.marks.length
  const writtenCount = input.marks.filter((m) => m.written).length
  const base = { average, averageText: formatAverage(average), marksCount, writtenCount }
  if (input.closed && input.final) {
    return { ...base, status: 'final', forecast: null, final: input.final, warnings: [] }
  }
  const warnings: string[] = []
  if (input.closed) warnings.push('Период закрыт, итоговая отметка по предмету не выставлена.')
  // Положение 5.2: attestation needs the required number of marks and the written, laboratory and practical works.
  if (marksCount < minMarks) warnings.push(`Недостаточно отметок для аттестации: ${marksCount} из ${minMarks} (Положение об ЭЖ, п. 5.2).`)
  if (writtenCount === 0)
    warnings.push('Нет отметок за письменные, лабораторные, практические или контрольные работы (Положение об ЭЖ, п. 5.2).')
  if (average === null) return { ...base, status: 'no-marks', forecast: null, final: null, warnings }
  return { ...base, status: 'forecast', forecast: markFromAverage(average, input.thresholds), final: null, warnings }
}
