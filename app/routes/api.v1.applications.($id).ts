import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { APPLICANT_ACTOR } from '#app/operations/actor'
import { ApplicationSchema, fieldErrors } from '#app/operations/application-schema'
import { OperationError } from '#app/operations/errors'
import { receiveApplication } from '#app/operations/receive-application.server'
import { authenticateApiRequest } from '#app/models/api-tokens.server'
import { getApiView, getPortalApplication } from '#app/models/application-status.server'
import { publicUrl } from '#app/utils/env.server'
import { API_BYTES } from '#app/utils/body-limits'

/**
 * The regional portal's API (docs/api.md):
 *   POST /api/v1/applications       → 201 new | 200 same idempotencyKey | 400 {errors} | 401 | 413
 *   GET  /api/v1/applications/{id}  → 200 status, portal wording, history, deadlines | 401 | 404
 * No input ever makes it answer 500: the body is read with a cap, parsed defensively and checked by the schema.
 */
const MAX_BODY_BYTES = API_BYTES
const KEY_RE = /^[\x21-\x7e]{1,100}$/

function reply(body: unknown, status: number, headers: Record<string, string> = {}) {
  return json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } })
}
const error = (status: number, message: string, headers?: Record<string, string>) => reply({ error: message }, status, headers)
const unauthorized = () => error(401, 'Нужен действующий токен: заголовок Authorization: Bearer <токен>', { 'WWW-Authenticate': 'Bearer' })
const baseUrl = (request: Request) => publicUrl(request)

async function readJson(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  // The rest of the body is left unread: the connection is closed after the answer (never reused half-read).
  const tooLarge = () => ({ ok: false as const, response: error(413, 'Тело запроса больше 100 КБ', { Connection: 'close' }) })
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return tooLarge()
  const chunks: Uint8Array[] = []
  let size = 0
  if (request.body) {
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength
      if (size > MAX_BODY_BYTES) return tooLarge()
      chunks.push(chunk)
    }
  }
  const bad = (message: string) => ({ ok: false as const, response: reply({ errors: { body: message } }, 400) })
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))
  } catch {
    return bad('Тело запроса должно быть в кодировке UTF-8')
  }
  if (!text.trim()) return bad('Пустое тело запроса: ожидается JSON')
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return bad('Тело запроса не является корректным JSON')
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
// The API says pupil.class; the shared schema says pupil.className.
const toApiPath = (path: string) => (path === 'pupil.className' ? 'pupil.class' : path)
const mapErrors = (errors: Record<string, string>) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [toApiPath(k), v]))

function toInput(value: unknown) {
  if (!isObject(value)) return { ok: false as const, errors: { body: 'Ожидается JSON-объект заявления' } }
  const pupil = isObject(value.pupil) ? { ...value.pupil, className: value.pupil.class } : value.pupil
  const data = { applicant: value.applicant, pupil, kinds: value.kinds, periodicity: value.periodicity, delivery: value.delivery }
  const parsed = ApplicationSchema.safeParse(data)
  const errors: Record<string, string> = parsed.success ? {} : mapErrors(fieldErrors(parsed.error))
  // Порядок 3.2: an application not handed in person names the identity document.
  const doc = isObject(value.applicant) ? value.applicant.identityDocument : undefined
  if (typeof doc !== 'string' || !doc.trim())
    errors['applicant.identityDocument'] ??= 'Укажите вид и реквизиты документа, удостоверяющего личность'
  const key = value.idempotencyKey
  if (key !== undefined && key !== null && (typeof key !== 'string' || !KEY_RE.test(key)))
    errors.idempotencyKey = 'idempotencyKey: строка из 1–100 печатных символов ASCII'
  if (Object.keys(errors).length) return { ok: false as const, errors }
  return { ok: true as const, data, idempotencyKey: typeof key === 'string' ? key : null }
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (params.id || request.method !== 'POST') return error(405, 'Метод не поддерживается', { Allow: params.id ? 'GET' : 'POST' })
  const client = await authenticateApiRequest(request)
  if (!client) return unauthorized()
  const body = await readJson(request)
  if (!body.ok) return body.response
  const input = toInput(body.value)
  if (!input.ok) return reply({ errors: input.errors }, 400)
  try {
    const { application, created } = await receiveApplication({
      schoolId: client.schoolId,
      channel: 'portal',
      data: input.data,
      actor: { ...APPLICANT_ACTOR, name: `Заявитель (портал: ${client.name})` },
      // Each client's keys live in its own namespace: an equal key of another client never returns its application.
      idempotencyKey: input.idempotencyKey ? `portal:${client.clientId}:${input.idempotencyKey}` : null,
      apiClientId: client.clientId,
    })
    const view = await getApiView(application, baseUrl(request))
    return reply(view, created ? 201 : 200, { Location: `/api/v1/applications/${application.id}` })
  } catch (e) {
    if (e instanceof OperationError) return reply({ errors: mapErrors(e.fieldErrors ?? { body: e.message }) }, e.status)
    console.error('POST /api/v1/applications:', e)
    return error(500, 'Внутренняя ошибка сервера: заявление не принято. Повторите запрос с тем же idempotencyKey.')
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  if (!params.id) return error(405, 'Метод не поддерживается: используйте POST', { Allow: 'POST' })
  const client = await authenticateApiRequest(request)
  if (!client) return unauthorized()
  const application = await getPortalApplication(client.schoolId, client.clientId, params.id)
  if (!application) return error(404, 'Заявление не найдено')
  return reply(await getApiView(application, baseUrl(request)), 200)
}
