// The applicant's view of one application: status, deadlines, history in the portal's wording, documents.
import type { DeadlineItem, HistoryItem, StatusView } from '#app/models/application-status.server'
import { roomLabel } from '#app/utils/format'
import { TableWrap } from './table-wrap'

/**
 * On a phone (360 px) the three columns do not fit side by side, and a sideways scroll hid «Состояние» (issue 19,
 * item 7): below 40rem each stage becomes a block with the column names written in (CSS `.stacked-table`). The
 * explicit roles keep it a table for screen readers when CSS changes the rows' display.
 */
export function DeadlinesTable({ deadlines }: { deadlines: DeadlineItem[] }) {
  return (
    <TableWrap label="Сроки по заявлению">
      <table className="stacked-table" role="table">
        <caption className="muted" style={{ textAlign: 'left' }}>
          Время — по часовому поясу школы
        </caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">
              Этап
            </th>
            <th scope="col" role="columnheader">
              Срок
            </th>
            <th scope="col" role="columnheader">
              Состояние
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {deadlines.map((d) => (
            <tr key={d.key} role="row" data-stage={d.key}>
              <th scope="row" role="rowheader">
                {d.label}
                <br />
                <span className="hint">{d.rule}</span>
              </th>
              <td role="cell" data-label="Срок">
                {d.answer ?? (
                  <>
                    {d.projected ? 'не позднее ' : 'до '}
                    {d.due}
                  </>
                )}
                {d.projected ? (
                  <>
                    <br />
                    <span className="hint">уточнится после регистрации</span>
                  </>
                ) : null}
              </td>
              <td role="cell" data-label="Состояние">
                {d.state}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}

function History({ items }: { items: HistoryItem[] }) {
  return (
    <ol className="history">
      {items.map((item) => (
        <li key={item.at + item.text}>
          <time dateTime={item.at}>{item.when}</time> — <strong>{item.text}</strong>
          {item.invalid ? <span className="badge bad"> признано недействительным (Регламент, п. 1.16)</span> : null}
          {item.details.length ? (
            <ul>
              {item.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  )
}

function Documents({ view, token }: { view: StatusView; token: string }) {
  const { documents, deliveries, school, delivery } = view
  const posted = deliveries.filter((d) => d.status === 'posted')
  return (
    <section className="card" aria-labelledby="documents-title">
      <h2 id="documents-title">Ответ школы</h2>
      {documents.length === 0 ? <p className="muted">Документов для вас пока нет.</p> : null}
      {documents.length > 0 && delivery === 'email' ? (
        <ul>
          {documents.map((d) => (
            <li key={d.id}>
              {d.label} <span className="muted">({d.createdAt})</span> — скачать:{' '}
              {d.files.map((f, i) => (
                <span key={`${f.id}:${f.format}`}>
                  {i > 0 ? ', ' : ''}
                  {f.off ? (
                    <span className="muted" title={f.off}>
                      PDF недоступен
                    </span>
                  ) : (
                    <a href={`/s/${token}/documents/${f.id}${f.make ? '?as=pdf' : ''}`} download aria-label={`${d.label}, ${f.format}`}>
                      {f.format}
                    </a>
                  )}
                </span>
              ))}
            </li>
          ))}
        </ul>
      ) : null}
      {documents.length > 0 && delivery === 'in_person' ? (
        <p>
          Документы готовы: {[...new Set(documents.map((d) => d.label.toLowerCase()))].join(', ')}. Получить их можно лично в школе (
          {school.address}
          {school.room ? `, ${roomLabel(school.room)}` : ''}) в рабочие дни, при себе иметь паспорт.
          {school.phone ? ` Телефон для справок: ${school.phone}.` : ''}
        </p>
      ) : null}
      {delivery === 'post' ? (
        posted.length ? (
          <ul>
            {posted.map((d) => (
              <li key={d.id}>
                Направлено почтой{d.at ? ` ${d.at}` : ''}
                {d.trackingNumber ? `, почтовый идентификатор ${d.trackingNumber}` : ''}.
              </li>
            ))}
          </ul>
        ) : documents.length ? (
          <p>Документы будут направлены почтой на адрес, указанный в заявлении.</p>
        ) : null
      ) : null}
    </section>
  )
}

export function StatusSummary({ view, token }: { view: StatusView; token: string }) {
  return (
    <>
      <p className="notice" role="status">
        Статус: <strong>{view.statusText}</strong>
      </p>
      {view.partial ? (
        <section className="card" aria-labelledby="partial-title">
          <h2 id="partial-title">Решение по заявлению</h2>
          <p>Предоставляется информация: {view.partial.granted.join('; ')}.</p>
          <p>
            Отказано в части: {view.partial.refused.join('; ')}. Основание: {view.partial.grounds.join('; ')}.
          </p>
          <p className="hint">
            Выписка и уведомление об отказе, подписанные директором, направляются способом, указанным в заявлении (Порядок, п. 3.1.2).
          </p>
        </section>
      ) : null}
      <section className="card" aria-labelledby="about-title">
        <h2 id="about-title">Заявление</h2>
        <dl className="props">
          <dt>Номер для справок</dt>
          <dd>{view.receiptNumber}</dd>
          <dt>Получено</dt>
          <dd>
            {view.receivedAt}, {view.channel}
          </dd>
          <dt>Обучающийся</dt>
          <dd>{view.pupil}</dd>
          <dt>Информация</dt>
          <dd>
            <ul>
              {view.kinds.map((k) => (
                <li key={k}>{k}</li>
              ))}
            </ul>
          </dd>
          <dt>Периодичность</dt>
          <dd>{view.periodicity}</dd>
          <dt>Способ получения</dt>
          <dd>{view.deliveryText}</dd>
          {view.uploads.length ? (
            <>
              <dt>Приложено</dt>
              <dd>
                <ul>
                  {view.uploads.map((u) => (
                    <li key={u.id}>
                      {u.label}: {u.fileName}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="card" aria-labelledby="deadlines-title">
        <h2 id="deadlines-title">Сроки</h2>
        <DeadlinesTable deadlines={view.deadlines} />
      </section>
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">История</h2>
        <History items={view.history} />
      </section>
      <Documents view={view} token={token} />
    </>
  )
}
