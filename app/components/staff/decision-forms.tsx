// The director's decision (Порядок 3.1.2): grant or refuse with grounds, signed by entering the password again;
// or send the application back to the responsible employee with a comment.
import type { ApplicationPage } from '#app/models/application-page.server'
import { EVENT_LABELS, PARTIAL_DECISION_LABEL } from '#workflows/application-rules'
import { ActionForm, errorsFor, type IntentResult } from './action-form'
import { FieldError, errorProps } from './error-summary'
import { GroundsFieldset, RefusedKindsFieldset } from './grounds-fieldset'
import { PrecheckPanel } from './precheck-panel'

type Props = { page: ApplicationPage; result?: IntentResult | null }

/**
 * The responsible employee's comment, unless it only repeats the pre-check's summary (the forward form starts with
 * it, review-forms.tsx): the pre-check panel below already says it.
 */
export function proposalComment(comment: string | null | undefined, precheckSummary: string | null | undefined): string | null {
  const text = (comment ?? '').trim()
  return text && text !== (precheckSummary ?? '').trim() ? text : null
}

export function DecideForm({ page, result }: Props) {
  const e = errorsFor(result, 'DECIDE')
  const p = 'DECIDE-'
  const proposal = page.proposal
  const options = page.refusalGrounds.information
  const proposed = proposal?.grounds ?? []
  return (
    <ActionForm
      intent="DECIDE"
      version={page.version}
      title="Решение директора"
      submit="Подписать решение"
      result={result}
      labels={{ password: 'Пароль', grounds: 'Основания', refusedKinds: 'В какой информации отказать' }}
    >
      {proposal ? (
        <div className="notice">
          <p>
            <strong>Предложение ответственного работника:</strong>{' '}
            {proposal.value === 'grant'
              ? 'предоставить информацию'
              : proposal.value === 'partial'
                ? 'предоставить информацию, которая есть в журнале, в остальной отказать'
                : 'отказать'}
            .
          </p>
          {proposal.refusedKinds?.length ? (
            <p>
              Отказать в части:{' '}
              {page.requestedKinds
                .filter((k) => proposal.refusedKinds?.includes(k.value))
                .map((k) => k.label)
                .join('; ')}
            </p>
          ) : null}
          {proposalComment(proposal.comment, page.precheck?.summary) ? (
            <p>{proposalComment(proposal.comment, page.precheck?.summary)}</p>
          ) : null}
          {proposal.grounds.length ? <p>Основания: {proposal.grounds.join('; ')}</p> : null}
        </div>
      ) : null}
      {page.precheck ? <PrecheckPanel precheck={page.precheck} /> : null}
      <fieldset>
        <legend>Решение</legend>
        <div className="choice">
          <input type="radio" id={`${p}grant`} name="decision" value="grant" defaultChecked={proposal?.value !== 'refuse'} />
          <label htmlFor={`${p}grant`}>{EVENT_LABELS.GRANT}</label>
        </div>
        <div className="choice">
          <input type="radio" id={`${p}partial`} name="decision" value="partial" defaultChecked={proposal?.value === 'partial'} />
          <label htmlFor={`${p}partial`}>{PARTIAL_DECISION_LABEL}</label>
        </div>
        <div className="choice">
          <input type="radio" id={`${p}refuse`} name="decision" value="refuse" defaultChecked={proposal?.value === 'refuse'} />
          <label htmlFor={`${p}refuse`}>{EVENT_LABELS.REFUSE}</label>
        </div>
      </fieldset>
      {page.requestedKinds.length > 1 ? (
        <RefusedKindsFieldset prefix={p} kinds={page.requestedKinds} preset={proposal?.refusedKinds ?? []} errors={e} />
      ) : null}
      <GroundsFieldset prefix={p} legend="Основания отказа (при отказе)" options={options} preset={proposed} errors={e} />
      {page.precheck?.concerns.length ? (
        <>
          <label htmlFor={`${p}override`}>Почему информация предоставляется, несмотря на замечания проверки (при предоставлении)</label>
          <textarea name="override" rows={2} minLength={10} {...errorProps('override', e, p)} />
          <p className="hint">
            Проверка нашла: {page.precheck.concerns.join(' ')} Сведения о ребёнке предоставляются только его законному представителю:
            укажите, чем это подтверждено (например, «статус и личность подтверждены документами, предъявленными лично»). Основание
            записывается в журнал доступа.
          </p>
          <FieldError name="override" errors={e} prefix={p} />
        </>
      ) : null}
      <label htmlFor={`${p}password`}>Пароль для подписи решения</label>
      <input type="password" name="password" autoComplete="current-password" {...errorProps('password', e, p)} />
      <p className="hint">
        Пароль спрашивается снова: решение подписывается от имени директора, время и имя записываются в журнал действий. При частичном
        отказе одна подпись относится и к решению, и к уведомлению об отказе.
      </p>
      <FieldError name="password" errors={e} prefix={p} />
    </ActionForm>
  )
}

export function ReturnToReviewForm({ page, result }: Props) {
  const e = errorsFor(result, 'RETURN_TO_REVIEW')
  const p = 'RETURN_TO_REVIEW-'
  return (
    <ActionForm
      intent="RETURN_TO_REVIEW"
      version={page.version}
      title="Вернуть ответственному работнику"
      submit={EVENT_LABELS.RETURN_TO_REVIEW}
      result={result}
      danger
    >
      <label htmlFor={`${p}comment`}>Что доработать</label>
      <textarea name="comment" rows={2} {...errorProps('comment', e, p)} />
      <FieldError name="comment" errors={e} prefix={p} />
    </ActionForm>
  )
}
