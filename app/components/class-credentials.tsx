// «Реквизиты доступа к электронному дневнику» on the class page (Положение 3.1, 4.3.7): the class's guardians with
// the state of their accounts; the chosen ones get their credentials as one Word file with a signature sheet. Nothing
// is chosen by default; re-issuing a password that works asks first and names whose password stops working; after a
// download the issued ones show as issued and unchosen. Below: the letters of applications (Порядок 3.3) that wait to
// be produced for printing (ADR 019).
import { Form, Link, useRevalidator } from '@remix-run/react'
import { useState, type FormEvent } from 'react'
import type { ClassGuardian, WaitingLetter } from '#app/models/class-credentials.server'
import { ACCOUNT_STATE_LABELS, NOTHING_SELECTED, PASSWORD_WORKS, UNCONFIRMED_HOW } from './class-credentials-schema'

function stateText(g: ClassGuardian): string {
  const label = ACCOUNT_STATE_LABELS[g.state]
  if (g.state === 'none') return label
  if (g.state === 'active') return `${label}${g.since ? `, последний вход ${g.since}` : ''}`
  if (g.state === 'locked' || g.state === 'compromised') return `${label}${g.since ? ` ${g.since}` : ''}`
  return `${label} (пароль выдан ${g.since})`
}

/** Posts the form and saves the Word file it answers with; a refusal (a redirect to this page) is followed. */
async function postAndDownload(form: HTMLFormElement, extra: Record<string, string>): Promise<boolean> {
  const body = new FormData(form)
  for (const [k, v] of Object.entries(extra)) body.set(k, v)
  const res = await fetch(form.action, { method: 'POST', body, credentials: 'same-origin' })
  if (!res.ok || !(res.headers.get('Content-Type') ?? '').includes('wordprocessingml')) {
    window.location.assign(res.url)
    return false
  }
  const name = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('Content-Disposition') ?? '')?.[1]
  const url = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = url
  a.download = name ? decodeURIComponent(name) : 'Реквизиты доступа.docx'
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
  return true
}

type Props = {
  classId: string
  guardians: ClassGuardian[]
  letters: WaitingLetter[]
  error: string | null
  from: 'teacher' | 'staff'
  mayConfirmStatus: boolean
}

