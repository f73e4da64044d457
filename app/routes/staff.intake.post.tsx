// Приём заявления, пришедшего по почте: the receipt date as stamped on arrival (Порядок 3.1.1: registration
// not later than 1 working day after it) and the scan of the letter (PDF/JPEG/PNG up to 10 MB).
import { randomUUID } from 'node:crypto'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import type { ShouldRevalidateFunction } from '@remix-run/react'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { requireIntakeUser } from '#app/models/intake.server'
import { getSchool } from '#app/models/school.server'
import { intake } from '#app/operations/intake-flow.server'
import { UploadError, parseUploadForm } from '#app/utils/uploads.server'
import { BrokenFormError } from '#app/utils/body.server'
import { ApplicationFields, EMPTY_VALUES, FIELD_LABELS, formToValues, type IntakeValues } from '#app/components/staff/application-fields'
import { ErrorSummary, FieldError, errorProps } from '#app/components/staff/error-summary'
import { IntakeDone } from '#app/components/staff/intake-done'
import { JournalSearch, valuesFromChoice } from '#app/components/staff/journal-search'
import { isLocalDay, localDateOf, parseLocalDateTime } from '#workflows/time'
import { checkbox, checkForm, choice, file, text } from '#app/utils/form-schema'
import { z } from '#workflows/zod'

export const meta: MetaFunction = () => [{ title: 'Приём заявления по почте — рабочее место' }]

export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod === 'POST' ? false : defaultShouldRevalidate

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireIntakeUser(request)
  const school = await getSchool(user.schoolId)
  return json({ today: localDateOf(new Date(), school.timeZone), key: randomUUID() }, { headers: { 'Cache-Control': 'no-store' } })
}

/** The stamp's day: today → now; an earlier day → that day's start in school time. */
function receivedAtOf(day: string, now: Date, timeZone: string): Date | string {
  if (!isLocalDay(day)) return 'Укажите дату поступления по штампу'
  const today = localDateOf(now, timeZone)
  if (day > today) return 'Дата поступления не может быть в будущем'
  return day === today ? now : parseLocalDateTime(`${day}T00:00`, timeZone)
}

/** The intake's own fields; the application's are formToValues' (checked by ApplicationSchema in the operation). */
const PostIntakeForm = (now: Date, timeZone: string) =>
  z.object({
    intent: text()
      .transform((v) => v || 'receive')
      .pipe(choice(['receive', 'register'], 'Неизвестное действие')),
    receivedOn: text().transform((v, ctx) => {
      const at = receivedAtOf(v, now, timeZone)
      if (typeof at === 'string') {
        ctx.addIssue({ code: 'custom', message: at })
        return z.NEVER
      }
      return at
    }),
    scan: file(),
    key: text(),
    identityCopy: checkbox(),
  })

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireIntakeUser(request)
  const school = await getSchool(user.schoolId)
  const now = new Date()
  let form: FormData
  try {
    form = await parseUploadForm(request)
  } catch (error) {
    if (!(error instanceof UploadError || error instanceof BrokenFormError)) throw error
    const status = error instanceof UploadError ? 413 : 400
    return json(
      { ok: false as const, status, formError: error.message, fieldErrors: { scan: error.message }, values: EMPTY_VALUES },
      { status },
    )
  }
  const values = formToValues(form)
  const checked = checkForm(PostIntakeForm(now, school.timeZone), form)
  if (!checked.ok) {
    if (checked.fieldErrors.intent)
      return json({ ok: false as const, status: 400, formError: checked.fieldErrors.intent, fieldErrors: {}, values }, { status: 400 })
    return json(
      { ok: false as const, status: 400, formError: 'Проверьте заявление', fieldErrors: checked.fieldErrors, values },
      { status: 400 },
    )
  }
  const { intent, receivedOn: receivedAt, scan: upload, key, identityCopy } = checked.data
  const scan = upload ? { bytes: new Uint8Array(await upload.arrayBuffer()), name: upload.name } : null
  const outcome = await intake({
    user,
    channel: 'post',
    data: values,
    receivedAt,
    key,
    register: intent === 'register',
    identityCopy,
    scan,
    timeZone: school.timeZone,
    now,
  })
  return json({ ...outcome, values }, { status: outcome.ok ? 200 : outcome.status })
}

export default function PostIntake() {
  const { today, key } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  // Whichever came last fills the form: a failed submission's values, or a family chosen after it (issue 19, item 2).
  const [choice, setChoice] = useState<{ values: IntakeValues; n: number; after: unknown }>({
    values: { ...EMPTY_VALUES, delivery: 'post' },
    n: 0,
    after: undefined,
  })
  if (result?.ok) return <IntakeDone done={result} again="/staff/intake/post" />
  const failed = result && !result.ok && choice.after !== result ? result : null
  const values = failed ? (failed.values as IntakeValues) : choice.values
  const errors = failed ? failed.fieldErrors : {}
  return (
    <>
      <h1>Приём заявления по почте</h1>
      <p>
        <Link to="/staff/intake">Заявитель пришёл лично</Link>
      </p>
      <JournalSearch
        onChoose={(m, g) => setChoice((c) => ({ values: { ...valuesFromChoice(m, g), delivery: 'post' }, n: c.n + 1, after: result }))}
      />
      <Form method="post" encType="multipart/form-data" noValidate className="intake-form" aria-label="Заявление">
        <ErrorSummary formError={failed ? failed.formError : null} fieldErrors={errors} labels={FIELD_LABELS} />
        <input type="hidden" name="key" value={key} />
        <fieldset className="wide">
          <legend>Поступление</legend>
          <label htmlFor="receivedOn">Дата поступления (по штампу)</label>
          <input type="date" name="receivedOn" defaultValue={today} max={today} required {...errorProps('receivedOn', errors)} />
          <FieldError name="receivedOn" errors={errors} />
          <label htmlFor="scan">Скан заявления и копий документов (PDF, JPEG или PNG, до 10 МБ)</label>
          <input type="file" name="scan" accept="application/pdf,image/jpeg,image/png" {...errorProps('scan', errors)} />
          <FieldError name="scan" errors={errors} />
          <div className="choice" id="identityCopy">
            <input type="checkbox" id="identityCopy-box" name="identityCopy" />
            <label htmlFor="identityCopy-box">в письме есть копия документа, удостоверяющего личность (Порядок, п. 2.7, 3.2)</label>
          </div>
          <FieldError name="identityCopy" errors={errors} />
        </fieldset>
        <div key={choice.n}>
          <ApplicationFields values={values} errors={errors} />
        </div>
        <p className="buttons">
          <button type="submit" name="intent" value="receive" className="secondary" disabled={busy}>
            Принять без регистрации
          </button>{' '}
          <button type="submit" name="intent" value="register" disabled={busy}>
            {busy ? 'Регистрация…' : 'Зарегистрировать'}
          </button>
        </p>
      </Form>
    </>
  )
}
