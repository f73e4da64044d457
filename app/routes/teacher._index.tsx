import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { invariantResponse } from '#app/utils/request.server'
import { getTeacherOverview, getClassRoster } from '#app/models/class.server'
import { ClassRoster } from '#app/components/class-roster'

export const meta: MetaFunction = () => [{ title: 'Мои классы' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:class:own')
  invariantResponse(user.staffId, 'Учётная запись не связана с сотрудником', { status: 403 })
  const overview = await getTeacherOverview(user.schoolId, user.staffId)
  const roster = overview.led[0] ? await getClassRoster(user.schoolId, overview.led[0].id) : null
  return json({ overview, roster })
}

export default function TeacherHome() {
  const { overview, roster } = useLoaderData<typeof loader>()
  return (
    <>
      {roster ? <ClassRoster roster={roster} /> : <h1>Мои классы</h1>}
      <h2>Мои уроки по расписанию</h2>
      {overview.groups.length === 0 ? (
        <p>По расписанию у вас нет уроков.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Класс</th>
                <th scope="col">Группа</th>
                <th scope="col">Предмет</th>
                <th scope="col">Часов в неделю</th>
              </tr>
            </thead>
            <tbody>
              {overview.groups.map((g) => (
                <tr key={`${g.groupId}-${g.subject}`}>
                  <td>
                    <Link to={`/teacher/classes/${g.classId}`}>{g.className}</Link>
                  </td>
                  <td>{g.groupName}</td>
                  <td>{g.subject}</td>
                  <td>{g.hours}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
