// One school of the installation for the authority's administrator (ADR 069): its public address — the code in
// `?school=<code>` and the host name of its own site (ADR 056) — and its mailbox: the address parents write to (the
// envelope sender of its letters, so bounces come back to it) and the IMAP settings the worker polls. The password
// is never shown back; an empty password field keeps the stored one for the same server and user. Only the authority
// reaches it (ADR 057).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUserWithPermission, type SessionUser } from '#app/utils/auth.server'
import { readForm } from '#app/utils/body.server'
import { db } from '#app/utils/db.server'
import { checkForm, formValues, text } from '#app/utils/form-schema'
import { clientIp } from '#app/utils/request.server'
import {
  confirmAccessGrant,
  confirmedMessage,
  pendingAccessGrants,
  pendingGrantsView,
  refuseAccessGrant,
} from '#app/operations/access-grants.server'
import { grantWhat } from '#app/models/account-words'
import { OperationError } from '#app/operations/errors'
import { z } from '#workflows/zod'
import { changeSchool, ChangeSchoolError, changeSchoolSchema, schoolForChange } from '#app/operations/change-school.server'
import { SchoolField, type SchoolFieldProps } from '#app/components/authority/school-field'
import { AccessGrantForm, AccessGrantResult } from '#app/components/access-grant-form'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.school.shortName ?? 'Школа'} — адрес и почта` }]

const NO_STORE = { 'Cache-Control': 'no-store' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'create:school:any')
  const school = await schoolForChange(db, params.schoolId ?? '')
  if (!school) throw new Response('Школа не найдена', { status: 404 })
  // ADR 093: the school administrator's requests that touch the director's signature wait for the authority.
  const { timeZone } = await db.school.findUniqueOrThrow({ where: { id: school.id }, select: { timeZone: true } })
  const cursor = new URL(request.url).searchParams.get('after')
  const page = await pendingAccessGrants({ schoolId: school.id }, { after: cursor })
  const grants = pendingGrantsView(page.rows, timeZone)
  return json({ school, grants, next: page.next, paged: cursor !== null }, { headers: NO_STORE })
}

type Result =
  | { ok: true; message: string; login?: string; password?: string }
  | { ok: false; fieldErrors: Record<string, string>; message: string; grantId?: string }

/** The confirmation of a school administrator's request (ADR 093): the authority's own password typed again. */
const GrantForm = z.object({
  intent: z.enum(['confirm-grant', 'refuse-grant']),
  grantId: text(),
  password: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string()),
})

async function grantAction(form: FormData, confirmer: { user: SessionUser; ip: string }, schoolId: string) {
  const checked = checkForm(GrantForm, form)
  if (!checked.ok) return json<Result>({ ok: false, fieldErrors: {}, message: checked.message }, { status: 400, headers: NO_STORE })
  const { intent, grantId, password } = checked.data
  try {
    // The request is looked up in this school itself, not in the page's list (which is limited).
    const inSchool = await db.accessGrant.findFirst({ where: { id: grantId, schoolId, outcome: null }, select: { id: true } })
    if (!inSchool) throw new OperationError('Запрос не найден или уже рассмотрен.', 404)
    if (intent === 'refuse-grant') {
      const refused = await refuseAccessGrant(grantId, { via: 'authority', ...confirmer })
      return json<Result>(
        { ok: true, message: `Запрос для учётной записи ${refused.login} отклонён: ничего не изменилось.` },
        { headers: NO_STORE },
      )
    }
    const done = await confirmAccessGrant(grantId, { via: 'authority', ...confirmer, password })
    return json<Result>(
      { ok: true, message: confirmedMessage(done), login: done.login, ...(done.password ? { password: done.password } : {}) },
      { headers: NO_STORE },
    )
  } catch (error) {
    if (!(error instanceof OperationError)) throw error
    return json<Result>(
      { ok: false, fieldErrors: error.fieldErrors ?? {}, message: error.message, grantId },
      { status: error.status, headers: NO_STORE },
    )
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'create:school:any')
  const form = await readForm(request)
  if (String(formValues(form).intent ?? '').endsWith('-grant'))
    return grantAction(form, { user, ip: clientIp(request) }, params.schoolId ?? '')
  const checked = checkForm(changeSchoolSchema, form)
  if (!checked.ok)
    return json<Result>({ ok: false, fieldErrors: checked.fieldErrors, message: checked.message }, { status: 400, headers: NO_STORE })
  try {
    const changed = await changeSchool(db, params.schoolId ?? '', checked.data, { userId: user.id, name: user.displayName })
    return json<Result>({ ok: true, message: changed.length ? 'Изменения сохранены.' : 'Изменений нет.' }, { headers: NO_STORE })
  } catch (error) {
    if (!(error instanceof ChangeSchoolError)) throw error
    if (error.message === 'Школа не найдена') throw new Response(error.message, { status: 404 })
    return json<Result>(
      { ok: false, fieldErrors: { [error.field]: error.message }, message: error.message },
      { status: 400, headers: NO_STORE },
    )
  }
}

export default function AuthoritySchool() {
  const { school, grants, next, paged } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const err = (field: string) => (result && !result.ok ? result.fieldErrors[field] : undefined)
  const field = (props: Omit<SchoolFieldProps, 'error'>) => <SchoolField key={props.name} type="text" error={err(props.name)} {...props} />
  return (
    <>
      <p>
        <Link to="/authority/schools">← Школы установки</Link>
      </p>
      <h1>{school.shortName}</h1>
      <p>{school.fullName}</p>
      <AccessGrantResult result={result} />
      <AccessRequests grants={grants} result={result} busy={busy} />
      {next || paged ? (
        <nav aria-label="Страницы запросов">
          <p>
            {next ? <Link to={`/authority/schools/${school.id}?after=${encodeURIComponent(next)}`}>Следующие запросы</Link> : null}
            {next && paged ? ' · ' : null}
            {paged ? <Link to={`/authority/schools/${school.id}`}>К первым запросам</Link> : null}
          </p>
        </nav>
      ) : null}
      <Form method="post" className="card" noValidate aria-labelledby="address-h">
        <h2 id="address-h">Адрес для родителей</h2>
        {field({
          name: 'code',
          label: 'Код школы',
          defaultValue: school.code ?? '',
          hint: 'Латинские строчные буквы, цифры и дефис; родители открывают /?school=код. Пусто — школа адресуется своим идентификатором.',
        })}
        {field({
          name: 'host',
          label: 'Сайт школы',
          defaultValue: school.host ?? '',
          hint: 'Например, school7.edu-saratov.ru; пусто, если своего имени нет.',
        })}
        <h2 id="mailbox-h">Почтовый ящик школы</h2>
        {field({
          name: 'mailbox',
          label: 'Адрес почтового ящика',
          type: 'email',
          defaultValue: school.mailbox,
          hint: 'На него родители присылают заявления; с ним как адресом возврата уходят письма школы, если ниже задан её ящик IMAP.',
        })}
        {field({
          name: 'imapHost',
          label: 'Сервер IMAP',
          defaultValue: school.imap?.host ?? '',
          hint: 'Пусто — у школы нет своего ящика для опроса.',
        })}
        {field({ name: 'imapPort', label: 'Порт IMAP', type: 'number', defaultValue: school.imap?.port ?? 993 })}
        {field({ name: 'imapUser', label: 'Имя пользователя', defaultValue: school.imap?.user ?? '', autoComplete: 'off' })}
        {field({
          name: 'imapPassword',
          label: 'Пароль',
          type: 'password',
          defaultValue: '',
          autoComplete: 'new-password',
          hint: school.imap?.hasPassword
            ? 'Пароль сохранён и не показывается; оставьте поле пустым, чтобы не менять его. ' +
              'При смене сервера или имени пользователя введите пароль заново.'
            : 'Пароль почтового ящика.',
        })}
        {field({ name: 'imapFolder', label: 'Папка', defaultValue: school.imap?.folder ?? 'INBOX' })}
        <div className="choice">
          <input id="imapTls" name="imapTls" type="checkbox" defaultChecked={school.imap ? school.imap.secure : true} />{' '}
          <label htmlFor="imapTls">Защищённое соединение (TLS)</label>
        </div>
        <p>
          <button type="submit" disabled={busy}>
            Сохранить
          </button>
        </p>
      </Form>
    </>
  )
}

type Grant = ReturnType<typeof useLoaderData<typeof loader>>['grants'][number]

/**
 * ADR 093: what the school's administrator asked and the director may not confirm alone — the director's role, a
 * one-time password for the director's account (a lost password) — and anything else still waiting. The authority
 * confirms with its own password and is shown the one-time password once, to hand to the director in person.
 */
function AccessRequests({
  grants,
  result,
  busy,
}: {
  grants: Grant[]
  result: ReturnType<typeof useActionData<typeof action>>
  busy: boolean
}) {
  if (!grants.length) return null
  return (
    <section className="card" aria-labelledby="grants-h">
      <h2 id="grants-h">Запросы доступа, ждущие подтверждения</h2>
      <p>
        Администратор ЭЖ школы не назначает роль директора и не сбрасывает пароль учётной записи директора сам. Подтвердите запрос, только
        если школа поручила его (например, директор утратил пароль), — своим паролем. Временный пароль будет показан вам один раз: передайте
        его директору лично.
      </p>
      {grants.map((g) => {
        const error = result && !result.ok && result.grantId === g.id ? result.fieldErrors.password : undefined
        const what = grantWhat(g)
        return (
          <div key={g.id} className="grant" role="group" aria-label={`Запрос для ${g.login}`}>
            <p>
              <strong>{g.name ? `${g.name} (${g.login})` : g.login}</strong> — {what}. Запросил(а): {g.requestedBy}, {g.requestedAt}.
              Последний временный пароль выдал(а): {g.passwordIssued}. Адрес эл. почты сейчас: {g.currentEmail}.
              {g.approver === 'director' ? ' Этот запрос может подтвердить и директор школы.' : ''}
            </p>
            <AccessGrantForm
              grantId={g.id}
              label="Ваш пароль"
              error={error}
              busy={busy}
              intents={{ confirm: 'confirm-grant', refuse: 'refuse-grant' }}
            />
          </div>
        )
      })}
    </section>
  )
}
