import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from '#workflows/zod'
import { changePassword, requireUser } from '#app/utils/auth.server'
import { clientIp } from '#app/utils/request.server'
import { PASSWORD_RULES, passwordProblem } from '#app/utils/password.server'
import { homePathFor } from '#app/utils/permissions'
import { readForm } from '#app/utils/body.server'
import { formValues } from '#app/utils/form-schema'

export const meta: MetaFunction = () => [{ title: 'Смена пароля' }]

const schemaFor = (login: string) =>
  z
    .object({
      current: z.string().min(1, 'Введите текущий пароль'),
      next: z.string().superRefine((value, ctx) => {
        const problem = passwordProblem(value, login)
        if (problem) ctx.addIssue({ code: 'custom', message: problem })
      }),
      repeat: z.string(),
    })
    .refine((v) => v.next === v.repeat, { path: ['repeat'], message: 'Пароли не совпадают' })

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { allowPasswordChange: true })
  // A parent's own change keeps the links to their applications (e-mailed, bookmarked): a routine change breaking
  // them would surprise. Whoever had the password may have copied them from «Мои заявления», though: the page says
  // so and points to the compromise report, which replaces them (and locks the account).
  const parent = Boolean(user.guardianId) && user.roles.includes('parent')
  return json({ forced: user.mustChangePassword, rules: PASSWORD_RULES, compromiseHint: parent && !user.mustChangePassword })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { allowPasswordChange: true })
  const parsed = schemaFor(user.login).safeParse(formValues(await readForm(request)))
  if (!parsed.success) return json({ errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> }, { status: 400 })
  // ADR 118: the session that changed the password goes on under a new token; the old one opens nothing.
  const changed = await changePassword(user, parsed.data.current, parsed.data.next, clientIp(request), request)
  if (changed.problem !== null) return json({ errors: { current: [changed.problem] } as Record<string, string[]> }, { status: 400 })
  const { setCookie } = changed
  return redirect(`${homePathFor(user.roles)}?passwordChanged=1`, setCookie ? { headers: { 'Set-Cookie': setCookie } } : undefined)
}

export default function ChangePassword() {
  const { forced, rules, compromiseHint } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const errors = data?.errors ?? {}
  const field = (name: 'current' | 'next' | 'repeat', label: string, autoComplete: string) => (
    <>
      <label htmlFor={name}>{label}</label>
      <input
        id={name}
        name={name}
        type="password"
        autoComplete={autoComplete}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${name}-error` : undefined}
      />
      {errors[name] ? (
        <p className="field-error" id={`${name}-error`}>
          {errors[name][0]}
        </p>
      ) : null}
    </>
  )
  return (
    <div className="card" style={{ maxWidth: '30rem' }}>
      <h1>Смена пароля</h1>
      {forced ? <p className="notice">Вы вошли по одноразовому паролю. Задайте свой пароль, чтобы продолжить.</p> : null}
      {compromiseHint ? (
        <p className="hint">
          Новый пароль завершит сеансы на других устройствах, а ссылки на страницы ваших заявлений продолжат действовать. Если пароль мог
          узнать кто-то другой, сообщите об этом: <Link to="/parent/compromised">«Мой пароль скомпрометирован»</Link> — вход заблокируют, а
          ссылки на заявления заменят.
        </p>
      ) : null}
      <Form method="post" noValidate>
        {field('current', forced ? 'Одноразовый пароль' : 'Текущий пароль', 'current-password')}
        {field('next', 'Новый пароль', 'new-password')}
        <p className="hint">{rules}</p>
        {field('repeat', 'Новый пароль ещё раз', 'new-password')}
        <p>
          <button type="submit">Сохранить пароль</button>
        </p>
      </Form>
    </div>
  )
}
