import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ApplicationsList } from '#app/components/parent/applications-list'
import { listApplicationsOfGuardian } from '#app/models/application-status.server'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { invariantResponse } from '#app/utils/request.server'

export const meta: MetaFunction = () => [{ title: 'Мои заявления' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:application:own')
  invariantResponse(user.guardianId, 'Учётная запись не связана с родителем', { status: 403 })
  const after = new URL(request.url).searchParams.get('after')
  return json({ applications: await listApplicationsOfGuardian(user.guardianId, { after }), paged: after !== null })
}

export default function ParentApplications() {
  const { applications, paged } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>Мои заявления</h1>
      <ApplicationsList rows={applications.rows} />
      {applications.next || paged ? (
        <nav aria-label="Страницы списка заявлений">
          <p style={{ display: 'flex', flexWrap: 'wrap', gap: '.75rem' }}>
            {paged ? <Link to="/parent/applications">В начало списка</Link> : null}
            {applications.next ? (
              <Link to={`/parent/applications?after=${encodeURIComponent(applications.next)}`}>Следующие заявления</Link>
            ) : null}
          </p>
        </nav>
      ) : null}
      <p>
        <Link to="/apply" className="button">
          Подать заявление
        </Link>
      </p>
    </>
  )
}
