import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from '#workflows/zod'
import { login, requireAnonymous } from '#app/utils/auth.server'
import { homePathFor } from '#app/utils/permissions'
import { readForm } from '#app/utils/body.server'
import { formValues } from '#app/utils/form-schema'

export const meta: MetaFunction = () => [{ title: 'Вход — Информация о текущей успеваемости' }]

const LoginSchema = z.object({
  login: z.string().trim().min(1, 'Введите логин').max(100, 'Логин слишком длинный'),
  password: z.string().min(1, 'Введите пароль').max(200, 'Пароль слишком длинный'),
  redirectTo: z.string().optional(),
})

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return json({})
}

const LOCAL = 'http://local.invalid'

/**
 * Only local paths: an open redirect would let a phishing link borrow our login page. Browsers read a backslash as a
 * slash and drop tabs and newlines, so «/\evil.example» and «/<tab>/evil.example» lead off the site as «//evil.example»
 * does: a path with either is refused, and what is left must resolve to a path of this site that does not start «//».
 */
function safeRedirect(to: string | undefined): string | null {
  if (!to || !to.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(to)) return null
  let url: URL
  try {
    url = new URL(to, LOCAL)
  } catch {
    return null
  }
  // «/.//evil.example», «/a/..//evil.example»: the dots resolve away and leave «//evil.example», which a browser
  // reads as another host.
  if (url.origin !== LOCAL || url.pathname.startsWith('//')) return null
  return url.pathname + url.search + url.hash
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = LoginSchema.safeParse(formValues(await readForm(request)))
  if (!parsed.success) {
    return json({ fieldErrors: z.flattenError(parsed.error).fieldErrors, formError: null }, { status: 400 })
  }
  const result = await login(request, parsed.data.login, parsed.data.password)
  if (!result.ok) return json({ fieldErrors: {}, formError: result.error }, { status: 400 })
  const to = result.user.mustChangePassword ? '/change-password' : (safeRedirect(parsed.data.redirectTo) ?? homePathFor(result.user.roles))
  return redirect(to, { headers: { 'Set-Cookie': result.setCookie } })
}

export default function Login() {
  const data = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state !== 'idle'
  const errors = (data?.fieldErrors ?? {}) as Record<string, string[] | undefined>
  return (
    <div className="card" style={{ maxWidth: '30rem' }}>
      <h1>Вход</h1>
      {params.get('expired') === '1' ? (
        <p className="notice" role="status">
          Сеанс завершён. Войдите снова.
        </p>
      ) : null}
      {data?.formError ? (
        <p className="alert" role="alert" id="form-error">
          {data.formError}
        </p>
      ) : null}
      <Form method="post" noValidate aria-describedby={data?.formError ? 'form-error' : undefined}>
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
        <label htmlFor="login">Логин</label>
        <input
          id="login"
          name="login"
          autoComplete="username"
          required
          aria-invalid={errors.login ? true : undefined}
          aria-describedby={errors.login ? 'login-error' : undefined}
        />
        {errors.login ? (
          <p className="field-error" id="login-error">
            {errors.login[0]}
          </p>
        ) : null}
        <label htmlFor="password">Пароль</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={errors.password ? 'password-error' : undefined}
        />
        {errors.password ? (
          <p className="field-error" id="password-error">
            {errors.password[0]}
          </p>
        ) : null}
        <p>
          <button type="submit" disabled={busy}>
            {busy ? 'Вход…' : 'Войти'}
          </button>
        </p>
      </Form>
      <p className="hint">Логин и пароль родителям выдаёт школа по заявлению (Порядок 3.3). Не передавайте их другим лицам.</p>
    </div>
  )
}
