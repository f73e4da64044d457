// Compromised credentials reported by phone or in person (Регламент 3.3), the director's receipt of the report
// (Регламент 1.16: operations are invalid from that moment) and the note that the portal's technical support was told.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { OperationError } from '#app/operations/errors'
import {
  COMPROMISE_VIA_LABELS, acknowledgeCompromiseReport, listCompromiseReports, recordCompromiseReport, recordSupportNotified,
} from '#app/operations/report-compromise.server'
import { getSchool } from '#app/models/school.server'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { readForm } from '#app/utils/body.server'
import { formatDateTime, parseLocalDateTime } from '#workflows/time'

export const meta: MetaFunction = () => [{ title: 'Компрометация реквизитов доступа — рабочее место' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:school:any')
  const { timeZone } = await getSchool(user.schoolId)
  const at = (d: Date | null) => (d ? formatDateTime(d, timeZone) : null)
  const reports = (await listCompromiseReports(user.schoolId)).map((r) => ({
    id: r.id, login: r.login, name: r.name, via: COMPROMISE_VIA_LABELS[r.via] ?? r.via, reportedAt: at(r.reportedAt)!, takenBy: r.takenByName,
    directorReceivedAt: at(r.directorReceivedAt), supportNotifiedAt: at(r.supportNotifiedAt), note: r.note,
  }))
  return json({ reports, director: user.roles.includes('director') })
}

type Result = { ok: boolean; message: string; fieldErrors?: Record<string, string> }

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:school:any')
  const { timeZone } = await getSchool(user.schoolId)
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')
  const moment = (name: string): Date | null | 'bad' => {
    const raw = String(form.get(name) ?? '').trim()
    if (!raw) return null
    try {
      return parseLocalDateTime(raw, timeZone)
    } catch {
      return 'bad'
    }
  }
  try {
    if (intent === 'record') {
      const via = form.get('via') === 'in_person' ? 'in_person' : form.get('via') === 'phone' ? 'phone' : null
      const reportedAt = moment('reportedAt')
      const fieldErrors: Record<string, string> = {}
      if (!String(form.get('login') ?? '').trim()) fieldErrors.login = 'Укажите логин учётной записи'
      if (!via) fieldErrors.via = 'Выберите, как получено сообщение'
      if (reportedAt === 'bad') fieldErrors.reportedAt = 'Укажите дату и время в виде ДД.ММ.ГГГГ ЧЧ:ММ'
      if (Object.keys(fieldErrors).length) return json<Result>({ ok: false, message: 'Проверьте поля', fieldErrors }, { status: 400 })
      const r = await recordCompromiseReport({ staff: user, login: String(form.get('login')), via: via!, reportedAt: reportedAt as Date | null, note: String(form.get('note') ?? '') })
      return json<Result>({ ok: true, message: r.compromisedAt ? 'Сообщение записано, учётная запись заблокирована; операции с момента сообщения признаны недействительными.' : 'Сообщение записано, учётная запись заблокирована. Директор получит уведомление и отметит получение сообщения.' })
    }
    const reportId = String(form.get('reportId') ?? '')
    if (intent === 'acknowledge') {
      await acknowledgeCompromiseReport({ director: user, reportId })
      return json<Result>({ ok: true, message: 'Получение сообщения отмечено: с этого момента операции под учётной записью недействительны.' })
    }
    if (intent === 'support') {
      const at = moment('supportNotifiedAt')
      if (at === 'bad') return json<Result>({ ok: false, message: 'Проверьте поля', fieldErrors: { supportNotifiedAt: 'Укажите дату и время в виде ДД.ММ.ГГГГ ЧЧ:ММ' } }, { status: 400 })
      await recordSupportNotified({ staff: user, reportId, at })
      return json<Result>({ ok: true, message: 'Отмечено, когда сообщили в техническую поддержку.' })
    }
  } catch (error) {
    if (error instanceof OperationError) return json<Result>({ ok: false, message: error.message, fieldErrors: error.fieldErrors }, { status: error.status })
    throw error
  }
  return json<Result>({ ok: false, message: 'Неизвестное действие' }, { status: 400 })
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
        Участник образовательного процесса сообщает о нарушении конфиденциальности логина и пароля директору и в службу
        технической поддержки Школьного портала (Регламент, п. 3.3). Операции под учётной записью признаются
        недействительными с момента получения информации директором (п. 1.16): сообщение, принятое директором, — сразу;
        принятое другим сотрудником — с момента, когда директор отметит получение.
      </p>
      {result ? <p className={result.ok ? 'success' : 'alert'} role={result.ok ? 'status' : 'alert'}>{result.message}</p> : null}
      <Form method="post" className="card" aria-labelledby="record-h" noValidate>
        <h2 id="record-h">Записать сообщение, полученное по телефону или лично</h2>
        <input type="hidden" name="intent" value="record" />
        <label htmlFor="login">Логин учётной записи</label>
        <input id="login" name="login" autoComplete="off" aria-invalid={err('login') ? true : undefined} />
        {err('login') ? <p className="field-error">{err('login')}</p> : null}
        <fieldset>
          <legend>Как получено сообщение</legend>
          <div className="choice"><input type="radio" id="via-phone" name="via" value="phone" /><label htmlFor="via-phone">по телефону</label></div>
          <div className="choice"><input type="radio" id="via-in-person" name="via" value="in_person" /><label htmlFor="via-in-person">лично</label></div>
          {err('via') ? <p className="field-error">{err('via')}</p> : null}
        </fieldset>
        <label htmlFor="reportedAt">Когда получено сообщение <span className="muted">(пусто — сейчас)</span></label>
        <input id="reportedAt" name="reportedAt" type="datetime-local" aria-invalid={err('reportedAt') ? true : undefined} />
        {err('reportedAt') ? <p className="field-error">{err('reportedAt')}</p> : null}
        <label htmlFor="note">Примечание</label>
        <input id="note" name="note" maxLength={500} />
        <p><button type="submit" disabled={busy}>Записать и заблокировать</button></p>
      </Form>
      <h2 id="list-h">Сообщения</h2>
      {reports.length === 0 ? <p className="muted">Сообщений не было.</p> : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="list-h">
          <table>
            <thead><tr><th scope="col">Учётная запись</th><th scope="col">Сообщение</th><th scope="col">Получено директором (п. 1.16)</th><th scope="col">Техподдержка портала (п. 3.3)</th></tr></thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.name} ({r.login})</th>
                  <td>{r.reportedAt}, {r.via}{r.takenBy ? `; принял(а) ${r.takenBy}` : ''}{r.note ? `; ${r.note}` : ''}</td>
                  <td>{r.directorReceivedAt ?? (director ? (
                    <Form method="post"><input type="hidden" name="intent" value="acknowledge" /><input type="hidden" name="reportId" value={r.id} /><button type="submit" disabled={busy}>Отметить получение</button></Form>
                  ) : 'ожидает директора')}</td>
                  <td>{r.supportNotifiedAt ?? (
                    <Form method="post" aria-label={`Техподдержка уведомлена: ${r.login}`}>
                      <input type="hidden" name="intent" value="support" /><input type="hidden" name="reportId" value={r.id} />
                      <label htmlFor={`support-${r.id}`} className="visually-hidden">Когда сообщили в техподдержку</label>
                      <input id={`support-${r.id}`} name="supportNotifiedAt" type="datetime-local" />{' '}
                      <button type="submit" className="secondary" disabled={busy}>Сообщили в техподдержку</button>
                    </Form>
                  )}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
