import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'
import { action, loader } from '#app/routes/api.v1.applications.($id)'
import { createApiToken, revokeApiToken } from '#app/models/api-tokens.server'
import { applicationFor, receive } from '#tests/helpers/applications'
import { ORIGIN, settle } from '#tests/helpers/http'

const URL_ = `${ORIGIN}/api/v1/applications`
const envToken = () => getEnv().PORTAL_API_TOKEN

function post(body: BodyInit | null, token: string | null = envToken(), headers: Record<string, string> = {}) {
  return new Request(URL_, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
  })
}
const call = (request: Request, params: Record<string, string> = {}) => settle(() => action({ request, params, context: {} }))
const read = (id: string, token: string | null = envToken()) =>
  settle(() =>
    loader({
      request: new Request(`${URL_}/${id}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} }),
      params: { id },
      context: {},
    }),
  )

/** The API's body shape from the helper's valid application (pupil.class instead of pupil.className). */
async function apiBody(overrides: Record<string, unknown> = {}) {
  const data = await applicationFor('5А')
  const { className, ...pupil } = data.pupil
  return { ...data, pupil: { ...pupil, class: className }, ...overrides }
}
const count = () => db.application.count()

describe('POST /api/v1/applications', () => {
  it('creates an application from the portal: 201, ISO times with the school offset, a private status link', async () => {
    const before = await count()
    const response = await call(post(JSON.stringify(await apiBody())))
    expect(response.status).toBe(201)
    const body = await response.json()
    expect(body).toMatchObject({ status: 'received', statusText: 'Заявление получено' })
    expect(body.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+04:00$/)
    expect(body.registrationDue).toMatch(/T23:59:59\+04:00$/)
    expect(body.statusUrl).toMatch(/\/s\/[A-Za-z0-9_-]{32}$/)
    expect(response.headers.get('Location')).toBe(`/api/v1/applications/${body.id}`)
    const stored = await db.application.findUniqueOrThrow({ where: { id: body.id } })
    expect(stored.channel).toBe('portal')
    expect(await count()).toBe(before + 1)
  })

  it('accepts a token issued in the database by its hash, and no longer after it is revoked', async () => {
    const school = await db.school.findFirstOrThrow()
    const { id, token } = await createApiToken(school.id, 'Региональный портал')
    expect(await db.apiToken.count({ where: { tokenHash: token } })).toBe(0)
    expect((await call(post(JSON.stringify(await apiBody()), token))).status).toBe(201)
    const admin = await db.user.findFirstOrThrow({ where: { login: 'admin' } })
    expect(await revokeApiToken(admin, id, '127.0.0.1')).toBe(true)
    expect((await call(post(JSON.stringify(await apiBody()), token))).status).toBe(401)
  })

  it('refuses a missing or wrong token with 401 and stores nothing', async () => {
    const before = await count()
    const body = JSON.stringify(await apiBody())
    for (const request of [
      post(body, null),
      post(body, 'wrong-token-0123456789'),
      post(body, null, { Authorization: 'Basic dXNlcjpwYXNz' }),
    ]) {
      const response = await call(request)
      expect(response.status).toBe(401)
      expect(response.headers.get('WWW-Authenticate')).toBe('Bearer')
      expect((await response.json()).error).toMatch(/токен/)
    }
    expect((await read('anything', null)).status).toBe(401)
    expect(await count()).toBe(before)
  })

  it('returns the same application with 200 for the same idempotencyKey; another client’s equal key is its own', async () => {
    const before = await count()
    const body = JSON.stringify(await apiBody({ idempotencyKey: 'portal-req-42' }))
    const first = await call(post(body))
    const second = await call(post(body))
    expect([first.status, second.status]).toEqual([201, 200])
    expect((await second.json()).id).toBe((await first.json()).id)
    const school = await db.school.findFirstOrThrow()
    const other = await createApiToken(school.id, 'Другая система')
    expect((await call(post(body, other.token))).status).toBe(201)
    expect(await count()).toBe(before + 2)
  })

  it('answers an invalid application with 400 and Russian messages by field path, storing nothing', async () => {
    const before = await count()
    const valid = await apiBody()
    const response = await call(
      post(
        JSON.stringify({
          ...valid,
          applicant: { ...valid.applicant, lastName: '', email: 'не-почта', identityDocument: '' },
          pupil: { ...valid.pupil, class: '12Б' },
          kinds: ['marks', 'gossip'],
          periodicity: 'daily',
          idempotencyKey: 42,
        }),
      ),
    )
    expect(response.status).toBe(400)
    const { errors } = await response.json()
    expect(errors).toMatchObject({
      'applicant.lastName': 'Укажите фамилию',
      'applicant.email': 'Неверный адрес электронной почты',
      'applicant.identityDocument': 'Укажите вид и реквизиты документа, удостоверяющего личность',
      'pupil.class': 'Класс — номер и буква, например 5А',
      'kinds.1': 'Неизвестный вид информации',
      periodicity: 'Выберите периодичность',
      idempotencyKey: expect.stringMatching(/idempotencyKey/),
    })
    expect(await count()).toBe(before)
  })

  it('never answers 500, whatever arrives', async () => {
    const before = await count()
    const valid = await apiBody()
    const bodies: Array<BodyInit | null> = [
      null,
      '',
      '   ',
      '{',
      '{"applicant":',
      'null',
      'true',
      '42',
      '"строка"',
      '[]',
      '[{}]',
      '{}',
      JSON.stringify({ applicant: 'Иванов', pupil: 5, kinds: 'marks', periodicity: [], delivery: {} }),
      JSON.stringify({ ...valid, applicant: null, pupil: null }),
      JSON.stringify({ ...valid, kinds: [1, null, {}, ['marks']] }),
      JSON.stringify({ ...valid, applicant: { ...valid.applicant, lastName: 12345, email: ['a@b.c'] } }),
      JSON.stringify({ ...valid, applicant: { ...valid.applicant, lastName: 'Я'.repeat(5000) } }),
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}',
      JSON.stringify({ ...valid, pupil: { ...valid.pupil, class: null } }),
      JSON.stringify({ ...valid, idempotencyKey: 'ключ с пробелом' }),
      `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    ]
    for (const body of bodies) {
      const response = await call(post(body))
      expect(response.status, String(body).slice(0, 60)).toBe(400)
      expect(Object.keys((await response.json()).errors ?? {}).length).toBeGreaterThan(0)
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const huge = await call(post(JSON.stringify({ ...valid, padding: 'x'.repeat(101 * 1024) })))
    expect(huge.status).toBe(413)
    // A lying Content-Length does not help: the body itself is counted.
    const chunked = await call(
      new Request(URL_, {
        method: 'POST',
        body: 'x'.repeat(200 * 1024),
        headers: { Authorization: `Bearer ${envToken()}`, 'Content-Length': '10' },
      }),
    )
    expect(chunked.status).toBe(413)
    expect(await count()).toBe(before)
  })

  it('refuses other methods with 405', async () => {
    expect((await settle(() => loader({ request: new Request(URL_), params: {}, context: {} }))).status).toBe(405)
    expect((await call(post('{}'), { id: 'x' })).status).toBe(405)
  })
})

describe('GET /api/v1/applications/{id}', () => {
  it('shows status, portal wording, history and deadlines of a portal application; others are 404', async () => {
    const created = await (await call(post(JSON.stringify(await apiBody())))).json()
    const response = await read(created.id)
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body).toMatchObject({ id: created.id, status: 'received', statusText: 'Заявление получено', registrationNumber: null })
    expect(body.history).toEqual([expect.objectContaining({ status: 'received', text: 'Заявление получено', invalid: false })])
    expect(Object.keys(body.deadlines)).toEqual(['registration', 'review', 'delivery'])
    expect(body.deadlines.delivery).toMatchObject({ projected: true, due: expect.stringMatching(/\+04:00$/) })
    const online = await receive('online')
    expect((await read(online.id)).status).toBe(404)
    expect((await read('app_nonexistent')).status).toBe(404)
    // Another API client cannot read this client's application (152-ФЗ: personal data only to whom it concerns).
    const school = await db.school.findFirstOrThrow()
    const other = await createApiToken(school.id, 'Другая система')
    expect((await read(created.id, other.token)).status).toBe(404)
  })
})
