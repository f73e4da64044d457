// Порядок 2.4: at the first parent meeting class teachers tell parents how to get the information, in what order
// and how fast, and whom to contact; parents may hand in the application right there (Порядок 3.1.1).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { getSchoolContacts } from '#app/models/school-contacts.server'
import { roomLabel } from '#app/components/staff/room-label'
import { count } from '#app/utils/format'
import { meetingClasses } from '#app/models/school.server'
import { roleAllowed, type Role } from '#workflows/application-rules'
import { TERM_TEXT } from '#workflows/deadlines'

export const meta: MetaFunction = () => [{ title: 'Родительское собрание — рабочее место' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'create:application:any')
  const classes = await meetingClasses(user)
  const asked = new URL(request.url).searchParams.get('classId')
  const chosen = classes.find((c) => c.id === asked) ?? (classes.length === 1 ? classes[0] : null)
  return json({
    classes: classes.map((c) => ({ id: c.id, name: c.name, pupils: c.pupils })),
    chosen,
    contacts: await getSchoolContacts(user.schoolId),
    mayRegister: roleAllowed('REGISTER', user.roles as Role[]),
  })
}

export default function Meeting() {
  const { classes, chosen, contacts, mayRegister } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>Родительское собрание</h1>
      <p>
        На первом собрании классный руководитель рассказывает, как получить информацию о текущей успеваемости, в каком порядке и в какие
        сроки, и кто в школе за это отвечает (Порядок, п. 2.4). Заявления можно собрать прямо на собрании.
      </p>
      <Form method="get" className="card filters" aria-label="Класс">
        <div className="filter">
          <label htmlFor="classId">Класс</label>
          <select id="classId" name="classId" defaultValue={chosen?.id ?? ''}>
            <option value="">выберите класс</option>
            {classes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <p className="filter-buttons">
          <button type="submit">Выбрать</button>
        </p>
      </Form>
      {chosen ? (
        <section className="card" aria-labelledby="kit-title">
          <h2 id="kit-title">
            Класс {chosen.name}: {count(chosen.pupils, 'обучающийся', 'обучающихся', 'обучающихся')}
          </h2>
          <ol className="steps">
            <li>
              <Form method="post" action="/staff/meeting/kit" reloadDocument className="inline-form">
                <input type="hidden" name="classId" value={chosen.id} />
                <button type="submit" className="secondary">
                  Комплект для собрания
                </button>
              </Form>{' '}
              — памятка и заявление, заполненное на каждого обучающегося (файл Word для печати).
            </li>
            <li>
              <Link to={`/staff/meeting/slides?classId=${chosen.id}`}>Слайды для проектора</Link> — порядок, сроки, способы подачи, контакты
              и QR-код электронной формы.
            </li>
            <li>
              {mayRegister ? (
                <Link to={`/staff/intake/batch?classId=${chosen.id}`}>Принять собранные заявления</Link>
              ) : (
                'Собранные заявления передайте ответственному работнику'
              )}{' '}
              — каждое регистрируется как поданное лично, не позднее {TERM_TEXT.inPersonMinutes}.
            </li>
          </ol>
        </section>
      ) : null}
      {contacts ? (
        <section className="card" aria-labelledby="contacts-title">
          <h2 id="contacts-title">Ответственный работник</h2>
          <p>
            {contacts.responsibleName}
            {contacts.position ? `, ${contacts.position}` : ''}
            {contacts.room ? `, ${roomLabel(contacts.room)}` : ''}; тел. {contacts.phone}; {contacts.email}
          </p>
        </section>
      ) : null}
    </>
  )
}
