import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { findApplications } from '#app/models/applications.server'
import { ApplicationTable, FindApplicationForm } from '#app/components/staff/application-table'
import { plural } from '#app/utils/format'

export const meta: MetaFunction = () => [{ title: 'Найти заявление — рабочее место' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:application:any')
  const q = new URL(request.url).searchParams.get('q') ?? ''
  const found = await findApplications(user.schoolId, q, new Date())
  // An empty box is the page opened, not a search to refuse.
  const asked = q.trim() !== ''
  return json({ ...found, q, asked, problem: asked ? found.problem : null })
}

export default function FindApplication() {
  const { q, problem, rows, more, limit, asked } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>Найти заявление</h1>
      <p className="no-print">
        <Link to="/staff/applications">← Заявления в работе</Link>
      </p>
      <FindApplicationForm value={q} />
      {problem ? (
        <p className="error" role="alert">
          {problem}
        </p>
      ) : asked ? (
        <>
          <p role="status">
            {rows.length === 0
              ? `По запросу «${q.trim()}» заявлений нет. Проверьте номер или попробуйте фамилию другого члена семьи.`
              : more
                ? `Показаны ${limit} последних заявлений; уточните запрос (например, добавьте имя).`
                : `Найдено: ${rows.length} ${plural(rows.length, 'заявление', 'заявления', 'заявлений')}, сначала — новые.`}
          </p>
          {rows.length ? <ApplicationTable rows={rows} caption="Найденные заявления, сначала новые" label="Найденные заявления" /> : null}
        </>
      ) : null}
    </>
  )
}
