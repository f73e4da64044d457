import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { getSchool } from '#app/models/school.server'
import { journalKeys, listRetentionRuns, pageExpired, purgeExpired, setRetentionYears } from '#app/models/retention.server'
import { Pager, pagerLinks } from '#app/components/pager'
import { LIST_PAGE_SIZE } from '#app/utils/paging'
import { STAFF_STATUS_LABELS, type ApplicationStatus } from '#workflows/statuses'
import { formatDate, formatDateTime } from '#workflows/time'
import { readForm } from '#app/utils/body.server'
import { checkForm } from '#app/utils/form-schema'
import { z } from '#workflows/zod'
import { count } from '#app/utils/format'
import { retentionConfirmLabel, retentionYears, runJournalsText } from '#workflows/retention-words'

import { retentionStatement } from '#app/models/retention-statement'
import { headingCount } from '#workflows/list-words'

export const meta: MetaFunction = () => [{ title: 'Сроки хранения — администрирование ЭЖ' }]

const PERMISSION = 'manage:school:any'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, PERMISSION)
  const { timeZone } = await getSchool(user.schoolId)
  const params = new URL(request.url).searchParams
  const [list, runs] = await Promise.all([
    pageExpired(user.schoolId, new Date(), timeZone, params.get('after')),
    listRetentionRuns(user.schoolId, LIST_PAGE_SIZE),
  ])
  return json({
    years: list.years,
    cutoff: formatDate(list.cutoff),
    total: list.applicationCount + list.strayUploadCount + list.strayDocumentCount + list.journalCount,
    journalCutoff: formatDate(list.journalCutoff),
    journals: list.journals.map((j) => ({
      year: j.year,
      endsOn: formatDate(j.endsOn),
      classes: j.classes.map(
        (c) =>
          `${c.name}: ${count(c.lessons, 'урок', 'урока', 'уроков')}, отметок: ${c.marks}, отметок о посещаемости: ${c.attendance}, ` +
          `строк расписания: ${c.timetable}, планируемых часов: ${c.plannedHours}`,
      ),
      held: j.held.map((c) => c.name),
    })),
    /** The (year, class) keys of the journals shown: the confirmation passes them, the purge removes only those. */
    journalKeys: journalKeys(list.journals).join(','),
    schoolEvents: list.schoolEvents,
    applicationCount: list.applicationCount,
    strayCount: list.strayUploadCount + list.strayDocumentCount,
    ...pagerLinks(params, list.next),
    applications: list.applications.map((a) => ({
      id: a.id,
      number: a.registrationNumber ? `№ ${a.registrationNumber}` : a.receiptNumber,
      className: a.className,
      status: STAFF_STATUS_LABELS[a.status as ApplicationStatus] ?? a.status,
      receivedAt: formatDate(a.receivedAt, timeZone),
      closedAt: formatDate(a.closedAt!, timeZone),
      documents: a._count.documents,
      uploads: a._count.uploads,
    })),
    strayUploads: list.strayUploads.map((u) => ({ id: u.id, name: u.fileName, at: formatDate(u.createdAt, timeZone) })),
    strayDocuments: list.strayDocuments.map((d) => ({ id: d.id, name: d.fileName, at: formatDate(d.createdAt, timeZone) })),
    runs: runs.map((r) => ({ ...r, at: formatDateTime(new Date(r.at), timeZone), cutoff: formatDate(r.cutoff) })),
  })
}

type Result = { ok: true; message: string } | { ok: false; field: string; error: string }

