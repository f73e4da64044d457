// ADR 093: a request for access is confirmed with the confirmer's own password, typed again, or refused. The director
// («Подтверждение доступа», /staff/access) and the education authority's administrator (a school's page,
// /authority/schools/<id>) confirm the same requests with the same form, and are told the result the same way.
import { Form } from '@remix-run/react'

/** What an answered confirmation shows: its message and, once, the one-time password it made. */
export function AccessGrantResult({ result }: { result?: { ok: boolean; message: string; login?: string; password?: string } }) {
  if (!result) return null
  return (
    <p className={result.ok ? 'success' : 'alert'} role={result.ok ? 'status' : 'alert'}>
      {result.message}
      {result.ok && result.password ? (
        <>
          {' '}
          Временный пароль для <strong>{result.login}</strong>: <code>{result.password}</code>. Он показан один раз.
        </>
      ) : null}
    </p>
  )
}

/**
 * One request's form: the password field (its label, its Russian error tied to it) with «Подтвердить», and
 * «Отклонить» (which needs no password). `confirm: false` leaves only «Отклонить» — a request someone else confirms.
 * The buttons carry the intent, so Enter in the password field confirms.
 */
export function AccessGrantForm({
  grantId,
  label,
  error,
  busy,
  intents,
  confirm = true,
}: {
  grantId: string
  label: string
  error?: string
  busy: boolean
  intents: { confirm: string; refuse: string }
  confirm?: boolean
}) {
  const id = `password-${grantId}`
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="grantId" value={grantId} />
      {confirm ? (
        <>
          <label htmlFor={id}>{label}</label>
          <input
            id={id}
            name="password"
            type="password"
            autoComplete="current-password"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
          {error ? (
            <p id={`${id}-error`} className="field-error">
              {error}
            </p>
          ) : null}
        </>
      ) : null}
      <p className="grant-buttons">
        {confirm ? (
          <button type="submit" name="intent" value={intents.confirm} disabled={busy}>
            Подтвердить
          </button>
        ) : null}
        <button type="submit" name="intent" value={intents.refuse} className="secondary" disabled={busy}>
          Отклонить
        </button>
      </p>
    </Form>
  )
}
