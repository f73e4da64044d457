import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { SettingText } from '#app/components/setting-text'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { getSchool, listClasses } from '#app/models/school.server'
import { getAdminOverview } from '#app/models/admin.server'
import { configurationWarnings } from '#app/models/configuration.server'
import { missingCalendarWarning } from '#app/models/calendar.server'
import { setAsideTemplates } from '#app/models/templates.server'
import { countUnsureLetters } from '#app/mail/unsure-letters.server'
import { plural } from '#app/utils/format'

export const meta: MetaFunction = () => [{ title: 'Администрирование ЭЖ' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:school:any')
  const [school, classes, overview, calendarWarning, setAside, unsure] = await Promise.all([
    getSchool(user.schoolId),
    listClasses(user.schoolId),
    getAdminOverview(user.schoolId),
    missingCalendarWarning(user.schoolId, { canLoad: true }),
    setAsideTemplates(user.schoolId),
    countUnsureLetters(user.schoolId),
  ])
  // The words after the figures agree with them (workflows/plural): «3 родителя», «48 252 оценки», «1 неудачный».
  const words = {
    staff: plural(overview.staffUsers, 'сотрудник', 'сотрудника', 'сотрудников'),
    parents: plural(overview.parentUsers, 'родитель', 'родителя', 'родителей'),
    lessons: plural(overview.lessons, 'урок', 'урока', 'уроков'),
    marks: plural(overview.marks, 'оценка', 'оценки', 'оценок'),
    signIns: plural(overview.signInsToday, 'успешный', 'успешных', 'успешных'),
    failed: plural(overview.failedToday, 'неудачный', 'неудачных', 'неудачных'),
  }
  // ADR 094: a template version with active content, kept from before the check, is set aside and said here.
  const templateWarning = setAside.length
    ? `Проверка безопасности отключила версии шаблонов: ${setAside.map((t) => `«${t.title}», версия ${t.version}`).join('; ')}. ` +
      'Документы печатаются по исходному шаблону; причины — в разделе «Шаблоны документов».'
    : null
  // ADR 113: letters that may or may not have gone wait for the administrator's decision; the program never repeats them.
  const unsureWarning = unsure
    ? `Исходящих писем, о которых неизвестно, ушли ли они: ${unsure}. Связь с почтовым сервером прервалась, когда ` +
      'письма уже передавались, и программа сама их не повторит. Решите по каждому: отправить ещё раз или отметить, что письмо ушло.'
    : null
  return json({
    unsureWarning,
    school,
    classes,
    overview,
    words,
    warnings: configurationWarnings(),
    calendarWarning: calendarWarning?.message ?? null,
    templateWarning,
  })
}

export default function AdminHome() {
  const { school, classes, overview, words, warnings, calendarWarning, templateWarning, unsureWarning } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>Администрирование электронного журнала</h1>
      <p>{school.fullName}</p>
      {templateWarning ? (
        <p className="alert" role="alert" data-warning="template-set-aside">
          {templateWarning} <Link to="/admin/templates">Шаблоны документов</Link>
        </p>
      ) : null}
      {unsureWarning ? (
        <p className="alert" role="alert" data-warning="unsure-letters">
          {unsureWarning} <Link to="/admin/mail?status=unsure">Исходящая почта</Link>
        </p>
      ) : null}
      {warnings.map((w) => (
        <p key={w.key} className="alert" role="alert" data-warning={w.key}>
          <SettingText text={w.message} />
        </p>
      ))}
      {calendarWarning ? (
        <p className="alert" role="alert" data-warning="calendar">
          {calendarWarning} <Link to="/admin/calendar">Загрузить календарь</Link>
        </p>
      ) : null}
      <div className="grid">
        <section className="card">
          <h2>Пользователи</h2>
          <p>
            <span className="stat">{overview.staffUsers}</span> {words.staff}, <span className="stat">{overview.parentUsers}</span>{' '}
            {words.parents} с доступом
          </p>
        </section>
        <section className="card">
          <h2>Журнал</h2>
          <p>
            <span className="stat">{overview.lessons}</span> {words.lessons}, <span className="stat">{overview.marks}</span> {words.marks}
          </p>
        </section>
        <section className="card">
          <h2>Входы за сутки</h2>
          <p>
            <span className="stat">{overview.signInsToday}</span> {words.signIns}, <span className="stat">{overview.failedToday}</span>{' '}
            {words.failed}
          </p>
        </section>
      </div>
      <h2>Разделы</h2>
      <ul>
        <li>
          <Link to="/admin/users">Учётные записи и временные пароли</Link>
        </li>
        <li>
          <Link to="/admin/import">Импорт данных журнала из CSV и XLSX</Link>
        </li>
        <li>
          <Link to="/admin/templates">Шаблоны документов Word</Link>
        </li>
        <li>
          <Link to="/admin/calendar">Производственный календарь</Link>
        </li>
        <li>
          <Link to="/admin/bells">Расписание звонков и смены классов</Link>
        </li>
        <li>
          <Link to="/staff/events">Школьные мероприятия для электронного дневника</Link>
        </li>
        <li>
          <Link to="/admin/settings">Настройки школы: прогноз отметки, предупреждение о сроках</Link>
        </li>
        <li>
          <Link to="/admin/api">Доступ регионального портала (токены API)</Link>
        </li>
        <li>
          <Link to="/admin/mail">Исходящая почта</Link>
        </li>
        <li>
          <Link to="/admin/retention">Сроки хранения и обезличивание</Link>
        </li>
        <li>
          <Link to="/staff/audit">Журнал доступа к персональным данным</Link>
        </li>
        <li>
          <Link to="/staff/activity">Отчёт об активности пользователей</Link>
        </li>
      </ul>
      <h2>Классы</h2>
      <ul className="grid" style={{ listStyle: 'none', padding: 0 }}>
        {classes.map((c) => (
          <li key={c.id}>
            <Link to={`/staff/classes/${c.id}`}>{c.name}</Link> — {c.pupils} обуч., {c.classTeacher}
          </li>
        ))}
      </ul>
    </>
  )
}
