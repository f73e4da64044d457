// Compromised credentials reported by phone or in person (Регламент 3.3), the director's receipt of the report
// (Регламент 1.16: operations are invalid from that moment) and the note that the portal's technical support was told.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { OperationError } from '#app/operations/errors'
import {
  COMPROMISE_VIA_LABELS,
  acknowledgeCompromiseReport,
  listCompromiseReports,
  recordCompromiseReport,
  recordSupportNotified,
} from '#app/operations/report-compromise.server'
import { getSchool } from '#app/models/school.server'
import { errorProps, FieldError } from '#app/components/staff/error-summary'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { readForm } from '#app/utils/body.server'
import { checkForm, choice, text } from '#app/utils/form-schema'
import { z } from '#workflows/zod'
import { formatDateTime, parseLocalDateTime } from '#workflows/time'

export const meta: MetaFunction = () => [{ title: 'Компрометация реквизитов доступа — рабочее место' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:school:any')
  const { timeZone } = await getSchool(user.schoolId)
  const at = (d: Date | null) => (d ? formatDateTime(d, timeZone) : null)
  const reports = (await listCompromiseReports(user.schoolId)).map((r) => ({
    id: r.id,
    login: r.login,
    name: r.name,
    via: COMPROMISE_VIA_LABELS[r.via] ?? r.via,
    reportedAt: at(r.reportedAt)!,
    takenBy: r.takenByName,
    directorReceivedAt: at(r.directorReceivedAt),
    supportNotifiedAt: at(r.supportNotifiedAt),
    note: r.note,
  }))
  return json({ reports, director: user.roles.includes('director') })
}

type Result = { ok: boolean; message: string; fieldErrors?: Record<string, string> }

const MOMENT = 'Укажите дату и время в виде ДД.ММ.ГГГГ ЧЧ:ММ'

/** The page's three forms; a moment left empty is null (not known), one that does not read as a date is refused. */
function compromiseForm(timeZone: string) {
  const moment = text().transform((raw, ctx) => {
    if (!raw) return null
    try {
      return parseLocalDateTime(raw, timeZone)
    } catch {
      ctx.addIssue({ code: 'custom', message: MOMENT })
      return z.NEVER
    }
  })
  return z.discriminatedUnion(
    'intent',
    [
      z.object({
        intent: z.literal('record'),
        login: text().pipe(z.string().min(1, 'Укажите логин учётной записи')),
        via: choice(['phone', 'in_person'], 'Выберите, как получено сообщение'),
        reportedAt: moment,
        note: text(),
      }),
      z.object({ intent: z.literal('acknowledge'), reportId: text() }),
      z.object({ intent: z.literal('support'), reportId: text(), supportNotifiedAt: moment }),
    ],
    { message: 'Неизвестное действие' },
  )
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:school:any')
  const { timeZone } = await getSchool(user.schoolId)
  const checked = checkForm(compromiseForm(timeZone), await readForm(request))
  if (!checked.ok) {
    if (checked.fieldErrors.intent) return json<Result>({ ok: false, message: checked.message }, { status: 400 })
    return json<Result>({ ok: false, message: 'Проверьте поля', fieldErrors: checked.fieldErrors }, { status: 400 })
  }
  const f = checked.data
  try {
    if (f.intent === 'record') {
      const r = await recordCompromiseReport({ staff: user, login: f.login, via: f.via, reportedAt: f.reportedAt, note: f.note })
      if (!r.lockedAt)
        return json<Result>({
          ok: true,
          message:
            'Сообщение записано. Учётную запись директора или администратора ЭЖ заблокирует отметка директора о получении ' +
            'сообщения: директор получит уведомление.',
        })
      return json<Result>({
        ok: true,
        message: r.compromisedAt
          ? 'Сообщение записано, учётная запись заблокирована; операции с момента сообщения признаны недействительными.'
          : 'Сообщение записано, учётная запись заблокирована. Директор получит уведомление и отметит получение сообщения.',
      })
    }
    if (f.intent === 'acknowledge') {
      const ack = await acknowledgeCompromiseReport({ director: user, reportId: f.reportId })
      return json<Result>({
        ok: true,
        message:
          'Получение сообщения отмечено: с этого момента операции под учётной записью недействительны.' +
          (ack.locked
            ? ' Учётная запись заблокирована: новые реквизиты выдаёт администратор ЭЖ — для учётной записи директора с ' +
              'подтверждения администратора органа управления образованием или на сервере: npm run confirm-access -- --reset ' +
              '<логин> (если заблокирован единственный администратор ЭЖ — npm run create-admin -- --login <логин> --reset).'
            : ''),
      })
    }
    await recordSupportNotified({ staff: user, reportId: f.reportId, at: f.supportNotifiedAt })
    return json<Result>({ ok: true, message: 'Отмечено, когда сообщили в техническую поддержку.' })
  } catch (error) {
    if (error instanceof OperationError)
      return json<Result>({ ok: false, message: error.message, fieldErrors: error.fieldErrors }, { status: error.status })
    throw error
  }
}

export default function CompromiseReports() {
  const { reports, director } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const err = (name: string) => result?.fieldErrors?.[name]
  return (
    <>
      <h1>Компрометация реквизитов доступа</h1>
      <p>
        Участник образовательного процесса сообщает о нарушении конфиденциальности логина и пароля директору и в службу технической
        поддержки Школьного портала (Регламент, п. 3.3). Операции под учётной записью признаются недействительными с момента получения
        информации директором (п. 1.16): сообщение, принятое директором, — сразу; принятое другим сотрудником — с момента, когда директор
        отметит получение.
      </p>
      {result ? (
        <p className={result.ok ? 'success' : 'alert'} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      ) : null}
      <Form method="post" className="card" aria-labelledby="record-h" noValidate>
        <h2 id="record-h">Записать сообщение, полученное по телефону или лично</h2>
        <input type="hidden" name="intent" value="record" />
        <label htmlFor="login">Логин учётной записи</label>
        <input name="login" autoComplete="off" {...errorProps('login', result?.fieldErrors)} />
        <FieldError name="login" errors={result?.fieldErrors} />
        <fieldset aria-describedby={err('via') ? 'via-error' : undefined}>
          <legend>Как получено сообщение</legend>
          <div className="choice">
            <input type="radio" id="via-phone" name="via" value="phone" />
            <label htmlFor="via-phone">по телефону</label>
          </div>
          <div className="choice">
            <input type="radio" id="via-in-person" name="via" value="in_person" />
            <label htmlFor="via-in-person">лично</label>
          </div>
          <FieldError name="via" errors={result?.fieldErrors} />
        </fieldset>
        <label htmlFor="reportedAt">
          Когда получено сообщение <span className="muted">(пусто — сейчас)</span>
        </label>
        <input name="reportedAt" type="datetime-local" {...errorProps('reportedAt', result?.fieldErrors)} />
        <FieldError name="reportedAt" errors={result?.fieldErrors} />
        <label htmlFor="note">Примечание</label>
        <input id="note" name="note" maxLength={500} />
        <p>
          <button type="submit" disabled={busy}>
            Записать и заблокировать
          </button>
        </p>
      </Form>
      <h2 id="list-h">Сообщения</h2>
      {reports.length === 0 ? (
        <p className="muted">Сообщений не было.</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="list-h">
          <table>
            <thead>
              <tr>
                <th scope="col">Учётная запись</th>
                <th scope="col">Сообщение</th>
                <th scope="col">Получено директором (п. 1.16)</th>
                <th scope="col">Техподдержка портала (п. 3.3)</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    {r.name} ({r.login})
                  </th>
                  <td>
                    {r.reportedAt}, {r.via}
                    {r.takenBy ? `; принял(а) ${r.takenBy}` : ''}
                    {r.note ? `; ${r.note}` : ''}
                  </td>
                  <td>
                    {r.directorReceivedAt ??
                      (director ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="acknowledge" />
                          <input type="hidden" name="reportId" value={r.id} />
                          <button type="submit" disabled={busy}>
                            Отметить получение
                          </button>
                        </Form>
                      ) : (
                        'ожидает директора'
                      ))}
                  </td>
                  <td>
                    {r.supportNotifiedAt ?? (
                      <Form method="post" aria-label={`Техподдержка уведомлена: ${r.login}`}>
                        <input type="hidden" name="intent" value="support" />
                        <input type="hidden" name="reportId" value={r.id} />
                        <label htmlFor={`support-${r.id}`} className="visually-hidden">
                          Когда сообщили в техподдержку
                        </label>
                        <input id={`support-${r.id}`} name="supportNotifiedAt" type="datetime-local" />{' '}
                        <button type="submit" className="secondary" disabled={busy}>
                          Сообщили в техподдержку
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
