// The school's lists of refusal grounds, one per line. Staff pick from them (and may always add free text).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import {
  MAX_GROUNDS,
  MAX_GROUND_LENGTH,
  SCHOOL_GROUND_MARK,
  cleanGrounds,
  getRefusalGroundsWithOrigin,
  resetRefusalGrounds,
  saveRefusalGrounds,
  type GroundsKind,
} from '#app/models/refusal-grounds.server'
import { readForm } from '#app/utils/body.server'
import { checkForm, choice, formValues, text } from '#app/utils/form-schema'
import { z } from '#workflows/zod'

export const meta: MetaFunction = () => [{ title: 'Основания отказа — настройки' }]

const TITLES: Record<GroundsKind, string> = {
  acceptance: 'Основания отказа в приёме документов (Порядок, п. 3.1.1)',
  information: 'Основания отказа в предоставлении информации (Порядок, п. 3.1.2)',
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'process:application:any')
  // The mark travels with the data: a .server module's values do not reach the browser.
  return json({ lists: await getRefusalGroundsWithOrigin(user.schoolId), schoolMark: SCHOOL_GROUND_MARK })
}

const UNKNOWN = 'Неизвестный список оснований или действие: обновите страницу'
const blank = (fallback: string) => (v: unknown) => (v === undefined || v === '' ? fallback : v)

/** A list or an action the page does not offer is refused, never read as the default (issue 13, item 2). */
const GroundsForm = z
  .object({
    kind: z.preprocess(blank('acceptance'), choice(['acceptance', 'information'], UNKNOWN)),
    intent: z.preprocess(blank('save'), choice(['save', 'reset'], UNKNOWN)),
    grounds: text().transform((s) => cleanGrounds(s.split('\n'))),
  })
  .superRefine((f, ctx) => {
    if (f.intent !== 'save') return
    const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['grounds'], message })
    if (f.grounds.length === 0) issue('Список не может быть пустым: впишите хотя бы одно основание')
    else if (f.grounds.length > MAX_GROUNDS) issue(`Не больше ${MAX_GROUNDS} оснований`)
    else if (f.grounds.some((l) => l.length > MAX_GROUND_LENGTH)) issue(`Каждое основание — не длиннее ${MAX_GROUND_LENGTH} символов`)
  })

/** The list a refused form was about, to show the message under it (an unknown one: the first list). */
const KindOnly = z.object({ kind: z.preprocess(blank('acceptance'), choice(['acceptance', 'information'], UNKNOWN)).catch('acceptance') })

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'process:application:any')
  const form = await readForm(request)
  const checked = checkForm(GroundsForm, form)
  if (!checked.ok) {
    const unknown = checked.fieldErrors.kind || checked.fieldErrors.intent
    const kind: GroundsKind = unknown ? 'acceptance' : KindOnly.parse(formValues(form)).kind
    return json({ kind, ok: false, message: checked.message }, { status: 400 })
  }
  const { kind, intent, grounds } = checked.data
  if (intent === 'reset') {
    await resetRefusalGrounds(kind, user)
    return json({ kind, ok: true, message: 'Восстановлен список по умолчанию' })
  }
  await saveRefusalGrounds(kind, grounds, user)
  return json({ kind, ok: true, message: `Сохранено оснований: ${grounds.length}` })
}

export default function GroundsSettings() {
  const { lists, schoolMark } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  return (
    <>
      <h1>Основания отказа</h1>
      <p>
        Сотрудники выбирают основания из этих списков и могут дописать своё. Каждое основание — с новой строки; формулировка попадает в
        уведомление заявителю.
      </p>
      <p className="hint">
        По умолчанию в списках — основания, которые следуют из Порядка, каждое с пунктом. Основание, добавленное школой, в актах не названо:
        оно отмечено как «{schoolMark}».
      </p>
      {(['acceptance', 'information'] as const).map((kind) => (
        <Form method="post" className="card" key={kind} aria-labelledby={`${kind}-title`}>
          <h2 id={`${kind}-title`}>{TITLES[kind]}</h2>
          {result?.kind === kind ? (
            <p className={result.ok ? 'success' : 'alert'} role={result.ok ? 'status' : 'alert'}>
              {result.message}
            </p>
          ) : null}
          <input type="hidden" name="kind" value={kind} />
          <label htmlFor={`${kind}-grounds`}>Основания (каждое с новой строки)</label>
          <textarea
            id={`${kind}-grounds`}
            name="grounds"
            rows={6}
            defaultValue={lists[kind].map((g) => g.text).join('\n')}
            key={lists[kind].map((g) => g.text).join('|')}
            className="wide-text"
          />
          <ul aria-label="Откуда основания" data-testid={`${kind}-origins`}>
            {lists[kind].map((g) => (
              <li key={g.text}>
                {g.text} <span className={g.origin === 'act' ? 'muted' : 'badge'}>({g.origin === 'act' ? 'по Порядку' : schoolMark})</span>
              </li>
            ))}
          </ul>
          <p>
            <button type="submit" name="intent" value="save" disabled={busy}>
              Сохранить
            </button>{' '}
            <button type="submit" name="intent" value="reset" className="secondary" disabled={busy}>
              Вернуть по умолчанию
            </button>
          </p>
        </Form>
      ))}
    </>
  )
}
