// «Сводная ведомость учёта движения учащихся» (Положение 4.3.8, 4.6.3): the classes' pupils at the start of the year,
// arrivals, departures, transfers and the count now. Read-only, for the administration that controls the journal and
// for a class teacher their own classes (ADR 068).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireReportReader } from '#app/models/journal/report-access.server'
import { invariantResponse } from '#app/utils/request.server'
import { getMovementReport } from '#app/models/movement-report.server'
import { TableWrap } from '#app/components/parent/table-wrap'

export const meta: MetaFunction = () => [{ title: 'Движение обучающихся' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, classTeacherId, noClasses } = await requireReportReader(request)
  const report = await getMovementReport(user.schoolId, classTeacherId)
  invariantResponse(report && report.rows.length > 0, noClasses)
  return json(report)
}

const COLUMNS = ['На начало года', 'Прибыло', 'Переведено в класс', 'Выбыло', 'Переведено из класса', 'Сейчас'] as const

export default function MovementReportPage() {
  const r = useLoaderData<typeof loader>()
  const cells = (x: typeof r.total) => [x.atStart, x.arrived, x.movedIn, x.left, x.movedOut, x.now]
  return (
    <>
      <p>
        <Link to="/staff/reports">← Отчёты по журналу</Link>
      </p>
      <h1>Движение обучающихся, {r.year} учебный год</h1>
      <p>Сводная ведомость учёта движения учащихся с {r.from}: Положение, п. 4.3.8, 4.6.3.</p>
      <TableWrap label="Движение по классам">
        <table>
          <thead>
            <tr>
              <th scope="col">Класс</th>
              {COLUMNS.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.rows.map((row) => (
              <tr key={row.className}>
                <th scope="row">{row.className}</th>
                {cells(row).map((n, i) => (
                  <td key={COLUMNS[i]}>{n}</td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">Итого</th>
              {cells(r.total).map((n, i) => (
                <td key={COLUMNS[i]}>{n}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </TableWrap>
      <h2>Записи о движении</h2>
      {r.movements.length === 0 ? (
        <p className="muted">В этом учебном году движения не было.</p>
      ) : (
        <TableWrap label="Записи о движении">
          <table>
            <thead>
              <tr>
                <th scope="col">Дата</th>
                <th scope="col">Обучающийся</th>
                <th scope="col">Движение</th>
                <th scope="col">Из класса</th>
                <th scope="col">В класс</th>
                <th scope="col">Основание, примечание</th>
              </tr>
            </thead>
            <tbody>
              {r.movements.map((m) => (
                <tr key={m.id}>
                  <td>{m.date}</td>
                  <td>{m.pupil}</td>
                  <td>{m.kind}</td>
                  <td>{m.from}</td>
                  <td>{m.to}</td>
                  <td>{m.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  )
}
