import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { invariantResponse } from '#app/utils/request.server'
import { getChildForGuardian, recentMarks } from '#app/models/pupil.server'
import { recordAudit } from '#app/models/audit.server'
import { formatDay } from '#app/utils/format'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.child.name ?? 'Обучающийся'} — дневник` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:pupil:own')
  // Положение 3.6: a parent sees only their own child; another family's id is «not found».
  const child = user.guardianId ? await getChildForGuardian(user.guardianId, params.pupilId ?? '') : null
  invariantResponse(child, 'Обучающийся не найден')
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'view:pupil', entity: 'pupil', entityId: child.id })
  return json({ child, marks: await recentMarks(child.id, 50) })
}

export default function Child() {
  const { child, marks } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{child.name}</h1>
      <p>{child.className} класс · классный руководитель {child.classTeacher}</p>
      <h2>Последние оценки</h2>
      {child.grade === 1 ? (
        <p>В 1-м классе оценки и домашние задания в журнал не выставляются (Положение 3.7).</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">Дата</th><th scope="col">Предмет</th><th scope="col">Тема урока</th><th scope="col">Вид работы</th><th scope="col">Оценка</th></tr></thead>
            <tbody>
              {marks.map((m) => (
                <tr key={m.id}><td>{formatDay(m.date)}</td><td>{m.subject}</td><td>{m.topic}</td><td>{m.workType}</td><td className="mark">{m.value}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
