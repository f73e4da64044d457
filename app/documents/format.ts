// Dates in documents are dd.MM.yyyy in the school's time zone, whatever the server's zone: the same helpers as
// everywhere else (workflows/time.ts), plus the Russian decimal comma for averages.
export { DEFAULT_TIME_ZONE as SCHOOL_TIME_ZONE, formatDate, formatDateTime, formatReceivedAt } from '#workflows/time'

/** «4,38» — a Russian decimal comma. */
export function formatDecimal(value: number, digits = 2): string {
  return value.toFixed(digits).replace('.', ',')
}

/** Sentences into one paragraph: each ends with its own full stop, so they are joined by a space, never «.;». */
export function joinSentences(sentences: readonly string[]): string {
  return sentences
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (/[.!?…]$/.test(s) ? s : `${s}.`))
    .join(' ')
}
