import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { ControlBackLink, controlBackLink } from '#app/components/control/back-link'
import { getSchool } from '#app/models/school.server'
import { getActivityReport, monthProblem } from '#app/models/activity-report.server'
import { listStoredActivityReports } from '#app/models/stored-activity-reports.server'
import { formatSize } from '#app/utils/format'
import { formatDateTime, localDateOf } from '#workflows/time'

export const meta: MetaFunction = () => [{ title: 'Отчёт об активности пользователей ЭЖ' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:journal-control:any')
  const { timeZone } = await getSchool(user.schoolId)
  const now = new Date()
  const params = new URL(request.url).searchParams
  const asked = params.get('month') ?? ''
  const error = asked ? monthProblem(asked, now, timeZone) : null
  const month = asked && !error ? asked : localDateOf(now, timeZone).slice(0, 7)
  const stored = (await listStoredActivityReports(user.schoolId)).map((r) => ({
    id: r.id,
    label: r.label,
    createdAt: formatDateTime(r.createdAt, timeZone),
    size: formatSize(r.size),
  }))
  return json({ report: await getActivityReport(user.schoolId, month, timeZone), stored, error, back: controlBackLink(user.roles) })
}

function StoredReports({ reports }: { reports: Array<{ id: string; label: string; createdAt: string; size: string }> }) {
  return (
    <section aria-labelledby="stored-h" className="no-print">
      <h2 id="stored-h">Сохранённые отчёты</h2>
      <p className="hint">Отчёт за месяц составляется и сохраняется автоматически после окончания месяца.</p>
      {reports.length === 0 ? (
        <p className="muted">Сохранённых отчётов пока нет.</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Сохранённые отчёты: таблица">
          <table aria-labelledby="stored-h">
            <thead>
              <tr>
                <th scope="col">Месяц</th>
                <th scope="col">Составлен</th>
                <th scope="col">Размер</th>
                <th scope="col">Файл</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.label}</th>
                  <td>{r.createdAt}</td>
                  <td>{r.size}</td>
                  <td>
                    <a href={`/staff/activity/reports/${r.id}`} download aria-label={`Скачать отчёт за ${r.label} (Word)`}>
                      Скачать (Word)
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function Table({
  id,
  title,
  headers,
  rows,
  empty,
}: {
  id: string
  title: string
  headers: string[]
  rows: Array<Array<string | number>>
  empty: string
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={`${title}: таблица`}>
          <table aria-labelledby={id}>
            <thead>
              <tr>
                {headers.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.join('|')}>
                  {r.map((c, j) =>
                    j === 0 ? (
                      <th key={j} scope="row">
                        {c}
                      </th>
                    ) : (
                      <td key={j}>{c}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

export default function Activity() {
  const { report: r, stored, error, back } = useLoaderData<typeof loader>()
  return (
    <>
      <ControlBackLink link={back} />
      <h1>Активность пользователей за {r.month.label}</h1>
      <p>Положение, п. 7.1: отчёт по активности пользователей при работе с электронным журналом создаётся один раз в месяц.</p>
      <Form method="get" className="card journal-filter no-print">
        <div>
          <label htmlFor="month">Месяц</label>
          <input
            type="month"
            id="month"
            name="month"
            defaultValue={r.month.key}
            pattern="\d{4}-\d{2}"
            aria-describedby={error ? 'month-hint month-error' : 'month-hint'}
            aria-invalid={error ? true : undefined}
          />
          <p className="hint" id="month-hint">
            ГГГГ-ММ
          </p>
          {error ? (
            <p className="field-error" id="month-error">
              {error}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit">Показать</button>{' '}
          <a className="button secondary" href={`/staff/activity/docx?month=${r.month.key}`} download>
            Скачать (Word)
          </a>
        </div>
      </Form>
      <StoredReports reports={stored} />

      <Table
        id="roles-h"
        title="Входы и действия по ролям"
        empty="Нет пользователей."
        headers={['Роль', 'Пользователей', 'Входили в месяце', 'Доля', 'Входов', 'Неудачных попыток входа', 'Действий']}
        rows={r.roles.map((x) => [x.role, x.users, x.active, x.share, x.signIns, x.failed, x.actions])}
      />
      <Table
        id="actions-h"
        title="Действия"
        empty="Действий за месяц не было."
        headers={['Роль', 'Действие', 'Количество']}
        rows={r.actions.map((a) => [a.role, a.action, a.count])}
      />
      <section aria-labelledby="parents-h">
        <h2 id="parents-h">Электронный дневник: родители (законные представители)</h2>
        <p>
          С учётной записью: <strong>{r.parents.total}</strong>; входили в месяце: <strong>{r.parents.active}</strong> ({r.parents.share});
          просмотров сведений о детях: <strong>{r.parents.views}</strong>.
        </p>
      </section>
      <Table
        id="classes-h"
        title="Родители по классам"
        empty="Нет родителей с учётными записями."
        headers={['Класс', 'Родителей с учётной записью', 'Входили в месяце', 'Доля']}
        rows={r.classes.map((c) => [c.className, c.parents, c.active, c.share])}
      />
      <Table
        id="teachers-h"
        title="Учителя"
        empty="Нет учителей."
        headers={[
          'Учитель',
          'Входов',
          'Последний вход',
          'Уроков',
          'С темой',
          'С домашним заданием',
          'Отметок выставлено',
          'Из них поступило позже срока',
        ]}
        rows={r.teachers.map((t) => [t.name, t.signIns, t.lastSignIn, t.lessons, t.topics, t.homework, t.marks, t.lateMarks])}
      />
      <p className="hint">
        «Позже срока» — Положение, п. 4.4.1: отметка за урок внесена в журнал позже 16:00 дня урока (урок, кончающийся позже 16:00, — позже
        конца того дня), за письменную, контрольную, лабораторную или практическую работу — позже недели со дня работы. Время внесения —
        время, когда отметка поступила в журнал этой системы (при загрузке — время загрузки; исправленная отметка — время исправления). Если
        отметки загружаются из основного электронного журнала не в день урока, число показывает задержку загрузки, а не работу учителя:
        сверяйте его с основным журналом, прежде чем делать выводы.
      </p>
    </>
  )
}
