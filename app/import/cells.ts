// Spreadsheet safety (formula injection, OWASP «CSV Injection»): an imported cell is only ever stored as text;
// on any export a cell that a spreadsheet would run as a formula gets a leading apostrophe.

const FORMULA_START = /^[=+\-@\t\r]/

/**
 * A phone number or a signed number is harmless data, even though it starts with '+' or '-' — also as Word pastes it,
 * with no-break spaces and its no-break or typographic hyphens and dashes («+7 912 345‑67‑89»).
 */
const PLAIN_SIGNED = /^[+-][\d\s().,\-\u2010-\u2015\u2212]*$/u

/** True when a spreadsheet would treat the cell as a formula: reported as a warning, stored as plain text. */
export function looksLikeFormula(value: string): boolean {
  return FORMULA_START.test(value) && !PLAIN_SIGNED.test(value)
}

/** For exports (CSV, XLSX): `=1+2` → `'=1+2`. */
export function escapeForExport(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

/** A CSV text for Excel: `;`-separated, every cell quoted and escaped, CRLF lines, with a BOM so Excel reads UTF-8. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>, separator = ';'): string {
  const line = (row: ReadonlyArray<string | number>) =>
    row.map((c) => `"${escapeForExport(String(c)).replace(/"/g, '""')}"`).join(separator)
  return `\uFEFF${rows.map(line).join('\r\n')}\r\n`
}
