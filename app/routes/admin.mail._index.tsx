// Исходящая почта для администратора ЭЖ: каждое письмо — строка очереди с состоянием, ответом почтового
// сервера или причиной сбоя. Без настроек SMTP письма ждут в очереди и читаются здесь (демонстрация работает).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { getSchool } from '#app/models/school.server'
import { mailSettings } from '#app/mail/config.server'
import { listLetters } from '#app/mail/outbox-admin.server'
import { mailboxOf } from '#app/mail/mailboxes.server'
import { LETTER_STATUS_LABELS, outboxEmptyNote, type LetterStatus } from '#app/mail/labels'
import { formatDateTime } from '#workflows/time'
import { Pager, pagerLinks } from '#app/components/pager'
import { LIST_PAGE_SIZE } from '#app/utils/paging'
import { bracketCount } from '#workflows/list-words'

export const meta: MetaFunction = () => [{ title: 'Исходящая почта — администрирование ЭЖ' }]

/** The school's own mailbox the poll reads (ADR 056) — never another school's. */
async function mailboxLabel(schoolId: string): Promise<string | null> {
  const box = await mailboxOf(schoolId)
  return box ? `${box.imap.user}@${box.imap.host}:${box.imap.port}` : null
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:school:any')
  const school = await getSchool(user.schoolId)
  const params = new URL(request.url).searchParams
  const status = params.get('status') ?? undefined
  const { counts, letters, next } = await listLetters(user.schoolId, { status, after: params.get('after') })
  const settings = mailSettings()
  return json(
    {
      counts,
      letters: letters.map((l) => ({
        ...l,
        createdAt: formatDateTime(l.createdAt, school.timeZone),
        runAt: formatDateTime(l.runAt, school.timeZone),
        doneAt: l.doneAt ? formatDateTime(l.doneAt, school.timeZone) : '',
      })),
      smtp: settings.smtp ? `${settings.smtp.host}:${settings.smtp.port}` : null,
      imap: await mailboxLabel(user.schoolId),
      from: settings.from,
      emptyNote: outboxEmptyNote(status ?? ''),
      ...pagerLinks(params, next),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

const FILTERS: Array<[LetterStatus | '', string]> = [
  ['', 'Все'],
  ['pending', 'В очереди'],
  ['unsure', 'Неизвестно, ушло ли'],
  ['failed', 'Не доставлено'],
  ['done', 'Отправлено'],
  ['cancelled', 'Отменено'],
]
const BADGE: Record<string, string> = {
  done: 'ok',
  failed: 'bad',
  held: 'warn',
  pending: 'warn',
  running: 'warn',
  unsure: 'bad',
  cancelled: '',
}

export default function AdminMail() {
  const { counts, letters, smtp, imap, from, emptyNote, nextPage, firstPage } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const current = params.get('status') ?? ''
  return (
    <>
      <h1>Исходящая почта</h1>
      {smtp ? (
        <p className="success">
          Письма отправляются через {smtp} от имени {from}.
        </p>
      ) : (
        <p className="notice">
          SMTP не настроен (переменные <code>SMTP_HOST</code>, <code>SMTP_PORT</code>, <code>SMTP_USER</code>, <code>SMTP_PASSWORD</code>):
          письма не отправляются, а ждут в очереди — их можно прочитать здесь. После настройки и перезапуска они уйдут сами.
        </p>
      )}
      <p className="muted">
        Входящая почта:{' '}
        {imap ? (
          `ящик ${imap} проверяется автоматически`
        ) : (
          <>
            ящик не подключён (<code>IMAP_HOST</code> …)
          </>
        )}
        .
      </p>
      {counts.unsure ? (
        <p className="alert" role="alert" data-warning="unsure-letters">
          Писем, о которых неизвестно, ушли ли они: {counts.unsure}. Связь с почтовым сервером прервалась, когда письма уже передавались, и
          программа сама их не повторит. Откройте каждое и решите: «Отправить ещё раз» или «Письмо ушло».{' '}
          <Link to="?status=unsure">Показать</Link>
        </p>
      ) : null}
      <nav aria-label="Отбор писем">
        <ul>
          {FILTERS.map(([value, label]) => (
            <li key={value}>
              <Link to={value ? `?status=${value}` : '?'} aria-current={current === value ? 'page' : undefined}>
                {label}
                {value ? bracketCount(counts[value]) : ''}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {letters.length === 0 ? (
        <p className="muted">{emptyNote}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Создано</th>
                <th scope="col">Кому</th>
                <th scope="col">Тема</th>
                <th scope="col">Состояние</th>
                <th scope="col">Ответ сервера / причина</th>
              </tr>
            </thead>
            <tbody>
              {letters.map((l) => (
                <tr key={l.id}>
                  <td>{l.createdAt}</td>
                  <td>{l.to}</td>
                  <td>
                    <Link to={`/admin/mail/${l.id}`}>{l.subject}</Link>
                    {l.attachments ? <span className="muted"> · вложений: {l.attachments}</span> : null}
                  </td>
                  <td>
                    <span className={`badge ${BADGE[l.status] ?? ''}`}>{LETTER_STATUS_LABELS[l.status as LetterStatus] ?? l.status}</span>
                    {l.status === 'pending' && l.attempts > 0 ? (
                      <div className="muted">
                        попыток: {l.attempts}, следующая {l.runAt}
                      </div>
                    ) : null}
                    {l.status === 'done' ? <div className="muted">{l.doneAt}</div> : null}
                  </td>
                  <td>{l.status === 'done' ? l.reply : l.lastError}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextPage={nextPage} firstPage={firstPage} size={LIST_PAGE_SIZE} />
    </>
  )
}
