// The day's postal list: letters to post (answers and notices sent «с помощью почтовой связи»), and those posted
// that day with their tracking numbers. Printable for the post office.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { applicantName } from '#workflows/applicant-name'
import { DELIVERY_KIND_LABELS, DELIVERY_STATUS_LABELS, listPostList } from '#app/models/deliveries.server'
import { getSchool } from '#app/models/school.server'
import { formatDate, isLocalDay, localDateOf } from '#workflows/time'
import { fullPostalAddress } from '#app/utils/format'

export const meta: MetaFunction = () => [{ title: 'Почтовый список — рабочее место' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:application:any')
  const school = await getSchool(user.schoolId)
  const asked = new URL(request.url).searchParams.get('day') ?? ''
  const day = isLocalDay(asked) ? asked : localDateOf(new Date(), school.timeZone)
  const rows = await listPostList(user.schoolId, day, school.timeZone)
  return json({
    day,
    school: { name: school.shortName, address: school.address },
    rows: rows.map((d) => ({
      id: d.id,
      applicationId: d.applicationId,
      number: d.application.registrationNumber,
      name: applicantName(d.application),
      address: fullPostalAddress(d.application.applicantPostalAddress, d.application.applicantPostcode),
      what:
        `${DELIVERY_KIND_LABELS[d.kind] ?? d.kind}` +
        `${d.periodFrom && d.periodTo ? ` за ${formatDate(d.periodFrom)}–${formatDate(d.periodTo)}` : ''}`,
      status: d.status,
      statusLabel: DELIVERY_STATUS_LABELS[d.status] ?? d.status,
      trackingNumber: d.trackingNumber,
    })),
  })
}

export default function PostList() {
  const { day, school, rows } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>Почтовый список на {formatDate(day)}</h1>
      <p>
        Отправитель: {school.name}, {school.address}
      </p>
      <Form method="get" className="card filters no-print" aria-label="День">
        <div className="filter">
          <label htmlFor="day">День</label>
          <input type="date" id="day" name="day" defaultValue={day} />
        </div>
        <p className="filter-buttons">
          <button type="submit">Показать</button>{' '}
          <button type="button" className="secondary" onClick={() => window.print()}>
            Распечатать
          </button>
        </p>
      </Form>
      {rows.length === 0 ? (
        <p className="muted">Писем для отправки нет.</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Почтовые отправления">
          <table>
            <caption className="visually-hidden">Почтовые отправления</caption>
            <thead>
              <tr>
                <th scope="col">№</th>
                <th scope="col">Адресат</th>
                <th scope="col">Адрес</th>
                <th scope="col">Вложение</th>
                <th scope="col">Состояние</th>
                <th scope="col">Трек-номер</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.id}>
                  <td>{i + 1}</td>
                  <td>
                    <Link to={`/staff/applications/${r.applicationId}`}>{r.name}</Link>
                    {r.number ? <span className="muted"> (рег. № {r.number})</span> : null}
                  </td>
                  <td>{r.address || <span className="badge bad">адрес не указан</span>}</td>
                  <td>{r.what}</td>
                  <td>
                    <span className={`badge ${r.status === 'prepared' ? 'warn' : 'ok'}`}>{r.statusLabel}</span>{' '}
                    <Link className="no-print" to={`/staff/delivery/label/${r.applicationId}`}>
                      ярлык
                    </Link>
                  </td>
                  <td>{r.trackingNumber || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
