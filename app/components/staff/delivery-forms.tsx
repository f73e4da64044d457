// Hand-over of the answer: start, record (date + who received it, or the tracking number for post), periodic
// extracts, the refusal notice, the end of the academic year. Post letters reach the postal list by themselves:
// the document generator makes a «prepared» Delivery row for each.
import { Link } from '@remix-run/react'
import { ANSWER_KINDS } from '#app/models/answer-kinds'
import type { ApplicationPage } from '#app/models/application-page.server'
import { EVENT_LABELS } from '#workflows/application-rules'
import { ActionForm, errorsFor, type IntentResult } from './action-form'
import { FieldError, errorProps } from './error-summary'

type Props = { page: ApplicationPage; result?: IntentResult | null }

function HandOverFields({ intent, page, errors, channel }: { intent: string; page: ApplicationPage; errors?: Record<string, string>; channel: string }) {
  const p = `${intent}-`
  return (
    <>
      <label htmlFor={`${p}deliveredOn`}>{channel === 'post' ? 'Дата отправки' : channel === 'email' ? 'Дата отправки письма' : 'Дата вручения'}</label>
      <input type="date" name="deliveredOn" defaultValue={page.today} max={page.today} {...errorProps('deliveredOn', errors, p)} />
      <FieldError name="deliveredOn" errors={errors} prefix={p} />
      {channel === 'in_person' ? (
        <>
          <label htmlFor={`${p}recipient`}>Кто получил (фамилия, имя, отчество)</label>
          <input name="recipient" defaultValue={page.applicant.name} {...errorProps('recipient', errors, p)} />
          <FieldError name="recipient" errors={errors} prefix={p} />
        </>
      ) : null}
      {channel === 'post' ? (
        <>
          <label htmlFor={`${p}trackingNumber`}>Почтовый идентификатор (трек-номер)</label>
          <input name="trackingNumber" inputMode="numeric" autoComplete="off" {...errorProps('trackingNumber', errors, p)} />
          <FieldError name="trackingNumber" errors={errors} prefix={p} />
        </>
      ) : null}
    </>
  )
}

/** E-mail answers are recorded by the system once the server accepts the letter (jobs/emailed-answers.server.ts). */
function EmailNote({ page, kinds }: { page: ApplicationPage; kinds: readonly string[] }) {
  if (page.delivery !== 'email') return null
  const queued = page.deliveries.some((d) => kinds.includes(d.kind) && d.channel === 'email' && d.status === 'prepared')
  return (
    <p className={queued ? 'notice' : 'hint'}>
      {queued ? 'Письмо с ответом ждёт отправки. ' : ''}Предоставление по электронной почте отмечается автоматически, когда почтовый
      сервер примет письмо. Отмечайте вручную, только если письмо отправить не удалось и ответ передан иначе
      {queued ? ': если ответ уже передан лично, попросите администратора ЭЖ отменить письмо в «Исходящей почте», затем отметьте вручение' : ''}.
    </p>
  )
}

export function StartDeliveryForm({ page, result }: Props) {
  return <ActionForm intent="START_DELIVERY" version={page.version} title="Подготовка ответа" submit={EVENT_LABELS.START_DELIVERY} result={result}><p className="hint">Выписка (и реквизиты доступа, если запрошены) формируются автоматически.</p></ActionForm>
}

export function DeliverForm({ page, result }: Props) {
  const ready = page.deliveries.some((d) => d.kind !== 'periodic-extract' && d.documentId)
  return (
    <ActionForm intent="DELIVER" version={page.version} title={`Предоставление: ${page.deliveryLabel}`} submit={EVENT_LABELS.DELIVER} result={result}>
      {ready ? null : <p className="notice">Документы ещё формируются — обновите страницу через минуту.</p>}
      <EmailNote page={page} kinds={ANSWER_KINDS.delivering} />
      {page.delivery === 'post' ? <p><Link to={`/staff/delivery/label/${page.id}`}>Распечатать адресный ярлык</Link> · <Link to="/staff/delivery/post">Почтовый список дня</Link></p> : null}
      <HandOverFields intent="DELIVER" page={page} errors={errorsFor(result, 'DELIVER')} channel={page.delivery} />
    </ActionForm>
  )
}

export function NoticeDeliveredForm({ page, result }: Props) {
  return (
    <ActionForm intent="NOTICE_DELIVERED" version={page.version} title="Вручение уведомления об отказе" submit={EVENT_LABELS.NOTICE_DELIVERED} result={result}>
      <EmailNote page={page} kinds={ANSWER_KINDS.refused} />
      <HandOverFields intent="NOTICE_DELIVERED" page={page} errors={errorsFor(result, 'NOTICE_DELIVERED')} channel={page.delivery} />
    </ActionForm>
  )
}

export function DeliverPeriodicForm({ page, result }: Props) {
  const pending = page.deliveries.filter((d) => d.kind === 'periodic-extract' && d.status === 'prepared')
  const e = errorsFor(result, 'DELIVER_PERIODIC')
  const p = 'DELIVER_PERIODIC-'
  if (!pending.length) return <p className="muted">Очередных выписок к выдаче нет.</p>
  return (
    <ActionForm intent="DELIVER_PERIODIC" version={page.version} title="Очередная выписка" submit={EVENT_LABELS.DELIVER_PERIODIC} result={result}>
      <label htmlFor={`${p}deliveryId`}>Выписка</label>
      <select name="deliveryId" {...errorProps('deliveryId', e, p)}>
        {pending.map((d) => <option key={d.id} value={d.id}>{`за ${d.period ?? d.due ?? ''}`}</option>)}
      </select>
      <FieldError name="deliveryId" errors={e} prefix={p} />
      <HandOverFields intent="DELIVER_PERIODIC" page={page} errors={e} channel={pending[0].channel} />
    </ActionForm>
  )
}

export function YearEndedForm({ page, result }: Props) {
  return <ActionForm intent="YEAR_ENDED" version={page.version} title="Окончание учебного года" submit={EVENT_LABELS.YEAR_ENDED} result={result} danger><p className="hint">Обычно выполняется автоматически после окончания учебного года.</p></ActionForm>
}
