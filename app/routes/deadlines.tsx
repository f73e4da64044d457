import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useLoaderData, useNavigation } from '@remix-run/react'
import { getSchoolTimeZone } from '#app/models/calendar.server'
import { resolvePublicSchool } from '#app/models/public-school.server'
import { SCHOOL_PARAM } from '#app/utils/school-query'
import {
  CHANNEL_LABELS,
  DEADLINE_QUERY_FIELDS,
  FORM_CHANNELS,
  evaluateDeadlineQuery,
  type DeadlineQuery,
  type DeadlineQueryField,
  type FieldErrors,
} from '#app/models/deadline-query.server'
import { getCalendar } from '#app/models/calendar.server'
import { answerDate, dayWithWeekday, DELIVERY_RULE, registrationRule, REVIEW_RULE, type Deadlines } from '#workflows/deadlines'
import type { ProductionCalendar } from '#workflows/calendar'
import { formatDateTime, toIsoWithOffset } from '#workflows/time'

export const meta: MetaFunction = () => [{ title: 'Когда будет ответ? — сроки по заявлению' }]

/** The value a datetime-local field shows: school time, to the minute. */
function localInputValue(instant: Date, timeZone: string): string {
  return toIsoWithOffset(instant, timeZone).slice(0, 16)
}

function fallbackWarning(years: number[]): string | null {
  if (years.length === 0) return null
  return (
    `Для ${years.join(' и ')} ${years.length > 1 ? 'годов' : 'года'} нет данных производственного календаря: ` +
    'сроки считаются по выходным и праздникам ТК РФ (ст. 112, с переносом выходного дня, совпавшего с праздником) без переносов ' +
    'по постановлению Правительства РФ. Уточните сроки в школе.'
  )
}

