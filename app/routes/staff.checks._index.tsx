import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { getSchool } from '#app/models/school.server'
import { clientIp } from '#app/utils/request.server'
import { defaultPeriod } from '#app/models/dashboard.server'
import { listCheckableEmployees, pageChecks, startCheck, StartCheckSchema } from '#app/models/control-checks.server'
import { Pager, pagerLinks } from '#app/components/pager'
import { LIST_PAGE_SIZE } from '#app/utils/paging'
import { CHECK_KIND_LABELS } from '#workflows/check-rules'
import { formatDate, formatDateTime } from '#workflows/time'
import { readForm } from '#app/utils/body.server'
import { checkForm } from '#app/utils/form-schema'

export const meta: MetaFunction = () => [{ title: 'Проверки — контроль' }]

// Порядок 4.2: the director carries out the checks.
const PERMISSION = 'decide:application:any'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, PERMISSION)
  const school = await getSchool(user.schoolId)
  const params = new URL(request.url).searchParams
  const [{ checks, next }, employees] = await Promise.all([
    pageChecks(user.schoolId, params.get('after')),
    listCheckableEmployees(user.schoolId),
  ])
  return json({
    ...pagerLinks(params, next),
    period: defaultPeriod(new Date(), school.timeZone),
    employees,
    checks: checks.map((c) => ({
      id: c.id,
      number: c.number,
      kind: CHECK_KIND_LABELS[c.kind],
      from: formatDate(c.from),
      to: formatDate(c.to),
      employee: c.employeeName ?? 'все работники',
      startedAt: formatDateTime(new Date(c.startedAt), school.timeZone),
      deviations: c.deviations.length,
      closed: Boolean(c.closedAt),
    })),
  })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, PERMISSION)
  const parsed = checkForm(StartCheckSchema, await readForm(request))
  if (!parsed.ok) return json({ errors: parsed.fieldErrors }, { status: 400 })
  const { kind, from, to, employeeUserId, basis } = parsed.data
  const school = await getSchool(user.schoolId)
  const check = await startCheck({
    user,
    kind,
    from,
    to,
    employeeUserId: employeeUserId || null,
    basis,
    now: new Date(),
    timeZone: school.timeZone,
    ip: clientIp(request),
  })
  return redirect(`/staff/checks/${check.id}`)
}

function Field({ id, label, error, children }: { id: string; label: string; error?: string; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  )
}

export default function Checks() {
  const { period, employees, checks, nextPage, firstPage } = useLoaderData<typeof loader>()
  const errors: Record<string, string> = useActionData<typeof action>()?.errors ?? {}
  const busy = useNavigation().state === 'submitting'
  const invalid = (name: string) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `${name}-error` } : {})
  return (
    <>
      <p className="no-print">
        <Link to="/staff/dashboard">← Контроль</Link>
      </p>
      <h1>Проверки соблюдения Порядка</h1>
      <p>
        Плановые и внеплановые проверки (Порядок, п. 4.2–4.3): по заявлениям, поступившим за период, находятся нарушения сроков регистрации,
        рассмотрения и предоставления информации, отказы без оснований, ответы без записи о вручении и нарушения целостности журнала
        регистрации.
      </p>

      <h2 id="start-h">Начать проверку</h2>
      <Form method="post" className="card" aria-labelledby="start-h" noValidate>
        <input type="hidden" name="intent" value="start" />
        <fieldset aria-describedby={errors.kind ? 'kind-error' : undefined}>
          <legend>Вид проверки</legend>
          {(['planned', 'unplanned'] as const).map((k) => (
            <div className="choice" key={k}>
              <input type="radio" id={`kind-${k}`} name="kind" value={k} defaultChecked={k === 'planned'} />
              <label htmlFor={`kind-${k}`}>{CHECK_KIND_LABELS[k]}</label>
            </div>
          ))}
          {errors.kind ? (
            <p className="field-error" id="kind-error">
              {errors.kind}
            </p>
          ) : null}
        </fieldset>
        <Field id="from" label="Заявления, поступившие с" error={errors.from}>
          <input type="date" id="from" name="from" defaultValue={period.from} required {...invalid('from')} />
        </Field>
        <Field id="to" label="по" error={errors.to}>
          <input type="date" id="to" name="to" defaultValue={period.to} required {...invalid('to')} />
        </Field>
        <Field id="employeeUserId" label="Работник (необязательно)">
          <select id="employeeUserId" name="employeeUserId" defaultValue="">
            <option value="">все работники</option>
            {employees.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}, {e.position}
              </option>
            ))}
          </select>
        </Field>
        <Field id="basis" label="Основание" error={errors.basis}>
          <textarea id="basis" name="basis" rows={2} required placeholder="План контроля; жалоба заявителя от …" {...invalid('basis')} />
        </Field>
        <p>
          <button type="submit" disabled={busy}>
            {busy ? 'Проверка…' : 'Начать проверку'}
          </button>
        </p>
      </Form>

      <h2 id="past-h">Проведённые проверки</h2>
      {checks.length === 0 ? (
        <p className="muted">Проверок ещё не было.</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="past-h">
          <table aria-labelledby="past-h">
            <thead>
              <tr>
                <th scope="col">Справка</th>
                <th scope="col">Вид</th>
                <th scope="col">Период</th>
                <th scope="col">Работник</th>
                <th scope="col">Начата</th>
                <th scope="col">Отклонений</th>
                <th scope="col">Состояние</th>
              </tr>
            </thead>
            <tbody>
              {checks.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/staff/checks/${c.id}`}>№ {c.number}</Link>
                  </th>
                  <td>{c.kind}</td>
                  <td>
                    {c.from}–{c.to}
                  </td>
                  <td>{c.employee}</td>
                  <td>{c.startedAt}</td>
                  <td>{c.deviations}</td>
                  <td>{c.closed ? 'завершена' : 'идёт'}</td>
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
