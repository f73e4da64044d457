import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { SettingText } from '#app/components/setting-text'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { getCurrentYear, getSchool, listClasses } from '#app/models/school.server'
import { formatDay, plural } from '#app/utils/format'
import { can } from '#app/utils/permissions'
import { configurationWarnings } from '#app/models/configuration.server'
import { calendarReader, missingCalendarWarning } from '#app/models/calendar.server'
import { countPendingGrants } from '#app/models/access-notice.server'

export const meta: MetaFunction = () => [{ title: 'Школа — рабочее место' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:school:any')
  const [school, year, classes] = await Promise.all([getSchool(user.schoolId), getCurrentYear(user.schoolId), listClasses(user.schoolId)])
  // Without SMTP no letter leaves the queue: the staff must know before they promise an answer by e-mail.
  const mailWarning = configurationWarnings().find((w) => w.key === 'smtp')?.message ?? null
  // Deadlines falling into a year with no production calendar: whoever registers and answers applications must know.
  // Said to the reader: the administrator loads it, everyone else is told whom to tell (calendarReader).
  const calendarWarning = can(user.roles, 'read:application:any')
    ? ((await missingCalendarWarning(user.schoolId, await calendarReader(user.schoolId, user.roles)))?.message ?? null)
    : null
  // ADR 093: the administrator's requests wait for the director's confirmation.
  const pendingGrants = can(user.roles, 'decide:application:any') ? await countPendingGrants(user.schoolId) : 0
  return json({ school, year, classes, roles: user.roles, mailWarning, calendarWarning, pendingGrants })
}

export default function StaffHome() {
  const { school, year, classes, roles, mailWarning, calendarWarning, pendingGrants } = useLoaderData<typeof loader>()
  const pupils = classes.reduce((sum, c) => sum + c.pupils, 0)
  return (
    <>
      <h1>{school.shortName}</h1>
      {mailWarning ? (
        <p className="alert" role="alert" data-warning="smtp">
          <SettingText text={mailWarning} />
        </p>
      ) : null}
      {calendarWarning ? (
        <p className="alert" role="alert" data-warning="calendar">
          {calendarWarning}
          {can(roles, 'manage:school:any') ? (
            <>
              {' '}
              <Link to="/admin/calendar">Загрузить календарь</Link>
            </>
          ) : null}
        </p>
      ) : null}
      <p className="no-print">
        <Link to="/staff/compromise">Компрометация реквизитов доступа</Link> (Регламент, п. 3.3, 1.16)
      </p>
      {can(roles, 'decide:application:any') ? (
        <p className="no-print">
          <Link to="/staff/access">Подтверждение доступа</Link> — запросы администратора ЭЖ о ролях с доступом к заявлениям и временных
          паролях{pendingGrants ? ` (ждут: ${pendingGrants})` : ''}
        </p>
      ) : null}
      {can(roles, 'read:journal-control:any') ? (
        <p className="no-print">
          Контроль ведения ЭЖ (Положение, п. 4.6.4): <Link to="/staff/activity">отчёт об активности пользователей ЭЖ</Link>,{' '}
          <Link to="/staff/curriculum">статистика проведённых занятий</Link>, <Link to="/staff/reports">отчёты по журналу</Link>
        </p>
      ) : null}
      {can(roles, 'manage:events:any') ? (
        <p className="no-print">
          <Link to="/staff/events">Школьные мероприятия</Link> — их видят родители в электронном дневнике (Положение, п. 3.6)
        </p>
      ) : null}
      <div className="grid">
        <section className="card" aria-labelledby="school-h">
          <h2 id="school-h">Школа</h2>
          <dl className="props">
            <dt>Полное название</dt>
            <dd>{school.fullName}</dd>
            <dt>Директор</dt>
            <dd>{school.directorName}</dd>
            <dt>Адрес</dt>
            <dd>{school.address}</dd>
            <dt>Телефон</dt>
            <dd>{school.phone}</dd>
            <dt>Эл. почта</dt>
            <dd>{school.email}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="year-h">
          <h2 id="year-h">Учебный год {year?.name}</h2>
          <p>
            <span className="stat">{classes.length}</span> {plural(classes.length, 'класс', 'класса', 'классов')},{' '}
            <span className="stat">{pupils}</span> {plural(pupils, 'обучающийся', 'обучающихся', 'обучающихся')}
          </p>
          <ul>
            {year?.periods.map((p) => (
              <li key={p.id}>
                {p.name}: {formatDay(p.startsOn)}–{formatDay(p.endsOn)}
                {p.closed ? ' (завершена)' : ''}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <h2>Классы</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Класс</th>
              <th scope="col">Классный руководитель</th>
              <th scope="col">Обучающихся</th>
            </tr>
          </thead>
          <tbody>
            {classes.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/staff/classes/${c.id}`}>{c.name}</Link>
                </td>
                <td>{c.classTeacher}</td>
                <td>{c.pupils}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
