import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { can } from '#app/utils/permissions'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { runIntent } from '#app/operations/application-intents.server'
import { getApplication } from '#app/models/applications.server'
import { getApplicationPage, type ApplicationPage } from '#app/models/application-page.server'
import { recordView } from '#app/models/audit.server'
import { ApplicationActions, hasFormFor } from '#app/components/staff/application-actions'
import { ApplicationDeliveries } from '#app/components/staff/application-deliveries'
import { ApplicationFiles } from '#app/components/staff/application-files'
import { ApplicationTimeline } from '#app/components/staff/application-timeline'
import { DeadlineBadge } from '#app/components/staff/deadline-badge'
import type { IntentResult } from '#app/components/staff/action-form'
import { readForm } from '#app/utils/body.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.page.registrationNumber ? `Заявление № ${data.page.registrationNumber}` : 'Заявление'} — рабочее место` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:application:any')
  const page = await getApplicationPage(user.schoolId, params.id ?? '', user.roles, new Date())
  invariantResponse(page, 'Заявление не найдено')
  await recordView({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'view:application',
    entity: 'application',
    entityId: page.id,
    ip: clientIp(request),
  })
  // The pupil's card is a journal page (read:journal:any): the secretary gets the name without the link.
  return json({ page, links: { pupilCard: can(user.roles, 'read:journal:any') } })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:application:any')
  const app = await getApplication(user.schoolId, params.id ?? '')
  invariantResponse(app, 'Заявление не найдено')
  const { result, status } = await runIntent({
    user,
    app,
    form: await readForm(request),
    now: new Date(),
    timeZone: app.school.timeZone,
    ip: clientIp(request),
  })
  return json(result, { status })
}

export default function ApplicationPageView() {
  const { page: data, links } = useLoaderData<typeof loader>()
  const page = data as unknown as ApplicationPage
  const result = useActionData<typeof action>() as IntentResult | undefined
  return (
    <>
      <p className="no-print">
        <Link to="/staff/applications">← Все заявления</Link>
      </p>
      <h1>
        {page.registrationNumber
          ? `Заявление № ${page.registrationNumber} от ${page.registeredAt?.slice(0, 10)}`
          : `Заявление (квитанция ${page.receiptNumber})`}
      </h1>
      <p>
        <span className="badge">{page.statusLabel}</span> <span className="muted">Заявитель видит: «{page.portalStatus}»</span>
      </p>
      {result?.ok ? (
        <p className="success" role="status">
          {result.message}
        </p>
      ) : null}
      {result && !result.ok && result.formError && !hasFormFor(page.actions, result.intent) ? (
        <p className="alert" role="alert">
          {result.formError}
        </p>
      ) : null}

      <div className="grid two">
        <section className="card" aria-labelledby="applicant-title">
          <h2 id="applicant-title">Заявитель</h2>
          <dl className="props">
            <dt>ФИО</dt>
            <dd>{page.applicant.name}</dd>
            <dt>Документ</dt>
            <dd>{page.applicant.identityDocument || '—'}</dd>
            <dt>Адрес</dt>
            <dd>{page.applicant.postalAddress || '—'}</dd>
            <dt>Эл. почта</dt>
            <dd>{page.applicant.email || '—'}</dd>
            <dt>Телефон</dt>
            <dd>{page.applicant.phone || '—'}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="request-title">
          <h2 id="request-title">Запрос</h2>
          <dl className="props">
            <dt>Обучающийся</dt>
            <dd>
              {page.pupil.id ? (
                links.pupilCard ? (
                  <Link to={`/staff/pupils/${page.pupil.id}`}>{page.pupil.name}</Link>
                ) : (
                  page.pupil.name
                )
              ) : (
                <>
                  {page.pupil.name} <span className="badge warn">не найден в журнале</span>
                </>
              )}
              , {page.pupil.className}
            </dd>
            <dt>Поступило</dt>
            <dd>
              {page.receivedAt}, {page.channelLabel}
              {page.enteredAt ? ' (передано на родительском собрании)' : ''}
            </dd>
            {page.enteredAt ? (
              <>
                <dt>Внесено в систему</dt>
                <dd>{page.enteredAt}</dd>
              </>
            ) : null}
            <dt>Периодичность</dt>
            <dd>{page.periodicityLabel}</dd>
            <dt>Способ получения</dt>
            <dd>{page.deliveryLabel}</dd>
          </dl>
          <p>Сведения:</p>
          <ul>
            {page.kinds.map((k) => (
              <li key={k}>{k}</li>
            ))}
          </ul>
        </section>
      </div>

      <section aria-labelledby="deadlines-title">
        <h2 id="deadlines-title">Сроки</h2>
        {page.deadlines.length ? (
          <ul className="deadlines">
            {page.deadlines.map((d) => (
              <li key={d.stage}>
                <DeadlineBadge deadline={d} withStage />
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Установленные сроки не текут.</p>
        )}
        {page.calendarWarning ? (
          <p className="alert" role="alert" data-warning="calendar">
            {page.calendarWarning}
            {page.calendarLink ? (
              <>
                {' '}
                <Link to="/admin/calendar">Загрузить календарь</Link>
              </>
            ) : null}
          </p>
        ) : null}
        {page.grounds.length ? <p>Основания отказа: {page.grounds.join('; ')}</p> : null}
        {page.directorComment ? <p className="notice">Комментарий директора: {page.directorComment}</p> : null}
      </section>

      <section aria-labelledby="actions-title" className="no-print">
        <h2 id="actions-title">Действия</h2>
        <Form method="post" className="assignee">
          <input type="hidden" name="intent" value="ASSIGN" />
          <input type="hidden" name="version" value={page.version} />
          <p>
            Исполнитель: <strong>{page.assignee?.name ?? 'не назначен'}</strong>{' '}
            {page.closed ? null : page.assignee ? (
              <button type="submit" name="assignee" value="" className="secondary">
                Снять исполнителя
              </button>
            ) : (
              <button type="submit" name="assignee" value="me" className="secondary">
                Взять в работу
              </button>
            )}
          </p>
        </Form>
        <ApplicationActions page={page} result={result} />
      </section>

      <h2 id="timeline-title">Ход рассмотрения</h2>
      <ApplicationTimeline rows={page.timeline} />
      <ApplicationFiles page={page} />
      <section aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">Предоставление информации</h2>
        <ApplicationDeliveries page={page} />
      </section>
    </>
  )
}