function present(query: DeadlineQuery, deadlines: Deadlines, timeZone: string, calendar: ProductionCalendar) {
  const at = (instant: Date) => formatDateTime(instant, timeZone)
  return {
    channel: CHANNEL_LABELS[query.channel],
    receivedAt: at(query.receivedAt),
    registeredAt: query.registeredAt ? at(query.registeredAt) : null,
    registeredLate: query.registeredAt ? query.registeredAt.getTime() > deadlines.registrationDue.getTime() : false,
    // The same sentence as the status page, the letters and the portal API (ADR 032).
    answer: answerDate(deadlines.deliveryDue, { calendar, timeZone }).text,
    registration: { due: at(deadlines.registrationDue), rule: registrationRule(query.channel) },
    review: { due: at(deadlines.reviewDue), rule: REVIEW_RULE },
    delivery: { due: at(deadlines.deliveryDue), rule: DELIVERY_RULE },
    skippedDays: deadlines.skippedDays.map(dayWithWeekday),
    fallbackWarning: fallbackWarning(deadlines.usedFallbackYears),
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams
  // The addressed school's time zone (ADR 056); the production calendar is the same for every school.
  const { school, query: schoolQuery } = await resolvePublicSchool(request)
  const schoolCode = schoolQuery ? (params.get(SCHOOL_PARAM) ?? '') : ''
  const timeZone = await getSchoolTimeZone(school?.id)
  const zone = { name: timeZone, offset: toIsoWithOffset(new Date(), timeZone).slice(19) }
  const channels = FORM_CHANNELS.map((value) => ({ value, label: CHANNEL_LABELS[value] }))
  const raw = Object.fromEntries(DEADLINE_QUERY_FIELDS.map((f) => [f, params.get(f) ?? ''])) as Record<DeadlineQueryField, string>
  if (!DEADLINE_QUERY_FIELDS.some((field) => params.has(field))) {
    // Nothing asked yet: the form, with receipt «now» in school time.
    const values = { channel: '', receivedAt: localInputValue(new Date(), timeZone), registeredAt: '' }
    return json({ zone, channels, values, errors: {} as FieldErrors, result: null, schoolCode })
  }
  const evaluated = await evaluateDeadlineQuery(params, school?.id)
  if (!evaluated.ok) return json({ zone, channels, values: raw, errors: evaluated.fieldErrors, result: null, schoolCode }, { status: 400 })
  const { query, deadlines } = evaluated
  const values = {
    channel: query.channel,
    receivedAt: localInputValue(query.receivedAt, timeZone),
    registeredAt: query.registeredAt ? localInputValue(query.registeredAt, timeZone) : '',
  }
  return json({
    zone,
    channels,
    values,
    errors: {} as FieldErrors,
    result: present(query, deadlines, timeZone, await getCalendar()),
    schoolCode,
  })
}

// Listed here, not imported: the component runs in the browser, where *.server modules are empty.
const FIELDS = ['channel', 'receivedAt', 'registeredAt'] as const satisfies readonly DeadlineQueryField[]
const FIELD_LABELS: Record<DeadlineQueryField, string> = {
  channel: 'Способ подачи',
  receivedAt: 'Дата и время поступления',
  registeredAt: 'Дата и время регистрации',
}

function describedBy(...ids: Array<string | false | undefined>): string | undefined {
  const list = ids.filter(Boolean).join(' ')
  return list || undefined
}

export default function DeadlinesPage() {
  const { zone, channels, values, errors, result, schoolCode } = useLoaderData<typeof loader>()
  const busy = useNavigation().state === 'loading'
  const errorOf = (field: DeadlineQueryField) => errors[field]?.[0]
  const fieldsWithErrors = FIELDS.filter((field) => errorOf(field))
  // Remount the form when the answer changes, so its fields show the values the answer was counted for.
  const formKey = `${values.channel}|${values.receivedAt}|${values.registeredAt}`
  return (
    <>
      <h1>Когда будет ответ?</h1>
      <p>
        Укажите, как и когда заявление о предоставлении информации о текущей успеваемости поступило в школу, — мы покажем сроки его
        регистрации, рассмотрения и ответа. Дата и время — по часовому поясу школы (UTC{zone.offset}).
      </p>

      {fieldsWithErrors.length > 0 ? (
        <div className="alert" role="alert" aria-labelledby="error-summary-title">
          <h2 id="error-summary-title" className="error-summary-title">
            Проверьте данные
          </h2>
          <ul>
            {fieldsWithErrors.map((field) => (
              <li key={field}>
                <a href={`#${field === 'channel' ? 'channel-in_person' : field}`}>
                  {FIELD_LABELS[field]}: {errorOf(field)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <Form method="get" action="/deadlines" noValidate className="card deadline-form" key={formKey}>
        {schoolCode ? <input type="hidden" name={SCHOOL_PARAM} value={schoolCode} /> : null}
        <fieldset aria-describedby={describedBy(errorOf('channel') && 'channel-error')}>
          <legend>Как подано заявление</legend>
          {channels.map((channel) => (
            <div className="choice" key={channel.value}>
              <input
                type="radio"
                id={`channel-${channel.value}`}
                name="channel"
                value={channel.value}
                defaultChecked={values.channel === channel.value}
                required
              />
              <label htmlFor={`channel-${channel.value}`}>{channel.label}</label>
            </div>
          ))}
          {errorOf('channel') ? (
            <p className="field-error" id="channel-error">
              {errorOf('channel')}
            </p>
          ) : null}
        </fieldset>

        <label htmlFor="receivedAt">Дата и время поступления заявления</label>
        <input
          type="datetime-local"
          id="receivedAt"
          name="receivedAt"
          defaultValue={values.receivedAt}
          min="2000-01-01T00:00"
          max="2100-12-31T23:59"
          required
          aria-invalid={errorOf('receivedAt') ? true : undefined}
          aria-describedby={describedBy('receivedAt-hint', errorOf('receivedAt') && 'receivedAt-error')}
        />
        <p className="hint" id="receivedAt-hint">
          Когда заявление подано лично, пришло по почте, на электронную почту или через сайт.
        </p>
        {errorOf('receivedAt') ? (
          <p className="field-error" id="receivedAt-error">
            {errorOf('receivedAt')}
          </p>
        ) : null}

        <label htmlFor="registeredAt">Дата и время регистрации (если известны)</label>
        <input
          type="datetime-local"
          id="registeredAt"
          name="registeredAt"
          defaultValue={values.registeredAt}
          min="2000-01-01T00:00"
          max="2100-12-31T23:59"
          aria-invalid={errorOf('registeredAt') ? true : undefined}
          aria-describedby={describedBy('registeredAt-hint', errorOf('registeredAt') && 'registeredAt-error')}
        />
        <p className="hint" id="registeredAt-hint">
          Есть в ответе школы о регистрации. Без неё сроки считаются от последнего дня срока регистрации.
        </p>
        {errorOf('registeredAt') ? (
          <p className="field-error" id="registeredAt-error">
            {errorOf('registeredAt')}
          </p>
        ) : null}

        <p>
          <button type="submit" disabled={busy}>
            {busy ? 'Считаем…' : 'Рассчитать сроки'}
          </button>
        </p>
      </Form>

      <section className="card deadline-results" aria-labelledby="results-title" aria-live="polite">
        <h2 id="results-title">Сроки</h2>
        {result ? (
          <Results result={result} />
        ) : (
          <p className="muted">Выберите способ подачи, укажите дату и время и нажмите «Рассчитать сроки».</p>
        )}
      </section>
    </>
  )
}

type Presented = ReturnType<typeof present>

function Results({ result }: { result: Presented }) {
  return (
    <>
      <p className="deadline-answer">
        Ответ — <strong>{result.answer}</strong>
      </p>
      {result.fallbackWarning ? (
        <p className="alert" role="note">
          {result.fallbackWarning}
        </p>
      ) : null}
      <p className="muted">
        Заявление подано {result.channel} {result.receivedAt}
        {result.registeredAt ? `, зарегистрировано ${result.registeredAt}` : ''}.
      </p>
      {result.registeredLate ? <p className="notice">Заявление зарегистрировано позже срока регистрации.</p> : null}
      <dl className="props deadline-list">
        <dt>Регистрация</dt>
        <dd>
          не позднее <strong>{result.registration.due}</strong>
          <br />
          <span className="hint">{result.registration.rule}</span>
        </dd>
        <dt>Рассмотрение</dt>
        <dd>
          не позднее <strong>{result.review.due}</strong>
          <br />
          <span className="hint">{result.review.rule}</span>
        </dd>
        <dt>Ответ (предоставление информации)</dt>
        <dd>
          {result.answer}
          <br />
          <span className="hint">{result.delivery.rule}</span>
        </dd>
      </dl>
      {result.registeredAt ? null : (
        <p className="hint">
          Дата регистрации не указана: сроки рассмотрения и ответа посчитаны от последнего дня срока регистрации — это самые поздние
          возможные сроки.
        </p>
      )}
      {result.skippedDays.length > 0 ? (
        <>
          <h3>Нерабочие дни, пропущенные при подсчёте срока регистрации</h3>
          <ul>
            {result.skippedDays.map((day) => (
              <li key={day}>{day}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  )
}
