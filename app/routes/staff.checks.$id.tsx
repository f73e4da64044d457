import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { invariantResponse } from '#app/utils/request.server'
import { getSchool } from '#app/models/school.server'
import { recordAudit } from '#app/models/audit.server'
import { addFinding, checkView, closeCheck, getCheck, refreshCheck } from '#app/models/control-checks.server'
import { readForm } from '#app/utils/body.server'
import { cleanMultiline } from '#app/utils/text'
import { checkForm, formValues, text } from '#app/utils/form-schema'
import { z } from '#workflows/zod'
import { headingCount } from '#workflows/list-words'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Проверка № ${data?.check.number ?? ''} — контроль` }]

const PERMISSION = 'decide:application:any'
const MAX_TEXT = 2000

async function load(request: Request, id: string | undefined) {
  const user = await requireUserWithPermission(request, PERMISSION)
  const check = await getCheck(user.schoolId, id ?? '')
  invariantResponse(check, 'Проверка не найдена')
  const { timeZone } = await getSchool(user.schoolId)
  return { user, check, timeZone }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { check, timeZone } = await load(request, params.id)
  return json({ check: await checkView(check, timeZone) })
}

const note = (empty: string) =>
  text()
    .transform((s) => cleanMultiline(s).trim())
    .pipe(z.string().min(1, empty).max(MAX_TEXT, `Не длиннее ${MAX_TEXT} символов`))
const CheckForm = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('refresh') }),
    z.object({ intent: z.literal('finding'), text: note('Напишите замечание') }),
    z.object({ intent: z.literal('close'), text: note('Сформулируйте выводы проверки') }),
  ],
  { message: 'Неизвестное действие' },
)

/** The form a text's message belongs under (the finding's or the conclusions'). */
const IntentOnly = z.object({ intent: text() })

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, check, timeZone } = await load(request, params.id)
  const form = await readForm(request)
  if (check.closedAt) return json({ error: 'Проверка завершена: изменить её нельзя.', field: 'form' }, { status: 400 })
  const checked = checkForm(CheckForm, form)
  // A text's message is shown under its own form (the finding's or the conclusions'), anything else above both.
  if (!checked.ok)
    return json(
      { error: checked.message, field: checked.fieldErrors.text ? IntentOnly.parse(formValues(form)).intent : 'form' },
      { status: 400 },
    )
  const f = checked.data
  if (f.intent === 'refresh') {
    await refreshCheck(check, new Date(), timeZone)
    return json({ ok: 'Отклонения найдены заново по текущим данным.' })
  }
  if (f.intent === 'finding') {
    await addFinding(check, user, f.text, new Date())
    return json({ ok: 'Замечание добавлено.' })
  }
  await closeCheck(check, f.text, new Date())
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'control:close-check', entity: 'ControlCheck', entityId: check.id })
  return json({ ok: 'Проверка завершена. Справку можно скачать.' })
}

function TextForm({ intent, label, button, error }: { intent: string; label: string; button: string; error?: string }) {
  const busy = useNavigation().state === 'submitting'
  return (
    <Form method="post" className="card no-print" noValidate>
      <input type="hidden" name="intent" value={intent} />
      <label htmlFor={`${intent}-text`}>{label}</label>
      <textarea
        id={`${intent}-text`}
        name="text"
        rows={3}
        maxLength={MAX_TEXT}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${intent}-error` : undefined}
      />
      {error ? (
        <p className="field-error" id={`${intent}-error`} role="alert">
          {error}
        </p>
      ) : null}
      <p>
        <button type="submit" disabled={busy}>
          {button}
        </button>
      </p>
    </Form>
  )
}

export default function CheckPage() {
  const { check: c } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const error = result && 'error' in result ? result : null
  return (
    <>
      <p className="no-print">
        <Link to="/staff/checks">← Все проверки</Link>
      </p>
      <h1>
        Проверка № {c.number} ({c.kind})
      </h1>
      {result && 'ok' in result ? (
        <p className="success" role="status">
          {result.ok}
        </p>
      ) : null}
      {error?.field === 'form' ? (
        <p className="alert" role="alert">
          {error.error}
        </p>
      ) : null}
      <dl className="props card">
        <dt>Основание</dt>
        <dd>{c.basis}</dd>
        <dt>Заявления</dt>
        <dd>
          поступившие с {c.from} по {c.to}: {c.applications}
        </dd>
        <dt>В отношении</dt>
        <dd>{c.employee}</dd>
        <dt>Начата</dt>
        <dd>
          {c.startedAt}, {c.startedBy}
        </dd>
        <dt>Данные на</dt>
        <dd>{c.refreshedAt}</dd>
        <dt>Состояние</dt>
        <dd>{c.closedAt ? `завершена ${c.closedAt}` : 'идёт'}</dd>
      </dl>
      <p className="no-print">
        <a className="button" href={`/staff/checks/${c.id}/docx`} download>
          Справка по проверке (Word)
        </a>
      </p>

      <h2 id="dev-h">{headingCount('Отклонения', c.deviations.length)}</h2>
      {c.deviations.length === 0 ? (
        <p className="success">Отклонений от Порядка не найдено.</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="dev-h">
          <table aria-labelledby="dev-h">
            <thead>
              <tr>
                <th scope="col">№</th>
                <th scope="col">Отклонение</th>
                <th scope="col">Заявление</th>
                <th scope="col">Сведения</th>
                <th scope="col">Работник</th>
              </tr>
            </thead>
            <tbody>
              {c.deviations.map((d, i) => (
                <tr key={d.key}>
                  <th scope="row">{i + 1}</th>
                  <td>{d.label}</td>
                  <td>
                    {d.applicationId ? <Link to={`/staff/applications/${d.applicationId}`}>{d.application || 'заявление'}</Link> : '—'}
                  </td>
                  <td>{d.text}</td>
                  <td>{d.employees || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!c.closedAt ? (
        <Form method="post" className="no-print">
          <button type="submit" name="intent" value="refresh" className="secondary">
            Найти отклонения заново
          </button>
        </Form>
      ) : null}

      <h2 id="find-h">Замечания проверяющего</h2>
      {c.findings.length === 0 ? (
        <p className="muted">Замечаний нет.</p>
      ) : (
        <ol aria-labelledby="find-h">
          {c.findings.map((f) => (
            <li key={f.at + f.text}>
              <p>{f.text}</p>
              <p className="hint">
                {f.at}, {f.by}
              </p>
            </li>
          ))}
        </ol>
      )}
      {c.closedAt ? (
        <section aria-labelledby="concl-h">
          <h2 id="concl-h">Выводы</h2>
          <p>{c.conclusion}</p>
        </section>
      ) : (
        <>
          <TextForm
            intent="finding"
            label="Новое замечание"
            button="Добавить замечание"
            error={error?.field === 'finding' ? error.error : undefined}
          />
          <TextForm
            intent="close"
            label="Выводы проверки (завершают её)"
            button="Завершить проверку"
            error={error?.field === 'close' ? error.error : undefined}
          />
        </>
      )}
    </>
  )
}
