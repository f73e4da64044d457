// The database away while the server runs (ADR 095): PostgreSQL stopped or restarting, the network to it down, the
// SQLite file locked by another program past the busy timeout or unreadable, its disk full. Pages answered 500 «Произошла
// ошибка» with a stack in the log for each; a form posted then left the sender not knowing whether it was saved.
// Instead every answer whose loader or action met such an error is 503 with Retry-After: a page in Russian that says
// the service is temporarily unavailable (and, for a form, that nothing was saved — or, ADR 104, that it was), a Remix data answer the
// browser's error page shows the same way, JSON for the API. One line in the log a minute, not a stack a request.
import { isLockedError, isUnreachableError } from './db.server'
import { getEnv } from './env.server'
import { errorText } from './error-text'
import { isDiskFullError } from './disk-full.server'
import { DATABASE_AWAY_TITLE } from './database-away'
import { requestSaved } from './request-commits.server'

/** What a 503 asks the client to wait; the page says «через минуту». */
export const DATABASE_AWAY_RETRY_SECONDS = 60

/** SQLite's file cannot be opened or read (a folder or disk gone, an I/O error): the same as a database server away. */
const SQLITE_UNREADABLE = /SQLITE_CANTOPEN|unable to open database file|SQLITE_IOERR|disk I\/O error/i

/** The database cannot answer now but will without anything of the request changed: unreachable, locked, full. */
function isDatabaseAwayError(error: unknown): boolean {
  if (error instanceof Response) return false
  const text = errorText(error)
  // A write conflict or deadlock (P2034, 40001, 40P01) left after the retries is not the database away: it stays an
  // error with its stack in the log (review of ADR 095).
  return isUnreachableError(error) || isLockedError(error) || SQLITE_UNREADABLE.test(text) || isDiskFullError(error)
}

/**
 * A file of the request could not be written for want of space: the disk under DATA_DIR (uploads, letters, documents)
 * is full while the database, elsewhere, answers. Node's own error (ENOSPC with the system call), not the database's.
 */
function isFilesDiskFull(error: unknown): boolean {
  const e = error as { code?: unknown; syscall?: unknown } | null
  return typeof e === 'object' && e !== null && e.code === 'ENOSPC' && typeof e.syscall === 'string'
}

/** What is away: the database, or the room for the files (ADR 104's probe: a full uploads disk was «База данных не отвечает»). */
type AwayKind = 'database' | 'files'

const CAUSE: Record<AwayKind, string> = {
  database: 'База данных не отвечает',
  files: 'На сервере закончилось место для файлов',
}

/**
 * The page's words under its heading. A form whose action committed nothing was not saved (each transaction that met
 * the database away was rolled back); one whose action committed the product's data before the database went away
 * (its audit row after the operation, the page's loaders after an answer with data) was saved, and sending it again
 * would save it twice (ADR 104). A page is to be opened again.
 */
export function databaseAwayText(method: string, saved = requestSaved(), kind: AwayKind = 'database'): string {
  const cause = CAUSE[kind]
  if (method === 'GET' || method === 'HEAD') return `${cause}. Попробуйте открыть страницу ещё раз через минуту.`
  return saved
    ? `Сохранено, но страница не может показаться: ${cause[0].toLowerCase()}${cause.slice(1)}. Не отправляйте форму ещё раз — ` +
        'откройте страницу через минуту.'
    : `${cause}. Отправленные данные не сохранены — вернитесь к форме кнопкой «Назад» и отправьте её ещё раз через минуту.`
}

/** Requests whose loader or action met the database away (marked by entry.server.tsx's handleError), and what was away. */
const away = new WeakMap<Request, AwayKind>()
let lastLogAt = 0

/** For Remix's handleError: a database away marks the request (true) and is said once a minute. */
export function noteDatabaseAway(error: unknown, request: Request): boolean {
  if (!isDatabaseAwayError(error)) return false
  const kind: AwayKind = isFilesDiskFull(error) ? 'files' : 'database'
  if (!away.has(request)) away.set(request, kind)
  const now = Date.now()
  if (now - lastLogAt >= 60_000 || now < lastLogAt) {
    lastLogAt = now
    // Prisma's message begins «Invalid `prisma.x.y()` invocation:»; its last line says what happened.
    const reason = error instanceof Error ? (error.message.trim().split('\n').pop() ?? '').trim() : String(error)
    console.error(
      kind === 'files'
        ? `Закончилось место на диске с файлами (DATA_DIR: ${getEnv().DATA_DIR}): формы с файлами и документы отвечают 503 ` +
            `«Сервис временно недоступен» (${reason}). Освободите место — сервер продолжит работу сам, перезапуск не нужен.`
        : `База данных не отвечает: страницы отвечают 503 «Сервис временно недоступен» (${reason}). Проверьте, что сервер баз ` +
            'данных запущен и доступен (для SQLite — что файл базы не заблокирован другой программой и диск не заполнен); ' +
            'сервер продолжит работу сам, перезапуск не нужен.',
    )
  }
  return true
}

/** The words of this request's 503 page. */
export function awayText(request: Request): string {
  return databaseAwayText(request.method, requestSaved(), away.get(request) ?? 'database')
}

export function isDatabaseAwayRequest(request: Request): boolean {
  return away.has(request)
}

/**
 * The answer for a request marked away that was not already a 503 page (entry.server.tsx renders those): a Remix
 * data request (client-side navigation or a form sent with JavaScript) gets an error answer its ErrorBoundary shows
 * with these words; the API gets JSON; a download or anything else, plain text. Every 503 gets Retry-After.
 */
export function databaseAwayResponse(request: Request, response: Response): Response {
  if (!away.has(request)) return response
  if (response.status === 503) {
    if (!response.headers.has('Retry-After')) response.headers.set('Retry-After', String(DATABASE_AWAY_RETRY_SECONDS))
    return response
  }
  if (response.status < 500) return response
  const url = new URL(request.url)
  const text = awayText(request)
  const plain = `${DATABASE_AWAY_TITLE}. ${text}`
  const headers = new Headers({ 'Retry-After': String(DATABASE_AWAY_RETRY_SECONDS), 'Cache-Control': 'no-store' })
  if (url.searchParams.has('_data')) {
    // Remix's client turns an X-Remix-Catch answer into the route error its ErrorBoundary shows (status and text).
    headers.set('X-Remix-Catch', 'yes')
    headers.set('Content-Type', 'text/plain; charset=utf-8')
    return new Response(text, { status: 503, headers })
  }
  if (url.pathname.startsWith('/api/')) {
    headers.set('Content-Type', 'application/json; charset=utf-8')
    return new Response(JSON.stringify({ error: plain }), { status: 503, headers })
  }
  headers.set('Content-Type', 'text/plain; charset=utf-8')
  return new Response(plain, { status: 503, headers })
}
