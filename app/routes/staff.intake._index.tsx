// Приём заявления лично (Порядок 3.1.1: registration within 10 minutes; 2.7: originals shown).
import { randomUUID } from 'node:crypto'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import type { ShouldRevalidateFunction } from '@remix-run/react'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { getIntakeMatch, parseHandover, parseStartedAt, requireIntakeUser } from '#app/models/intake.server'
import { getSchool } from '#app/models/school.server'
import { intake } from '#app/operations/intake-flow.server'
import { ApplicationFields, EMPTY_VALUES, FIELD_LABELS, formToValues, type IntakeValues } from '#app/components/staff/application-fields'
import { ErrorSummary, FieldError } from '#app/components/staff/error-summary'
import { IntakeClock } from '#app/components/staff/intake-clock'
import { IntakeDone } from '#app/components/staff/intake-done'
import { JournalSearch, valuesFromChoice } from '#app/components/staff/journal-search'
import { formatDateTime } from '#workflows/time'
import { readForm } from '#app/utils/body.server'
import { checkbox, checkForm, choice, text } from '#app/utils/form-schema'
import { z } from '#workflows/zod'

export const meta: MetaFunction = () => [{ title: 'Приём заявления лично — рабочее место' }]

// The start time and the form key belong to this intake: a failed submit must not restart the clock.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod === 'POST' ? false : defaultShouldRevalidate

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireIntakeUser(request)
  const url = new URL(request.url)
  const school = await getSchool(user.schoolId)
  const now = new Date()
  const pupilId = url.searchParams.get('pupilId')
  const match = pupilId ? await getIntakeMatch(user.schoolId, pupilId) : null
  const classId = url.searchParams.get('classId')
  // Forms collected at the parent meeting: the handover, entered once on the batch page, is the receipt.
  const handover = parseHandover(url.searchParams.get('handedOverAt'), now, school.timeZone).at
  const back = classId
    ? `/staff/intake/batch?classId=${encodeURIComponent(classId)}` +
      (handover ? `&handedOverAt=${encodeURIComponent(handover.toISOString())}` : '')
    : null
  return json(
    {
      startedAt: now.toISOString(),
      startedLabel: formatDateTime(now, school.timeZone).slice(11),
      key: randomUUID(),
      match,
      back,
      handedOverAt: handover?.toISOString() ?? null,
      handedOverLabel: handover ? formatDateTime(handover, school.timeZone) : null,
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

/** The intake's own fields; the application's are formToValues' (checked by ApplicationSchema in the operation). */
const IntakeForm = (now: Date, timeZone: string) =>
  z.object({
    intent: text()
      .transform((v) => v || 'register')
      .pipe(choice(['register', 'print'], 'Неизвестное действие')),
    startedAt: text().transform((v) => parseStartedAt(v, now)),
    handedOverAt: text().transform((v, ctx) => {
      const handover = parseHandover(v, now, timeZone)
      if (handover.error) ctx.addIssue({ code: 'custom', message: handover.error })
      return handover.at
    }),
    key: text(),
    passportShown: checkbox(),
    statusProofShown: checkbox(),
  })

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireIntakeUser(request)
  const form = await readForm(request)
  const school = await getSchool(user.schoolId)
  const now = new Date()
  const values = formToValues(form)
  const checked = checkForm(IntakeForm(now, school.timeZone), form)
  if (!checked.ok)
    return json(
      { ok: false as const, status: 400, formError: checked.message, fieldErrors: {} as Record<string, string>, values, printed: false },
      { status: 400 },
    )
  const { intent, startedAt, handedOverAt, key, passportShown, statusProofShown } = checked.data
  const register = intent === 'register'
  // Порядок 3.1.1: the receipt is the handover at the meeting when there was one; the moment of entry is kept beside it.
  const outcome = await intake({
    user,
    channel: 'in_person',
    data: values,
    receivedAt: handedOverAt ?? startedAt,
    enteredAt: handedOverAt ? startedAt : null,
    key,
    register,
    print: !register,
    originalsShown: passportShown && statusProofShown,
    timeZone: school.timeZone,
    now,
  })
  if (!outcome.ok) return json({ ...outcome, values, printed: false }, { status: outcome.status })
  // «Распечатать заявление»: the application is received (same form key → the same application when it is then
  // registered) and its filled form is stored with it for download.
  return json({ ...outcome, values, printed: !register })
}

export default function DeskIntake() {
  const { startedAt, startedLabel, key, match, back, handedOverAt, handedOverLabel } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  // Whichever came last fills the form: a failed submission's values (what was typed stays), or a family chosen
  // from the journal search after it (issue 19, item 2: the failed values used to win, and the only way out was a
  // reload that restarted the 10-minute clock). `after` is the submission the choice was made after.
  const [choice, setChoice] = useState<{ values: IntakeValues; n: number; after: unknown }>({
    values: EMPTY_VALUES,
    n: 0,
    after: undefined,
  })
  const failed = result && !result.ok && choice.after !== result ? result : null
  const values = failed ? (failed.values as IntakeValues) : choice.values
  // The field errors were about the values typed before; a fresh choice is checked again on its own submit.
  const errors = failed ? failed.fieldErrors : {}
  useEffect(() => {
    if (choice.n > 0) document.getElementById('kind-marks')?.focus()
  }, [choice.n])
  const choose = (v: IntakeValues) => setChoice((c) => ({ values: v, n: c.n + 1, after: result }))
  if (result?.ok && !result.printed)
    return <IntakeDone done={result} again={back ?? '/staff/intake'} back={back ? { to: back, label: 'К списку класса' } : null} />
  return (
    <>
      <h1>Приём заявления лично</h1>
      <p className="no-print">
        <Link to="/staff/intake/post">Заявление пришло по почте</Link> · <Link to="/staff/meeting">После родительского собрания</Link>
      </p>
      {handedOverAt ? (
        <p className="notice" role="note" data-testid="handover">
          Заявление передано на родительском собрании {handedOverLabel}: это время поступления (Порядок, п. 3.1.1), срок регистрации
          считается от него. Время внесения в систему ({startedLabel}) сохранится рядом.
        </p>
      ) : (
        <IntakeClock startedAt={startedAt} startedLabel={startedLabel} serverNow={startedAt} />
      )}
      {result?.ok && result.printed ? (
        <p className="notice" role="status">
          Заявление принято (квитанция {result.receiptNumber}).{' '}
          {result.printDocumentId ? (
            <a href={`/staff/applications/${result.applicationId}/documents/${result.printDocumentId}`} download>
              Скачать заявление для подписи
            </a>
          ) : null}
          . Когда заявитель подпишет, отметьте предъявленные документы и нажмите «Зарегистрировать».
        </p>
      ) : null}
      {match ? (
        <section className="card" aria-labelledby="guardian-title">
          <h2 id="guardian-title">
            {match.lastName} {match.firstName}, {match.className}: кто подаёт заявление?
          </h2>
          <ul className="search-results">
            {match.guardians.map((g) => (
              <li key={g.guardianId}>
                <button type="button" className="secondary choice-button" onClick={() => choose(valuesFromChoice(match, g))}>
                  {g.lastName} {g.firstName} {g.middleName} ({g.relationship}
                  {g.confirmed ? '' : ', статус не подтверждён'})
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <JournalSearch onChoose={(m, g) => choose(valuesFromChoice(m, g))} />
      )}
      <Form method="post" noValidate className="intake-form" aria-label="Заявление">
        <ErrorSummary formError={failed ? failed.formError : null} fieldErrors={errors} labels={FIELD_LABELS} />
        <input type="hidden" name="startedAt" value={startedAt} />
        <input type="hidden" name="key" value={key} />
        {handedOverAt ? <input type="hidden" name="handedOverAt" value={handedOverAt} /> : null}
        <div key={choice.n}>
          <ApplicationFields values={values} errors={errors} />
        </div>
        <fieldset id="originalsShown" className="wide">
          <legend>Предъявлены оригиналы (Порядок, п. 2.7)</legend>
          <div className="choice">
            <input type="checkbox" id="passportShown" name="passportShown" />
            <label htmlFor="passportShown">паспорт предъявлен (оригинал)</label>
          </div>
          <div className="choice">
            <input type="checkbox" id="statusProofShown" name="statusProofShown" />
            <label htmlFor="statusProofShown">документ, подтверждающий статус, предъявлен</label>
          </div>
          <FieldError name="originalsShown" errors={errors} />
        </fieldset>
        <p className="buttons">
          <button type="submit" name="intent" value="print" className="secondary" disabled={busy}>
            Распечатать заявление
          </button>{' '}
          <button type="submit" name="intent" value="register" disabled={busy}>
            {busy ? 'Регистрация…' : 'Зарегистрировать'}
          </button>
        </p>
      </Form>
    </>
  )
}
