// Одно исходящее письмо: заголовки, текст, вложения, история попыток; повторить или отменить.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { getSchool } from '#app/models/school.server'
import { recordAudit } from '#app/models/audit.server'
import { OperationError } from '#app/operations/errors'
import { cancelLetter, getLetter, retryLetter } from '#app/mail/outbox-admin.server'
import { confirmUnsureLetterSent, resendUnsureLetter } from '#app/mail/unsure-letters.server'
import { LETTER_STATUS_LABELS, type LetterStatus } from '#app/mail/labels'
import { formatDateTime } from '#workflows/time'
import { readForm } from '#app/utils/body.server'
import { checkForm, choice } from '#app/utils/form-schema'
import { z } from '#workflows/zod'

const LetterForm = z.object({ intent: choice(['retry', 'cancel', 'resend-unsure', 'confirm-sent'], 'Неизвестное действие') })

export const meta: MetaFunction = () => [{ title: 'Письмо — исходящая почта' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:school:any')
  const letter = await getLetter(user.schoolId, params.id ?? '')
  invariantResponse(letter, 'Письмо не найдено')
  const school = await getSchool(user.schoolId)
  // Letters carry personal data: who read which one is recorded (152-ФЗ access audit).
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'view:outgoing-mail',
    entity: 'OutboxJob',
    entityId: letter.id,
    ip: clientIp(request),
  })
  const at = (d: Date | null) => (d ? formatDateTime(d, school.timeZone) : '')
  return json(
    { letter: { ...letter, createdAt: at(letter.createdAt), runAt: at(letter.runAt), doneAt: at(letter.doneAt) } },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:school:any')
  const checked = checkForm(LetterForm, await readForm(request))
  if (!checked.ok) return json({ error: checked.message }, { status: 400 })
  const { intent } = checked.data
  const id = params.id ?? ''
  const decider = { schoolId: user.schoolId, userId: user.id, ip: clientIp(request) }
  try {
    // ADR 113, 119: every decision on a letter is audited in the transaction that makes it.
    if (intent === 'resend-unsure') await resendUnsureLetter(decider, id)
    else if (intent === 'confirm-sent') await confirmUnsureLetterSent(decider, id)
    else if (intent === 'retry') await retryLetter(user.schoolId, id, decider)
    else await cancelLetter(user.schoolId, id, decider)
  } catch (error) {
    if (error instanceof OperationError) return json({ error: error.message }, { status: error.status })
    throw error
  }
  return redirect(`/admin/mail/${id}`)
}

export default function AdminLetter() {
  const { letter } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const canRetry = ['failed', 'pending', 'held', 'cancelled'].includes(letter.status) && !letter.withdrawn && !letter.mayHaveGone
  const canCancel = ['failed', 'pending', 'held'].includes(letter.status)
  return (
    <>
      <p>
        <Link to="/admin/mail">← Исходящая почта</Link>
      </p>
      <h1>{letter.subject}</h1>
      {result?.error ? (
        <p className="alert" role="alert">
          {result.error}
        </p>
      ) : null}
      <dl className="props card">
        <dt>Кому</dt>
        <dd>{letter.to.join(', ')}</dd>
        <dt>Состояние</dt>
        <dd>
          {LETTER_STATUS_LABELS[letter.status as LetterStatus] ?? letter.status}
          {letter.attempts ? `, попыток: ${letter.attempts}` : ''}
        </dd>
        <dt>Создано</dt>
        <dd>{letter.createdAt}</dd>
        {letter.doneAt ? (
          <>
            <dt>Отправлено</dt>
            <dd>{letter.doneAt}</dd>
          </>
        ) : letter.rawStatus === 'pending' ? (
          <>
            <dt>Следующая попытка</dt>
            <dd>{letter.runAt}</dd>
          </>
        ) : null}
        {letter.reply ? (
          <>
            <dt>Ответ сервера</dt>
            <dd>{letter.reply}</dd>
          </>
        ) : null}
        {letter.lastError ? (
          <>
            <dt>Причина</dt>
            <dd>{letter.lastError}</dd>
          </>
        ) : null}
        <dt>Идентификатор письма</dt>
        <dd>
          <code>{letter.messageId}</code>
        </dd>
        {letter.inReplyTo ? (
          <>
            <dt>В ответ на</dt>
            <dd>
              <code>{letter.inReplyTo}</code>
            </dd>
          </>
        ) : null}
        {letter.application ? (
          <>
            <dt>Заявление</dt>
            <dd>{letter.application}</dd>
          </>
        ) : null}
        <dt>Вложения</dt>
        <dd>
          {letter.attachments.length
            ? letter.attachments.map((a) => `${a.name}${a.missing ? ' (документ удалён)' : ''}`).join(', ')
            : 'нет'}
        </dd>
      </dl>
      {letter.status === 'unsure' ? (
        <Form method="post" data-decision="unsure">
          <p>
            Программа не знает, принял ли почтовый сервер это письмо. Если получатель его не получил — отправьте ещё раз; если получил (или
            копия есть в «Отправленных») — отметьте, что письмо ушло. Если письмо больше не нужно (заявление отозвано, ответ передан иначе)
            — «Не отправлять». Решение записывается в журнал действий.
          </p>
          {letter.withdrawn ? (
            <p role="note" data-warning="withdrawn">
              Заявление отозвано: ещё раз письмо заявителю не отправляется. Отметьте, дошло ли оно, или отмените его.
            </p>
          ) : (
            <button type="submit" name="intent" value="resend-unsure" disabled={busy}>
              Отправить ещё раз
            </button>
          )}{' '}
          <button type="submit" name="intent" value="confirm-sent" className="secondary" disabled={busy}>
            Письмо ушло
          </button>{' '}
          <button type="submit" name="intent" value="cancel" className="secondary" disabled={busy}>
            Не отправлять
          </button>
        </Form>
      ) : null}
      {canRetry || canCancel ? (
        <Form method="post">
          {canRetry ? (
            <button type="submit" name="intent" value="retry" disabled={busy}>
              Отправить снова сейчас
            </button>
          ) : null}{' '}
          {canCancel ? (
            <button type="submit" name="intent" value="cancel" className="secondary" disabled={busy}>
              Отменить письмо
            </button>
          ) : null}
        </Form>
      ) : null}
      <h2>Текст письма</h2>
      <pre className="card" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {letter.text}
      </pre>
      {letter.html ? (
        <>
          <h2>Как письмо выглядит у получателя</h2>
          {/* sandbox="" — no scripts, no forms, no navigation: the letter is only displayed. */}
          <iframe
            title="Письмо в формате HTML"
            sandbox=""
            srcDoc={letter.html}
            style={{ width: '100%', minHeight: '24rem', border: '1px solid var(--line)', background: '#fff' }}
          />
        </>
      ) : null}
    </>
  )
}
