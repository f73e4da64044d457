// Журнал регистрации заявлений (Порядок 3.1.1): rows for a period, and the integrity check of the hash chain.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { clientIp } from '#app/utils/request.server'
import { db } from '#app/utils/db.server'
import { checkRegistrationLog, cleanCheckMessage } from '#app/models/registration-log-check.server'
import { CHANNEL_LABELS } from '#app/operations/application-schema'
import { recordAudit } from '#app/models/audit.server'
import { pageRegistrationLog, registrationLogPeriod } from '#app/models/applications.server'
import { LOG_PAGE_SIZE } from '#app/utils/paging'
import { getSchool } from '#app/models/school.server'
import { INFO_KIND_LABELS } from '#app/documents/application-doc-data'
import { formatDate, formatDateTime, formatReceivedAt } from '#workflows/time'
import { parseKinds } from '#app/models/json-columns'
import { ROWS_ONCE, RowsOnce } from '#app/components/rows-once'

export const meta: MetaFunction = () => [{ title: 'Журнал регистрации заявлений' }]

// The rows are in the table's HTML; the document's hydration data carries only their count (ADR 127).
export const handle = { [ROWS_ONCE]: ['rows'] }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:registration-log:any')
  const school = await getSchool(user.schoolId)
  const tz = school.timeZone
  const params = new URL(request.url).searchParams
  const { from, to, errors, start, end } = registrationLogPeriod(params, tz)
  const after = /^\d{1,9}$/.test(params.get('after') ?? '') ? Number(params.get('after')) : null
  const { rows, next } = await pageRegistrationLog(user.schoolId, start, end, after)
  // Forms handed in at the parent meeting: «Поступило» is the handover; the moment of entry is shown beside it.
  const entered = new Map(
    (
      await db.application.findMany({
        where: { schoolId: user.schoolId, id: { in: rows.map((r) => r.applicationId) }, enteredAt: { not: null } },
        select: { id: true, enteredAt: true },
      })
    ).map((a) => [a.id, a.enteredAt!]),
  )
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'view:registration-log',
    ip: clientIp(request),
    data: { from, to },
  })
  return json({
    from,
    to,
    errors,
    paged: after !== null,
    nextPage: next === null ? null : `?${new URLSearchParams({ from, to, after: String(next) })}`,
    rows: rows.map((r) => ({
      // ADR 004: the registration number is «№ 15», told apart by its date (next column), as on every notice.
      id: r.id,
      sequence: r.sequence,
      number: String(r.number),
      applicationId: r.applicationId,
      correctsSequence: r.correctsSequence,
      receivedAt: formatReceivedAt(r.receivedAt, r.channel, tz),
      enteredAt: entered.has(r.applicationId) ? formatDateTime(entered.get(r.applicationId)!, tz) : null,
      registeredAt: formatDateTime(r.registeredAt, tz),
      channel: CHANNEL_LABELS[r.channel] ?? r.channel,
      applicantName: r.applicantName,
      pupilName: r.pupilName,
      className: r.className,
      kinds: parseKinds(r.kinds)
        .map((k) => INFO_KIND_LABELS[k] ?? k)
        .join(', '),
      result: r.result,
      resultAt: r.resultAt ? formatDate(r.resultAt, tz) : null,
    })),
  })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:registration-log:any')
  const { rows, anchor, check } = await checkRegistrationLog(user.schoolId)
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'verify:registration-log',
    ip: clientIp(request),
    data: { ok: check.ok, count: rows.length, brokenAt: check.ok ? null : check.brokenAt.sequence },
  })
  return json(
    check.ok ? { ok: true as const, message: cleanCheckMessage(check.count, anchor) } : { ok: false as const, message: check.messageRu },
  )
}

