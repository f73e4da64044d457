// Forms of reception and review: register, refuse acceptance, start review, ask for corrections, forward to
// the director (with the pre-check shown), withdraw on the applicant's written request.
import type { ApplicationPage } from '#app/models/application-page.server'
import { EVENT_LABELS, PARTIAL_DECISION_LABEL, WRITTEN_ACCEPTANCE_REFUSAL_BY_DIRECTOR } from '#workflows/application-rules'
import { REVIEW_RULE, registrationRule, type Channel } from '#workflows/deadlines'
import { ActionForm, errorsFor, type IntentResult } from './action-form'
import { FieldError, errorProps } from './error-summary'
import { GroundsFieldset, RefusedKindsFieldset } from './grounds-fieldset'
import { PrecheckPanel } from './precheck-panel'

type Props = { page: ApplicationPage; result?: IntentResult | null }

export function RegisterForm({ page, result }: Props) {
  const e = errorsFor(result, 'REGISTER')
  const p = 'REGISTER-'
  return (
    <ActionForm intent="REGISTER" version={page.version} title="Регистрация в журнале" submit={EVENT_LABELS.REGISTER} result={result}>
      {page.channel === 'in_person' ? (
        <div className="choice">
          <input type="checkbox" name="originalsShown" {...errorProps('originalsShown', e, p)} />
          <label htmlFor={`${p}originalsShown`}>
            Паспорт и документ, подтверждающий статус законного представителя, предъявлены (оригиналы)
          </label>
        </div>
      ) : (
        <p className="hint">Регистрация — {registrationRule(page.channel as Channel)}.</p>
      )}
      <FieldError name="originalsShown" errors={e} prefix={p} />
    </ActionForm>
  )
}

export function RefuseAcceptanceForm({ page, result }: Props) {
  const e = errorsFor(result, 'REFUSE_ACCEPTANCE')
  const p = 'REFUSE_ACCEPTANCE-'
  return (
    <ActionForm
      intent="REFUSE_ACCEPTANCE"
      version={page.version}
      title="Отказ в приёме документов"
      submit={EVENT_LABELS.REFUSE_ACCEPTANCE}
      result={result}
      labels={{ password: 'Пароль', grounds: 'Основания', form: 'Форма отказа' }}
      danger
    >
      <GroundsFieldset prefix={p} legend="Основания отказа в приёме" options={page.refusalGrounds.acceptance} errors={e} />
      <fieldset id={`${p}form`}>
        <legend>Как сообщён отказ (Порядок, п. 3.1.1)</legend>
        <div className="choice">
          <input type="radio" id={`${p}oral`} name="form" value="oral" defaultChecked />
          <label htmlFor={`${p}oral`}>Устно</label>
        </div>
        {page.writesAcceptanceRefusal ? (
          <div className="choice">
            <input type="radio" id={`${p}written`} name="form" value="written" />
            <label htmlFor={`${p}written`}>По требованию заявителя — письменное уведомление за подписью директора</label>
          </div>
        ) : (
          <p className="hint">
            {WRITTEN_ACCEPTANCE_REFUSAL_BY_DIRECTOR}. Если заявитель требует письменного уведомления, не отказывайте здесь: директор откроет
            это заявление и оформит отказ с уведомлением.
          </p>
        )}
        <FieldError name="form" errors={e} prefix={p} />
      </fieldset>
      {page.writesAcceptanceRefusal ? (
        <>
          <label htmlFor={`${p}password`}>Пароль для подписи уведомления (только для письменного отказа)</label>
          <input type="password" name="password" autoComplete="current-password" {...errorProps('password', e, p)} />
          <p className="hint">
            Письменное уведомление уходит заявителю сразу от имени директора, поэтому пароль спрашивается снова, как при решении.
          </p>
          <FieldError name="password" errors={e} prefix={p} />
        </>
      ) : null}
    </ActionForm>
  )
}

export function StartReviewForm({ page, result }: Props) {
  return (
    <ActionForm intent="START_REVIEW" version={page.version} title="Рассмотрение" submit={EVENT_LABELS.START_REVIEW} result={result}>
      <p className="hint">Срок рассмотрения — {REVIEW_RULE}; он идёт со дня регистрации, принятие к рассмотрению его не меняет.</p>
    </ActionForm>
  )
}

