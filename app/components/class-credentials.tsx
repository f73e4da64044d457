// «Реквизиты доступа к электронному дневнику» on the class page (Положение 3.1, 4.3.7): the class's guardians with
// the state of their accounts; the chosen ones get their credentials as one Word file with a signature sheet.
import { Form, Link } from '@remix-run/react'
import { useState, type FormEvent } from 'react'
import type { ClassGuardian } from '#app/models/class-credentials.server'
import { ACCOUNT_STATE_LABELS, NOTHING_SELECTED, SELECTED_BY_DEFAULT } from './class-credentials-schema'

function stateText(g: ClassGuardian): string {
  const label = ACCOUNT_STATE_LABELS[g.state]
  if (g.state === 'none') return label
  if (g.state === 'active') return `${label}${g.since ? `, последний вход ${g.since}` : ''}`
  if (g.state === 'locked' || g.state === 'compromised') return `${label}${g.since ? ` ${g.since}` : ''}`
  return `${label} (пароль выдан ${g.since})`
}

export function ClassCredentials({ classId, guardians, error, from }: { classId: string; guardians: ClassGuardian[]; error: string | null; from: 'teacher' | 'staff' }) {
  const [selected, setSelected] = useState(() => new Set(guardians.filter((g) => g.confirmed && SELECTED_BY_DEFAULT[g.state]).map((g) => g.id)))
  const [problem, setProblem] = useState<string | null>(null)
  const toggle = (id: string, on: boolean) => {
    setProblem(null)
    setSelected((prev) => {
      const next = new Set(prev)
      if (on) next.add(id)
      else next.delete(id)
      return next
    })
  }
  const resetting = guardians.filter((g) => g.state === 'active' && selected.has(g.id))
  const onSubmit = (event: FormEvent) => {
    if (selected.size === 0) {
      event.preventDefault()
      setProblem(NOTHING_SELECTED)
    }
  }
  const message = problem ?? error
  return (
    <section className="card" id="credentials" aria-labelledby="credentials-title">
      <h2 id="credentials-title">Реквизиты доступа к электронному дневнику</h2>
      <p>
        Родители (законные представители) получают логин и пароль у классного руководителя под роспись (Положение, п. 3.1,
        4.3.7). Отметьте, кому выдать реквизиты, и нажмите «Сформировать реквизиты»: получится один файл Word — лист с
        логином и временным паролем для каждого и ведомость выдачи для подписей.
      </p>
      <p className="alert" role="note">
        Пароли показаны один раз: файл нигде не сохраняется, в системе хранятся только их необратимые отпечатки. Распечатайте
        файл и удалите его; при утере сформируйте реквизиты заново — прежний временный пароль перестанет действовать.
      </p>
      {message ? <p className="alert" role="alert">{message}</p> : null}
      {guardians.length === 0 ? (
        <p className="muted">У обучающихся класса нет законных представителей в журнале.</p>
      ) : (
        <Form method="post" action={`/classes/${classId}/credentials`} reloadDocument onSubmit={onSubmit}>
          <input type="hidden" name="from" value={from} />
          <div className="table-wrap">
            <table>
              <caption className="muted" style={{ textAlign: 'left' }}>Законные представители обучающихся класса</caption>
              <thead>
                <tr><th scope="col">Выдать</th><th scope="col">Законный представитель</th><th scope="col">Обучающийся (-иеся)</th><th scope="col">Логин</th><th scope="col">Учётная запись</th></tr>
              </thead>
              <tbody>
                {guardians.map((g) => (
                  <tr key={g.id}>
                    <td>
                      <input
                        type="checkbox" name="guardianId" value={g.id} id={`g-${g.id}`}
                        checked={selected.has(g.id)} onChange={(e) => toggle(g.id, e.currentTarget.checked)} disabled={!g.confirmed}
                        aria-label={`Выдать реквизиты: ${g.name}`}
                      />
                    </td>
                    <td><label htmlFor={`g-${g.id}`}>{g.name}</label></td>
                    <td>{g.children.map((c) => <div key={c.id}>{c.name}</div>)}</td>
                    <td>{g.login ? <code>{g.login}</code> : '—'}</td>
                    <td>
                      {stateText(g)}
                      {g.confirmed ? null : <div><span className="badge warn">статус не подтверждён документом — реквизиты не выдаются</span></div>}
                      {g.state === 'active' && selected.has(g.id) ? <div><span className="badge warn">текущий пароль перестанет действовать</span></div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {resetting.length ? (
            <p className="alert" role="status">
              Выбраны пользующиеся дневником ({resetting.map((g) => g.name).join(', ')}): их текущий пароль перестанет
              действовать, все их сеансы будут завершены, войти можно будет только с новым временным паролем.
            </p>
          ) : null}
          <p>
            <button type="submit">Сформировать реквизиты</button>{' '}
            <span className="muted">Выбрано: {selected.size}.</span>{' '}
            <Link to="." reloadDocument>Обновить список</Link> <span className="muted">(после скачивания файла — чтобы увидеть новые состояния учётных записей)</span>
          </p>
        </Form>
      )}
    </section>
  )
}
