// The staff's table of applications: the queue's page and «Найти заявление» show the same row.
import { Link } from '@remix-run/react'
import { CHANNEL_LABELS } from '#app/operations/application-schema'
import { DeadlineBadge } from '#app/components/staff/deadline-badge'
import type { QueueRow } from '#app/models/applications.server'
import { RowsOnce } from '#app/components/rows-once'

type Row = Omit<QueueRow, 'status' | 'assigneeId'>

/** `rows` may be the queue's rows sent once (ADR 127): the table is then the one the server rendered. */
export function ApplicationTable({ rows, caption, label }: { rows: RowsOnce<Row>; caption: string; label: string }) {
  return <RowsOnce name="applications" rows={rows} table={(list) => table(list, caption, label)} />
}

function table(rows: Row[], caption: string, label: string) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Заявление</th>
            <th scope="col">Заявитель</th>
            <th scope="col">Обучающийся</th>
            <th scope="col">Статус</th>
            <th scope="col">Ближайший срок</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.id}
              className={r.deadline?.state === 'overdue' ? 'row-bad' : r.deadline?.state === 'due_soon' ? 'row-warn' : undefined}
            >
              <td>
                <Link to={`/staff/applications/${r.id}`}>
                  {r.registrationNumber ? `№ ${r.registrationNumber}` : `квит. ${r.receiptNumber}`}
                </Link>
                <br />
                <span className="muted">
                  {r.receivedAt}, {CHANNEL_LABELS[r.channel] ?? r.channel}
                </span>
              </td>
              <td>{r.applicantName}</td>
              <td>
                {r.pupilName}, {r.className}
              </td>
              <td>{r.statusLabel}</td>
              <td>
                <DeadlineBadge deadline={r.deadline} withStage />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The search box, on the queue and above the results. */
export function FindApplicationForm({ value }: { value?: string }) {
  return (
    <form method="get" action="/staff/applications/find" className="card filters no-print" role="search" aria-label="Найти заявление">
      <div className="filter">
        <label htmlFor="find-q">Найти заявление</label>
        <input
          id="find-q"
          name="q"
          type="search"
          defaultValue={value}
          maxLength={100}
          aria-describedby="find-q-hint"
          placeholder="№ 12, квитанция или фамилия"
        />
        <span id="find-q-hint" className="hint">
          Регистрационный номер, номер квитанции или фамилия обучающегося либо заявителя; ищутся и закрытые заявления.
        </span>
      </div>
      <p className="filter-buttons">
        <button type="submit">Найти</button>
      </p>
    </form>
  )
}
