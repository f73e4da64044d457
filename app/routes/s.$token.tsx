import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { CorrectionForm, StopPeriodicPanel, WithdrawPanel } from '#app/components/parent/status-actions'
import { StatusSummary } from '#app/components/parent/status-view'
import { APPLICANT_ACTOR, actorOf, type OperationActor } from '#app/operations/actor'
import { OperationError } from '#app/operations/errors'
import { stopPeriodicApplication, submitCorrection, withdrawApplication } from '#app/operations/steps.server'
import {
  getApplicationByToken,
  getApplicationOfGuardian,
  getStatusView,
  STATUS_LINK_NOT_FOUND,
} from '#app/models/application-status.server'
import { getUser } from '#app/utils/auth.server'
import { invariantResponse } from '#app/utils/request.server'
import { UploadError, parseUploadForm } from '#app/utils/uploads.server'
import { own } from '#workflows/own'
import { cleanMultiline } from '#app/utils/text'
import { checkForm, formValues, requiredFile, text } from '#app/utils/form-schema'
import { z } from '#workflows/zod'

export const meta: MetaFunction = () => [{ title: 'Заявление — статус' }, { name: 'robots', content: 'noindex' }]

// The address is the private link: not cached, not passed on to other sites as a referrer.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' })

async function load(token: string | undefined) {
  const application = await getApplicationByToken(token ?? '')
  // Nothing about why: a wrong token and a missing application look the same.
  invariantResponse(application, STATUS_LINK_NOT_FOUND)
  return application
}

export async function loader({ params }: LoaderFunctionArgs) {
  const application = await load(params.token)
  return json({ view: await getStatusView(application), token: application.statusToken })
}

/** The signed-in parent acts under their own account (their events can be invalidated, Регламент 1.16). */
async function actorFor(request: Request, applicationId: string): Promise<OperationActor> {
  const user = await getUser(request)
  if (user?.guardianId && (await getApplicationOfGuardian(user.guardianId, applicationId))) return actorOf(user)
  return APPLICANT_ACTOR
}

type ActionResult = { intent: string; error: string | null; errors: Record<string, string> }
const failed = (intent: string, error: string | null, errors: Record<string, string> = {}, status = 400) =>
  json<ActionResult>({ intent, error, errors }, { status })
/** Every form of the page: its intent and the version the page showed (a change made meanwhile by the school is not
 * overridden blindly). */
const StatusForm = z.object({
  intent: text(),
  version: text().transform((v) => (/^\d{1,9}$/.test(v) ? Number(v) : undefined)),
})
/** The correction: a comment (up to 1000 characters) and the missing document, the comment checked first. */
const CorrectionPost = z.object({
  note: text()
    .transform((v) => cleanMultiline(v).trim())
    .pipe(z.string().max(1000, 'Комментарий не длиннее 1000 символов')),
  file: requiredFile('Приложите недостающий документ'),
})
const CHANGED = 'Заявление уже изменилось. Обновите страницу и проверьте его состояние.'

export async function action({ request, params }: ActionFunctionArgs) {
  const application = await load(params.token)
  let form: FormData
  try {
    form = await parseUploadForm(request)
  } catch (error) {
    if (error instanceof Response) throw error
    return failed('correction', null, { file: error instanceof UploadError ? error.message : 'Не удалось прочитать форму' }, 413)
  }
  const { intent, version } = StatusForm.parse(formValues(form))
  const target = {
    applicationId: application.id,
    schoolId: application.schoolId,
    actor: await actorFor(request, application.id),
    expectedVersion: version,
  }
  try {
    if (intent === 'withdraw') {
      await withdrawApplication(target)
      return redirect(`/s/${application.statusToken}?done=withdrawn`)
    }
    if (intent === 'stop') {
      await stopPeriodicApplication(target)
      return redirect(`/s/${application.statusToken}?done=stopped`)
    }
    if (intent === 'correction') {
      if (application.status !== 'correction_requested')
        return failed(intent, null, { _: 'Исправления уже отправлены или больше не нужны.' })
      const checked = checkForm(CorrectionPost, form)
      if (!checked.ok) {
        const [field, message] = Object.entries(checked.fieldErrors)[0]
        return failed(intent, null, { [field]: message })
      }
      const { note, file } = checked.data
      await submitCorrection({
        ...target,
        note: note || undefined,
        file: { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name },
      })
      return redirect(`/s/${application.statusToken}?done=corrected`)
    }
    return failed(intent, 'Неизвестное действие')
  } catch (error) {
    if (error instanceof UploadError) return failed(intent, null, { file: error.message })
    if (error instanceof OperationError) {
      const message = error.status === 409 ? CHANGED : error.message
      return intent === 'correction' ? failed(intent, null, { _: message }, error.status) : failed(intent, message, {}, error.status)
    }
    throw error
  }
}

const DONE: Record<string, string> = {
  withdrawn: 'Заявление отозвано.',
  stopped: 'Получение выписок прекращено: новых выписок по заявлению не будет.',
  corrected: 'Исправление отправлено: заявление снова на рассмотрении.',
}

export default function StatusPage() {
  const { view, token } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const done = own(DONE, params.get('done'))
  const confirming = (intent: string) => params.get(intent) === '1' || (result?.intent === intent && !!result.error)
  return (
    <>
      <h1>Заявление № {view.receiptNumber}</h1>
      {done ? (
        <p className="success" role="status">
          {done}
        </p>
      ) : null}
      {view.correctionItems.length ? (
        <CorrectionForm items={view.correctionItems} version={view.version} errors={result?.intent === 'correction' ? result.errors : {}} />
      ) : null}
      <StatusSummary view={view} token={token} />
      {view.canWithdraw ? (
        <WithdrawPanel
          confirming={confirming('withdraw')}
          version={view.version}
          error={result?.intent === 'withdraw' ? result.error : null}
        />
      ) : null}
      {view.canStop ? (
        <StopPeriodicPanel confirming={confirming('stop')} version={view.version} error={result?.intent === 'stop' ? result.error : null} />
      ) : null}
    </>
  )
}
