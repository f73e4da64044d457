import { describe, expect, it } from 'vitest'
import { loader as apiLoader } from '#app/routes/api.deadlines'
import { loader as pageLoader } from '#app/routes/deadlines'
import { getRequest, settle } from '#tests/helpers/http'

const args = (request: Request) => ({ request, params: {}, context: {} })

/** Calls GET /api/deadlines with the query exactly as written (so '+' may arrive as a space, as in real life). */
async function api(query: string) {
  const response = await settle(() => apiLoader(args(getRequest(`/api/deadlines?${query}`))))
  return { status: response.status, headers: response.headers, body: await response.json() }
}

const q = (params: Record<string, string>) => new URLSearchParams(params).toString()

describe('GET /api/deadlines', () => {
  it('e-mail on Fri 08.05.2026: registration on Tue 12.05, the weekend and the transferred 11 May skipped', async () => {
    const { status, headers, body } = await api(q({ channel: 'email', receivedAt: '2026-05-08T10:00:00+04:00' }))
    expect(status).toBe(200)
    expect(body).toMatchObject({
      registrationDue: '2026-05-12T23:59:59+04:00',
      reviewDue: '2026-06-10T23:59:59+04:00', // Порядок 3.1.2: 29 days from the registration day
      deliveryDue: '2026-06-11T23:59:59+04:00', // Порядок 2.3: 30 days
      deliveryPracticalTarget: '2026-06-11T23:59:59+04:00',
      skippedDays: ['2026-05-09', '2026-05-10', '2026-05-11'],
      usedFallbackYears: [],
      timeZone: 'Europe/Saratov',
    })
    expect(headers.get('Cache-Control')).toBe('no-store')
    expect(headers.get('Access-Control-Allow-Origin')).toBe('*')
  })

  it('reads an unencoded «+» (a space after decoding), «Z» and a missing offset alike', async () => {
    const plus = await api('channel=email&receivedAt=2026-05-08T10:00:00+04:00')
    const zulu = await api(q({ channel: 'email', receivedAt: '2026-05-08T06:00:00Z' }))
    const local = await api(q({ channel: 'email', receivedAt: '2026-05-08T10:00' }))
    for (const { status, body } of [plus, zulu, local]) {
      expect(status).toBe(200)
      expect(body.receivedAt).toBe('2026-05-08T10:00:00+04:00')
      expect(body.registrationDue).toBe('2026-05-12T23:59:59+04:00')
    }
  })

  it('in person: registration within 10 minutes, even on a Saturday; a Sunday delivery date gives a Friday target', async () => {
    const { status, body } = await api(q({ channel: 'in_person', receivedAt: '2026-05-08T10:00:00+04:00' }))
    expect(status).toBe(200)
    expect(body).toMatchObject({
      registrationDue: '2026-05-08T10:10:00+04:00',
      reviewDue: '2026-06-06T23:59:59+04:00',
      deliveryDue: '2026-06-07T23:59:59+04:00', // Sunday
      deliveryPracticalTarget: '2026-06-05T23:59:59+04:00',
      skippedDays: [],
    })
    const saturday = await api(q({ channel: 'in_person', receivedAt: '2026-05-09T12:00:00+04:00' }))
    expect(saturday.body.registrationDue).toBe('2026-05-09T12:10:00+04:00')
  })

  it('counts days in the school zone: 21:30 UTC on 12 May is already 13 May in Saratov', async () => {
    const utcLate = await api(q({ channel: 'post', receivedAt: '2026-05-12T21:30:00Z' }))
    expect(utcLate.body.receivedAt).toBe('2026-05-13T01:30:00+04:00')
    expect(utcLate.body.registrationDue).toBe('2026-05-14T23:59:59+04:00')
    const localLate = await api(q({ channel: 'online', receivedAt: '2026-05-12T23:30' }))
    expect(localLate.body.registrationDue).toBe('2026-05-13T23:59:59+04:00')
    const moscow = await api(q({ channel: 'email', receivedAt: '2026-05-12T23:30:00+03:00' })) // 00:30 on 13 May in Saratov
    expect(moscow.body.registrationDue).toBe('2026-05-14T23:59:59+04:00')
  })

  it('counts review and delivery from the registration date when it is given', async () => {
    const { status, body } = await api(
      q({ channel: 'post', receivedAt: '2026-05-08T10:00:00+04:00', registeredAt: '2026-05-08T15:00:00+04:00' }),
    )
    expect(status).toBe(200)
    expect(body).toMatchObject({
      registeredAt: '2026-05-08T15:00:00+04:00',
      registrationDue: '2026-05-12T23:59:59+04:00',
      reviewDue: '2026-06-06T23:59:59+04:00',
      deliveryDue: '2026-06-07T23:59:59+04:00',
      deliveryPracticalTarget: '2026-06-05T23:59:59+04:00',
    })
  })

  it(
    'accepts channel=portal (an application filed through the portal ' + 'is registered within 1 working day, Порядок 3.1.1), as e-mail',
    async () => {
      const portal = await api(q({ channel: 'portal', receivedAt: '2026-05-08T10:00:00+04:00' }))
      const email = await api(q({ channel: 'email', receivedAt: '2026-05-08T10:00:00+04:00' }))
      expect(portal.status).toBe(200)
      expect(portal.body).toMatchObject({ channel: 'portal', registrationDue: '2026-05-12T23:59:59+04:00' })
      expect({ ...portal.body, channel: 'email' }).toEqual(email.body)
    },
  )

  it('warns when a year without calendar data is used', async () => {
    const { status, body } = await api(q({ channel: 'email', receivedAt: '2030-05-08T10:00' }))
    expect(status).toBe(200)
    expect(body.usedFallbackYears).toEqual([2030])
  })

  it.each([
    ['no parameters', '', /Выберите способ подачи заявления/],
    ['no channel', q({ receivedAt: '2026-05-08T10:00' }), /Выберите способ подачи заявления/],
    ['channel=fax', q({ channel: 'fax', receivedAt: '2026-05-08T10:00' }), /Неизвестный способ подачи заявления «fax»/],
    ['no receivedAt', q({ channel: 'email' }), /Укажите дату и время поступления заявления/],
    ['empty receivedAt', q({ channel: 'email', receivedAt: '' }), /Укажите дату и время поступления заявления/],
    [
      'receivedAt=2026-13-45',
      q({ channel: 'email', receivedAt: '2026-13-45' }),
      /Не удалось прочитать дату и время поступления «2026-13-45»/,
    ],
    [
      'month 13, day 45 with a time',
      q({ channel: 'email', receivedAt: '2026-13-45T10:00' }),
      /Дата поступления «2026-13-45T10:00» не существует/,
    ],
    ['30 February', q({ channel: 'email', receivedAt: '2026-02-30T10:00:00Z' }), /не существует/],
    ['25 o’clock', q({ channel: 'email', receivedAt: '2026-05-08T25:00' }), /Неверное время поступления/],
    ['garbage', q({ channel: 'email', receivedAt: 'завтра' }), /Не удалось прочитать/],
    ['a date without time', q({ channel: 'email', receivedAt: '2026-05-08' }), /ожидается ГГГГ-ММ-ДДTЧЧ:ММ/],
    ['a bad offset', q({ channel: 'email', receivedAt: '2026-05-08T10:00:00+25:00' }), /Неверный часовой сдвиг/],
    ['year 1999', q({ channel: 'email', receivedAt: '1999-12-31T10:00' }), /Год поступления должен быть от 2000 до 2100, а указан 1999/],
    ['year 2101', q({ channel: 'email', receivedAt: '2101-01-01T10:00' }), /от 2000 до 2100/],
    ['year 2101 in school time', q({ channel: 'email', receivedAt: '2100-12-31T23:00:00Z' }), /а указан 2101/],
    ['a very long value', q({ channel: 'email', receivedAt: '2026-05-08T10:00'.padEnd(500, '0') }), /Слишком длинное значение/],
    [
      'bad receivedAt with a good registeredAt',
      q({ channel: 'email', receivedAt: 'x', registeredAt: '2026-05-08T10:00' }),
      /Не удалось прочитать дату и время поступления «x»/,
    ],
    [
      'bad registeredAt',
      q({ channel: 'email', receivedAt: '2026-05-08T10:00', registeredAt: 'вчера' }),
      /дату и время регистрации «вчера»/,
    ],
    [
      'registeredAt before receivedAt',
      q({ channel: 'email', receivedAt: '2026-05-08T10:00:00+04:00', registeredAt: '2026-05-08T09:59:00+04:00' }),
      /Дата регистрации не может быть раньше даты поступления заявления/,
    ],
  ])('%s → 400 with a Russian message', async (_name, query, message) => {
    const { status, headers, body } = await api(query)
    expect(status).toBe(400)
    expect(body.error).toMatch(message)
    expect(headers.get('Access-Control-Allow-Origin')).toBe('*')
    expect(headers.get('Cache-Control')).toBe('no-store')
  })

  it('answers a CORS preflight', async () => {
    const response = await settle(() => apiLoader(args(new Request('http://localhost:3000/api/deadlines', { method: 'OPTIONS' }))))
    expect(response.status).toBe(204)
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*')
  })
})

