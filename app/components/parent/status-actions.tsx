// What the applicant can do on the status page: withdraw before delivery (with a confirmation step) and answer
// a correction request with the missing document. Plain forms: they work without JavaScript.
import { Form, Link, useNavigation } from '@remix-run/react'
import { describedBy } from './form-field'

export function WithdrawPanel({ confirming, version, error }: { confirming: boolean; version: number; error?: string | null }) {
  const busy = useNavigation().state !== 'idle'
  if (!confirming) {
    return (
      <section className="card" aria-labelledby="withdraw-title">
        <h2 id="withdraw-title">Отозвать заявление</h2>
        <p>Пока информация вам не предоставлена, заявление можно отозвать.</p>
        <p><Link to="?withdraw=1" className="button secondary">Отозвать заявление…</Link></p>
      </section>
    )
  }
  return (
    <section className="card" aria-labelledby="withdraw-title">
      <h2 id="withdraw-title" tabIndex={-1}>Отозвать заявление?</h2>
      {error ? <p className="alert" role="alert">{error}</p> : null}
      <p>Школа прекратит работу по заявлению, отменить отзыв будет нельзя. При необходимости подайте новое заявление.</p>
      <Form method="post" replace>
        <input type="hidden" name="intent" value="withdraw" />
        <input type="hidden" name="version" value={version} />
        <p style={{ display: 'flex', flexWrap: 'wrap', gap: '.75rem' }}>
          <button type="submit" disabled={busy}>Да, отозвать заявление</button>
          <Link to="." className="button secondary">Нет, вернуться</Link>
        </p>
      </Form>
    </section>
  )
}

export function CorrectionForm({ items, version, errors }: { items: string[]; version: number; errors: Record<string, string> }) {
  const busy = useNavigation().state !== 'idle'
  return (
    <section className="card" aria-labelledby="correction-title">
      <h2 id="correction-title">Что нужно исправить</h2>
      <ul>{items.map((item) => <li key={item}>{item}</li>)}</ul>
      {errors._ ? <p className="alert" role="alert">{errors._}</p> : null}
      <Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="intent" value="correction" />
        <input type="hidden" name="version" value={version} />
        <label htmlFor="correction-file">Недостающий документ<span aria-hidden="true"> *</span></label>
        <p className="hint" id="correction-file-hint">PDF, JPEG или PNG, не больше 10 МБ.</p>
        <input id="correction-file" name="file" type="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" aria-required
          aria-invalid={errors.file ? true : undefined} aria-describedby={describedBy('correction-file-hint', errors.file && 'correction-file-error')} />
        {errors.file ? <p className="field-error" id="correction-file-error">{errors.file}</p> : null}
        <label htmlFor="correction-note">Комментарий <span className="muted">(необязательно)</span></label>
        <textarea id="correction-note" name="note" rows={3} maxLength={1000}
          aria-invalid={errors.note ? true : undefined} aria-describedby={describedBy(errors.note && 'correction-note-error')} />
        {errors.note ? <p className="field-error" id="correction-note-error">{errors.note}</p> : null}
        <p><button type="submit" disabled={busy}>{busy ? 'Отправляем…' : 'Отправить исправление'}</button></p>
      </Form>
    </section>
  )
}
