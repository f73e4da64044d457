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

function HandOverFields({
  intent,
  page,
  errors,
  channel,
}: {
  intent: string
  page: ApplicationPage
  errors?: Record<string, string>
  channel: string
}) {
  const p = `${intent}-`
  return (
    <>
      <label htmlFor={`${p}deliveredOn`}>
        {channel === 'post' ? 'Дата отправки' : channel === 'email' ? 'Дата отправки письма' : 'Дата вручения'}
      </label>
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
  const rows = page.deliveries.filter((d) => kinds.includes(d.kind) && d.channel === 'email')
  const queued = rows.some((d) => d.status === 'prepared')
  const failed = rows.find((d) => d.status === 'failed')
  return (
    <>
      {failed ? (
        <p className="alert" role="alert">
          Письмо с ответом не доставлено{failed.lastError ? `: ${failed.lastError}` : ''}. Информация заявителю не предоставлена, срок
          предоставления идёт. Передайте ответ иначе и отметьте это ниже, в форме «Ответ передан иначе».
        </p>
      ) : null}
      <p className={queued ? 'notice' : 'hint'}>
        {queued ? 'Письмо с ответом ждёт отправки. ' : ''}Предоставление по электронной почте отмечается автоматически, когда почтовый
        сервер примет письмо. Если почта не работает или письмо вернулось, распечатайте ответ и вручите его лично или отправьте почтой (или
        отправьте письмо вручную из ящика школы) и отметьте это в форме «Ответ передан иначе»: письмо из очереди будет отменено.
      </p>
    </>
  )
}

/** An e-mail answer handed over another way: how, when, to whom, and why not by the system's letter (ADR 029). */
function DeliverOtherwiseForm({ page, result }: Props) {
  const e = errorsFor(result, 'DELIVER_OTHERWISE')
  const p = 'DELIVER_OTHERWISE-'
  if (page.delivery !== 'email') return null
  return (
    <ActionForm
      intent="DELIVER_OTHERWISE"
      version={page.version}
      title="Ответ передан иначе"
      submit="Отметить передачу иным способом"
      result={result}
      labels={{
        channel: 'Как передан ответ',
        reason: 'Почему не по электронной почте',
        deliveredOn: 'Дата',
        recipient: 'Кто получил',
        trackingNumber: 'Трек-номер',
      }}
    >
      <fieldset>
        <legend>Как передан ответ</legend>
        <label>
          <input type="radio" name="channel" value="in_person" defaultChecked /> вручён лично (распечатан)
        </label>
        <label>
          <input type="radio" name="channel" value="post" /> отправлен почтой
        </label>
        <label>
          <input type="radio" name="channel" value="email" /> отправлен по электронной почте вручную
        </label>
        <FieldError name="channel" errors={e} prefix={p} />
      </fieldset>
      <label htmlFor={`${p}reason`}>Почему не письмом системы</label>
      <input name="reason" placeholder="например: почтовый сервер школы не настроен; письмо вернулось" {...errorProps('reason', e, p)} />
      <FieldError name="reason" errors={e} prefix={p} />
      <label htmlFor={`${p}deliveredOn`}>Дата</label>
      <input type="date" name="deliveredOn" defaultValue={page.today} max={page.today} {...errorProps('deliveredOn', e, p)} />
      <FieldError name="deliveredOn" errors={e} prefix={p} />
      <label htmlFor={`${p}recipient`}>Кто получил (при вручении лично)</label>
      <input name="recipient" defaultValue={page.applicant.name} {...errorProps('recipient', e, p)} />
      <FieldError name="recipient" errors={e} prefix={p} />
      <label htmlFor={`${p}trackingNumber`}>Почтовый идентификатор (при отправке почтой)</label>
      <input name="trackingNumber" inputMode="numeric" autoComplete="off" {...errorProps('trackingNumber', e, p)} />
      <FieldError name="trackingNumber" errors={e} prefix={p} />
      <p className="hint">Письмо с ответом, ждущее в очереди, будет отменено и уже не уйдёт.</p>
    </ActionForm>
  )
}

export function StartDeliveryForm({ page, result }: Props) {
  return (
    <ActionForm
      intent="START_DELIVERY"
      version={page.version}
      title="Подготовка ответа"
      submit={EVENT_LABELS.START_DELIVERY}
      result={result}
    >
      <p className="hint">Выписка (и реквизиты доступа, если запрошены) формируются автоматически.</p>
    </ActionForm>
  )
}

export function DeliverForm({ page, result }: Props) {
  const ready = page.deliveries.some((d) => d.kind !== 'periodic-extract' && d.documentId)
  return (
    <>
      <ActionForm
        intent="DELIVER"
        version={page.version}
        title={`Предоставление: ${page.deliveryLabel}`}
        submit={EVENT_LABELS.DELIVER}
        result={result}
      >
        {ready ? null : <p className="notice">Документы ещё формируются — обновите страницу через минуту.</p>}
        <EmailNote page={page} kinds={ANSWER_KINDS.delivering} />
        {page.delivery === 'post' ? (
          <p>
            <Link to={`/staff/delivery/label/${page.id}`}>Распечатать адресный ярлык</Link> ·{' '}
            <Link to="/staff/delivery/post">Почтовый список дня</Link>
          </p>
        ) : null}
        <HandOverFields intent="DELIVER" page={page} errors={errorsFor(result, 'DELIVER')} channel={page.delivery} />
      </ActionForm>
      <DeliverOtherwiseForm page={page} result={result} />
    </>
  )
}

export function NoticeDeliveredForm({ page, result }: Props) {
  return (
    <>
      <ActionForm
        intent="NOTICE_DELIVERED"
        version={page.version}
        title="Вручение уведомления об отказе"
        submit={EVENT_LABELS.NOTICE_DELIVERED}
        result={result}
      >
        <EmailNote page={page} kinds={ANSWER_KINDS.refused} />
        <HandOverFields intent="NOTICE_DELIVERED" page={page} errors={errorsFor(result, 'NOTICE_DELIVERED')} channel={page.delivery} />
      </ActionForm>
      <DeliverOtherwiseForm page={page} result={result} />
    </>
  )
}

export function DeliverPeriodicForm({ page, result }: Props) {
  const pending = page.deliveries.filter((d) => d.kind === 'periodic-extract' && d.status === 'prepared')
  const e = errorsFor(result, 'DELIVER_PERIODIC')
  const p = 'DELIVER_PERIODIC-'
  if (!pending.length) return <p className="muted">Очередных выписок к выдаче нет.</p>
  return (
    <ActionForm
      intent="DELIVER_PERIODIC"
      version={page.version}
      title="Очередная выписка"
      submit={EVENT_LABELS.DELIVER_PERIODIC}
      result={result}
    >
      <label htmlFor={`${p}deliveryId`}>Выписка</label>
      <select name="deliveryId" {...errorProps('deliveryId', e, p)}>
        {pending.map((d) => (
          <option key={d.id} value={d.id}>{`за ${d.period ?? d.due ?? ''}`}</option>
        ))}
      </select>
      <FieldError name="deliveryId" errors={e} prefix={p} />
      <HandOverFields intent="DELIVER_PERIODIC" page={page} errors={e} channel={pending[0].channel} />
    </ActionForm>
  )
}

export function YearEndedForm({ page, result }: Props) {
  return (
    <ActionForm
      intent="YEAR_ENDED"
      version={page.version}
      title="Окончание учебного года"
      submit={EVENT_LABELS.YEAR_ENDED}
      result={result}
      danger
    >
      <p className="hint">Обычно выполняется автоматически после окончания учебного года.</p>
    </ActionForm>
  )
}
