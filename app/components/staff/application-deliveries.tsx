// Hand-overs (past and coming periodic extracts, failures flagged) and the outbox: letters and documents queued.
import type { ApplicationPage } from '#app/models/application-page.server'

export function ApplicationDeliveries({ page }: { page: ApplicationPage }) {
  return (
    <>
      {page.upcoming.length ? (
        <section aria-labelledby="upcoming-title">
          <h3 id="upcoming-title">Следующие выписки ({page.periodicityLabel})</h3>
          <ul>
            {page.upcoming.map((u) => (
              <li key={u.day}>
                {u.day} — за {u.period}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {page.deliveries.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Предоставления">
          <table>
            <thead>
              <tr>
                <th scope="col">Что</th>
                <th scope="col">Период / срок</th>
                <th scope="col">Состояние</th>
                <th scope="col">Дата</th>
                <th scope="col">Получатель, трек-номер</th>
              </tr>
            </thead>
            <tbody>
              {page.deliveries.map((d) => (
                <tr key={d.id} className={d.failed ? 'row-bad' : undefined}>
                  <td>{d.kindLabel}</td>
                  <td>{d.period ?? d.due ?? '—'}</td>
                  <td>
                    {d.held ? (
                      <span className="badge warn">⏸ не направлена</span>
                    ) : d.failed ? (
                      <span className="badge bad">⚠ ошибка</span>
                    ) : (
                      <span className={`badge ${d.status === 'prepared' ? 'warn' : 'ok'}`}>{d.statusLabel}</span>
                    )}
                    {d.documentId ? (
                      <>
                        {' '}
                        <a href={`/staff/applications/${page.id}/documents/${d.documentId}`}>документ</a>
                      </>
                    ) : null}
                    {d.lastError ? <p className="field-error">{d.lastError}</p> : null}
                  </td>
                  <td>{d.deliveredAt ?? '—'}</td>
                  <td>{[d.recipient, d.trackingNumber].filter(Boolean).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Предоставлений ещё не было.</p>
      )}
      <h3 id="jobs-title">Очередь писем и документов</h3>
      {page.jobs.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="jobs-title">
          <table>
            <thead>
              <tr>
                <th scope="col">Задача</th>
                <th scope="col">Создана</th>
                <th scope="col">Состояние</th>
              </tr>
            </thead>
            <tbody>
              {page.jobs.map((j) => (
                <tr key={j.id} className={j.status === 'failed' ? 'row-bad' : undefined}>
                  <td>{j.what}</td>
                  <td>{j.createdAt}</td>
                  <td>
                    <span className={`badge ${j.status === 'done' ? 'ok' : j.status === 'failed' ? 'bad' : 'warn'}`}>{j.statusLabel}</span>
                    {j.attempts > 1 ? ` (попыток: ${j.attempts})` : ''}
                    {j.lastError ? <p className="field-error">{j.lastError}</p> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Задач нет.</p>
      )}
    </>
  )
}
