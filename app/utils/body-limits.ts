// How many bytes of a request body each address may send (docs/decisions/021, docs/security.md «Пределы»).
// One table for both doors: server.js refuses a larger body before the app sees it (with or without
// Content-Length), and app/utils/body.server.ts holds every route to the same number when it is called directly.
// Pure numbers only: server.js reads this table from the server build (entry.server re-exports it).

const KIB = 1024
const MIB = 1024 * KIB

/** A form without files (login, decisions, settings, intake typed by hand): far more than any real one. */
export const FORM_BYTES = 64 * KIB
/** One applicant's file (a scan or photo of a document: Порядок 2.7) — the per-file limit of uploads.server.ts. */
export const UPLOAD_FILE_BYTES = 10 * MIB
/**
 * A form with the applicant's files: two files of the per-file limit and the typed fields, with room to spare
 * so that one file over its limit is still read to the end and answered in the page with everything typed kept
 * (issue 19, item 8). Only a body beyond this gets the bare 413.
 */
export const UPLOAD_FORM_BYTES = 4 * UPLOAD_FILE_BYTES
/** The portal API's JSON (docs/api.md). */
export const API_BYTES = 100 * KIB
/** A Word template (.docx), an import file (CSV/XLSX), a production calendar (XML), a letter (.eml). */
const TEMPLATE_FILE_BYTES = 5 * MIB
const IMPORT_FILE_BYTES = 5 * MIB
const CALENDAR_FILE_BYTES = 200 * KIB
const EML_FILE_BYTES = 40 * MIB
/** Multipart framing and the small fields beside a file. */
const FRAMING = 64 * KIB

const ROUTES: ReadonlyArray<readonly [RegExp, number]> = [
  [/^\/apply\/?$/, UPLOAD_FORM_BYTES],
  [/^\/s\/[^/]+\/?$/, UPLOAD_FORM_BYTES],
  [/^\/staff\/intake\/post\/?$/, UPLOAD_FORM_BYTES],
  [/^\/staff\/mail\/?$/, EML_FILE_BYTES + FRAMING],
  [/^\/admin\/templates\/?$/, TEMPLATE_FILE_BYTES + FRAMING],
  [/^\/admin\/import\/?$/, IMPORT_FILE_BYTES + FRAMING],
  [/^\/admin\/calendar\/?$/, CALENDAR_FILE_BYTES + FRAMING],
  [/^\/api\/v1\//, API_BYTES],
]

/** The most bytes a request to this path may carry; GET and HEAD carry none. */
export function bodyLimitFor(method: string, pathname: string): number {
  if (method === 'GET' || method === 'HEAD') return 0
  for (const [pattern, limit] of ROUTES) if (pattern.test(pathname)) return limit
  return FORM_BYTES
}

const size = (bytes: number) => (bytes >= MIB ? `${Math.round(bytes / MIB)} МБ` : `${Math.round(bytes / KIB)} КБ`)

/**
 * The Russian answer of a 413: what to make smaller is the route's — the applicant's files (10 МБ each), the one file
 * of an administrator's form (a template of 5 МБ was told «каждый — не больше 10 МБ»), or the text of a plain form.
 */
export function tooLargeMessage(limit: number): string {
  const smaller =
    limit === UPLOAD_FORM_BYTES
      ? `уменьшите файлы (каждый — не больше ${size(UPLOAD_FILE_BYTES)})`
      : limit > FORM_BYTES && limit !== API_BYTES
        ? `выберите файл меньше ${size(limit - FRAMING)}`
        : 'сократите текст'
  return (
    `Запрос слишком большой: сюда можно отправить не больше ${size(limit)}. Ничего не сохранено. ` +
    `Вернитесь назад, ${smaller} и отправьте ещё раз.`
  )
}
