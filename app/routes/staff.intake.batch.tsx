// Applications collected at the parent meeting (Порядок 3.1.1: handed in «непосредственно на первом
// организационном родительском собрании»): the class list. The meeting's date and time, entered once, is the
// receipt of every form of the batch (its registration clock runs from the handover, ADR 033); the moment each
// form is entered is kept beside it.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { invariantResponse } from '#app/utils/request.server'
import { getClassRoster } from '#app/models/class.server'
import { listApplicationsOfPupils } from '#app/models/applications.server'
import { parseHandover, requireIntakeUser } from '#app/models/intake.server'
import { getCurrentYear, getSchool } from '#app/models/school.server'
import { STAFF_STATUS_LABELS, type ApplicationStatus } from '#workflows/statuses'
import { formatDateTime, startOfLocalDay, toIsoWithOffset } from '#workflows/time'
import { TERM_TEXT } from '#workflows/deadlines'

export const meta: MetaFunction = () => [{ title: 'Заявления с родительского собрания — рабочее место' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireIntakeUser(request)
  const url = new URL(request.url)
  const classId = url.searchParams.get('classId') ?? ''
  const { timeZone } = await getSchool(user.schoolId)
  const handover = parseHandover(url.searchParams.get('handedOverAt'), new Date(), timeZone)
  const roster = await getClassRoster(user.schoolId, classId)
  invariantResponse(roster, 'Класс не найден')
  const year = await getCurrentYear(user.schoolId)
  const apps = await listApplicationsOfPupils(
    user.schoolId,
    roster.pupils.map((p) => p.id),
    startOfLocalDay(year?.startsOn ?? '2000-01-01'),
  )
  return json({
    classId: roster.id,
    name: roster.name,
    handoverError: handover.error,
    handedOverAt: handover.at?.toISOString() ?? null,
    handedOverLabel: handover.at ? formatDateTime(handover.at, timeZone) : null,
    handedOverInput: handover.at ? toIsoWithOffset(handover.at, timeZone).slice(0, 16) : '',
    max: toIsoWithOffset(new Date(), timeZone).slice(0, 16),
    pupils: roster.pupils
      .filter((p) => !p.leftOn)
      .map((p) => ({
        id: p.id,
        name: p.name,
        guardians: p.guardians.map((g) => `${g.name} (${g.relationship})`).join(', '),
        applications: apps
          .filter((a) => a.pupilId === p.id)
          .map((a) => ({ id: a.id, number: a.registrationNumber, status: STAFF_STATUS_LABELS[a.status as ApplicationStatus] ?? a.status })),
      })),
  })
}

export default function BatchIntake() {
  const { classId, name, pupils, handedOverAt, handedOverLabel, handedOverInput, handoverError, max } = useLoaderData<typeof loader>()
  const handoverQuery = handedOverAt ? `&handedOverAt=${encodeURIComponent(handedOverAt)}` : ''
  const done = pupils.filter((p) => p.applications.length).length
  return (
    <>
      <h1>Заявления с собрания: {name}</h1>
      <Form method="get" className="card" aria-labelledby="handover-h">
        <h2 id="handover-h">Когда заявления переданы на собрании</h2>
        <p className="hint" id="handover-hint">
          Время поступления заявления — момент, когда родитель передал его на собрании (Порядок, п. 3.1.1): от него считается срок
          регистрации. Укажите дату и время собрания один раз для всех заявлений; время внесения каждого заявления в систему сохранится
          рядом.
        </p>
        <input type="hidden" name="classId" value={classId} />
        <label htmlFor="handedOverAt">Дата и время собрания</label>
        <input
          id="handedOverAt"
          name="handedOverAt"
          type="datetime-local"
          max={max}
          defaultValue={handedOverInput}
          aria-describedby="handover-hint"
          aria-invalid={handoverError ? true : undefined}
        />{' '}
        <button type="submit" className="secondary">
          Применить
        </button>
        {handoverError ? (
          <p className="field-error" role="alert">
            {handoverError}
          </p>
        ) : null}
        {handedOverLabel ? (
          <p className="success" role="status">
            Заявления переданы {handedOverLabel}.
          </p>
        ) : null}
      </Form>
      <p>
        Откройте приём по каждому собранному заявлению: поля заполнятся из журнала.
        {handedOverAt ? '' : ` Без времени собрания отсчёт ${TERM_TEXT.inPersonMinutes} начнётся с открытия формы.`}
      </p>
      <p>
        <label htmlFor="batch-progress">
          Принято заявлений: {done} из {pupils.length}
        </label>{' '}
        <progress id="batch-progress" value={done} max={pupils.length}>
          {done}
        </progress>
      </p>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Обучающиеся класса">
        <table>
          <caption className="visually-hidden">Обучающиеся класса {name}</caption>
          <thead>
            <tr>
              <th scope="col">Обучающийся</th>
              <th scope="col">Родители (законные представители)</th>
              <th scope="col">Заявления</th>
              <th scope="col">Приём</th>
            </tr>
          </thead>
          <tbody>
            {pupils.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.name}</th>
                <td>{p.guardians || '—'}</td>
                <td>
                  {p.applications.length
                    ? p.applications.map((a) => (
                        <div key={a.id}>
                          <Link to={`/staff/applications/${a.id}`}>{a.number ? `№ ${a.number}` : 'не зарегистрировано'}</Link> — {a.status}
                        </div>
                      ))
                    : '—'}
                </td>
                <td>
                  <Link to={`/staff/intake?pupilId=${p.id}&classId=${classId}${handoverQuery}`} aria-label={`Принять заявление: ${p.name}`}>
                    Принять заявление
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
