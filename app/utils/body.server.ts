// Reading a request body with a ceiling (docs/decisions/021). Every action reads its form through here, so a
// route called without server.js in front (tests, another adapter) still reads at most its limit, whether or not
// Content-Length is sent: the body is counted as it streams and the read stops at the first byte over the limit.
import type { UploadHandler } from '@remix-run/node'
import { MaxPartSizeExceededError, unstable_parseMultipartFormData } from '@remix-run/node'
import { FORM_BYTES, bodyLimitFor, tooLargeMessage } from './body-limits'

/** 413 with a Russian message; `Connection: close` because the rest of the body is left unread. */
function tooLargeResponse(limit: number): Response {
  return new Response(tooLargeMessage(limit), {
    status: 413,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close', 'Cache-Control': 'no-store' },
  })
}

type Bounded = { request: Request; exceeded: () => boolean; limit: number }

/** The request with a body that fails at the first byte over `limit`; 413 at once if Content-Length says so. */
function boundedRequest(request: Request, limit = bodyLimitFor(request.method, new URL(request.url).pathname)): Bounded {
  const declared = request.headers.get('content-length')
  if (declared !== null && !(Number(declared) <= limit)) throw tooLargeResponse(limit)
  if (!request.body) return { request, exceeded: () => false, limit }
  let seen = 0
  let over = false
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength
      if (seen > limit) {
        over = true
        controller.error(new Error(tooLargeMessage(limit)))
      } else controller.enqueue(chunk)
    },
  })
  const init = {
    method: request.method,
    headers: request.headers,
    body: request.body.pipeThrough(counter),
    duplex: 'half',
    signal: request.signal,
  }
  return { request: new Request(request.url, init as RequestInit), exceeded: () => over, limit }
}

/** 400 with a Russian message: a body that is not a form (JSON, plain text, multipart without its boundary). */
function notAFormResponse(): Response {
  return new Response('Запрос не выполнен: ожидалась форма (application/x-www-form-urlencoded или multipart/form-data).', {
    status: 400,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  })
}

/**
 * A form without files (urlencoded or multipart), at most the route's limit (64 КБ for a plain form). A body that is
 * not a form is 400 in Russian, not the 500 of the fetch API's TypeError.
 */
export async function readForm(
  request: Request,
  limit = Math.min(FORM_BYTES, bodyLimitFor(request.method, new URL(request.url).pathname) || FORM_BYTES),
): Promise<FormData> {
  const bounded = boundedRequest(request, limit)
  try {
    return await bounded.request.formData()
  } catch (error) {
    if (bounded.exceeded()) throw tooLargeResponse(limit)
    if (error instanceof TypeError) throw notAFormResponse()
    throw error
  }
}

/** Fields of a multipart form whose file was over the per-file limit (read to the end, not kept). */
const oversize = new WeakMap<FormData, string[]>()

export function oversizeFields(form: FormData): string[] {
  return oversize.get(form) ?? []
}

/**
 * A multipart form with files, at most the route's limit in all. A file over `maxPartSize` is drained and left
 * out (its field is listed by oversizeFields) when `keepGoing`, so the page can answer with everything else kept;
 * otherwise it throws MaxPartSizeExceededError as Remix's memory handler does. A non-multipart body is read as a
 * plain form.
 */
export async function readMultipartForm(
  request: Request,
  { maxPartSize, keepGoing = false, limit }: { maxPartSize: number; keepGoing?: boolean; limit?: number },
): Promise<FormData> {
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) return readForm(request)
  const bounded = boundedRequest(request, limit)
  const tooLarge: string[] = []
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    const chunks: Uint8Array[] = []
    let size = 0
    let over = false
    for await (const chunk of data) {
      size += chunk.byteLength
      if (size > maxPartSize) {
        if (!keepGoing) throw new MaxPartSizeExceededError(name, maxPartSize)
        over = true
        chunks.length = 0
      }
      if (!over) chunks.push(chunk)
    }
    if (over) {
      tooLarge.push(name)
      return undefined
    }
    if (!filename) return new TextDecoder().decode(Buffer.concat(chunks))
    return new File([new Uint8Array(Buffer.concat(chunks))], filename, { type: contentType })
  }
  try {
    const form = await unstable_parseMultipartFormData(bounded.request, handler)
    oversize.set(form, tooLarge)
    return form
  } catch (error) {
    if (bounded.exceeded()) throw tooLargeResponse(bounded.limit)
    if (error instanceof MaxPartSizeExceededError || error instanceof Response || request.signal.aborted) throw error
    // A body cut off before its closing boundary (the connection dropped mid-upload, a proxy's timeout): the parser's
    // English error reached two routes as a 500. Each route says this in its page.
    throw new BrokenFormError()
  }
}

/** A multipart body that is not whole: nothing of it is kept. */
export class BrokenFormError extends Error {
  constructor() {
    super('Форма пришла не полностью — связь прервалась во время отправки. Ничего не сохранено: отправьте её ещё раз.')
  }
}
