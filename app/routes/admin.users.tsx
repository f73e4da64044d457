import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { clientIp } from '#app/utils/request.server'
import { issueOneTimePassword, listUsers } from '#app/models/users.server'

export const meta: MetaFunction = () => [{ title: 'Учётные записи' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:users:any')
  const q = new URL(request.url).searchParams.get('q') ?? ''
  return json({ q, users: await listUsers(user.schoolId, q) })
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, 'manage:users:any')
  const form = await request.formData()
  const issued = await issueOneTimePassword(admin.schoolId, String(form.get('userId') ?? ''), admin.id, clientIp(request))
  if (!issued) return json({ ok: false as const, error: 'Учётная запись не найдена' }, { status: 404 })
  return json({ ok: true as const, ...issued })
}

export default function AdminUsers() {
  const { q, users } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <>
      <h1>Учётные записи</h1>
      <p>Временный пароль действует 30 дней и только до первого входа: при входе пользователь задаёт свой пароль. Передавайте его лично, под роспись (Положение 3.1).</p>
      {result?.ok ? (
        <p className="success" role="status">Временный пароль для <strong>{result.login}</strong>: <code>{result.password}</code>. Он показан один раз.</p>
      ) : result ? <p className="alert" role="alert">{result.error}</p> : null}
      <Form method="get" role="search">
        <label htmlFor="q">Логин или фамилия</label>
        <input id="q" name="q" defaultValue={q} />
        <p><button type="submit">Найти</button></p>
      </Form>
      <div className="table-wrap">
        <table>
          <thead><tr><th scope="col">Логин</th><th scope="col">Пользователь</th><th scope="col">Роли</th><th scope="col">Состояние</th><th scope="col">Действие</th></tr></thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.login}</td>
                <td>{u.name}</td>
                <td>{u.roles.join(', ')}</td>
                <td>{u.state}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="userId" value={u.id} />
                    <button type="submit" className="secondary" aria-label={`Выдать временный пароль: ${u.login}`}>Выдать временный пароль</button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
