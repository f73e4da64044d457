// Applications collected at the parent meeting (Порядок 3.1.1: handed in «непосредственно на первом
// организационном родительском собрании»): the class list; each form is registered as received in person,
// its own 10-minute clock starting when its intake is opened.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { invariantResponse } from '#app/utils/request.server'
import { getClassRoster } from '#app/models/class.server'
import { listApplicationsOfPupils } from '#app/models/applications.server'
import { requireIntakeUser } from '#app/models/intake.server'
import { getCurrentYear } from '#app/models/school.server'
import { STAFF_STATUS_LABELS, type ApplicationStatus } from '#workflows/statuses'
import { startOfLocalDay } from '#workflows/time'

export const meta: MetaFunction = () => [{ title: 'Заявления с родительского собрания — рабочее место' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireIntakeUser(request)
  const classId = new URL(request.url).searchParams.get('classId') ?? ''
  const roster = await getClassRoster(user.schoolId, classId)
  invariantResponse(roster, 'Класс не найден')
  const year = await getCurrentYear(user.schoolId)
  const apps = await listApplicationsOfPupils(user.schoolId, roster.pupils.map((p) => p.id), startOfLocalDay(year?.startsOn ?? '2000-01-01'))
  return json({
    classId: roster.id, name: roster.name,
    pupils: roster.pupils.filter((p) => !p.leftOn).map((p) => ({
      id: p.id, name: p.name, guardians: p.guardians.map((g) => `${g.name} (${g.relationship})`).join(', '),
      applications: apps.filter((a) => a.pupilId === p.id).map((a) => ({ id: a.id, number: a.registrationNumber, status: STAFF_STATUS_LABELS[a.status as ApplicationStatus] ?? a.status })),
    })),
  })
}

export default function BatchIntake() {
  const { classId, name, pupils } = useLoaderData<typeof loader>()
  const done = pupils.filter((p) => p.applications.length).length
  return (
    <>
      <h1>Заявления с собрания: {name}</h1>
      <p>Откройте приём по каждому собранному заявлению: поля заполнятся из журнала, отсчёт 10 минут начнётся с открытия формы.</p>
      <p><label htmlFor="batch-progress">Принято заявлений: {done} из {pupils.length}</label> <progress id="batch-progress" value={done} max={pupils.length}>{done}</progress></p>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Обучающиеся класса">
        <table>
          <caption className="visually-hidden">Обучающиеся класса {name}</caption>
          <thead><tr><th scope="col">Обучающийся</th><th scope="col">Родители (законные представители)</th><th scope="col">Заявления</th><th scope="col">Приём</th></tr></thead>
          <tbody>
            {pupils.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.name}</th>
                <td>{p.guardians || '—'}</td>
                <td>{p.applications.length ? p.applications.map((a) => <div key={a.id}><Link to={`/staff/applications/${a.id}`}>{a.number ? `№ ${a.number}` : 'не зарегистрировано'}</Link> — {a.status}</div>) : '—'}</td>
                <td><Link to={`/staff/intake?pupilId=${p.id}&classId=${classId}`} aria-label={`Принять заявление: ${p.name}`}>Принять заявление</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
