import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { describedBy } from '#app/components/parent/form-field'
import { reportCompromise } from '#app/operations/report-compromise.server'
import { getSchoolHeader } from '#app/models/school.server'
import { publicQueryFor, resolvePublicSchool } from '#app/models/public-school.server'
import { getUser, logout, requireUserWithPermission } from '#app/utils/auth.server'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { readForm } from '#app/utils/body.server'
import { checkForm } from '#app/utils/form-schema'
import { z } from '#workflows/zod'

export const meta: MetaFunction = () => [{ title: 'Мой пароль скомпрометирован' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const done = new URL(request.url).searchParams.get('done') === '1'
  if (done && !(await getUser(request))) {
    // Signed out by now: the parent's school travels in the address (ADR 056); one school — that one.
    const { school: addressed } = await resolvePublicSchool(request)
    const school = addressed ? await getSchoolHeader(addressed.id) : null
    return json({ done: true, max: '', phone: school?.phone ?? '' })
  }
  await requireParent(request)
  return json({ done: false, max: '', phone: '' })
}

/**
 * A parents' page: «read:pupil:own» is also a class teacher's permission (their class), but only a legal
 * representative's account is blocked here (issue 13, item 10); staff ask the administrator.
 */
async function requireParent(request: Request) {
  const user = await requireUserWithPermission(request, 'read:pupil:own')
  invariantResponse(
    user.guardianId && user.roles.includes('parent'),
    'Эта страница — для родителей (законных представителей). Если ваш пароль скомпрометирован, обратитесь к администратору ЭЖ.',
    { status: 403 },
  )
  return user
}

type Errors = { confirm?: string; _?: string }

const CompromisedForm = z.object({ confirm: z.literal('yes', { message: 'Подтвердите, что хотите заблокировать вход' }) })

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireParent(request)
  const checked = checkForm(CompromisedForm, await readForm(request))
  if (!checked.ok) return json({ errors: { confirm: checked.fieldErrors.confirm } as Errors }, { status: 400 })
  // Регламент 1.16: invalid «с момента получения информации директором» — the report itself, not a moment the
  // parent names (ADR 034).
  await reportCompromise({ user, ip: clientIp(request) })
  // Every session of the account is already gone; this clears the cookie of the current one.
  const school = await publicQueryFor(user.schoolId)
  return redirect(`/parent/compromised?done=1${school ? `&${school.slice(1)}` : ''}`, { headers: { 'Set-Cookie': await logout(request) } })
}

export default function Compromised() {
  const { done, phone } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const errors: Errors = result?.errors ?? {}
  if (done) {
    return (
      <>
        <h1>Вход заблокирован</h1>
        <p className="success" role="status">
          Учётная запись заблокирована, все сеансы завершены, директор школы получил ваше сообщение.
        </p>
        <p>
          Действия с вашей учётной записью с момента получения сообщения директором признаются недействительными (Регламент ведения
          электронного журнала, п. 1.16). Школа сообщит о нарушении в службу технической поддержки Школьного портала (Регламент, п. 3.3).
          Чтобы снова получить доступ, обратитесь в школу{phone ? ` (тел. ${phone})` : ''}: вам выдадут новый временный пароль.
        </p>
        <p>
          Ссылки на страницы ваших заявлений заменены: прежние больше не открываются. Новые ссылки — в разделе «Мои заявления», когда вы
          войдёте с новым паролем.
        </p>
      </>
    )
  }
  return (
    <>
      <h1>Мой пароль скомпрометирован</h1>
      <p>
        Если ваш логин и пароль узнал кто-то другой, сообщите об этом директору школы в течение одного рабочего дня (Регламент, п. 3.3):
        здесь — или по телефону, или лично в школе. Вход в учётную запись будет заблокирован сразу, а все действия с ней с момента, когда
        директор получил сообщение, будут признаны недействительными (п. 1.16). Действия до сообщения остаются в силе. О нарушении школа
        сообщит в службу технической поддержки Школьного портала. Вы выйдете из системы.
      </p>
      {errors._ ? (
        <p className="alert" role="alert">
          {errors._}
        </p>
      ) : null}
      <Form method="post" className="card" noValidate>
        <div className="choice">
          <input
            id="confirm"
            name="confirm"
            type="checkbox"
            value="yes"
            aria-required
            aria-invalid={errors.confirm ? true : undefined}
            aria-describedby={describedBy(errors.confirm && 'confirm-error')}
          />
          <label htmlFor="confirm">Заблокировать вход в мою учётную запись</label>
        </div>
        {errors.confirm ? (
          <p className="field-error" id="confirm-error">
            {errors.confirm}
          </p>
        ) : null}
        <p>
          <button type="submit" disabled={busy}>
            Сообщить и заблокировать
          </button>
        </p>
      </Form>
    </>
  )
}
