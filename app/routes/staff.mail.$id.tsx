// Одно входящее письмо: текст, вложения, и решение ответственного работника — создать заявление (поля
// заполнены по письму, работник проверяет и дополняет), отказать в приёме документов или отложить как не заявление.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireIntakeUser } from '#app/models/intake.server'
import { getSchool } from '#app/models/school.server'
import { actorOf } from '#app/operations/actor'
import { OperationError } from '#app/operations/errors'
import { registerApplication } from '#app/operations/steps.server'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { ApplicationFields, FIELD_LABELS, formToValues, type IntakeValues } from '#app/components/staff/application-fields'
import { ErrorSummary } from '#app/components/staff/error-summary'
import { getInboundItem } from '#app/mail/inbox.server'
import { INBOUND_KIND_LABELS, INBOUND_STATUS_LABELS } from '#app/mail/labels'
import { createApplicationFromInbound, ignoreInbound, refuseInbound } from '#app/mail/inbound-actions.server'
import { mailApplicant, prefillFromMail } from '#app/mail/prefill'
import { schoolOwnAddresses } from '#app/mail/mailboxes.server'
import { formatDateTime } from '#workflows/time'
import { readForm } from '#app/utils/body.server'
import { checkForm, choice, text } from '#app/utils/form-schema'
import { z } from '#workflows/zod'
import { identityDocumentGaps, identityIntakeProposal } from '#workflows/identity-document'
import { TERM_TEXT } from '#workflows/deadlines'