export default function RegistrationLog() {
  const { from, to, errors, paged, nextPage, ...data } = useLoaderData<typeof loader>()
  const rows: RowsOnce<(typeof data.rows)[number]> = data.rows
  const check = useActionData<typeof action>()
  const shown = paged || nextPage ? `на этой странице ${rows.length} (по ${LOG_PAGE_SIZE} на странице)` : String(rows.length)
  const busy = useNavigation().state !== 'idle'
  return (
    <>
      <h1>Журнал регистрации заявлений</h1>
      <Form method="get" className="card filters no-print" aria-label="Период">
        {(['from', 'to'] as const).map((key) => (
          <div className="filter" key={key}>
            <label htmlFor={key}>{key === 'from' ? 'С' : 'По'}</label>
            <input
              type="date"
              id={key}
              name={key}
              defaultValue={key === 'from' ? from : to}
              aria-invalid={errors[key] ? true : undefined}
              aria-describedby={errors[key] ? `${key}-error` : undefined}
            />
            {errors[key] ? (
              <p className="field-error" id={`${key}-error`}>
                {errors[key]}
              </p>
            ) : null}
          </div>
        ))}
        <p className="filter-buttons">
          <button type="submit">Показать</button>
        </p>
      </Form>
      <Form method="post" className="no-print">
        <p>
          <button type="submit" className="secondary" disabled={busy}>
            {busy ? 'Проверка…' : 'Проверить целостность'}
          </button>{' '}
          <a className="button secondary" href={`/staff/log/download?from=${from}&to=${to}`} download>
            Скачать журнал
          </a>{' '}
          <button type="button" className="secondary" onClick={() => window.print()}>
            Распечатать
          </button>
        </p>
      </Form>
      {check ? (
        <p className={check.ok ? 'success' : 'alert'} role={check.ok ? 'status' : 'alert'}>
          {check.message}
        </p>
      ) : null}
      <p>
        {rows.length === 0
          ? `Записей с ${formatDate(from)} по ${formatDate(to)} нет.`
          : `Записи с ${formatDate(from)} по ${formatDate(to)}: ${shown}.`}{' '}
        Результат рассмотрения вносится новой записью со ссылкой на исправляемую — записи журнала не изменяются.
      </p>
      <RowsOnce
        name="registration-log"
        rows={rows}
        table={(list) => (
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Записи журнала">
            <table className="log-table">
              <caption className="visually-hidden">Журнал регистрации за период</caption>
              <thead>
                <tr>
                  <th scope="col">№ п/п</th>
                  <th scope="col">Рег. №</th>
                  <th scope="col">Поступило</th>
                  <th scope="col">Зарегистрировано</th>
                  <th scope="col">Способ</th>
                  <th scope="col">Заявитель</th>
                  <th scope="col">Обучающийся, класс</th>
                  <th scope="col">Сведения</th>
                  <th scope="col">Результат</th>
                </tr>
              </thead>
              <tbody>
                {list.length === 0 ? (
                  <tr>
                    <td colSpan={9} className="muted">
                      За период записей нет.
                    </td>
                  </tr>
                ) : null}
                {list.map((r) => (
                  <tr key={r.id}>
                    <td>{r.sequence}</td>
                    <td>
                      <a href={`/staff/applications/${r.applicationId}`}>{r.number}</a>
                    </td>
                    <td>
                      {r.receivedAt}
                      {r.enteredAt ? (
                        <>
                          <br />
                          <span className="muted">передано на собрании; внесено {r.enteredAt}</span>
                        </>
                      ) : null}
                    </td>
                    <td>{r.registeredAt}</td>
                    <td>{r.channel}</td>
                    <td>{r.applicantName}</td>
                    <td>
                      {r.pupilName}, {r.className}
                    </td>
                    <td>{r.kinds}</td>
                    <td>
                      {r.result ? (
                        <>
                          {r.result}
                          {r.resultAt ? ` (${r.resultAt})` : ''}
                          <br />
                          <span className="muted">к записи № {r.correctsSequence}</span>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      />
      {paged || nextPage ? (
        <nav className="pager no-print" aria-label="Страницы журнала">
          {paged ? <a href={`?${new URLSearchParams({ from, to })}`}>← К началу периода</a> : null}
          {paged && nextPage ? ' · ' : null}
          {nextPage ? <a href={nextPage}>Следующие записи →</a> : null}
        </nav>
      ) : null}
    </>
  )
}
