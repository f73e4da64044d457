// «Статистика проведённых занятий» (Порядок 2.5 ¶6, Положение 4.4.7, 4.6.4): for a class and a reporting period,
// the lessons the timetable plans, those planned up to today and those the journal holds, per subject and group.
// Read-only, for the deputy director and the director, and for a class teacher their own class (ADR 068).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requireReportReader } from '#app/models/journal/report-access.server'
import { invariantResponse } from '#app/utils/request.server'
import { getCurriculumStats } from '#app/models/curriculum-stats.server'
import { TableWrap } from '#app/components/parent/table-wrap'
import { formatDay } from '#app/utils/format'

export const meta: MetaFunction = () => [{ title: 'Статистика проведённых занятий' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, classTeacherId, noClasses } = await requireReportReader(request)
  const url = new URL(request.url)
  const stats = await getCurriculumStats(user.schoolId, url.searchParams.get('class'), url.searchParams.get('period'), classTeacherId)
  invariantResponse(stats, noClasses)
  return json(stats)
}

export default function CurriculumStats() {
  const s = useLoaderData<typeof loader>()
  const behind = s.rows.filter((r) => r.difference < 0)
  return (
    <>
      <p>
        <Link to="/staff/reports">← Отчёты по журналу</Link>
      </p>
      <h1>Статистика проведённых занятий</h1>
      <p>Уроки по расписанию (учебному плану) и уроки, записанные в журнале: Порядок, п. 2.5; Положение, п. 4.4.7, 4.6.4.</p>
      <Form method="get" className="period-switch" key={`${s.classId}-${s.periodId}`}>
        <label htmlFor="class">Класс</label>
        <select id="class" name="class" defaultValue={s.classId}>
          {s.classes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <label htmlFor="period">Период</label>
        <select id="period" name="period" defaultValue={s.periodId ?? ''}>
          {s.periods.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <button type="submit">Показать</button>
      </Form>
      <h2>
        {s.className}, {s.periodName}
        {'toDate' in s && s.toDate ? ` (проведено по ${formatDay(s.toDate)})` : ''}
      </h2>
      {s.rows.length === 0 ? (
        <p className="muted">Расписание класса не задано.</p>
      ) : (
        <>
          <p>
            {behind.length
              ? `Отстают от плана: ${behind.map((r) => `${r.subject}${r.group ? ` (${r.group})` : ''} — ${-r.difference}`).join('; ')}.`
              : 'Все уроки по расписанию на сегодня проведены.'}
          </p>
          <TableWrap label="Уроки по плану и проведённые">
            <table>
              <thead>
                <tr>
                  <th scope="col">Предмет</th>
                  <th scope="col">Группа</th>
                  <th scope="col">По плану за период</th>
                  <th scope="col">По КТП за период</th>
                  <th scope="col">По плану на сегодня</th>
                  <th scope="col">Проведено</th>
                  <th scope="col">Разница</th>
                </tr>
              </thead>
              <tbody>
                {s.rows.map((r) => (
                  <tr key={`${r.subject}|${r.group}`}>
                    <th scope="row">{r.subject}</th>
                    <td>{r.group || 'весь класс'}</td>
                    <td>{r.plannedPeriod}</td>
                    <td>{r.ktp ?? '—'}</td>
                    <td>{r.plannedToDate}</td>
                    <td>{r.given}</td>
                    <td className={r.difference < 0 ? 'absence' : undefined}>{r.difference > 0 ? `+${r.difference}` : r.difference}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <p className="hint">
            «По плану» — уроки по расписанию в учебные дни периода; «По КТП» — часы календарно-тематического планирования, загруженные в
            «Администрирование → Импорт» (— если не загружены).
          </p>
          <p>
            <a href={`/staff/curriculum/docx?class=${s.classId}&period=${s.periodId ?? ''}`} download>
              Скачать отчёт (Word)
            </a>
          </p>
        </>
      )}
    </>
  )
}