const YEARS = 'Укажите целое число лет от 1 до 75'
const RetentionForm = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('years'), years: z.coerce.number({ message: YEARS }).int(YEARS).min(1, YEARS).max(75, YEARS) }),
    z.object({
      intent: z.literal('purge'),
      confirm: z.literal('yes', { message: 'Подтвердите, что персональные данные будут удалены без возможности восстановления' }),
      // How many the administrator saw: a list that changed since is not purged (purgeExpired compares).
      count: z.coerce.number({ message: 'Обновите страницу: список к удалению не передан' }).int().nonnegative(),
      // The journals the administrator saw, «year:class» joined by commas: only those are removed.
      journals: z
        .string()
        .optional()
        .transform((v) => (v ?? '').split(',').filter(Boolean)),
    }),
  ],
  { message: 'Неизвестное действие' },
)

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, PERMISSION)
  const fail = (field: string, error: string) => json<Result>({ ok: false, field, error }, { status: 400 })
  const checked = checkForm(RetentionForm, await readForm(request))
  if (!checked.ok) {
    const [field, error] = Object.entries(checked.fieldErrors)[0] ?? ['form', checked.message]
    return fail(field === 'intent' || field === 'count' ? 'form' : field, error)
  }
  const f = checked.data
  if (f.intent === 'years') {
    await setRetentionYears(f.years, user)
    return json<Result>({ ok: true, message: `Срок хранения: ${retentionYears(f.years)}.` })
  }
  const { timeZone } = await getSchool(user.schoolId)
  const report = await purgeExpired({
    schoolId: user.schoolId,
    user,
    now: new Date(),
    timeZone,
    expectedCount: f.count,
    journals: f.journals,
  })
  if ('changed' in report) return fail('form', 'Список изменился с момента просмотра — проверьте его ещё раз. Ничего не удалено.')
  const j = report.journals
  const journals = j
    ? ` Удалены журналы за ${j.years.join(', ')} ${j.years.length === 1 ? 'учебный год' : 'учебные годы'}: ` +
      `${count(j.lessons, 'урок', 'урока', 'уроков')}, отметок: ${j.marks}, отметок о посещаемости: ${j.attendance}, ` +
      `строк расписания: ${j.timetable}, планируемых часов: ${j.plannedHours}.` +
      (j.unfinished.length
        ? ` Не удалены до конца (повторите удаление позже): ${j.unfinished.join(', ')}.` +
          // The confirmation counted their years' events as going: they stay until the year's journal is gone.
          ` События школы за ${j.unfinishedYears.join(', ')} ${j.unfinishedYears.length === 1 ? 'учебный год' : 'учебные годы'} ` +
          'сохранены и будут удалены вместе с журналом.'
        : '')
    : ''
  const events = report.schoolEvents ? ` Удалено событий школы тех лет: ${report.schoolEvents}.` : ''
  return json<Result>({
    ok: true,
    message:
      `Обезличено заявлений: ${report.applications.length}; удалено документов: ${report.documents}, файлов ` +
      `заявителей: ${report.uploads} (${count(report.files, 'файл', 'файла', 'файлов')} на диске).${journals}${events}`,
  })
}