describe('the /deadlines page loader', () => {
  it('shows an empty form with receipt «now» in school time', async () => {
    const response = await settle(() => pageLoader(args(getRequest('/deadlines'))))
    expect(response.status).toBe(200)
    const data = await response.json()
    expect(data.result).toBeNull()
    expect(data.values.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
    expect(data.channels.map((c: { label: string }) => c.label)).toEqual(['лично', 'почтой', 'электронной почтой', 'онлайн на сайте'])
    expect(data.zone).toEqual({ name: 'Europe/Saratov', offset: '+04:00' })
  })

  it('shows every deadline in dd.MM.yyyy HH:mm and the skipped days with weekday names', async () => {
    const response = await settle(() =>
      pageLoader(args(getRequest(`/deadlines?${q({ channel: 'email', receivedAt: '2026-05-08T10:00', registeredAt: '' })}`))),
    )
    expect(response.status).toBe(200)
    const { result, values } = await response.json()
    expect(values).toEqual({ channel: 'email', receivedAt: '2026-05-08T10:00', registeredAt: '' })
    expect(result).toMatchObject({
      channel: 'электронной почтой',
      receivedAt: '08.05.2026 10:00',
      // ADR 032: the one sentence every place tells the parent.
      answer: 'не позднее 11.06.2026',
      registration: { due: '12.05.2026 23:59' },
      review: { due: '10.06.2026 23:59' },
      delivery: { due: '11.06.2026 23:59' },
      skippedDays: ['09.05.2026, суббота', '10.05.2026, воскресенье', '11.05.2026, понедельник'],
      fallbackWarning: null,
    })
  })

  it('gives the practical target when the legal date is a day off, and warns about a year without data', async () => {
    const sunday = await (
      await settle(() => pageLoader(args(getRequest(`/deadlines?${q({ channel: 'in_person', receivedAt: '2026-05-08T10:00' })}`))))
    ).json()
    expect(sunday.result.delivery).toMatchObject({ due: '07.06.2026 23:59' })
    // ADR 032: the legal date, and the previous working day, named, in the words of the letters and the status page.
    expect(sunday.result.answer).toBe(
      'не позднее 07.06.2026 (воскресенье — нерабочий день, поэтому школа ответит не ' +
        'позднее 05.06.2026, пятница, в последний рабочий день перед ним)',
    )
    const future = await (
      await settle(() => pageLoader(args(getRequest(`/deadlines?${q({ channel: 'post', receivedAt: '2031-03-06T12:00' })}`))))
    ).json()
    expect(future.result.fallbackWarning).toMatch(/^Для 2031 года нет данных производственного календаря/)
  })

  it('returns 400 with field errors and keeps what was typed', async () => {
    const response = await settle(() =>
      pageLoader(
        args(getRequest(`/deadlines?${q({ channel: 'email', receivedAt: '2026-05-08T10:00', registeredAt: '2026-05-07T10:00' })}`)),
      ),
    )
    expect(response.status).toBe(400)
    const data = await response.json()
    expect(data.result).toBeNull()
    expect(data.errors.registeredAt).toEqual(['Дата регистрации не может быть раньше даты поступления заявления'])
    expect(data.values.registeredAt).toBe('2026-05-07T10:00')
    const empty = await (await settle(() => pageLoader(args(getRequest('/deadlines?channel=&receivedAt='))))).json()
    expect(empty.errors).toEqual({
      channel: ['Выберите способ подачи заявления'],
      receivedAt: ['Укажите дату и время поступления заявления'],
    })
  })
})
