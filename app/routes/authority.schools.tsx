// Школы установки: администратор органа управления образованием создаёт школу (ADR 044). Данные школ ему не видны —
// только список школ и учётные записи, созданные при создании школы (пароли показываются один раз).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { readForm } from '#app/utils/body.server'
import { checkForm } from '#app/utils/form-schema'
import { db } from '#app/utils/db.server'
import { listSchools } from '#app/models/schools-list.server'
import { createSchool, CreateSchoolError, createSchoolSchema } from '#app/operations/create-school.server'
import { SchoolField } from '#app/components/authority/school-field'
import { TableWrap } from '#app/components/parent/table-wrap'

export const meta: MetaFunction = () => [{ title: 'Школы — орган управления образованием' }]

const FIELDS = [
  ['fullName', 'Полное наименование школы'],
  ['shortName', 'Краткое наименование'],
  ['directorName', 'ФИО директора'],
  ['address', 'Адрес'],
  ['phone', 'Телефон'],
  ['email', 'Электронная почта школы'],
  ['timeZone', 'Часовой пояс (например, Europe/Saratov)'],
  ['responsibleName', 'ФИО ответственного работника'],
  ['responsiblePosition', 'Должность ответственного работника'],
  ['responsibleRoom', 'Кабинет ответственного работника'],
  ['responsibleEmail', 'Электронная почта ответственного работника'],
  ['mailbox', 'Почтовый ящик школы для заявлений'],
  ['adminName', 'ФИО администратора ЭЖ школы'],
  ['adminLogin', 'Логин администратора ЭЖ'],
  ['directorLogin', 'Логин директора'],
  ['responsibleLogin', 'Логин ответственного работника'],
  ['code', 'Код школы в адресе для родителей (/?school=код)'],
  ['host', 'Сайт школы, если есть (например, school7.edu-saratov.ru)'],
] as const

const NO_STORE = { 'Cache-Control': 'no-store' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'create:school:any')
  return json({ schools: await listSchools() }, { headers: NO_STORE })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'create:school:any')
  const checked = checkForm(createSchoolSchema, await readForm(request))
  if (!checked.ok)
    return json(
      { ok: false as const, message: checked.message, fieldErrors: checked.fieldErrors, accounts: [] },
      { status: 400, headers: NO_STORE },
    )
  try {
    const created = await createSchool(db, checked.data, { userId: user.id, name: user.displayName })
    return json(
      {
        ok: true as const,
        message: 'Школа создана. Передайте пароли лично: они показаны один раз.',
        fieldErrors: {} as Record<string, string>,
        accounts: created.accounts,
      },
      { headers: NO_STORE },
    )
  } catch (error) {
    if (error instanceof CreateSchoolError)
      return json(
        { ok: false as const, message: error.message, fieldErrors: {} as Record<string, string>, accounts: [] },
        { status: 400, headers: NO_STORE },
      )
    throw error
  }
}

export default function AuthoritySchools() {
  const { schools } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  return (
    <>
      <h1>Школы</h1>
      <TableWrap label="Школы установки">
        <table>
          <caption>Школы установки</caption>
          <thead>
            <tr>
              <th>Краткое наименование</th>
              <th>Полное наименование</th>
              <th>Адрес</th>
              <th>Адрес для родителей</th>
              <th>Создана</th>
              <th>Адрес и почта</th>
            </tr>
          </thead>
          <tbody>
            {schools.map((s) => (
              <tr key={s.id}>
                <td>{s.shortName}</td>
                <td>{s.fullName}</td>
                <td>{s.address}</td>
                <td>{s.publicAddress}</td>
                <td>{s.createdOn || '—'}</td>
                <td>
                  <Link to={`/authority/schools/${s.id}`} aria-label={`Изменить адрес и почтовый ящик: ${s.shortName}`}>
                    Изменить
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Form method="post" className="card" aria-labelledby="new-school">
        <h2 id="new-school">Новая школа</h2>
        {result ? (
          <p className={result.ok ? 'success' : 'alert'} role={result.ok ? 'status' : 'alert'}>
            {result.message}
          </p>
        ) : null}
        {result?.ok ? (
          <table data-testid="accounts">
            <thead>
              <tr>
                <th>Роль</th>
                <th>Логин</th>
                <th>Одноразовый пароль</th>
              </tr>
            </thead>
            <tbody>
              {result.accounts.map((a) => (
                <tr key={a.login}>
                  <td>{a.role}</td>
                  <td>{a.login}</td>
                  <td>
                    <code>{a.password}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {FIELDS.map(([name, label]) => (
          <SchoolField key={name} name={name} label={label} error={result?.fieldErrors[name]} />
        ))}
        <p className="hint">
          Учебный год, четверти, полугодия и каникулы создаются по обычному календарю и правятся администратором школы; шаблоны документов —
          исходные, школа загружает свои.
        </p>
        <p>
          <button type="submit" disabled={busy}>
            Создать школу
          </button>
        </p>
      </Form>
    </>
  )
}