export function RequestCorrectionForm({ page, result }: Props) {
  const e = errorsFor(result, 'REQUEST_CORRECTION')
  const p = 'REQUEST_CORRECTION-'
  return (
    <ActionForm
      intent="REQUEST_CORRECTION"
      version={page.version}
      title="Запросить исправление"
      submit={EVENT_LABELS.REQUEST_CORRECTION}
      result={result}
    >
      <label htmlFor={`${p}items`}>Что исправить (каждый пункт с новой строки)</label>
      <textarea name="items" rows={3} defaultValue={page.precheck?.correction.join('\n') ?? ''} {...errorProps('items', e, p)} />
      <FieldError name="items" errors={e} prefix={p} />
    </ActionForm>
  )
}

export function ForwardForm({ page, result }: Props) {
  const e = errorsFor(result, 'FORWARD')
  const p = 'FORWARD-'
  const pre = page.precheck
  return (
    <ActionForm
      intent="FORWARD"
      version={page.version}
      title="Передать директору с предложением"
      submit={EVENT_LABELS.FORWARD}
      result={result}
    >
      {pre ? <PrecheckPanel precheck={pre} /> : null}
      <fieldset>
        <legend>Предложение</legend>
        <div className="choice">
          <input type="radio" id={`${p}grant`} name="proposal" value="grant" defaultChecked={pre?.proposal !== 'refuse'} />
          <label htmlFor={`${p}grant`}>Предоставить информацию</label>
        </div>
        <div className="choice">
          <input type="radio" id={`${p}partial`} name="proposal" value="partial" defaultChecked={pre?.proposal === 'partial'} />
          <label htmlFor={`${p}partial`}>{PARTIAL_DECISION_LABEL}</label>
        </div>
        <div className="choice">
          <input type="radio" id={`${p}refuse`} name="proposal" value="refuse" defaultChecked={pre?.proposal === 'refuse'} />
          <label htmlFor={`${p}refuse`}>Отказать в предоставлении</label>
        </div>
      </fieldset>
      {page.requestedKinds.length > 1 ? (
        <RefusedKindsFieldset prefix={p} kinds={page.requestedKinds} preset={pre?.refusedKinds ?? []} errors={e} />
      ) : null}
      <GroundsFieldset
        prefix={p}
        legend="Основания отказа (если предлагается отказ)"
        options={page.refusalGrounds.information}
        preset={pre?.grounds ?? []}
        errors={e}
      />
      <label htmlFor={`${p}comment`}>Комментарий для директора</label>
      <textarea name="comment" rows={3} defaultValue={pre?.summary ?? ''} {...errorProps('comment', e, p)} />
      <FieldError name="comment" errors={e} prefix={p} />
    </ActionForm>
  )
}

/** A step staff take only on the applicant's written request, cited in the form. */
function WrittenRequestForm({
  page,
  result,
  intent,
  title,
  label,
}: Props & { intent: 'WITHDRAW' | 'STOP_PERIODIC'; title: string; label: string }) {
  const e = errorsFor(result, intent)
  const p = `${intent}-`
  return (
    <ActionForm intent={intent} version={page.version} title={title} submit={EVENT_LABELS[intent]} result={result} danger>
      <label htmlFor={`${p}reason`}>{label}</label>
      <input name="reason" {...errorProps('reason', e, p)} />
      <FieldError name="reason" errors={e} prefix={p} />
    </ActionForm>
  )
}

export function WithdrawForm(props: Props) {
  return (
    <WrittenRequestForm {...props} intent="WITHDRAW" title="Отзыв заявления" label="Реквизиты письменного заявления заявителя об отзыве" />
  )
}

export function StopPeriodicForm(props: Props) {
  return (
    <WrittenRequestForm
      {...props}
      intent="STOP_PERIODIC"
      title="Прекращение периодического предоставления"
      label="Реквизиты письменного заявления заявителя о прекращении"
    />
  )
}
