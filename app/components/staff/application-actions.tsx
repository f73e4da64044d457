// Only the steps the machine allows in this status for this user's roles (availableEvents), each as its form.
import type { ApplicationPage } from '#app/models/application-page.server'
import type { IntentResult } from './action-form'
import { DecideForm, ReturnToReviewForm } from './decision-forms'
import { DeliverForm, DeliverPeriodicForm, NoticeDeliveredForm, StartDeliveryForm, YearEndedForm } from './delivery-forms'
import {
  ForwardForm,
  RefuseAcceptanceForm,
  RegisterForm,
  RequestCorrectionForm,
  StartReviewForm,
  StopPeriodicForm,
  WithdrawForm,
} from './review-forms'

type Props = { page: ApplicationPage; result?: IntentResult | null }
const FORMS: Partial<Record<string, (p: Props) => JSX.Element>> = {
  REGISTER: RegisterForm,
  REFUSE_ACCEPTANCE: RefuseAcceptanceForm,
  START_REVIEW: StartReviewForm,
  REQUEST_CORRECTION: RequestCorrectionForm,
  FORWARD: ForwardForm,
  RETURN_TO_REVIEW: ReturnToReviewForm,
  START_DELIVERY: StartDeliveryForm,
  DELIVER: DeliverForm,
  DELIVER_PERIODIC: DeliverPeriodicForm,
  NOTICE_DELIVERED: NoticeDeliveredForm,
  YEAR_ENDED: YearEndedForm,
  WITHDRAW: WithdrawForm,
}

/**
 * Whether the form of `intent` is on the page: then its own error summary shows a refused step, and the page does
 * not repeat the message above (QA saw «Пароль для подписи введён неверно» twice).
 */
export function hasFormFor(actions: readonly string[], intent: string): boolean {
  return intent === 'DECIDE'
    ? actions.includes('GRANT')
    : actions.includes(intent) && (intent in FORMS || intent === 'WITHDRAW' || intent === 'STOP_PERIODIC')
}

export function ApplicationActions({ page, result }: Props) {
  // GRANT and REFUSE are one signed form; the rarely needed withdrawal and stop go last, folded.
  const events = page.actions.filter((a) => a !== 'REFUSE' && a !== 'WITHDRAW' && a !== 'STOP_PERIODIC')
  const withdraw = page.actions.includes('WITHDRAW')
  const stop = page.actions.includes('STOP_PERIODIC')
  if (!page.actions.length) return <p className="muted">Действий по заявлению в этом статусе нет.</p>
  return (
    <div className="actions">
      {events.map((type) => {
        if (type === 'GRANT') return <DecideForm key={type} page={page} result={result} />
        const Form = FORMS[type]
        return Form ? <Form key={type} page={page} result={result} /> : null
      })}
      {withdraw ? (
        <details className="withdraw">
          <summary>Отозвать заявление по письменному заявлению заявителя</summary>
          <WithdrawForm page={page} result={result} />
        </details>
      ) : null}
      {stop ? (
        <details className="withdraw">
          <summary>Прекратить периодическое предоставление по письменному заявлению заявителя</summary>
          <StopPeriodicForm page={page} result={result} />
        </details>
      ) : null}
    </div>
  )
}
