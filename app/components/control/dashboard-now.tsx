// The «now» half of the director's dashboard: the registration log's integrity and where applications stand.
import type { SerializeFrom } from '@remix-run/node'
import { Form, Link } from '@remix-run/react'
import type { getControlSnapshot, getIntegrityView } from '#app/models/dashboard.server'
import { STAGE_LABELS } from '#workflows/deadline-stages'

type Snapshot = SerializeFrom<Awaited<ReturnType<typeof getControlSnapshot>>>
type Integrity = SerializeFrom<Awaited<ReturnType<typeof getIntegrityView>>>

const BUCKETS = [
  ['overdue', 'Просрочено'],
  ['today', 'Срок сегодня'],
  ['week', 'Срок на этой неделе'],
] as const
const STAGES = ['registration', 'review', 'delivery'] as const

export function IntegrityPanel({ integrity, verified }: { integrity: Integrity; verified?: { ok: boolean; message: string } }) {
  return (
    <section aria-labelledby="log-h">
      <h2 id="log-h">Целостность журнала регистрации</h2>
      {verified ? (
        <p className={verified.ok ? 'success' : 'alert'} role="status">
          {verified.message}
        </p>
      ) : null}
      {!integrity ? (
        <p className="muted">Журнал ещё не проверялся: проверка выполняется ежедневно.</p>
      ) : integrity.ok ? (
        <p className="success">
          Проверка {integrity.at}: {integrity.message}
          {integrity.sinceCheck > 0 ? (
            <>
              {' '}
              Сейчас в журнале записей: {integrity.entries}; добавленные после проверки ({integrity.sinceCheck}) будут проверены при
              следующей ежедневной проверке или по кнопке «Проверить сейчас».
            </>
          ) : null}
        </p>
      ) : (
        <div className="alert" role="alert">
          <p>
            <strong>
              Проверка {integrity.at}: {integrity.message}
            </strong>
          </p>
          {integrity.broken?.row ? (
            <p>
              Запись № {integrity.broken.sequence} (рег. № {integrity.broken.row.number} за {integrity.broken.row.year} год,{' '}
              {integrity.broken.row.registeredAt}, {integrity.broken.row.applicantName}
              {integrity.broken.row.result ? `, результат: ${integrity.broken.row.result}` : ''}) —{' '}
              <Link to={`/staff/applications/${integrity.broken.row.applicationId}`}>заявление</Link>.
            </p>
          ) : integrity.broken ? (
            <p>Запись № {integrity.broken.sequence} отсутствует.</p>
          ) : null}
        </div>
      )}
      <Form method="post" className="no-print">
        <button type="submit" name="intent" value="verify-log" className="secondary">
          Проверить сейчас
        </button>
      </Form>
    </section>
  )
}

export function NowPanel({ snapshot }: { snapshot: Snapshot }) {
  return (
    <>
      <h2>Сейчас</h2>
      <div className="grid">
        <section className="card" aria-labelledby="states-h">
          <h3 id="states-h">Заявления по состояниям</h3>
          <p>
            В работе: <span className="stat">{snapshot.openCount}</span>
          </p>
          {snapshot.byStatus.length === 0 ? (
            <p className="muted">Заявлений ещё не было.</p>
          ) : (
            <div className="table-wrap" tabIndex={0} role="region" aria-label="Заявления по состояниям: таблица">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Состояние</th>
                    <th scope="col">Заявлений</th>
                  </tr>
                </thead>
                <tbody>
                  {snapshot.byStatus.map((s) => (
                    <tr key={s.status}>
                      <th scope="row">
                        {s.label}
                        {s.open ? '' : ' (завершено)'}
                      </th>
                      <td>{s.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section className="card" aria-labelledby="due-h">
          <h3 id="due-h">Сроки по этапам</h3>
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Сроки по этапам: таблица">
            {/* On a phone each stage stacks with its counts labelled (.stacked-table):
                 the overdue count stays in sight (issue 19, item 1). */}
            <table className="stacked-table" role="table">
              <thead role="rowgroup">
                <tr role="row">
                  <th scope="col" role="columnheader">
                    Этап
                  </th>
                  {BUCKETS.map(([k, label]) => (
                    <th key={k} scope="col" role="columnheader">
                      {label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody role="rowgroup">
                {STAGES.map((stage) => (
                  <tr key={stage} role="row">
                    <th scope="row" role="rowheader">
                      {STAGE_LABELS[stage]}
                    </th>
                    {BUCKETS.map(([k, label]) => (
                      <td
                        key={k}
                        role="cell"
                        data-label={label}
                        className={k === 'overdue' && snapshot.due[stage][k] > 0 ? 'deadline-overdue' : undefined}
                      >
                        {snapshot.due[stage][k]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>

      <section aria-labelledby="oldest-h">
        <h3 id="oldest-h">Дольше всего ожидают</h3>
        {snapshot.oldest.length === 0 ? (
          <p className="muted">Заявлений в работе нет.</p>
        ) : (
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Дольше всего ожидают: таблица">
            <table>
              <thead>
                <tr>
                  <th scope="col">Заявление</th>
                  <th scope="col">Поступило</th>
                  <th scope="col">Заявитель и обучающийся</th>
                  <th scope="col">Состояние</th>
                  <th scope="col">Ближайший срок</th>
                </tr>
              </thead>
              <tbody>
                {snapshot.oldest.map((o) => (
                  <tr key={o.id}>
                    <th scope="row">
                      <Link to={`/staff/applications/${o.id}`}>{o.registrationNumber ? `№ ${o.registrationNumber}` : o.receiptNumber}</Link>
                    </th>
                    <td>
                      {o.receivedAt} ({o.waitingDays} дн.)
                    </td>
                    <td>
                      {o.applicant}; {o.pupil}
                    </td>
                    <td>{o.statusLabel}</td>
                    <td>
                      {o.next ? (
                        <>
                          {o.next.due}
                          {o.next.overdue ? (
                            <>
                              {' '}
                              <span className="badge bad">просрочено</span>
                            </>
                          ) : null}
                          <br />
                          <span className="muted">{STAGE_LABELS[o.next.stage]}</span>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  )
}
