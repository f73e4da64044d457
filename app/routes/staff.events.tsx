// «Школьные мероприятия» (Положение 3.6: parents see the school's events, of their child's class and of the whole
// school): the administration adds, changes and deletes them; the parent's e-diary week shows them on their day.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { readForm } from '#app/utils/body.server'
import { checkForm, formValues } from '#app/utils/form-schema'
import { formatDay } from '#app/utils/format'
import { deleteSchoolEvent, getEventsPage, saveSchoolEvent } from '#app/models/school-events.server'
import { EVENT_PLACE_MAX, EVENT_TITLE_MAX, EventEcho, EventForm } from '#workflows/school-events'

export const meta: MetaFunction = () => [{ title: 'Школьные мероприятия' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:events:any')
  return json(await getEventsPage(user.schoolId))
}

type Result = { ok: boolean; message: string; field?: string; values?: Record<string, string | string[]> }

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:events:any')
  const form = await readForm(request)
  const checked = checkForm(EventForm, form)
  const kept = EventEcho.parse(formValues(form))
  if (!checked.ok) {
    const field = Object.keys(checked.fieldErrors)[0]
    return json<Result>({ ok: false, message: checked.message, field, values: kept }, { status: 400 })
  }
  const result =
    checked.data.intent === 'delete' ? await deleteSchoolEvent(user, checked.data.id) : await saveSchoolEvent(user, checked.data)
  if (!result.ok) return json<Result>({ ...result, values: kept }, { status: 400 })
  return json<Result>(result)
}

export default function Events() {
  const { year, classes, events } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const [params] = useSearchParams()
  const editing = events.find((e) => e.id === params.get('edit')) ?? null
  // After a failed save the form shows what was sent; after a good one it is empty again (or shows the edited event).
  const failed = result && !result.ok ? result.values : undefined
  const v = {
    id: String(failed?.id ?? editing?.id ?? ''),
    date: String(failed?.date ?? (editing ? formatDay(editing.date) : '')),
    time: String(failed?.time ?? editing?.time ?? ''),
    title: String(failed?.title ?? editing?.title ?? ''),
    place: String(failed?.place ?? editing?.place ?? ''),
    classes: (failed?.classes as string[] | undefined) ?? editing?.classIds ?? [],
  }
  const invalid = (field: string) => (result && !result.ok && result.field === field ? true : undefined)
  return (
    <>
      <p>
        <Link to="/staff">← Рабочее место</Link>
      </p>
      <h1>Школьные мероприятия</h1>
      <p>
        Мероприятия видят в электронном дневнике родители: общешкольные — все, мероприятия классов — родители обучающихся этих классов
        (Положение об ЭЖ, п. 3.6).
      </p>
      {result ? (
        <p className={result.ok ? 'success' : 'alert'} role={result.ok ? 'status' : 'alert'} id="event-message">
          {result.message}
        </p>
      ) : null}
      {!year ? <p className="alert">В журнале не задан текущий учебный год.</p> : null}
      <Form
        method="post"
        className="card"
        aria-labelledby="event-form-title"
        key={`${v.id}|${result?.ok ? result.message : ''}`}
        action={editing ? `/staff/events?edit=${editing.id}` : '/staff/events'}
      >
        <h2 id="event-form-title">{v.id ? 'Изменить мероприятие' : 'Новое мероприятие'}</h2>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="id" value={v.id} />
        <p>
          <label htmlFor="event-date">Дата (ДД.ММ.ГГГГ)</label>
          <input
            id="event-date"
            name="date"
            defaultValue={v.date}
            placeholder="25.12.2026"
            inputMode="numeric"
            required
            aria-invalid={invalid('date')}
            aria-describedby={invalid('date') ? 'event-message' : undefined}
          />
        </p>
        <p>
          <label htmlFor="event-time">Время (необязательно, ЧЧ:ММ)</label>
          <input
            id="event-time"
            name="time"
            defaultValue={v.time}
            placeholder="18:00"
            inputMode="numeric"
            size={5}
            aria-invalid={invalid('time')}
          />
        </p>
        <p>
          <label htmlFor="event-title">Название</label>
          <input
            id="event-title"
            name="title"
            defaultValue={v.title}
            maxLength={EVENT_TITLE_MAX}
            required
            className="wide-text"
            aria-invalid={invalid('title')}
          />
        </p>
        <p>
          <label htmlFor="event-place">Место</label>
          <input id="event-place" name="place" defaultValue={v.place} maxLength={EVENT_PLACE_MAX} className="wide-text" />
        </p>
        <fieldset className="event-classes" aria-describedby="event-classes-hint">
          <legend>Для кого</legend>
          <p className="hint" id="event-classes-hint">
            Не отмечено ни одного класса — мероприятие для всей школы.
          </p>
          {classes.map((c) => (
            <label key={c.id} className="checkbox">
              <input type="checkbox" name="classes" value={c.id} defaultChecked={v.classes.includes(c.id)} /> {c.name}
            </label>
          ))}
        </fieldset>
        <p>
          <button type="submit" disabled={busy || !year}>
            {v.id ? 'Сохранить изменения' : 'Добавить мероприятие'}
          </button>{' '}
          {editing ? <Link to="/staff/events">Отменить изменение</Link> : null}
        </p>
      </Form>
      <section aria-labelledby="events-title">
        <h2 id="events-title">Мероприятия {year ? `${year.name} учебного года` : ''}</h2>
        {events.length === 0 ? (
          <p className="muted">Мероприятий пока нет.</p>
        ) : (
          <ul className="events">
            {events.map((e) => (
              <li key={e.id} className="card event">
                <p>
                  <strong>
                    {formatDay(e.date)}
                    {e.time ? `, ${e.time}` : ''}
                  </strong>{' '}
                  — {e.title}
                </p>
                <p className="hint">{[e.place, e.audience].filter(Boolean).join(' · ')}</p>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="id" value={e.id} />
                  <Link to={`/staff/events?edit=${e.id}`} aria-label={`Изменить: ${e.title}, ${formatDay(e.date)}`}>
                    Изменить
                  </Link>{' '}
                  <button type="submit" className="secondary" disabled={busy} aria-label={`Удалить: ${e.title}, ${formatDay(e.date)}`}>
                    Удалить
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}
