import { useEffect } from 'react'
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DRAFT_KEY } from '#app/components/parent/apply-form'
import { DeadlinesTable } from '#app/components/parent/status-view'
import { getApplicationByToken, getStatusView, STATUS_LINK_NOT_FOUND } from '#app/models/application-status.server'
import { publicUrl } from '#app/utils/env.server'
import { invariantResponse } from '#app/utils/request.server'

export const meta: MetaFunction = () => [{ title: 'Заявление отправлено' }, { name: 'robots', content: 'noindex' }]

// The address holds the private link: never cached, never sent on as a referrer.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const application = await getApplicationByToken(params.token ?? '')
  invariantResponse(application, STATUS_LINK_NOT_FOUND)
  const view = await getStatusView(application)
  const origin = publicUrl(request)
  return json({ view, statusPath: `/s/${application.statusToken}`, statusUrl: `${origin}/s/${application.statusToken}` })
}

export default function Received() {
  const { view, statusPath, statusUrl } = useLoaderData<typeof loader>()
  useEffect(() => {
    window.sessionStorage.removeItem(DRAFT_KEY) // sent: the draft is no longer needed
  }, [])
  return (
    <>
      <h1>Заявление отправлено</h1>
      <div className="success" role="status">
        <p>
          Заявление получено школой {view.receivedAt}. Номер для справок: <strong>{view.receiptNumber}</strong>.
        </p>
      </div>
      <section className="card" aria-labelledby="link-title">
        <h2 id="link-title">Ссылка на страницу заявления</h2>
        <p>Сохраните эту ссылку: по ней видно, что происходит с заявлением, и можно получить ответ. Не передавайте её другим людям.</p>
        <p>
          <a href={statusPath} style={{ overflowWrap: 'anywhere' }}>
            {statusUrl}
          </a>
        </p>
      </section>
      <section className="card" aria-labelledby="deadlines-title">
        <h2 id="deadlines-title">Сроки</h2>
        <DeadlinesTable deadlines={view.deadlines} />
      </section>
      <p>
        <Link to={statusPath} className="button">
          Открыть страницу заявления
        </Link>
      </p>
    </>
  )
}
