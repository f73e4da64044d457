// «Посещаемость за месяц» (Положение 4.3.8, 4.6.3): a class's missed lessons and lateness per pupil for a month of the
// current year, as a page (and a Word report: staff.reports.attendance.docx.ts). Read-only, for the deputy director, the director and
// the ЭЖ administrator, and for a class teacher their own class (ADR 068).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requireReportReader } from '#app/models/journal/report-access.server'
import { invariantResponse } from '#app/utils/request.server'
import { getAttendanceReport } from '#app/models/attendance-report.server'
import { TableWrap } from '#app/components/parent/table-wrap'

export const meta: MetaFunction = () => [{ title: 'Посещаемость за месяц' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, classTeacherId, noClasses } = await requireReportReader(request)
  const url = new URL(request.url)
  const report = await getAttendanceReport(user.schoolId, url.searchParams.get('class'), url.searchParams.get('month'), classTeacherId)
  invariantResponse(report, noClasses)
  return json(report)
}

export default function AttendanceReportPage() {
  const r = useLoaderData<typeof loader>()
  return (
    <>
      <p>
        <Link to="/staff/reports">← Отчёты по журналу</Link>
      </p>
      <h1>Посещаемость за месяц</h1>
      <p>Пропущенные уроки и опоздания по журналу: Положение, п. 4.3.8, 4.6.3.</p>
      <Form method="get" className="period-switch" key={`${r.classId}-${r.month}`}>
        <label htmlFor="class">Класс</label>
        <select id="class" name="class" defaultValue={r.classId}>
          {r.classes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <label htmlFor="month">Месяц</label>
        <select id="month" name="month" defaultValue={r.month}>
          {r.months.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
        <button type="submit">Показать</button>
      </Form>
      <h2>
        {r.className}, {r.monthLabel}
      </h2>
      {r.rows.length === 0 ? (
        <p className="muted">В классе нет обучающихся.</p>
      ) : (
        <TableWrap label="Пропущенные уроки по обучающимся">
          <table>
            <thead>
              <tr>
                <th scope="col">№</th>
                <th scope="col">Обучающийся</th>
                <th scope="col">Пропущено</th>
                <th scope="col">По болезни</th>
                <th scope="col">Прочие</th>
                <th scope="col">По уважительной причине</th>
                <th scope="col">Без уважительной причины</th>
                <th scope="col">Опозданий</th>
              </tr>
            </thead>
            <tbody>
              {r.rows.map((p) => (
                <tr key={p.n}>
                  <td>{p.n}</td>
                  <th scope="row">{p.pupil}</th>
                  <td>{p.missed}</td>
                  <td>{p.ill}</td>
                  <td>{p.absent}</td>
                  <td>{p.valid}</td>
                  <td className={p.invalid ? 'absence' : undefined}>{p.invalid}</td>
                  <td>{p.late}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td />
                <th scope="row">Итого</th>
                <td>{r.total.missed}</td>
                <td>{r.total.ill}</td>
                <td>{r.total.absent}</td>
                <td>{r.total.valid}</td>
                <td>{r.total.invalid}</td>
                <td>{r.total.late}</td>
              </tr>
            </tfoot>
          </table>
        </TableWrap>
      )}
      <p>
        <a href={`/staff/reports/attendance/docx?class=${r.classId}&month=${r.month}`} download>
          Скачать отчёт (Word)
        </a>
      </p>
    </>
  )
}
