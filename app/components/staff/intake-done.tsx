// After intake (the whole page, so its heading is the page's h1: axe page-has-heading-one): the registration number (or the receipt, if
// not registered yet) and the way on.
import { Link } from '@remix-run/react'
import { DELIVERY_RULE, registrationRule } from '#workflows/deadlines'

type IntakeDoneData = {
  applicationId: string
  receiptNumber: string
  registrationNumber: number | null
  registeredAt: string | null
  elapsedMs: number | null
  answerBy?: string | null
  receivedOn?: string
  atDesk?: boolean
}

export function IntakeDone({ done, again, back }: { done: IntakeDoneData; again: string; back?: { to: string; label: string } | null }) {
  const minutes = done.elapsedMs == null ? null : Math.floor(done.elapsedMs / 60_000)
  const seconds = done.elapsedMs == null ? null : Math.floor((done.elapsedMs % 60_000) / 1000)
  return (
    <section className="success intake-done" role="status" aria-labelledby="done-title">
      {done.registrationNumber ? (
        <>
          <h1 id="done-title">Заявление зарегистрировано № {done.registrationNumber}</h1>
          <p>
            Дата и время регистрации: {done.registeredAt}
            {minutes != null ? ` (с начала приёма: ${minutes} мин ${seconds} с)` : ''}.
          </p>
          {/* A letter: nobody waits at the desk to be told the number; the stamp's day is what the terms count from (issue 19, item 6). */}
          {done.atDesk === false ? (
            <p>
              Поступило по почте {done.receivedOn} (по штампу). Ответ — {done.answerBy ?? DELIVERY_RULE}; заявитель получит его способом,
              указанным в заявлении.
            </p>
          ) : (
            <p>Сообщите заявителю номер и дату регистрации. Ответ — {done.answerBy ?? DELIVERY_RULE}.</p>
          )}
        </>
      ) : (
        <>
          <h1 id="done-title">Заявление принято, квитанция {done.receiptNumber}</h1>
          <p>Зарегистрируйте его {registrationRule('post')}.</p>
        </>
      )}
      <p>
        <Link to={`/staff/applications/${done.applicationId}`}>Открыть заявление</Link>
        {' · '}
        <Link to={again} reloadDocument>
          Принять следующее
        </Link>
        {back ? (
          <>
            {' · '}
            <Link to={back.to}>{back.label}</Link>
          </>
        ) : null}
      </p>
    </section>
  )
}
