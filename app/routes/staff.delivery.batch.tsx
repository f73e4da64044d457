// Weekly paper extracts of one class (Положение 4.3.9: weekly print-outs for parents who chose paper): what is
// ready to print, a progress bar while the documents are being made, and marking the whole batch handed over.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { actorOf } from '#app/operations/actor'
import { OperationError } from '#app/operations/errors'
import { handOverPeriodic } from '#app/operations/hand-over.server'
import { applicantName } from '#workflows/applicant-name'
import { dayToInstant } from '#app/operations/application-intents.server'
import { getDelivery, listPaperBatch } from '#app/models/deliveries.server'
import { getSchool, listClasses } from '#app/models/school.server'
import { formatDate, localDateOf } from '#workflows/time'
import { readForm } from '#app/utils/body.server'
import { z } from '#workflows/zod'
import { checkForm, list, text } from '#app/utils/form-schema'

export const meta: MetaFunction = () => [{ title: 'Выписки на бумаге — рабочее место' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'process:application:any')
  const school = await getSchool(user.schoolId)
  const classes = await listClasses(user.schoolId)
  const className = new URL(request.url).searchParams.get('class') ?? ''
  const rows = className ? await listPaperBatch(user.schoolId, className) : []
  return json({
    classes: classes.map((c) => c.name),
    className,
    today: localDateOf(new Date(), school.timeZone),
    rows: rows.map((r) => ({
      id: r.id,
      applicationId: r.applicationId,
      name: applicantName(r.application),
      pupil: r.application.pupilName,
      channel: r.channel,
      period: r.periodFrom && r.periodTo ? `${formatDate(r.periodFrom)} – ${formatDate(r.periodTo)}` : '',
      documentId: r.documentId,
      failed: r.status === 'failed',
      lastError: r.lastError,
    })),
  })
}

/** The batch form: the day and the ticked extracts, each `applicationId|deliveryId`. */
/** The extracts ticked (application|delivery) and the day they were handed over; the ticks are checked first. */
const BatchForm = (now: Date, timeZone: string) =>
  z.object({
    delivery: list().pipe(
      z
        .array(z.string().regex(/^[^|]+\|[^|]+$/, 'Неверная отметка выписки: обновите страницу'))
        .min(1, 'Отметьте выписки, которые выданы')
        .max(500),
    ),
    deliveredOn: text().transform((v, ctx) => {
      try {
        return dayToInstant(v, now, timeZone)
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'Неверная дата' })
        return z.NEVER
      }
    }),
  })

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'process:application:any')
  const school = await getSchool(user.schoolId)
  const form = await readForm(request)
  const now = new Date()
  const parsed = checkForm(BatchForm(now, school.timeZone), form)
  if (!parsed.ok) return json({ ok: false, message: parsed.message }, { status: 400 })
  const deliveredAt = parsed.data.deliveredOn
  let done = 0
  const problems: string[] = []
  for (const [applicationId, deliveryId] of parsed.data.delivery.map((v) => v.split('|'))) {
    const delivery = await getDelivery(applicationId, deliveryId)
    if (!delivery || delivery.status !== 'prepared') continue // already marked by someone: nothing to do
    // A posting is recorded with its Russian Post identifier, on the application page; this page hands over in person.
    if (delivery.channel === 'post') {
      problems.push('выписка, отправляемая почтой, отмечается на странице заявления с почтовым идентификатором')
      continue
    }
    try {
      // The step and the row's hand-over commit together (issue 20.4).
      await handOverPeriodic({
        applicationId,
        schoolId: user.schoolId,
        actor: actorOf(user),
        deliveredAt,
        now,
        deliveryId: delivery.id,
        channel: delivery.channel,
      })
      done++
    } catch (error) {
      if (!(error instanceof OperationError)) throw error
      problems.push(error.message)
    }
  }
  return json({
    ok: problems.length === 0,
    message: `Отмечено выданными: ${done}.${problems.length ? ` Не отмечено: ${problems.join('; ')}` : ''}`,
  })
}

export default function PaperBatch() {
  const { classes, className, rows, today } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const revalidator = useRevalidator()
  const ready = rows.filter((r) => r.documentId).length
  const waiting = rows.filter((r) => !r.documentId && !r.failed).length
  useEffect(() => {
    // Extracts are made by the worker: while some are still coming, look again every few seconds.
    if (waiting === 0 || revalidator.state !== 'idle') return
    const id = setTimeout(() => revalidator.revalidate(), 3000)
    return () => clearTimeout(id)
  }, [waiting, revalidator])
  return (
    <>
      <h1>Еженедельные выписки на бумаге</h1>
      <Form method="get" className="card filters no-print" aria-label="Класс">
        <div className="filter">
          <label htmlFor="class">Класс</label>
          <select id="class" name="class" defaultValue={className}>
            <option value="">выберите класс</option>
            {classes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <p className="filter-buttons">
          <button type="submit">Показать</button>
        </p>
      </Form>
      {result ? (
        <p className={result.ok ? 'success' : 'alert'} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      ) : null}
      {className && rows.length === 0 ? <p className="muted">Выписок к выдаче в классе {className} нет.</p> : null}
      {rows.length ? (
        <>
          <p>
            <label htmlFor="progress">
              Готово документов: {ready} из {rows.length}
            </label>
            <progress id="progress" value={ready} max={rows.length}>
              {ready} из {rows.length}
            </progress>
          </p>
          {ready ? (
            <p>
              <a className="button secondary" href={`/staff/delivery/batch/print?class=${encodeURIComponent(className)}`} download>
                Скачать все готовые выписки одним файлом для печати
              </a>
            </p>
          ) : null}
          <Form method="post" className="card">
            <table>
              <caption className="visually-hidden">Выписки класса {className}</caption>
              <thead>
                <tr>
                  <th scope="col">Выдать</th>
                  <th scope="col">Заявитель</th>
                  <th scope="col">Обучающийся</th>
                  <th scope="col">Период</th>
                  <th scope="col">Документ</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <input
                        type="checkbox"
                        name="delivery"
                        value={`${r.applicationId}|${r.id}`}
                        id={`d-${r.id}`}
                        disabled={!r.documentId || r.channel === 'post'}
                        aria-label={`Выдать: ${r.name}`}
                      />
                    </td>
                    <td>
                      <label htmlFor={`d-${r.id}`}>{r.name}</label>
                      {r.channel === 'post' ? (
                        <span className="muted">
                          {' '}
                          (почтой: <Link to={`/staff/applications/${r.applicationId}`}>отметить отправку с почтовым идентификатором</Link>)
                        </span>
                      ) : null}
                    </td>
                    <td>{r.pupil}</td>
                    <td>{r.period}</td>
                    <td>
                      {r.documentId ? (
                        <a href={`/staff/applications/${r.applicationId}/documents/${r.documentId}`}>скачать</a>
                      ) : r.failed ? (
                        <>
                          <span className="badge bad">⚠ ошибка</span> <span className="muted">{r.lastError}</span>
                        </>
                      ) : (
                        <span className="badge warn">готовится</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <label htmlFor="deliveredOn">Дата выдачи</label>
            <input type="date" id="deliveredOn" name="deliveredOn" defaultValue={today} max={today} />
            <p>
              <button type="submit" disabled={busy}>
                Отметить отмеченные выданными
              </button>
            </p>
          </Form>
        </>
      ) : null}
    </>
  )
}
