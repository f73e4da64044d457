import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { ControlBackLink, controlBackLink } from '#app/components/control/back-link'
import { clientIp } from '#app/utils/request.server'
import { getSchool } from '#app/models/school.server'
import { recordAudit } from '#app/models/audit.server'
import { ACCESS_LIMIT, searchAccess } from '#app/models/access-audit.server'
import { endOfLocalDay, isLocalDay, startOfLocalDay } from '#workflows/time'
import { Pager, pagerLinks } from '#app/components/pager'
import { cleanLine, clip } from '#app/utils/text'
import { headingCount } from '#workflows/list-words'

export const meta: MetaFunction = () => [{ title: 'Журнал доступа к персональным данным — контроль' }]

const FIELDS = ['pupil', 'applicant', 'user', 'from', 'to'] as const

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:audit:any')
  const { timeZone } = await getSchool(user.schoolId)
  const params = new URL(request.url).searchParams
  const q = Object.fromEntries(FIELDS.map((f) => [f, clip(cleanLine(params.get(f) ?? '').trim(), 100)])) as Record<
    (typeof FIELDS)[number],
    string
  >
  const errors: Record<string, string> = {}
  for (const f of ['from', 'to'] as const) if (q[f] && !isLocalDay(q[f])) errors[f] = 'Укажите дату'
  if (!errors.from && !errors.to && q.from && q.to && q.from > q.to) errors.to = 'Начало периода позже его конца'
  const ok = Object.keys(errors).length === 0
  const { rows, next } = await searchAccess(
    user.schoolId,
    {
      pupil: q.pupil || undefined,
      applicant: q.applicant || undefined,
      user: q.user || undefined,
      from: ok && q.from ? startOfLocalDay(q.from, timeZone) : undefined,
      to: ok && q.to ? endOfLocalDay(q.to, timeZone) : undefined,
    },
    timeZone,
    params.get('after'),
  )
  // Reading the access trail is itself an access to personal data (152-ФЗ): it is recorded too.
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'view:audit',
    ip: clientIp(request),
    data: { pupil: q.pupil, applicant: q.applicant, user: q.user, from: q.from, to: q.to },
  })
  return json({
    q,
    errors,
    rows,
    limit: ACCESS_LIMIT,
    searched: FIELDS.some((f) => q[f]),
    back: controlBackLink(user.roles),
    ...pagerLinks(params, next),
  })
}

export default function AccessAudit() {
  const { q, errors, rows, limit, searched, back, nextPage, firstPage } = useLoaderData<typeof loader>()
  const field = (name: (typeof FIELDS)[number], label: string, type = 'search', hint?: string) => (
    <div>
      <label htmlFor={name}>{label}</label>
      <input
        type={type}
        id={name}
        name={name}
        defaultValue={q[name]}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={[hint ? `${name}-hint` : '', errors[name] ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined}
      />
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {errors[name] ? (
        <p className="field-error" id={`${name}-error`}>
          {errors[name]}
        </p>
      ) : null}
    </div>
  )
  return (
    <>
      <ControlBackLink link={back} />
      <h1>Журнал доступа к персональным данным</h1>
      <p>
        Кто и когда просматривал сведения об обучающихся и заявителях и откуда (адрес компьютера) — 152-ФЗ «О персональных данных». Просмотр
        списка или журнала класса показывает данные всех обучающихся класса.
      </p>
      <Form method="get" className="card journal-filter" role="search" aria-label="Поиск в журнале доступа">
        {field('pupil', 'Обучающийся', 'search', 'Фамилия или ФИО')}
        {field('applicant', 'Заявитель', 'search', 'Фамилия или ФИО')}
        {field('user', 'Пользователь', 'search', 'Фамилия или логин')}
        {field('from', 'С', 'date')}
        {field('to', 'По', 'date')}
        <div className="actions">
          <button type="submit">Найти</button>
        </div>
      </Form>
      <h2 id="rows-h">
        {headingCount(searched ? 'Найдено' : 'Последние просмотры', rows.length)}
        {nextPage || firstPage ? ` (по ${limit} на странице)` : ''}
      </h2>
      {rows.length === 0 ? (
        <p className="muted">
          {searched
            ? 'По этим условиям записей нет: проверьте фамилию, логин и даты.'
            : 'Просмотров сведений об обучающихся и заявителях ещё не было.'}
        </p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="rows-h">
          <table aria-labelledby="rows-h">
            <thead>
              <tr>
                <th scope="col">Когда</th>
                <th scope="col">Кто</th>
                <th scope="col">Действие</th>
                <th scope="col">Чьи данные</th>
                <th scope="col">Откуда</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.at}</th>
                  <td>
                    {r.user}
                    {r.roles ? (
                      <>
                        <br />
                        <span className="muted">{r.roles}</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {r.action}
                    {r.invalid ? (
                      <>
                        {' '}
                        <span className="badge bad">после компрометации</span>
                      </>
                    ) : null}
                  </td>
                  <td>{r.object || '—'}</td>
                  <td>{r.ip}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextPage={nextPage} firstPage={firstPage} size={limit} />
    </>
  )
}
