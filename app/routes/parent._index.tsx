import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { invariantResponse } from '#app/utils/request.server'
import { listChildrenOfGuardian, recentMarks } from '#app/models/pupil.server'
import { listApplicationsOfGuardian } from '#app/models/application-status.server'
import { ApplicationsList } from '#app/components/parent/applications-list'
import { formatDay } from '#app/utils/format'
import { nextTurn } from '#app/utils/abort.server'

export const meta: MetaFunction = () => [{ title: 'Мои дети — электронный дневник' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:pupil:own')
  invariantResponse(user.guardianId, 'Учётная запись не связана с родителем', { status: 403 })
  const children = await listChildrenOfGuardian(user.guardianId)
  await nextTurn(request)
  const [withMarks, applications] = await Promise.all([
    // No diary data through a link whose status is not confirmed by a document (Порядок 1.2).
    Promise.all(children.map(async (c) => ({ ...c, marks: c.statusConfirmed ? await recentMarks(c.id, 5) : [] }))),
    listApplicationsOfGuardian(user.guardianId, { take: 5 }),
  ])
  return json({ children: withMarks, applications: applications.rows, more: applications.next !== null })
}

export default function ParentHome() {
  const { children, applications, more } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  return (
    <>
      <h1>Мои дети</h1>
      {params.get('passwordChanged') ? (
        <p className="success" role="status">
          Пароль изменён.
        </p>
      ) : null}
      {children.length === 0 ? <p>К вашей учётной записи не привязан ни один обучающийся. Обратитесь в школу.</p> : null}
      <div className="grid">
        {children.map((c) => (
          <section key={c.id} className="card" aria-labelledby={`child-${c.id}`}>
            <h2 id={`child-${c.id}`}>{c.statusConfirmed ? <Link to={`/parent/children/${c.id}`}>{c.name}</Link> : c.name}</h2>
            <p>{c.className} класс</p>
            {!c.statusConfirmed ? (
              <p className="notice">
                Ваш статус законного представителя пока не подтверждён документом, поэтому сведения электронного дневника не показываются
                (Порядок, п. 1.2). Покажите документ классному руководителю или в канцелярии школы.
              </p>
            ) : c.grade === 1 ? (
              <p className="muted">В 1-м классе оценки не ставятся (Положение об ЭЖ, п. 3.7).</p>
            ) : c.marks.length === 0 ? (
              <p className="muted">Оценок пока нет.</p>
            ) : (
              // A list of bare numbers says nothing: it is named, newest first, and leads to the diary.
              <>
                <h3 id={`marks-${c.id}`}>Последние оценки</h3>
                <ul aria-labelledby={`marks-${c.id}`}>
                  {c.marks.map((m) => (
                    <li key={m.id}>
                      <span className="mark">{m.value}</span> {m.subject}, {formatDay(m.date)} — {m.workType}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {c.statusConfirmed ? (
              <p className="no-print">
                <Link to={`/parent/children/${c.id}`}>Открыть дневник</Link>
                {c.grade === 1 ? null : (
                  <>
                    {' · '}
                    <Link to={`/parent/children/${c.id}?view=period`}>Оценки за период</Link>
                  </>
                )}
              </p>
            ) : null}
          </section>
        ))}
      </div>
      <section className="card" aria-labelledby="applications-title">
        <h2 id="applications-title">Мои заявления</h2>
        <ApplicationsList rows={applications} />
        <p style={{ display: 'flex', flexWrap: 'wrap', gap: '.75rem' }}>
          <Link to="/apply" className="button">
            Подать заявление
          </Link>
          {more ? <Link to="/parent/applications">Все заявления</Link> : null}
        </p>
      </section>
      <section className="card" aria-labelledby="security-title">
        <h2 id="security-title">Безопасность</h2>
        <p>Если кто-то узнал ваш пароль, сообщите об этом сразу: вход будет заблокирован, директор получит уведомление.</p>
        <p>
          <Link to="/parent/compromised">Мой пароль скомпрометирован</Link>
        </p>
      </section>
    </>
  )
}