export function ClassCredentials({ classId, guardians, letters, error, from, mayConfirmStatus }: Props) {
  const revalidator = useRevalidator()
  const [selected, setSelected] = useState(() => new Set<string>())
  const [issuedNow, setIssuedNow] = useState(() => new Set<string>())
  const [problem, setProblem] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const toggle = (id: string, on: boolean) => {
    setProblem(null)
    setConfirming(false)
    setSelected((prev) => {
      const next = new Set(prev)
      if (on) next.add(id)
      else next.delete(id)
      return next
    })
  }
  // Whose password works today and would stop working: named before anything changes.
  const replacing = guardians.filter((g) => selected.has(g.id) && PASSWORD_WORKS[g.state])
  const issue = async (form: HTMLFormElement, confirmed: boolean) => {
    setBusy(true)
    try {
      const ids = [...selected]
      if (await postAndDownload(form, confirmed ? { confirmReissue: 'yes' } : {})) {
        setIssuedNow((prev) => new Set([...prev, ...ids]))
        setSelected(new Set())
        setConfirming(false)
        revalidator.revalidate()
      }
    } finally {
      setBusy(false)
    }
  }
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (selected.size === 0) return setProblem(NOTHING_SELECTED)
    if (replacing.length && !confirming) return setConfirming(true)
    void issue(event.currentTarget, confirming)
  }
  const message = problem ?? error
  return (
    <section className="card" id="credentials" aria-labelledby="credentials-title">
      <h2 id="credentials-title">Реквизиты доступа к электронному дневнику</h2>
      <p>
        Родители (законные представители) получают логин и пароль у классного руководителя под роспись (Положение, п. 3.1, 4.3.7). Отметьте,
        кому выдать реквизиты, и нажмите «Сформировать реквизиты»: получится один файл Word — лист с логином и временным паролем для каждого
        и ведомость выдачи для подписей.
      </p>
      <p className="alert" role="note">
        Пароли показаны один раз: файл нигде не сохраняется, в системе хранятся только их необратимые отпечатки. Распечатайте файл и удалите
        его; при утере сформируйте реквизиты заново — прежний временный пароль перестанет действовать.
      </p>
      {message ? (
        <p className="alert" role="alert">
          {message}
        </p>
      ) : null}
      {guardians.some((g) => !g.confirmed) ? (
        <p className="hint" id="unconfirmed-how">
          Реквизиты не выдаются тем, чей статус законного представителя не подтверждён документом (Порядок, п. 1.2). {UNCONFIRMED_HOW}
        </p>
      ) : null}
      {guardians.length === 0 ? (
        <p className="muted">У обучающихся класса нет законных представителей в журнале.</p>
      ) : (
        <Form method="post" action={`/classes/${classId}/credentials`} reloadDocument onSubmit={onSubmit}>
          <input type="hidden" name="from" value={from} />
          <div className="table-wrap">
            <table>
              <caption className="muted" style={{ textAlign: 'left' }}>
                Законные представители обучающихся класса
              </caption>
              <thead>
                <tr>
                  <th scope="col">Выдать</th>
                  <th scope="col">Законный представитель</th>
                  <th scope="col">Обучающийся (-иеся)</th>
                  <th scope="col">Логин</th>
                  <th scope="col">Учётная запись</th>
                </tr>
              </thead>
              <tbody>
                {guardians.map((g) => (
                  <tr key={g.id}>
                    <td>
                      <input
                        type="checkbox"
                        name="guardianId"
                        value={g.id}
                        id={`g-${g.id}`}
                        checked={selected.has(g.id)}
                        onChange={(e) => toggle(g.id, e.currentTarget.checked)}
                        disabled={!g.confirmed}
                        aria-label={`Выдать реквизиты: ${g.name}`}
                      />
                    </td>
                    <td>
                      <label htmlFor={`g-${g.id}`}>{g.name}</label>
                    </td>
                    <td>
                      {g.children.map((c) => (
                        <div key={c.id}>{c.name}</div>
                      ))}
                    </td>
                    <td>{g.login ? <code>{g.login}</code> : '—'}</td>
                    <td>
                      {stateText(g)}
                      {issuedNow.has(g.id) ? (
                        <div>
                          <span className="badge ok">реквизиты выданы сейчас</span>
                        </div>
                      ) : null}
                      {g.confirmed ? null : (
                        <div>
                          <span className="badge warn">статус не подтверждён документом — реквизиты не выдаются</span>
                        </div>
                      )}
                      {PASSWORD_WORKS[g.state] && selected.has(g.id) ? (
                        <div>
                          <span className="badge warn">текущий пароль перестанет действовать</span>
                        </div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {confirming && replacing.length ? (
            <div className="alert" role="alertdialog" aria-labelledby="reissue-title" aria-describedby="reissue-text">
              <p id="reissue-title">
                <strong>Выдать пароли заново?</strong>
              </p>
              <p id="reissue-text">
                Перестанут действовать пароли: {replacing.map((g) => `${g.name}${g.login ? ` (${g.login})` : ''}`).join(', ')}. Их сеансы
                будут завершены, войти можно будет только с новым временным паролем — и прежние листы с паролями станут недействительны.
              </p>
              <p>
                <button type="submit" disabled={busy}>
                  Да, выдать новые пароли
                </button>{' '}
                <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                  Отмена
                </button>
              </p>
            </div>
          ) : null}
          <p>
            {/* Without JavaScript the server asks for this confirmation (code «reissue»). */}
            <noscript>
              <label>
                <input type="checkbox" name="confirmReissue" value="yes" /> Я понимаю, что действующие пароли выбранных перестанут
                действовать
              </label>
              <br />
            </noscript>
            <button type="submit" disabled={busy}>
              Сформировать реквизиты
            </button>{' '}
            <span className="muted">Выбрано: {selected.size}.</span>{' '}
            <Link to="." reloadDocument>
              Обновить список
            </Link>
          </p>
        </Form>
      )}
      {mayConfirmStatus ? <ConfirmStatus classId={classId} guardians={guardians} from={from} /> : null}
      <WaitingLetters classId={classId} letters={letters} from={from} />
    </section>
  )
}

/**
 * ADR 114: the class teacher records the document that proved a guardian's status for a child (Порядок 1.2, 2.7) — one
 * form per link not yet confirmed. The administrator's import no longer confirms a status.
 */
function ConfirmStatus({ classId, guardians, from }: { classId: string; guardians: ClassGuardian[]; from: 'teacher' | 'staff' }) {
  const waiting = guardians.flatMap((g) => g.unconfirmed.map((c) => ({ guardian: g, child: c })))
  if (waiting.length === 0) return null
  return (
    <>
      <h3 id="confirm-status">Подтвердить статус законного представителя</h3>
      <p className="hint">
        Сверьте документ, подтверждающий статус (свидетельство о рождении, акт об опеке), и впишите его вид и реквизиты. До этого реквизиты
        доступа родителю не выдаются.
      </p>
      <ul className="plain">
        {waiting.map(({ guardian, child }) => (
          <li key={`${guardian.id}-${child.id}`}>
            <Form method="post" action={`/classes/${classId}/credentials`} reloadDocument>
              <input type="hidden" name="from" value={from} />
              <input type="hidden" name="intent" value="confirm-status" />
              <input type="hidden" name="guardianId" value={guardian.id} />
              <input type="hidden" name="pupilId" value={child.id} />
              <label>
                {guardian.name} — {child.name}: документ{' '}
                <input name="document" required maxLength={200} placeholder="свидетельство о рождении II-РУ № 123456" />
              </label>{' '}
              <button type="submit">Статус подтверждён</button>
            </Form>
          </li>
        ))}
      </ul>
    </>
  )
}

/** Порядок 3.3, ADR 019: letters of applications produced at printing time; producing again replaces the password. */
function WaitingLetters({ classId, letters, from }: { classId: string; letters: WaitingLetter[]; from: 'teacher' | 'staff' }) {
  const revalidator = useRevalidator()
  const [asking, setAsking] = useState<string | null>(null)
  if (letters.length === 0) return null
  const onSubmit = (event: FormEvent<HTMLFormElement>, letter: WaitingLetter) => {
    event.preventDefault()
    if (letter.producedOn && asking !== letter.applicationId) return setAsking(letter.applicationId)
    const confirmed = asking === letter.applicationId
    void postAndDownload(event.currentTarget, confirmed ? { confirmReissue: 'yes' } : {}).then((ok) => {
      if (ok) {
        setAsking(null)
        revalidator.revalidate()
      }
    })
  }
  return (
    <>
      <h3>Письма с реквизитами по заявлениям</h3>
      <p className="muted">
        Письмо с паролем формируется в момент печати и нигде не хранится; в деле заявления остаётся копия с логином и датой выдачи пароля.
        Вручите письмо лично (по паспорту) или передайте для отправки почтой.
      </p>
      <ul>
        {letters.map((l) => (
          <li key={l.applicationId}>
            <Form method="post" action={`/classes/${classId}/credentials`} reloadDocument onSubmit={(e) => onSubmit(e, l)}>
              <input type="hidden" name="from" value={from} />
              <input type="hidden" name="intent" value="letter" />
              <input type="hidden" name="applicationId" value={l.applicationId} />
              Заявление {l.number}: {l.applicant} — {l.pupil}, {l.channel}.{' '}
              {l.producedOn ? <span className="muted">Письмо уже сформировано {l.producedOn}. </span> : null}
              {asking === l.applicationId ? (
                <span role="alert">
                  <>Пароль из письма от {l.producedOn} перестанет действовать.</>{' '}
                  <button type="submit">Да, сформировать новое письмо</button>{' '}
                  <button type="button" className="secondary" onClick={() => setAsking(null)}>
                    Отмена
                  </button>
                </span>
              ) : (
                <button type="submit">{l.producedOn ? 'Сформировать заново' : 'Сформировать письмо'}</button>
              )}
              <noscript>
                {l.producedOn ? (
                  <label>
                    {' '}
                    <input type="checkbox" name="confirmReissue" value="yes" /> прежний пароль перестанет действовать
                  </label>
                ) : null}
              </noscript>
            </Form>
          </li>
        ))}
      </ul>
    </>
  )
}
