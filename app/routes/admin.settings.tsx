// «Настройки школы»: the thresholds of the forecast of the period mark and the «скоро срок» warning, each school its own.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { DueSoonForm, getSchoolSettings, saveDueSoon, saveThresholds, ThresholdsForm } from '#app/models/school-settings.server'
import { readForm } from '#app/utils/body.server'
import { checkForm, formValues, text } from '#app/utils/form-schema'
import { z } from '#workflows/zod'
import { errorProps, FieldError } from '#app/components/staff/error-summary'

export const meta: MetaFunction = () => [{ title: 'Настройки школы' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:school:any')
  return json(await getSchoolSettings(user.schoolId))
}

type Result = {
  form: 'thresholds' | 'due-soon'
  ok: boolean
  message: string
  fields?: Record<string, string>
  fieldErrors?: Record<string, string>
}

/** Every field as typed, to show the form again after a refusal. */
const TypedFields = z.record(z.string(), text())

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:school:any')
  const form = await readForm(request)
  const fields = TypedFields.parse(formValues(form))
  if (fields.intent === 'due-soon') {
    const parsed = checkForm(DueSoonForm, form)
    if (!parsed.ok) return json<Result>({ form: 'due-soon', ok: false, message: parsed.message, fields }, { status: 400 })
    await saveDueSoon(user, parsed.data.days)
    return json<Result>({ form: 'due-soon', ok: true, message: `Сохранено: предупреждать за ${parsed.data.days} раб. дн.` })
  }
  const parsed = checkForm(ThresholdsForm, form)
  if (!parsed.ok)
    return json<Result>(
      { form: 'thresholds', ok: false, message: parsed.message, fields, fieldErrors: parsed.fieldErrors },
      { status: 400 },
    )
  await saveThresholds(user, parsed.data)
  return json<Result>({ form: 'thresholds', ok: true, message: 'Пороги прогноза сохранены' })
}

const ru = (n: number) => String(n).replace('.', ',')

export default function SchoolSettings() {
  const { thresholds, thresholdsError, dueSoon } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const shown = (name: string, value: string) => (result && !result.ok && result.fields ? (result.fields[name] ?? value) : value)
  const message = (form: Result['form']) =>
    result?.form === form ? (
      <p className={result.ok ? 'success' : 'alert'} role={result.ok ? 'status' : 'alert'} id={`${form}-message`}>
        {result.message}
      </p>
    ) : null
  const invalid = (form: Result['form']) =>
    result?.form === form && !result.ok ? { 'aria-invalid': true, 'aria-describedby': `${form}-message` } : {}
  return (
    <>
      <p>
        <Link to="/admin">← Администрирование</Link>
      </p>
      <h1>Настройки школы</h1>
      <Form method="post" className="card" aria-labelledby="thresholds-title">
        <h2 id="thresholds-title">Прогноз итоговой отметки</h2>
        <p>
          Средневзвешенная отметка за период от порога и выше даёт прогноз «5», «4» или «3», ниже порога для «3» — «2» (Положение, п. 9.2).
          Дробную часть можно писать через запятую.
        </p>
        {thresholdsError ? <p className="alert">{thresholdsError}</p> : null}
        {message('thresholds')}
        <input type="hidden" name="intent" value="thresholds" />
        {(['five', 'four', 'three'] as const).map((k) => (
          <div key={`${k}-${thresholds[k]}`}>
            <label htmlFor={`t-${k}`}>Порог для «{k === 'five' ? 5 : k === 'four' ? 4 : 3}»</label>
            {/* Each threshold its own message under it: «4» typed wrong does not mark «5» and «3» as wrong. */}
            <input
              name={k}
              inputMode="decimal"
              defaultValue={shown(k, ru(thresholds[k]))}
              {...errorProps(k, result?.form === 'thresholds' ? result.fieldErrors : undefined, 't-')}
            />
            <FieldError name={k} errors={result?.form === 'thresholds' ? result.fieldErrors : undefined} prefix="t-" />
          </div>
        ))}
        <p>
          <button type="submit" disabled={busy}>
            Сохранить пороги
          </button>
        </p>
      </Form>
      <Form method="post" className="card" aria-labelledby="due-title">
        <h2 id="due-title">Предупреждение о сроках</h2>
        <p>
          За сколько рабочих дней до истечения срока рассмотрения или предоставления информации заявление отмечается «срок истекает» и
          ответственный работник получает напоминание (0–10).
        </p>
        {message('due-soon')}
        <input type="hidden" name="intent" value="due-soon" />
        <label htmlFor="due-days">Рабочих дней</label>
        <input
          id="due-days"
          name="days"
          inputMode="numeric"
          defaultValue={shown('days', String(dueSoon))}
          key={dueSoon}
          {...invalid('due-soon')}
        />
        <p>
          <button type="submit" disabled={busy}>
            Сохранить
          </button>
        </p>
      </Form>
    </>
  )
}
