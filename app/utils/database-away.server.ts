// The database away while the server runs (ADR 095): PostgreSQL stopped or restarting, the network to it down, the
// SQLite file locked by another program past the busy timeout or unreadable, its disk full. Pages answered 500 «Произошла
// ошибка» with a stack in the log for each; a form posted then left the sender not knowing whether it was saved.
// Instead every answer whose loader or action met such an error is 503 with Retry-After: a page in Russian that says
// the service is temporarily unavailable (and, for a form, that nothing was saved — or, ADR 104, that it was), a Remix data answer the
// browser's error page shows the same way, JSON for the API. One line in the log a minute, not a stack a request.
import { isLockedError, isUnreachableError } from './db.server'
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
 * The page's words under its heading. A form whose action committed nothing was not saved (each transaction that met
 * the database away was rolled back); one whose action committed the product's data before the database went away
 * (its audit row after the operation, the page's loaders after an answer with data) was saved, and sending it again
 * would save it twice (ADR 104). A page is to be opened again.
 */
export function databaseAwayText(method: string, saved = requestSaved()): string {
  if (method === 'GET' || method === 'HEAD') return 'База данных не отвечает. Попробуйте открыть страницу ещё раз через минуту.'
  return saved
    ? 'Сохранено, но страница не может показаться: база данных не отвечает. Не отправляйте форму ещё раз — откройте ' +
        'страницу через минуту.'
    : 'База данных не отвечает. Отправленные данные не сохранены — вернитесь к форме кнопкой «Назад» и отправьте её ещё ' +
        'раз через минуту.'
}

/** Requests whose loader or action met the database away (marked by entry.server.tsx's handleError). */
const away = new WeakSet<Request>()
let lastLogAt = 0

/** For Remix's handleError: a database away marks the request (true) and is said once a minute. */
export function noteDatabaseAway(error: unknown, request: Request): boolean {
  if (!isDatabaseAwayError(error)) return false
  away.add(request)
  const now = Date.now()
  if (now - lastLogAt >= 60_000 || now < lastLogAt) {
    lastLogAt = now
    // Prisma's message begins «Invalid `prisma.x.y()` invocation:»; its last line says what happened.
    const reason = error instanceof Error ? (error.message.trim().split('\n').pop() ?? '').trim() : String(error)
    console.error(
      `База данных не отвечает: страницы отвечают 503 «Сервис временно недоступен» (${reason}). Проверьте, что сервер баз ` +
        'данных запущен и доступен (для SQLite — что файл базы не заблокирован другой программой и диск не заполнен); ' +
        'сервер продолжит работу сам, перезапуск не нужен.',
    )
  }
  return true
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
  const text = databaseAwayText(request.method)
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
