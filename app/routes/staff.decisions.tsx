// The director's queue (Порядок 3.1.2: the decision is the director's): applications forwarded with a proposal.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { listAwaitingDecision } from '#app/models/applications.server'
import { DeadlineBadge } from '#app/components/staff/deadline-badge'

export const meta: MetaFunction = () => [{ title: 'Решения — рабочее место директора' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'decide:application:any')
  return json({ rows: await listAwaitingDecision(user.schoolId) })
}

export default function Decisions() {
  const { rows } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>Заявления на решение</h1>
      <p>
        Решение о предоставлении информации или об отказе принимает директор (Порядок, п. 3.1.2). Откройте заявление, проверьте предложение
        и подпишите решение паролем.
      </p>
      {rows.length === 0 ? (
        <p className="success" role="status">
          Заявлений, ожидающих решения, нет.
        </p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Заявления на решение">
          <table>
            <caption className="visually-hidden">Ожидают решения директора</caption>
            <thead>
              <tr>
                <th scope="col">Заявление</th>
                <th scope="col">Заявитель</th>
                <th scope="col">Обучающийся</th>
                <th scope="col">Предложение</th>
                <th scope="col">Срок</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/staff/applications/${r.id}`}>№ {r.registrationNumber}</Link>
                  </td>
                  <td>{r.applicantName}</td>
                  <td>
                    {r.pupilName}, {r.className}
                  </td>
                  <td>
                    <span className={`badge ${r.proposal?.value === 'refuse' ? 'bad' : r.proposal?.value === 'partial' ? 'warn' : 'ok'}`}>
                      {r.proposal?.value === 'refuse'
                        ? 'отказать'
                        : r.proposal?.value === 'partial'
                          ? 'предоставить, в остальном отказать'
                          : 'предоставить'}
                    </span>
                    {r.proposal?.comment ? <p>{r.proposal.comment}</p> : null}
                  </td>
                  <td>
                    <DeadlineBadge deadline={r.deadline} withStage />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
