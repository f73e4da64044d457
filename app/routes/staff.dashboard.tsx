import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { TERM_TEXT } from '#workflows/deadlines'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { getSchool } from '#app/models/school.server'
import { getControlSnapshot, getIntegrityView, getPeriodMetrics, readPeriod } from '#app/models/dashboard.server'
import { verifyRegistrationLogs } from '#app/jobs/integrity.server'
import { recordAudit } from '#app/models/audit.server'
import { CHANNEL_LABELS } from '#app/operations/application-schema'
import { BarChart } from '#app/components/control/bar-chart'
import { IntegrityPanel, NowPanel } from '#app/components/control/dashboard-now'
import { formatDuration, formatShare, type Ratio } from '#workflows/metrics'
import { formatDate } from '#workflows/time'
import { readForm } from '#app/utils/body.server'
import { checkForm } from '#app/utils/form-schema'
import { z } from '#workflows/zod'
import { nextTurn } from '#app/utils/abort.server'

const VerifyForm = z.object({ intent: z.literal('verify-log', { message: 'Неизвестное действие' }) })

export const meta: MetaFunction = () => [{ title: 'Контроль — рабочее место директора' }]

// Порядок 4.1: the director carries out the current control — hence the decision permission, the director's own.
const PERMISSION = 'decide:application:any'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, PERMISSION)
  const { timeZone } = await getSchool(user.schoolId)
  const now = new Date()
  const { errors, ...period } = readPeriod(new URL(request.url).searchParams, now, timeZone)
  await nextTurn(request)
  const [snapshot, metrics, integrity] = await Promise.all([
    getControlSnapshot(user.schoolId, now, timeZone),
    getPeriodMetrics(user.schoolId, period, now, timeZone),
    getIntegrityView(user.schoolId, timeZone),
  ])
  return json({ period, errors, snapshot, metrics, integrity })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, PERMISSION)
  const checked = checkForm(VerifyForm, await readForm(request))
  if (!checked.ok) return json({ ok: false as const, message: checked.message }, { status: 400 })
  const result = await verifyRegistrationLogs(new Date())
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'verify:registration-log' })
  const mine = result.schools.find((s) => s.schoolId === user.schoolId)
  return json({ ok: true as const, message: mine?.message ?? 'Проверка выполнена' })
}

const ratioRow = (label: string, r: Ratio) => [label, String(r.met), String(r.late), formatShare(r.share)]

export default function Dashboard() {
  const { period, errors, snapshot, metrics, integrity } = useLoaderData<typeof loader>()
  const verified = useActionData<typeof action>()
  const m = metrics
  const ratios = [
    [`Регистрация в срок (${TERM_TEXT.inPersonMinutes} лично, иначе не позднее ${TERM_TEXT.registrationDays})`, m.registration],
    [`Решение в срок рассмотрения (${TERM_TEXT.reviewDays})`, m.decided],
    [`Ответ вручён в течение ${TERM_TEXT.deliveryDays}`, m.delivered],
  ] as const
  const stages = [
    ['Регистрация', m.stages.registration],
    ['Рассмотрение до решения', m.stages.review],
    ['Вручение после решения', m.stages.delivery],
    ['Всего: от поступления до вручения', m.stages.total],
  ] as const
  const refusals = [
    ...m.refusals.acceptance.map((g) => ({ ...g, kind: 'в приёме документов' })),
    ...m.refusals.information.map((g) => ({ ...g, kind: 'в предоставлении информации' })),
  ]
  return (
    <>
      <h1>Контроль предоставления информации</h1>
      <p className="no-print">
        <Link to="/staff/checks">Проверки</Link> · <Link to="/staff/audit">Журнал доступа к персональным данным</Link> ·{' '}
        <Link to="/staff/activity">Отчёт об активности пользователей</Link>
      </p>

      <IntegrityPanel integrity={integrity} verified={verified} />
      <NowPanel snapshot={snapshot} />

      <h2 id="period-h">
        За период с {formatDate(period.from)} по {formatDate(period.to)}
      </h2>
      <Form method="get" className="card no-print journal-filter" aria-labelledby="period-h">
        <div>
          <label htmlFor="from">Начало периода</label>
          <input
            type="date"
            id="from"
            name="from"
            defaultValue={period.from}
            aria-invalid={errors.from ? true : undefined}
            aria-describedby={errors.from ? 'from-error' : undefined}
          />
          {errors.from ? (
            <p className="field-error" id="from-error">
              {errors.from}
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor="to">Конец периода</label>
          <input
            type="date"
            id="to"
            name="to"
            defaultValue={period.to}
            aria-invalid={errors.to ? true : undefined}
            aria-describedby={errors.to ? 'to-error' : undefined}
          />
          {errors.to ? (
            <p className="field-error" id="to-error">
              {errors.to}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit">Показать</button>
        </div>
      </Form>
      <p>
        Поступило заявлений за период: <span className="stat">{m.applications}</span>
      </p>

      <BarChart
        id="ratios"
        title="Соблюдение сроков, доля заявлений"
        max={1}
        bars={ratios.filter(([, r]) => r.total > 0).map(([label, r]) => ({ label, value: r.share ?? 0, text: formatShare(r.share) }))}
        table={{ headers: ['Показатель', 'В срок', 'С нарушением', 'Доля в срок'], rows: ratios.map(([label, r]) => ratioRow(label, r)) }}
      />
      <BarChart
        id="stages"
        title="Время по этапам: медиана"
        bars={stages.filter(([, s]) => s.count > 0).map(([label, s]) => ({ label, value: s.median ?? 0, text: formatDuration(s.median) }))}
        table={{
          headers: ['Этап', 'Заявлений', 'Медиана', '90-й перцентиль'],
          rows: stages.map(([label, s]) => [label, String(s.count), formatDuration(s.median), formatDuration(s.p90)]),
        }}
      />
      <BarChart
        id="refusals"
        title="Отказы по основаниям"
        empty="Отказов за период не было."
        bars={refusals.map((g) => ({ label: `${g.kind}: ${g.ground}`, value: g.count, text: String(g.count) }))}
        table={{ headers: ['Основание', 'Отказ', 'Количество'], rows: refusals.map((g) => [g.ground, g.kind, String(g.count)]) }}
      />
      <BarChart
        id="channels"
        title="Способы подачи"
        bars={m.channels.map((c) => ({ label: CHANNEL_LABELS[c.channel] ?? c.channel, value: c.count, text: String(c.count) }))}
        table={{
          headers: ['Способ подачи', 'Заявлений'],
          rows: m.channels.map((c) => [CHANNEL_LABELS[c.channel] ?? c.channel, String(c.count)]),
        }}
      />
      <BarChart
        id="employees"
        title="Работники: выполнено шагов процедуры"
        empty="За период никто не выполнял шагов процедуры."
        bars={m.employees
          .map((e) => ({ ...e, steps: e.registered + e.forwarded + e.decided + e.delivered }))
          .map((e) => ({ label: e.name, value: e.steps, text: String(e.steps) }))}
        table={{
          headers: [
            'Работник',
            'Зарегистрировал',
            'из них с нарушением срока',
            'Передал директору',
            'Принял решение',
            'Вручил ответ',
            'из них с нарушением срока',
          ],
          rows: m.employees.map((e) =>
            [e.name, e.registered, e.registeredLate, e.forwarded, e.decided, e.delivered, e.deliveredLate].map(String),
          ),
        }}
      />
    </>
  )
}
