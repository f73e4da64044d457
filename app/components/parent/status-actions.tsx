// What the applicant can do on the status page: withdraw before delivery (with a confirmation step) and answer
// a correction request with the missing document. Plain forms: they work without JavaScript.
import { Form, Link, useNavigation } from '@remix-run/react'
import { describedBy } from './form-field'

interface ConfirmTexts {
  /** The query parameter that opens the confirmation (?withdraw=1). */
  query: string
  intent: string
  title: string
  intro: string
  open: string
  question: string
  warning: string
  confirm: string
}

/** An irreversible step of the applicant's: explained first, then confirmed on a second screen. */
function ConfirmPanel({
  texts,
  confirming,
  version,
  error,
}: {
  texts: ConfirmTexts
  confirming: boolean
  version: number
  error?: string | null
}) {
  const busy = useNavigation().state !== 'idle'
  const id = `${texts.intent}-title`
  if (!confirming) {
    return (
      <section className="card" aria-labelledby={id}>
        <h2 id={id}>{texts.title}</h2>
        <p>{texts.intro}</p>
        <p>
          <Link to={`?${texts.query}=1`} className="button secondary">
            {texts.open}
          </Link>
        </p>
      </section>
    )
  }
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id} tabIndex={-1}>
        {texts.question}
      </h2>
      {error ? (
        <p className="alert" role="alert">
          {error}
        </p>
      ) : null}
      <p>{texts.warning}</p>
      <Form method="post" replace>
        <input type="hidden" name="intent" value={texts.intent} />
        <input type="hidden" name="version" value={version} />
        <p style={{ display: 'flex', flexWrap: 'wrap', gap: '.75rem' }}>
          <button type="submit" disabled={busy}>
            {texts.confirm}
          </button>
          <Link to="." className="button secondary">
            Нет, вернуться
          </Link>
        </p>
      </Form>
    </section>
  )
}

const WITHDRAW_TEXTS: ConfirmTexts = {
  query: 'withdraw',
  intent: 'withdraw',
  title: 'Отозвать заявление',
  intro: 'Пока информация вам не предоставлена, заявление можно отозвать.',
  open: 'Отозвать заявление…',
  question: 'Отозвать заявление?',
  warning: 'Школа прекратит работу по заявлению, отменить отзыв будет нельзя. При необходимости подайте новое заявление.',
  confirm: 'Да, отозвать заявление',
}

const STOP_TEXTS: ConfirmTexts = {
  query: 'stop',
  intent: 'stop',
  title: 'Прекратить получение выписок',
  intro: 'Выписки по этому заявлению приходят периодически до конца учебного года. Если они больше не нужны, их можно прекратить.',
  open: 'Прекратить получение выписок…',
  question: 'Прекратить получение выписок?',
  warning:
    'Новых выписок по заявлению не будет, а выписка, которая ещё не отправлена, будет ' +
    'отменена. Возобновить нельзя — при необходимости подайте новое заявление.',
  confirm: 'Да, прекратить',
}

export function WithdrawPanel(props: { confirming: boolean; version: number; error?: string | null }) {
  return <ConfirmPanel texts={WITHDRAW_TEXTS} {...props} />
}

export function StopPeriodicPanel(props: { confirming: boolean; version: number; error?: string | null }) {
  return <ConfirmPanel texts={STOP_TEXTS} {...props} />
}

export function CorrectionForm({ items, version, errors }: { items: string[]; version: number; errors: Record<string, string> }) {
  const busy = useNavigation().state !== 'idle'
  return (
    <section className="card" aria-labelledby="correction-title">
      <h2 id="correction-title">Что нужно исправить</h2>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      {errors._ ? (
        <p className="alert" role="alert">
          {errors._}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="intent" value="correction" />
        <input type="hidden" name="version" value={version} />
        <label htmlFor="correction-file">
          Недостающий документ<span aria-hidden="true"> *</span>
        </label>
        <p className="hint" id="correction-file-hint">
          PDF, JPEG или PNG, не больше 10 МБ.
        </p>
        <input
          id="correction-file"
          name="file"
          type="file"
          accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
          aria-required
          aria-invalid={errors.file ? true : undefined}
          aria-describedby={describedBy('correction-file-hint', errors.file && 'correction-file-error')}
        />
        {errors.file ? (
          <p className="field-error" id="correction-file-error">
            {errors.file}
          </p>
        ) : null}
        <label htmlFor="correction-note">
          Комментарий <span className="muted">(необязательно)</span>
        </label>
        <textarea
          id="correction-note"
          name="note"
          rows={3}
          maxLength={1000}
          aria-invalid={errors.note ? true : undefined}
          aria-describedby={describedBy(errors.note && 'correction-note-error')}
        />
        {errors.note ? (
          <p className="field-error" id="correction-note-error">
            {errors.note}
          </p>
        ) : null}
        <p>
          <button type="submit" disabled={busy}>
            {busy ? 'Отправляем…' : 'Отправить исправление'}
          </button>
        </p>
      </Form>
    </section>
  )
}