export default function Retention() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const err = (field: string) => (result && !result.ok && result.field === field ? result.error : null)
  return (
    <>
      <h1>Сроки хранения</h1>
      <p>{retentionStatement(d.cutoff)}</p>
      {result?.ok ? (
        <p className="success" role="status">
          {result.message}
        </p>
      ) : null}
      {err('form') ? (
        <p className="alert" role="alert">
          {err('form')}
        </p>
      ) : null}

      <Form method="post" className="card journal-filter" noValidate>
        <input type="hidden" name="intent" value="years" />
        <div>
          <label htmlFor="years">Срок хранения, лет</label>
          <input
            type="number"
            id="years"
            name="years"
            min={1}
            max={75}
            defaultValue={d.years}
            aria-invalid={err('years') ? true : undefined}
            aria-describedby={err('years') ? 'years-error' : undefined}
          />
          {err('years') ? (
            <p className="field-error" id="years-error">
              {err('years')}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" className="secondary">
            Сохранить
          </button>
        </div>
      </Form>

      <h2 id="apps-h">{headingCount('Заявления с истёкшим сроком хранения', d.applicationCount)}</h2>
      {d.applications.length === 0 ? (
        <p className="muted">Заявлений с истёкшим сроком хранения нет.</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="apps-h">
          <table aria-labelledby="apps-h">
            <thead>
              <tr>
                <th scope="col">Заявление</th>
                <th scope="col">Класс</th>
                <th scope="col">Итог</th>
                <th scope="col">Поступило</th>
                <th scope="col">Завершено</th>
                <th scope="col">Документов</th>
                <th scope="col">Файлов заявителя</th>
              </tr>
            </thead>
            <tbody>
              {d.applications.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.number}</th>
                  <td>{a.className}</td>
                  <td>{a.status}</td>
                  <td>{a.receivedAt}</td>
                  <td>{a.closedAt}</td>
                  <td>{a.documents}</td>
                  <td>{a.uploads}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextPage={d.nextPage} firstPage={d.firstPage} size={LIST_PAGE_SIZE} />
      {d.strayCount > 0 ? (
        <>
          <h2 id="stray-h">
            Файлы без заявления: {d.strayCount}
            {d.strayCount > d.strayUploads.length + d.strayDocuments.length ? ' (показаны самые старые)' : ''}
          </h2>
          <ul aria-labelledby="stray-h">
            {d.strayUploads.map((u) => (
              <li key={u.id}>
                файл заявителя «{u.name}», {u.at}
              </li>
            ))}
            {d.strayDocuments.map((x) => (
              <li key={x.id}>
                документ «{x.name}», {x.at}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2 id="journals-h">Журналы успеваемости старше 5 лет</h2>
      <p>
        Положение, п. 6.5: журналы хранятся 5 лет со дня окончания учебного года; удаляются журналы лет, закончившихся раньше{' '}
        {d.journalCutoff}: уроки, темы и домашние задания, отметки, посещаемость, комментарии, расписание и планирование. Сводные ведомости
        в архиве (75 лет), итоговые отметки, классы и списки обучающихся сохраняются.
      </p>
      {d.journals.length === 0 ? (
        <p className="muted">Журналов с истёкшим сроком хранения нет.</p>
      ) : (
        <ul aria-labelledby="journals-h">
          {d.journals.map((j) => (
            <li key={j.year}>
              {j.year} (окончен {j.endsOn}){j.classes.length ? `: ${j.classes.join('; ')}` : ''}
              {j.held.length
                ? `. Не удаляются, пока сводная ведомость не передана в архив (Отчёты → Сводная ведомость): ${j.held.join(', ')}`
                : ''}
            </li>
          ))}
        </ul>
      )}

      <p>
        События школы (календарь, Положение п. 3.6) хранятся, как журнал их учебного года, и удаляются вместе с ним:{' '}
        {d.schoolEvents ? `к удалению — ${d.schoolEvents}.` : 'событий с истёкшим сроком хранения нет.'}
      </p>

      {d.total > 0 || d.schoolEvents > 0 ? (
        <Form method="post" className="card" noValidate>
          <input type="hidden" name="intent" value="purge" />
          <input type="hidden" name="count" value={d.total} />
          <input type="hidden" name="journals" value={d.journalKeys} />
          <p>
            <strong>Перед обезличиванием передайте нужные сведения в архив и сделайте резервную копию (npm run backup).</strong>
          </p>
          <div className="choice">
            <input
              type="checkbox"
              id="confirm"
              name="confirm"
              value="yes"
              aria-invalid={err('confirm') ? true : undefined}
              aria-describedby={err('confirm') ? 'confirm-error' : undefined}
            />
            <label htmlFor="confirm">{retentionConfirmLabel(d.total, d.schoolEvents)}</label>
          </div>
          {err('confirm') ? (
            <p className="field-error" id="confirm-error">
              {err('confirm')}
            </p>
          ) : null}
          <p>
            <button type="submit" disabled={busy}>
              Обезличить
            </button>
          </p>
        </Form>
      ) : null}

      <h2 id="runs-h">Отчёты об удалении{d.runs.length === LIST_PAGE_SIZE ? ` (последние ${LIST_PAGE_SIZE})` : ''}</h2>
      {d.runs.length === 0 ? (
        <p className="muted">Обезличивание не проводилось.</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="runs-h">
          <table aria-labelledby="runs-h">
            <thead>
              <tr>
                <th scope="col">Когда</th>
                <th scope="col">Кто</th>
                <th scope="col">Срок, граница</th>
                <th scope="col">Заявлений</th>
                <th scope="col">Документов</th>
                <th scope="col">Файлов заявителей</th>
                <th scope="col">Удалено с диска</th>
                <th scope="col">Журналы</th>
                <th scope="col">События школы</th>
              </tr>
            </thead>
            <tbody>
              {d.runs.map((r) => (
                <tr key={r.at}>
                  <th scope="row">{r.at}</th>
                  <td>{r.by}</td>
                  <td>
                    {retentionYears(r.years)}, до {r.cutoff}
                  </td>
                  <td>
                    {r.applications.length
                      ? r.applications.map((a) => (a.registrationNumber ? `№ ${a.registrationNumber}` : a.receiptNumber)).join(', ')
                      : 0}
                  </td>
                  <td>{r.documents}</td>
                  <td>{r.uploads}</td>
                  <td>
                    {r.files} ({Math.round(r.bytes / 1024)} КБ){r.missingFiles ? `, не найдено ${r.missingFiles}` : ''}
                  </td>
                  <td>{runJournalsText(r)}</td>
                  <td>{r.schoolEvents}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
