// The audit trail of the application: each step with the portal's wording, who did it and when (school time).
import type { ApplicationPage } from '#app/models/application-page.server'

export function ApplicationTimeline({ rows }: { rows: ApplicationPage['timeline'] }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Ход рассмотрения">
      <table aria-labelledby="timeline-title">
        <thead>
          <tr>
            <th scope="col">Дата и время</th>
            <th scope="col">Действие</th>
            <th scope="col">Статус для заявителя</th>
            <th scope="col">Кто</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className={r.invalid ? 'invalid' : undefined}>
              <td>{r.at}</td>
              <td>
                {r.action}
                {r.details.length ? (
                  <ul className="details">
                    {r.details.map((d) => (
                      <li key={d}>{d}</li>
                    ))}
                  </ul>
                ) : null}
                {r.invalid ? <p className="badge bad">признано недействительным</p> : null}
              </td>
              <td>{r.portal}</td>
              <td>{r.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
