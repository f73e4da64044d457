// The Russian Post identifier of a registered letter (почтовый идентификатор, ШПИ): 14 digits for a letter within
// Russia, or the international form of 13 characters (two letters, nine digits, two letters: RA123456789RU).
// Only the form is checked; spaces and dashes as people type them are removed.

export function normalizeTrackingNumber(value: string): string {
  return value.replace(/[\s-]+/g, '').toUpperCase()
}

/** What is wrong with the identifier, in Russian, or null. */
export function trackingNumberProblem(value: string): string | null {
  const v = normalizeTrackingNumber(value)
  if (!v) return 'Укажите почтовый идентификатор (трек-номер)'
  if (/^\d{14}$/.test(v) || /^[A-Z]{2}\d{9}[A-Z]{2}$/.test(v)) return null
  return 'Почтовый идентификатор — 14 цифр (например, 41001283123456) или 13 знаков международного отправления (например, RA123456789RU)'
}
