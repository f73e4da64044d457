import { Link, useRouteLoaderData } from '@remix-run/react'
import { formatDay } from '#app/utils/format'
import { can } from '#app/utils/permissions'
import type { loader as rootLoader } from '#app/root'

type Roster = {
  id: string
  name: string
  classTeacher: string
  groups: Array<{ id: string; name: string; members: number }>
  pupils: Array<{
    id: string
    name: string
    birthDate: string
    enrolledOn: string
    leftOn: string | null
    guardiansHidden: boolean
    guardians: Array<{ name: string; relationship: string; phone: string; confirmed: boolean }>
  }>
}

export function ClassRoster({ roster }: { roster: Roster }) {
  const current = roster.pupils.filter((p) => !p.leftOn)
  // The journal pages are for the administration and the class's teachers (the server checks again).
  const roles = useRouteLoaderData<typeof rootLoader>('root')?.user?.roles ?? []
  const journal = can(roles, 'read:journal:any') || can(roles, 'read:journal:own')
  return (
    <>
      <h1>Класс {roster.name}</h1>
      <p>
        Классный руководитель: {roster.classTeacher}. Обучающихся: {current.length}.
      </p>
      {journal ? (
        <p>
          <Link to={`/staff/journal/${roster.id}`}>Журнал класса</Link>
        </p>
      ) : null}
      <div className="table-wrap">
        <table>
          <caption className="muted" style={{ textAlign: 'left' }}>
            Список класса
          </caption>
          <thead>
            <tr>
              <th scope="col">№</th>
              <th scope="col">Обучающийся</th>
              <th scope="col">Дата рождения</th>
              <th scope="col">Родители (законные представители)</th>
              <th scope="col">Движение</th>
            </tr>
          </thead>
          <tbody>
            {roster.pupils.map((p, i) => (
              <tr key={p.id}>
                <td>{i + 1}</td>
                <td>{journal ? <Link to={`/staff/pupils/${p.id}`}>{p.name}</Link> : p.name}</td>
                <td>{formatDay(p.birthDate)}</td>
                <td>
                  {p.guardiansHidden ? <span className="muted">у классного руководителя</span> : null}
                  {p.guardians.map((g) => (
                    <div key={g.name}>
                      {g.name} ({g.relationship}), {g.phone}{' '}
                      {g.confirmed ? null : <span className="badge warn">статус не подтверждён</span>}
                    </div>
                  ))}
                </td>
                <td>{p.leftOn ? `выбыл(а) ${formatDay(p.leftOn)}` : p.enrolledOn > '' ? `с ${formatDay(p.enrolledOn)}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Учебные группы</h2>
      <ul>
        {roster.groups.map((g) => (
          <li key={g.id}>
            {g.name}: {g.members} чел.
          </li>
        ))}
      </ul>
    </>
  )
}
