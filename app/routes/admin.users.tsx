import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { clientIp } from '#app/utils/request.server'
import { findUserForOneTimePassword, listUsers, OWN_ACCOUNT_REFUSAL } from '#app/models/users.server'
import { PARENT_REFUSALS } from '#app/models/account-words'
import { issueOneTimePassword } from '#app/operations/access-grants.server'
import { readForm } from '#app/utils/body.server'
import { formValues, text } from '#app/utils/form-schema'
import { z } from '#workflows/zod'

/** Any values read: an unknown account is «not found», an unconfirmed request shows the confirmation first. */
const OneTimePasswordForm = z.object({ userId: text(), intent: text(), confirm: text() })

export const meta: MetaFunction = () => [{ title: 'Учётные записи' }]

const NOT_FOUND = 'Учётная запись не найдена'
const CONFIRM_FIRST = 'Временный пароль не выдан: подтвердите выдачу.'

type Target = NonNullable<Awaited<ReturnType<typeof findUserForOneTimePassword>>>

/** `?issue=<userId>` opens the confirmation of a one-time password for that account (the second screen). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:users:any')
  const params = new URL(request.url).searchParams
  const q = params.get('q') ?? ''
  const issue = params.get('issue')
  const confirm = issue ? await findUserForOneTimePassword(user.schoolId, issue, user.id) : null
  const refusal = issue && !confirm ? (issue === user.id ? OWN_ACCOUNT_REFUSAL : NOT_FOUND) : null
  return json({ q, selfId: user.id, confirm, refusal, users: await listUsers(user.schoolId, q) })
}

type Result =
  | { ok: true; login: string; password: string }
  | { ok: true; login: string; mailedTo: string }
  | { ok: true; login: string; waits: 'director' | 'authority' }
  | { ok: false; error: string; confirm?: Target }

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, 'manage:users:any')
  const { userId, intent, confirm } = OneTimePasswordForm.parse(formValues(await readForm(request)))
  if (userId === admin.id) return json<Result>({ ok: false, error: OWN_ACCOUNT_REFUSAL }, { status: 400 })
  // Only the confirmed request changes anything: the password stops working and the sessions end at once.
  if (intent !== 'issue' || confirm !== 'yes') {
    const target = await findUserForOneTimePassword(admin.schoolId, userId, admin.id)
    if (!target) return json<Result>({ ok: false, error: NOT_FOUND }, { status: 404 })
    return json<Result>({ ok: false, error: CONFIRM_FIRST, confirm: target }, { status: 400 })
  }
  const issued = await issueOneTimePassword(admin.schoolId, userId, admin.id, clientIp(request))
  if (!issued.ok) {
    if (issued.refused === 'not-found') return json<Result>({ ok: false, error: NOT_FOUND }, { status: 404 })
    const error = issued.refused === 'own-account' ? OWN_ACCOUNT_REFUSAL : PARENT_REFUSALS[issued.refused]
    return json<Result>({ ok: false, error }, { status: issued.refused === 'own-account' ? 400 : 409 })
  }
  if (issued.waits) return json<Result>({ ok: true, login: issued.login, waits: issued.waits })
  return json<Result>(
    'mailedTo' in issued
      ? { ok: true, login: issued.login, mailedTo: issued.mailedTo }
      : { ok: true, login: issued.login, password: issued.password },
  )
}

/** ADR 093: who confirms a reset of an account that reads applications, in the administrator's words. */
const WAITS = {
  director: 'Учётная запись открывает заявления: запрос подтверждает директор паролем подписи («Подтверждение доступа»).',
  authority:
    'Это учётная запись с подписью директора: запрос подтверждает администратор органа управления образованием ' +
    '(или оператор сервера командой npm run confirm-access).',
} as const

const listPath = (q: string) => (q ? `/admin/users?q=${encodeURIComponent(q)}` : '/admin/users')
const issuePath = (q: string, userId: string) => `/admin/users?${new URLSearchParams({ ...(q ? { q } : {}), issue: userId })}`

