// «Отчёты по журналу» (Положение 4.3.8, 4.6.3, 4.6.4): the journal reports in one place — attendance by month, the
// сводная ведомость and the lessons given against the curriculum. The administration reaches every class; a class
// teacher the classes they lead (ADR 068), so each report opens on their class.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireReportReader } from '#app/models/journal/report-access.server'
import { listClasses } from '#app/models/school.server'

export const meta: MetaFunction = () => [{ title: 'Отчёты по журналу' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, classTeacherId } = await requireReportReader(request)
  const classes = classTeacherId ? await listClasses(user.schoolId, { classTeacherId }) : []
  return json({ own: classTeacherId !== null, classes: classes.map((c) => ({ id: c.id, name: c.name })) })
}

const REPORTS = [
  { to: '/staff/reports/attendance', name: 'Посещаемость за месяц', what: 'пропущенные уроки и опоздания каждого обучающегося' },
  {
    to: '/staff/reports/results',
    name: 'Сводная ведомость успеваемости',
    what: 'итоговые отметки класса за период, успеваемость и качество',
  },
  { to: '/staff/curriculum', name: 'Статистика проведённых занятий', what: 'уроки по расписанию и по КТП против записанных в журнале' },
  {
    to: '/staff/reports/movement',
    name: 'Движение обучающихся',
    what: 'сводная ведомость: на начало года, прибыло, выбыло, переведено, наполняемость классов',
  },
]

export default function JournalReports() {
  const { own, classes } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>Отчёты по журналу</h1>
      <p>Каждый отчёт — страница и файл Word (Положение, п. 4.3.8, 4.6.3).</p>
      {own ? (
        classes.length === 0 ? (
          <p className="muted">В текущем учебном году вы не классный руководитель ни одного класса.</p>
        ) : (
          classes.map((c) => (
            <section key={c.id} aria-labelledby={`class-${c.id}`}>
              <h2 id={`class-${c.id}`}>{c.name} класс</h2>
              <ul>
                {REPORTS.map((r) => (
                  <li key={r.to}>
                    <Link to={`${r.to}?class=${c.id}`}>{r.name}</Link> — {r.what}
                  </li>
                ))}
              </ul>
            </section>
          ))
        )
      ) : (
        <ul>
          {REPORTS.map((r) => (
            <li key={r.to}>
              <Link to={r.to}>{r.name}</Link> — {r.what}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
