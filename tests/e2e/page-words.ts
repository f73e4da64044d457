// The words a page shows, checked as a reader meets them (session 20): Russian everywhere — no English word, no raw
// value of the program's own (an enum like «granted» or «IN_PERSON», «undefined», «null», «NaN»), no date as the
// machine writes it (2026-12-07, 2026-12-07T10:15). Latin that belongs on a Russian page is allowed: the names of
// formats and protocols a person is told about (Word, PDF, SMTP), and what is typed or copied as it is — logins,
// e-mail and web addresses, file names, the server's settings (in <code>) — and the accounts' logins.

/** Latin words a Russian page may use: names of formats, programs, protocols and standards. */
export const LATIN_ALLOWED = new Set(
  [
    'Word',
    'Excel',
    'PDF',
    'DOCX',
    'CSV',
    'XLSX',
    'EML',
    'ZIP',
    'HTML',
    'SMTP',
    'IMAP',
    'HTTPS',
    'HTTP',
    'URL',
    'API',
    'ID',
    'IP',
    'DNS',
    'SHA',
    'MIME',
    'TNEF',
    'winmail',
    'dat',
    'LibreOffice',
    'Microsoft',
    'Outlook',
    'Chromium',
    'Chrome',
    'Firefox',
    'Safari',
    'Edge',
    'Enter',
    'Esc',
    'Tab',
    'Ctrl',
    'Shift',
    'Alt',
    'CN',
    'UTF',
    'MB',
    'KB',
    'OK',
    'Email',
    'JPEG',
    'PNG',
    'JPG',
    'UTC',
    'GIF',
    'TIFF',
    'ODT',
    'RTF',
    'TXT',
    'XML',
    'Windows',
    'Linux',
    'macOS',
    'TLS',
    'SSL',
    'QR',
    'qwerty',
  ].map((w) => w.toLowerCase()),
)

/** Text spans that are typed or copied as they are: addresses, file names, settings' names, dotted hosts. */
const VERBATIM = [
  /[\w.+-]+@[\w-]+(\.[\w-]+)+/g, // e-mail
  /\bhttps?:\/\/\S+/g, // web address
  /\b[\w-]+(\.[\w-]+)+\.(ru|org|com|net|local|рф)\b/gi, // host
  /\b[\w-]+\.(docx|pdf|eml|csv|xlsx|zip|txt|json|jpg|png)\b/gi, // file name
  /\b[A-Z][a-z]+\/[A-Z][A-Za-z_]+\b/g, // a time zone's name (Europe/Saratov)
  /\/[\w./?=&:-]+/g, // a path (/staff/log, /?school=код)
  /\bc(?=[a-z\d]*\d)[a-z\d]{20,31}\b/g, // a record's id (the access audit names the letter it opened)
  /(?<![A-Za-z])(Re|Fwd?|AW|TR)\s*:/gi, // a letter's subject as the mail wrote it («Re: Прошу выписку»)
]

export type WordProblem = { kind: 'latin' | 'iso-date' | 'raw-value'; text: string }

/** What is wrong with a page's visible text (the text of <code>, <kbd>, <samp> and fields taken out before). */
export function wordProblems(text: string, { logins = [] as string[], attributes = '' } = {}): WordProblem[] {
  const known = new Set(logins.map((l) => l.toLowerCase()))
  const problems: WordProblem[] = []
  // Accessible names and hints (aria-label, title, placeholder, alt) are read for raw values and machine dates; they
  // name rows by their login («Выдать временный пароль: popova.ym»), so their Latin is not judged.
  for (const t of [text, attributes]) {
    for (const m of t.matchAll(/\b(undefined|null|NaN|Invalid Date)\b|\[object Object\]/g)) problems.push({ kind: 'raw-value', text: m[0] })
    for (const m of t.matchAll(/\b\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}\S*)?\b/g)) problems.push({ kind: 'iso-date', text: m[0] })
  }
  let rest = text
  for (const re of VERBATIM) rest = rest.replace(re, ' ')
  // A Latin run ends where Latin ends: «popova.ymПопова» (a cell next to a cell) is the login «popova.ym».
  for (const m of rest.matchAll(/(?<![A-Za-z\d._'-])[A-Za-z][A-Za-z\d._'-]*/g)) {
    const word = m[0].replace(/[._'-]+$/, '')
    if (word.length < 2) continue // a single letter: «класс 5 A» is a typo of the data, «x» a sign
    if (known.has(word.toLowerCase())) continue
    // «XML-файл», «Windows-1251», «UTF-8»: each Latin part on its own.
    const parts = word.split(/[-_.]/).filter((w) => /[A-Za-z]/.test(w))
    if (parts.every((w) => LATIN_ALLOWED.has(w.toLowerCase()))) continue
    const at = m.index ?? 0
    problems.push({
      kind: 'latin',
      text: rest
        .slice(Math.max(0, at - 30), at + word.length + 30)
        .replace(/\s+/g, ' ')
        .trim(),
    })
  }
  return problems
}