export const meta: MetaFunction = () => [{ title: 'Письмо — входящая почта' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireIntakeUser(request)
  const found = await getInboundItem(user.schoolId, params.id ?? '')
  invariantResponse(found, 'Письмо не найдено')
  const school = await getSchool(user.schoolId)
  const { item } = found
  const own = await schoolOwnAddresses(user.schoolId)
  return json(
    {
      ...found,
      item: { ...item, internalDate: formatDateTime(item.internalDate, school.timeZone) },
      prefill: prefillFromMail(item, own) as IntakeValues,
      forwarded: mailApplicant(item, own).hint,
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

/** The letter's decision; the application's fields are formToValues' (checked by ApplicationSchema in the operation). */
const MailForm = z.object({
  intent: choice(['receive', 'register', 'refuse', 'ignore'], 'Неизвестное действие'),
  grounds: text().transform((v) => v.split('\n')),
  /** «forwarded»: the employee checked that the forwarded letter's sender is the applicant (ADR 098). */
  answerTo: text(),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireIntakeUser(request)
  const form = await readForm(request)
  const target = { schoolId: user.schoolId, inboundId: params.id ?? '', actor: actorOf(user) }
  const values = formToValues(form)
  const checked = checkForm(MailForm, form)
  if (!checked.ok)
    return json({ intent: '', formError: checked.message, fieldErrors: {} as Record<string, string>, values }, { status: 400 })
  const { intent, grounds } = checked.data
  const forwarded = checked.data.answerTo === 'forwarded'
  try {
    if (intent === 'register') {
      // Порядок 3.2: by e-mail the form gives the identity document's kind and details; no copy is asked (2.7: by post).
      const gaps = identityDocumentGaps({ channel: 'email', details: values.applicant.identityDocument ?? '', copy: false })
      if (gaps.length) {
        const fieldErrors = { 'applicant.identityDocument': 'Впишите вид и реквизиты документа, удостоверяющего личность, из письма' }
        return json({ intent, formError: identityIntakeProposal(gaps), fieldErrors, values }, { status: 400 })
      }
    }
    if (intent === 'receive' || intent === 'register') {
      const app = await createApplicationFromInbound({ ...target, data: values, forwarded, ip: clientIp(request) })
      if (intent === 'register' && app.status === 'received')
        await registerApplication({ applicationId: app.id, schoolId: user.schoolId, actor: target.actor })
      return redirect(`/staff/applications/${app.id}`)
    }
    if (intent === 'refuse') {
      await refuseInbound({ ...target, grounds, ip: clientIp(request), forwarded })
      return redirect(`/staff/mail/${target.inboundId}`)
    }
    await ignoreInbound({ ...target, ip: clientIp(request) }) // 'ignore', the schema's last choice
    return redirect('/staff/mail')
  } catch (error) {
    if (!(error instanceof OperationError)) throw error
    return json(
      { intent, formError: error.message, fieldErrors: (error.fieldErrors ?? {}) as Record<string, string>, values },
      { status: error.status },
    )
  }
}

/** The one action that answers a forwarded letter's sender instead of the envelope's (ADR 098), audited on the server. */
function ForwardedChoice({ address, id }: { address: string; id: string }) {
  return (
    <p className="checkbox">
      <input type="checkbox" id={id} name="answerTo" value="forwarded" />{' '}
      <label htmlFor={id}>
        Заявитель — автор пересланного письма, адрес {address} проверен мной: ответ отправить на него (действие записывается в журнал
        аудита)
      </label>
    </p>
  )
}

const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} КБ`

export default function InboundItem() {
  const { item, uploads, refused, notes, application, letters, prefill, forwarded } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const formResult = result && result.intent !== 'refuse' ? result : null
  const refuseResult = result?.intent === 'refuse' ? result : null
  return (
    <>
      <p>
        <Link to="/staff/mail">← Входящая почта</Link>
      </p>
      <h1>{item.subject || '(без темы)'}</h1>
      <dl className="props card">
        <dt>От кого</dt>
        <dd>
          {item.fromName} &lt;{item.fromAddress}&gt;
        </dd>
        <dt>Поступило в ящик школы</dt>
        <dd>{item.internalDate}</dd>
        <dt>Вид</dt>
        <dd>
          {INBOUND_KIND_LABELS[item.kind] ?? item.kind}
          {item.source === 'upload' ? ' (загружено вручную)' : ''}
        </dd>
        <dt>Состояние</dt>
        <dd>{INBOUND_STATUS_LABELS[item.status] ?? item.status}</dd>
        {application ? (
          <>
            <dt>Заявление</dt>
            <dd>
              <Link to={`/staff/applications/${application.id}`}>
                {application.registrationNumber ? `№ ${application.registrationNumber}` : `квитанция ${application.receiptNumber}`}
              </Link>
            </dd>
          </>
        ) : null}
        {item.rawPath ? (
          <>
            <dt>Исходное письмо</dt>
            <dd>
              <a href={`/staff/mail/${item.id}/files/0`}>скачать .eml</a>
            </dd>
          </>
        ) : null}
      </dl>

      {item.kind === 'bounce' ? (
        <div className="notice" role="status">
          <p>
            <strong>Письмо школы не доставлено.</strong> Почтовый сервер вернул его
            {letters.length ? '' : '; письмо школы, которое вернулось, не найдено среди отправленных системой'}.
          </p>
          {letters.length ? (
            <p>
              Заявления:{' '}
              {letters.map((l, i) => (
                <span key={l.id}>
                  {i ? ', ' : ''}
                  <Link to={`/staff/applications/${l.id}`}>
                    {l.registrationNumber ? `№ ${l.registrationNumber}` : `квитанция ${l.receiptNumber}`}
                  </Link>
                </span>
              ))}
              . Если вернулся ответ, информация заявителю не предоставлена и срок ({TERM_TEXT.deliveryDays}) идёт: передайте ответ лично или
              почтой и отметьте это в карточке заявления.
            </p>
          ) : null}
        </div>
      ) : null}

      <h2>Текст письма</h2>
      <pre className="card" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {item.text || '(текста нет)'}
      </pre>

      <h2>Вложения</h2>
      {uploads.length === 0 && refused.length === 0 ? <p className="muted">Вложений нет.</p> : null}
      <ul>
        {uploads.map((u) => (
          <li key={u.id}>
            <a href={`/staff/mail/${item.id}/files/${u.n}`}>{u.fileName}</a> <span className="muted">({kb(u.size)})</span>
          </li>
        ))}
        {refused.map((r, i) => (
          <li key={`r${i}`}>
            {r.fileName} — <strong>не принято</strong>: {r.reason}
          </li>
        ))}
      </ul>
      {notes.map((note, i) => (
        <p key={`n${i}`} className="notice">
          {note}
        </p>
      ))}

      {item.status === 'new' ? (
        <>
          <h2>Создать заявление</h2>
          <p className="hint">Поля заполнены по письму автоматически — проверьте и дополните. Дата поступления — {item.internalDate}.</p>
          {forwarded ? (
            <p className="notice" role="status">
              В письме пересланное письмо от {forwarded.name ? `${forwarded.name} ` : ''}&lt;{forwarded.address}&gt;. Этот адрес не проверен
              (строку «От:» может написать кто угодно): ответ уйдёт отправителю письма, {item.fromAddress}. Если заявитель — автор
              пересланного письма и вы проверили, что адрес его (он есть в журнале, заявитель подтвердил), отметьте это ниже.
            </p>
          ) : null}
          <Form method="post" noValidate className="intake-form" aria-label="Заявление из письма">
            {forwarded ? <ForwardedChoice address={forwarded.address} id="answer-to-intake" /> : null}
            <ErrorSummary formError={formResult?.formError} fieldErrors={formResult?.fieldErrors} labels={FIELD_LABELS} />
            <ApplicationFields
              values={(formResult?.values as IntakeValues | undefined) ?? prefill}
              errors={formResult?.fieldErrors ?? {}}
            />
            <p className="buttons">
              <button type="submit" name="intent" value="receive" className="secondary" disabled={busy}>
                Создать заявление
              </button>{' '}
              <button type="submit" name="intent" value="register" disabled={busy}>
                Создать и зарегистрировать
              </button>
            </p>
          </Form>

          <h2>Отказать в приёме документов</h2>
          <Form method="post" className="card" noValidate>
            {refuseResult ? (
              <p className="alert" role="alert">
                {refuseResult.formError}
              </p>
            ) : null}
            {forwarded ? <ForwardedChoice address={forwarded.address} id="answer-to-refusal" /> : null}
            <label htmlFor="grounds">Основания отказа (каждое с новой строки)</label>
            <textarea id="grounds" name="grounds" rows={3} required aria-invalid={refuseResult?.fieldErrors?.grounds ? true : undefined} />
            <p className="hint">
              Заявителю уйдёт письмо с основаниями (Порядок, п. 3.1.1). Письменное уведомление за подписью директора — по его требованию.
            </p>
            <p>
              <button type="submit" name="intent" value="refuse" className="secondary" disabled={busy}>
                Отказать в приёме
              </button>{' '}
              <button type="submit" name="intent" value="ignore" className="link" formNoValidate disabled={busy}>
                Это не заявление — убрать из новых
              </button>
            </p>
          </Form>
        </>
      ) : null}
    </>
  )
}
