// One school of the installation for the authority's administrator (ADR 069): its public address — the code in
// `?school=<code>` and the host name of its own site (ADR 056) — and its mailbox: the address parents write to (the
// envelope sender of its letters, so bounces come back to it) and the IMAP settings the worker polls. The password
// is never shown back; an empty password field keeps the stored one for the same server and user. Only the authority
// reaches it (ADR 057).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { readForm } from '#app/utils/body.server'
import { db } from '#app/utils/db.server'
import { checkForm } from '#app/utils/form-schema'
import { changeSchool, ChangeSchoolError, changeSchoolSchema, schoolForChange } from '#app/operations/change-school.server'
import { SchoolField, type SchoolFieldProps } from '#app/components/authority/school-field'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.school.shortName ?? 'Школа'} — адрес и почта` }]

const NO_STORE = { 'Cache-Control': 'no-store' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'create:school:any')
  const school = await schoolForChange(db, params.schoolId ?? '')
  if (!school) throw new Response('Школа не найдена', { status: 404 })
  return json({ school }, { headers: NO_STORE })
}

type Result = { ok: true; message: string } | { ok: false; fieldErrors: Record<string, string>; message: string }

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'create:school:any')
  const checked = checkForm(changeSchoolSchema, await readForm(request))
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
  const { school } = useLoaderData<typeof loader>()
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
      {result ? (
        <p className={result.ok ? 'success' : 'alert'} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
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
