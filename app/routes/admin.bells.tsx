// «Расписание звонков» (Положение 4.1.5: the ЭЖ administrator loads the school's режим работы): the start and end of
// each lesson per shift, and which classes study in the second shift. The e-diary and the extracts show the times.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { readForm } from '#app/utils/body.server'
import { checkForm, formValues, text } from '#app/utils/form-schema'
import { z } from '#workflows/zod'
import { getBellSettings, saveSecondShift, saveShiftBells } from '#app/models/bells.server'
import { MAX_PERIODS, SHIFT_LABELS, ShiftForm, parseBellForm, parseSecondShift, type Shift } from '#workflows/bells'

export const meta: MetaFunction = () => [{ title: 'Расписание звонков' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:school:any')
  return json(await getBellSettings(user.schoolId))
}

type Result = { form: string; ok: boolean; message: string; fields?: Record<string, string>; confirmClear?: boolean }

/** Every field as typed, to show the form again after a refusal. */
const TypedFields = z.record(z.string(), text())
/** A shift's bells, one start and end per lesson (workflows/bells.ts checks them). */
const BellsForm = TypedFields.transform((fields, ctx) => {
  const parsed = parseBellForm(fields)
  if (parsed.ok) return parsed.bells
  ctx.addIssue({ code: 'custom', message: parsed.message })
  return z.NEVER
})
/** The second shift's classes, checked against the school's classes of the current year. */
const SecondShiftForm = (classNames: readonly string[]) =>
  z.object({
    classes: text().transform((value, ctx) => {
      const parsed = parseSecondShift(value, classNames)
      if (parsed.ok) return parsed.names
      ctx.addIssue({ code: 'custom', message: parsed.message })
      return z.NEVER
    }),
  })

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:school:any')
  const form = await readForm(request)
  const fields = TypedFields.parse(formValues(form))
  if (fields.intent === 'second-shift') {
    const { classNames } = await getBellSettings(user.schoolId)
    const checked = checkForm(SecondShiftForm(classNames), form)
    if (!checked.ok) return json<Result>({ form: 'second-shift', ok: false, message: checked.message, fields }, { status: 400 })
    const names = checked.data.classes
    await saveSecondShift(user, names)
    return json<Result>({
      form: 'second-shift',
      ok: true,
      message: names.length ? `Во второй смене: ${names.join(', ')}` : 'Все классы учатся в первую смену',
    })
  }
  const shift = checkForm(ShiftForm, form)
  if (!shift.ok) return json<Result>({ form: 'bells', ok: false, message: shift.message }, { status: 400 })
  const key = `shift-${shift.data.shift}`
  const bells = checkForm(BellsForm, form)
  if (!bells.ok) return json<Result>({ form: key, ok: false, message: bells.message, fields }, { status: 400 })
  const saved = await saveShiftBells(user, shift.data.shift as Shift, bells.data, fields.confirmClear === 'yes')
  if (!saved.ok) return json<Result>({ form: key, ok: false, message: saved.message, fields, confirmClear: true }, { status: 400 })
  return json<Result>({
    form: key,
    ok: true,
    message:
      bells.data.length > 0
        ? `${SHIFT_LABELS[shift.data.shift as Shift]}: расписание звонков сохранено (уроков: ${bells.data.length})`
        : `${SHIFT_LABELS[shift.data.shift as Shift]}: расписание звонков удалено`,
  })
}

export default function Bells() {
  const { shifts, secondShift } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const message = (form: string) =>
    result?.form === form ? (
      <p className={result.ok ? 'success' : 'alert'} role={result.ok ? 'status' : 'alert'} id={`${form}-message`}>
        {result.message}
      </p>
    ) : null
  return (
    <>
      <p>
        <Link to="/admin">← Администрирование</Link>
      </p>
      <h1>Расписание звонков</h1>
      <p>
        Время начала и окончания уроков показывается в электронном дневнике и в выписках («1 урок, 08:30–09:15»). Пустые строки — уроков с
        такими номерами нет.
      </p>
      {shifts.map(({ shift, bells }) => {
        const key = `shift-${shift}`
        const failed = result?.form === key && !result.ok ? result.fields : undefined
        const value = (name: 'start' | 'end', period: number) =>
          failed?.[`${name}${period}`] ?? bells.find((b) => b.period === period)?.[name === 'start' ? 'startsAt' : 'endsAt'] ?? ''
        return (
          <Form method="post" className="card" aria-labelledby={`${key}-title`} key={`${key}-${JSON.stringify(bells)}`}>
            <h2 id={`${key}-title`}>{SHIFT_LABELS[shift]}</h2>
            {bells.length === 0 ? (
              <p className="muted">Звонки не заданы{shift === 2 ? ': классы второй смены пользуются расписанием первой' : ''}.</p>
            ) : null}
            {message(key)}
            <input type="hidden" name="intent" value="bells" />
            <input type="hidden" name="shift" value={shift} />
            <fieldset className="bells">
              <legend>Уроки</legend>
              {Array.from({ length: MAX_PERIODS }, (_, i) => i + 1).map((period) => (
                <div key={period} className="bell-row">
                  <span>{period} урок</span>
                  <label htmlFor={`${key}-start${period}`} className="visually-hidden">
                    {period} урок, начало ({SHIFT_LABELS[shift].toLowerCase()})
                  </label>
                  <input
                    id={`${key}-start${period}`}
                    name={`start${period}`}
                    defaultValue={value('start', period)}
                    placeholder="08:30"
                    inputMode="numeric"
                    size={5}
                  />
                  <span aria-hidden="true">–</span>
                  <label htmlFor={`${key}-end${period}`} className="visually-hidden">
                    {period} урок, конец ({SHIFT_LABELS[shift].toLowerCase()})
                  </label>
                  <input
                    id={`${key}-end${period}`}
                    name={`end${period}`}
                    defaultValue={value('end', period)}
                    placeholder="09:15"
                    inputMode="numeric"
                    size={5}
                  />
                </div>
              ))}
            </fieldset>
            {result?.form === key && result.confirmClear ? (
              <div className="choice">
                <input
                  type="checkbox"
                  id={`${key}-confirm-clear`}
                  name="confirmClear"
                  value="yes"
                  aria-invalid={true}
                  aria-describedby={`${key}-message`}
                />
                <label htmlFor={`${key}-confirm-clear`}>Удалить расписание звонков смены</label>
              </div>
            ) : null}
            <p>
              <button type="submit" disabled={busy}>
                Сохранить: {SHIFT_LABELS[shift].toLowerCase()}
              </button>
            </p>
          </Form>
        )
      })}
      <Form method="post" className="card" aria-labelledby="second-shift-title" key={secondShift.join(',')}>
        <h2 id="second-shift-title">Классы второй смены</h2>
        <p>Перечислите классы через запятую, например «2А, 2Б, 3А». Остальные классы учатся в первую смену.</p>
        {message('second-shift')}
        <input type="hidden" name="intent" value="second-shift" />
        <label htmlFor="second-shift-classes">Классы</label>
        <input
          id="second-shift-classes"
          name="classes"
          defaultValue={result?.form === 'second-shift' && !result.ok ? result.fields?.classes : secondShift.join(', ')}
        />
        <p>
          <button type="submit" disabled={busy}>
            Сохранить смены
          </button>
        </p>
      </Form>
    </>
  )
}
