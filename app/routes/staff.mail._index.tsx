// Входящая почта школы для ответственного работника: новые письма, ответы по заявлениям, автоответы и возвраты;
// загрузка письма (.eml) вручную, если оно пришло не в подключённый ящик.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { requireIntakeUser } from '#app/models/intake.server'
import { getSchool } from '#app/models/school.server'
import { OperationError } from '#app/operations/errors'
import { listInbound } from '#app/mail/inbox.server'
import { INBOUND_KIND_LABELS, INBOUND_STATUS_LABELS, inboxEmptyNote } from '#app/mail/labels'
import { readEmlForm, uploadEml } from '#app/mail/eml-upload.server'
import { formatDateTime, toIsoWithOffset } from '#workflows/time'
import { Pager, pagerLinks } from '#app/components/pager'
import { LIST_PAGE_SIZE } from '#app/utils/paging'
import { mailboxAddress, mailboxOf } from '#app/mail/mailboxes.server'
import { bracketCount } from '#workflows/list-words'

export const meta: MetaFunction = () => [{ title: 'Входящая почта — рабочее место' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireIntakeUser(request)
  const school = await getSchool(user.schoolId)
  const params = new URL(request.url).searchParams
  const status = params.get('status') ?? 'new'
  const { items, newCount, next } = await listInbound(user.schoolId, status === 'all' ? undefined : status, params.get('after'))
  // This school's own mailbox, or the environment's for the first school (ADR 056).
  const mailbox = await mailboxOf(user.schoolId)
  return json(
    {
      items: items.map((i) => ({ ...i, internalDate: formatDateTime(i.internalDate, school.timeZone) })),
      newCount,
      mailboxConnected: mailbox !== null,
      emptyNote: inboxEmptyNote({
        status,
        address: await mailboxAddress(user.schoolId, school.email),
        pollSeconds: mailbox?.imap.pollSeconds ?? null,
      }),
      nowLocal: toIsoWithOffset(new Date(), school.timeZone).slice(0, 16),
      ...pagerLinks(params, next),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireIntakeUser(request)
  const school = await getSchool(user.schoolId)
  try {
    const { raw, receivedAt } = await readEmlForm(request, school.timeZone)
    const { message } = await uploadEml({ raw, receivedAt, schoolId: user.schoolId })
    return redirect(`/staff/mail/${message.id}`)
  } catch (error) {
    if (!(error instanceof OperationError)) throw error
    return json({ error: error.message, fieldErrors: error.fieldErrors ?? {} }, { status: error.status })
  }
}

const FILTERS: Array<[string, string]> = [
  ['new', 'Новые'],
  ['attached', 'Ответы по заявлениям'],
  ['application', 'Заявления созданы'],
  ['ignored', 'Автоответы и возвраты'],
  ['all', 'Все'],
]

export default function StaffMail() {
  const { items, newCount, mailboxConnected, emptyNote, nowLocal, nextPage, firstPage } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const [params] = useSearchParams()
  const current = params.get('status') ?? 'new'
  return (
    <>
      <h1>Входящая почта</h1>
      <p>
        Заявления, поступившие по электронной почте (Порядок, п. 2.6, 3.2). Время поступления — момент, когда письмо пришло в почтовый ящик
        школы: от него отсчитывается срок регистрации (не позднее 1 рабочего дня).
      </p>
      {!mailboxConnected ? (
        <p className="notice">
          Почтовый ящик школы не подключён к программе (IMAP): письма родителей сами сюда не приходят. Сохраните письмо из почтовой
          программы как файл .eml и загрузите его ниже. Подключает ящик орган управления образованием (страница школы) или тот, кто
          обслуживает сервер.
        </p>
      ) : null}
      <nav aria-label="Отбор писем">
        <ul>
          {FILTERS.map(([value, label]) => (
            <li key={value}>
              <Link to={`?status=${value}`} aria-current={current === value ? 'page' : undefined}>
                {label}
                {value === 'new' ? bracketCount(newCount) : ''}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {items.length === 0 ? (
        <p className="muted">{emptyNote}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Поступило</th>
                <th scope="col">От кого</th>
                <th scope="col">Тема</th>
                <th scope="col">Вид</th>
                <th scope="col">Состояние</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <td>{i.internalDate}</td>
                  <td>
                    {i.fromName ? `${i.fromName} ` : ''}
                    <span className="muted">{i.fromAddress}</span>
                  </td>
                  <td>
                    <Link to={`/staff/mail/${i.id}`}>{i.subject || '(без темы)'}</Link>
                    {i.source === 'upload' ? <span className="muted"> — загружено вручную</span> : null}
                  </td>
                  <td>{INBOUND_KIND_LABELS[i.kind] ?? i.kind}</td>
                  <td>{INBOUND_STATUS_LABELS[i.status] ?? i.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextPage={nextPage} firstPage={firstPage} size={LIST_PAGE_SIZE} />

      <h2 id="upload-h">Загрузить письмо вручную</h2>
      <Form method="post" encType="multipart/form-data" className="card" aria-labelledby="upload-h" noValidate>
        {result?.error ? (
          <p className="alert" role="alert">
            {result.error}
          </p>
        ) : null}
        <label htmlFor="file">Файл письма (.eml)</label>
        <input
          type="file"
          id="file"
          name="file"
          accept=".eml,message/rfc822"
          required
          aria-invalid={result?.fieldErrors?.file ? true : undefined}
        />
        <p className="hint">В почтовой программе: «Сохранить как» / «Скачать оригинал письма». Одно и то же письмо дважды не появится.</p>
        <label htmlFor="receivedAt">Когда письмо поступило в школу</label>
        <input
          type="datetime-local"
          id="receivedAt"
          name="receivedAt"
          defaultValue={nowLocal}
          max={nowLocal}
          required
          aria-invalid={result?.fieldErrors?.receivedAt ? true : undefined}
        />
        <p className="hint">Дата и время получения письма в почтовом ящике (по местному времени школы).</p>
        <p>
          <button type="submit" disabled={busy}>
            {busy ? 'Загрузка…' : 'Загрузить'}
          </button>
        </p>
      </Form>
    </>
  )
}
