import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { evaluateDeadlineQuery } from '#app/models/deadline-query.server'
import { toIsoWithOffset } from '#workflows/time'
import { answerDate } from '#workflows/deadlines'
import { getCalendar } from '#app/models/calendar.server'
import { resolvePublicSchool } from '#app/models/public-school.server'

/**
 * GET /api/deadlines?channel=in_person|post|email|online|portal&receivedAt=<ISO 8601>[&registeredAt=<ISO 8601>]
 * Public and read-only, so other systems may call it from anywhere (CORS *); answers are never cached, since
 * a calendar year loaded later can change them.
 */
const HEADERS = {
  'Cache-Control': 'no-store',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
}

function reply(body: unknown, status: number) {
  return json(body, { status, headers: HEADERS })
}

export async function loader({ request }: LoaderFunctionArgs) {
  // Remix hands OPTIONS to the loader: answer a CORS preflight without computing anything.
  if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: { ...HEADERS, 'Access-Control-Max-Age': '86400' } })
  try {
    // `?school=` or the school's host name picks whose time zone the dates are in (ADR 056).
    const { school } = await resolvePublicSchool(request)
    const result = await evaluateDeadlineQuery(new URL(request.url).searchParams, school?.id)
    if (!result.ok) return reply({ error: result.error, fieldErrors: result.fieldErrors }, 400)
    const { timeZone, query, deadlines } = result
    const iso = (instant: Date) => toIsoWithOffset(instant, timeZone)
    return reply(
      {
        channel: query.channel,
        receivedAt: iso(query.receivedAt),
        registeredAt: query.registeredAt ? iso(query.registeredAt) : null,
        registrationDue: iso(deadlines.registrationDue),
        reviewDue: iso(deadlines.reviewDue),
        deliveryDue: iso(deadlines.deliveryDue),
        deliveryPracticalTarget: iso(deadlines.deliveryPracticalTarget),
        // The sentence the parent is told everywhere (ADR 032).
        answer: answerDate(deadlines.deliveryDue, { calendar: await getCalendar(), timeZone }).text,
        skippedDays: deadlines.skippedDays,
        usedFallbackYears: deadlines.usedFallbackYears,
        timeZone,
      },
      200,
    )
  } catch (error) {
    // Input problems are all caught by the schema; a RangeError here still means an unusable value, not our fault.
    if (error instanceof RangeError) return reply({ error: error.message }, 400)
    console.error('GET /api/deadlines:', error)
    return reply({ error: 'Внутренняя ошибка сервера: сроки не рассчитаны. Попробуйте позже.' }, 500)
  }
}

export async function action(_: ActionFunctionArgs) {
  return json({ error: 'Метод не поддерживается: используйте GET' }, { status: 405, headers: { ...HEADERS, Allow: 'GET, HEAD, OPTIONS' } })
}