export default function AdminUsers() {
  const { q, selfId, confirm, refusal, users } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const target = result?.ok ? null : (result?.confirm ?? confirm)
  const error = result && !result.ok && !result.confirm ? result.error : refusal
  return (
    <>
      <h1>Учётные записи</h1>
      <p>
        Временный пароль действует 30 дней и только до первого входа: при входе пользователь задаёт свой пароль. Передавайте его лично, под
        роспись (Положение 3.1).
      </p>
      {result?.ok && 'waits' in result ? (
        <p className="success" role="status">
          Запрос временного пароля для <strong>{result.login}</strong> отправлен. {WAITS[result.waits]} До подтверждения пароль не меняется;
          временный пароль будет показан подтвердившему, вам — нет.
        </p>
      ) : result?.ok && 'mailedTo' in result ? (
        <p className="success" role="status">
          Временный пароль для <strong>{result.login}</strong> отправлен родителю на адрес {result.mailedTo}; вам он не показывается.
          Прежний пароль больше не действует.
        </p>
      ) : result?.ok ? (
        <p className="success" role="status">
          Временный пароль для <strong>{result.login}</strong>: <code>{result.password}</code>. Он показан один раз.
        </p>
      ) : error ? (
        <p className="alert" role="alert">
          {error}
        </p>
      ) : null}
      {target ? <ConfirmIssue target={target} q={q} error={result && !result.ok && result.confirm ? result.error : null} /> : null}
      <Form method="get" role="search">
        <label htmlFor="q">Логин или фамилия</label>
        <input id="q" name="q" defaultValue={q} />
        <p>
          <button type="submit">Найти</button>
        </p>
      </Form>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Логин</th>
              <th scope="col">Пользователь</th>
              <th scope="col">Роли</th>
              <th scope="col">Состояние</th>
              <th scope="col">Действие</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.login}</td>
                <td>{u.name}</td>
                <td>{u.roles.join(', ')}</td>
                <td>{u.state}</td>
                <td>
                  {u.id === selfId ? (
                    <Link to="/change-password">Сменить свой пароль</Link>
                  ) : (
                    <Link to={issuePath(q, u.id)} className="button secondary" aria-label={`Выдать временный пароль: ${u.login}`}>
                      Выдать временный пароль…
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}

/** The second screen: names the account and what the reset does; only its button changes anything. */
function ConfirmIssue({ target, q, error }: { target: Target; q: string; error: string | null }) {
  const busy = useNavigation().state !== 'idle'
  const who = target.name ? `${target.name} (${target.login})` : target.login
  return (
    <section className="card" aria-labelledby="issue-title">
      <h2 id="issue-title" tabIndex={-1}>
        Выдать временный пароль: {who}?
      </h2>
      {error ? (
        <p className="alert" role="alert">
          {error}
        </p>
      ) : null}
      {target.roles.length ? <p>Роли: {target.roles.join(', ')}.</p> : null}
      {target.waits ? <p className="alert">{WAITS[target.waits]} Временный пароль будет показан тому, кто подтвердит запрос.</p> : null}
      {target.mailedTo !== null ? (
        <p className="alert">
          {target.mailedTo
            ? `Это учётная запись родителя: временный пароль будет отправлен ему по электронной почте (${target.mailedTo}), ` +
              'вам он не показывается.'
            : PARENT_REFUSALS['parent-without-email']}
        </p>
      ) : null}
      <p>
        Текущий пароль пользователя сразу перестанет действовать, а все его сеансы будут завершены
        {target.sessions ? ` (сейчас открыто: ${target.sessions})` : ''} — он выйдет из системы на всех устройствах. Заблокированная учётная
        запись будет разблокирована. Войти можно будет только с временным паролем, который будет{' '}
        {target.mailedTo ? 'отправлен родителю' : 'показан вам один раз'}; при входе пользователь задаст свой пароль.
      </p>
      <Form method="post" action={listPath(q)} replace>
        <input type="hidden" name="intent" value="issue" />
        <input type="hidden" name="userId" value={target.id} />
        <input type="hidden" name="confirm" value="yes" />
        <p style={{ display: 'flex', flexWrap: 'wrap', gap: '.75rem' }}>
          <button type="submit" disabled={busy}>
            {target.waits ? 'Да, запросить временный пароль' : 'Да, выдать временный пароль'}
          </button>
          <Link to={listPath(q)} className="button secondary">
            Нет, вернуться
          </Link>
        </p>
      </Form>
    </section>
  )
}
