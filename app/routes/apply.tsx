import { randomUUID } from 'node:crypto'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ApplyForm } from '#app/components/parent/apply-form'
import { ApplyFormSchema, formToValues, issueDayAfterSchoolToday, toApplicationData, toDefaults } from '#app/components/parent/apply-schema'
import { APPLICANT_ACTOR, actorOf } from '#app/operations/actor'
import { fieldErrors, needsStatusDocument } from '#app/operations/application-schema'
import { OperationError } from '#app/operations/errors'
import { receiveApplication } from '#app/operations/receive-application.server'
import { findByIdempotencyKey, getApplyPrefill } from '#app/models/application-status.server'
import {
  ApplyLimitError,
  browserCookie,
  browserIdFrom,
  countApplication,
  issueFormToken,
  verifyFormToken,
} from '#app/operations/apply-limits.server'
import { recordAudit } from '#app/models/audit.server'
import { getSchoolHeader } from '#app/models/school.server'
import { resolvePublicSchool } from '#app/models/public-school.server'
import { withSchool } from '#app/utils/school-query'
import { getUser } from '#app/utils/auth.server'
import { clientIp } from '#app/utils/request.server'
import {
  TOO_LARGE_FILE,
  UploadError,
  adoptUploads,
  dropStaged,
  parseUploadForm,
  stageUpload,
  uploadProblem,
  type StagedUpload,
} from '#app/utils/uploads.server'
import { oversizeFields } from '#app/utils/body.server'
import { formValues, text } from '#app/utils/form-schema'
import { z } from '#workflows/zod'
import { TERM_TEXT } from '#workflows/deadlines'
import { localDateOf } from '#workflows/time'

export const meta: MetaFunction = () => [{ title: 'Заявление о предоставлении информации о текущей успеваемости' }]

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const FILES = [
  { field: 'documents.identity', kind: 'identity' },
  { field: 'documents.statusProof', kind: 'status-proof' },
] as const

/**
 * What the form carries beside the application (ApplyFormSchema checks that): the honeypot field `website` (a
 * person leaves it empty), the page's idempotency key and form token, and the copies' bytes (the schema checks their
 * size and type by the browser's word; uploadProblem then reads the content).
 */
const firstFile = z.preprocess(
  (v) => {
    const one = Array.isArray(v) ? v[0] : v
    return one instanceof Blob && one.size > 0 ? one : null
  },
  z.custom<File>((v) => v instanceof Blob).nullable(),
)

const ApplyPost = z.object({
  website: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string()),
  idempotencyKey: text().transform((v) => (UUID_RE.test(v) ? `online:${v}` : null)),
  formToken: text(),
  // The bytes only: an empty or doubled file is ApplyFormSchema's to report, in the field (fileMeta), not a 500 here.
  'documents.identity': firstFile,
  'documents.statusProof': firstFile,
})

/**
 * The school the application is for (ADR 056): the one this address names (its host name or `?school=`), else the
 * signed-in parent's own, else — on a single-school installation — the only one. Null: the parent has to choose.
 */
async function addressedSchool(request: Request, user: { schoolId: string } | null) {
  const { school, query, several } = await resolvePublicSchool(request)
  const id = school?.id ?? (several ? user?.schoolId : null)
  return { school: id ? await getSchoolHeader(id) : null, query, several }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  const { school, query, several } = await addressedSchool(request, user)
  // Several schools and none named: the home page lists them (ADR 056).
  if (!school && several) throw redirect('/')
  const pupilId = new URL(request.url).searchParams.get('pupil')
  const prefill = user?.guardianId ? await getApplyPrefill(user.guardianId, pupilId) : null
  // A new key per rendering of the form: a double click, a retry or a resubmission of this form is one application.
  // The signed form token names this browser for its limit (ADR 023); a browser without the cookie gets one.
  const browser = browserIdFrom(request.headers.get('cookie'))
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' }
  if (browser.fresh) headers['Set-Cookie'] = browserCookie(browser.id)
  const operator = school ? { fullName: school.fullName, address: school.address, phone: school.phone } : null
  return json(
    {
      defaults: toDefaults(prefill ?? {}),
      prefilled: !!prefill,
      idempotencyKey: randomUUID(),
      formToken: await issueFormToken(browser.id),
      operator,
      query,
    },
    { headers },
  )
}

type Failure = { formError: string | null; errors: Record<string, string>; values: unknown }
const fail = (
  status: number,
  formError: string | null,
  values: unknown = {},
  errors: Record<string, string> = {},
  headers: Record<string, string> = {},
) => json<Failure>({ formError, errors, values }, { status, headers })

export async function action({ request }: ActionFunctionArgs) {
  const ip = clientIp(request)
  let form: FormData
  try {
    // A file over 10 МБ is left out and named below: the page comes back with everything typed (issue 19, item 8).
    form = await parseUploadForm(request, { keepOversize: true })
  } catch (error) {
    if (error instanceof Response) throw error
    return fail(
      error instanceof UploadError ? 413 : 400,
      error instanceof UploadError ? error.message : 'Не удалось прочитать форму. Отправьте её ещё раз.',
    )
  }
  const values = formToValues(form)
  const shown = { ...values, documents: undefined }
  const post = ApplyPost.parse(formValues(form))
  if (post.website !== '') return fail(400, 'Заявление не принято. Обновите страницу и отправьте его ещё раз.', shown)

  const key = post.idempotencyKey
  const earlier = key ? await findByIdempotencyKey(key) : null
  if (earlier) return redirect(`/apply/received/${earlier.statusToken}`)

  const parsed = ApplyFormSchema.safeParse(values)
  const errors = parsed.success ? {} : fieldErrors(parsed.error)
  for (const field of oversizeFields(form)) errors[field] = TOO_LARGE_FILE
  // The type is decided by the content (Порядок 2.7 copies: PDF, JPEG or PNG up to 10 MB).
  const files: Array<{ bytes: Uint8Array; name: string; kind: string }> = []
  // Порядок 2.7 / the памятка: the status document only from a guardian or another legal representative; a parent's
  // upload, if any, is not kept (the pre-check compares a parent with the journal's guardian records instead).
  const role = parsed.success ? parsed.data.applicant.role : ''
  for (const { field, kind } of FILES) {
    if (kind === 'status-proof' && !needsStatusDocument(role)) continue
    const file = post[field]
    if (errors[field] || !file) continue
    const bytes = new Uint8Array(await file.arrayBuffer())
    const problem = uploadProblem(bytes)
    if (problem) errors[field] = problem
    else files.push({ bytes, name: file.name, kind })
  }
  if (!parsed.success || Object.keys(errors).length) return fail(400, 'Проверьте заявление', shown, errors)

  const user = await getUser(request)
  const { school, several } = await addressedSchool(request, user)
  if (!school && several)
    return fail(400, 'Не выбрана школа. Откройте главную страницу, выберите школу ребёнка и подайте заявление ещё раз.', shown)
  if (!school) return fail(503, 'Школа ещё не настроена: приём заявлений временно невозможен.')
  const tooLate = issueDayAfterSchoolToday(parsed.data, localDateOf(new Date(), school.timeZone))
  if (tooLate) return fail(400, 'Проверьте заявление', shown, tooLate)
  const browserId = await verifyFormToken(post.formToken)
  const data = toApplicationData(parsed.data)
  // Files first, their rows with the application in one transaction (a crash leaves at most a file, swept later).
  const staged: StagedUpload[] = []
  try {
    for (const f of files) staged.push(await stageUpload(f.bytes, f.name, f.kind))
    const { application, created } = await receiveApplication({
      schoolId: school.id,
      channel: 'online',
      data,
      actor: user?.guardianId ? actorOf(user) : APPLICANT_ACTOR,
      guardianId: user?.guardianId ?? null,
      idempotencyKey: key,
      inTransaction: async (tx, applicationId) => {
        await countApplication(
          tx,
          { ip, browserId, email: data.applicant.email ?? '', identityDocument: data.applicant.identityDocument ?? '' },
          school.timeZone,
        )
        await adoptUploads(tx, staged, { schoolId: school.id, applicationId })
        // In the transaction: written after the commit, its failure (the database gone that moment) reached the catch
        // below, which removed the files of the accepted application and said nothing was saved.
        const audit = {
          schoolId: school.id,
          userId: user?.id ?? null,
          action: 'apply:online',
          entity: 'application',
          entityId: applicationId,
          ip,
        }
        await recordAudit(audit, tx)
      },
    })
    if (!created) await dropStaged(staged)
    return redirect(`/apply/received/${application.statusToken}`)
  } catch (error) {
    await dropStaged(staged)
    if (error instanceof ApplyLimitError) {
      await recordAudit({
        schoolId: school.id,
        userId: user?.id ?? null,
        action: 'throttle:apply',
        ip,
        data: { limit: error.limit, retryAt: error.retryAt.toISOString(), token: browserId ? 'есть' : 'нет' },
      })
      const seconds = Math.max(1, Math.ceil((error.retryAt.getTime() - Date.now()) / 1000))
      return fail(429, error.message, shown, {}, { 'Retry-After': String(seconds) })
    }
    if (!(error instanceof OperationError)) throw error
    const mapped = Object.fromEntries(
      Object.entries(error.fieldErrors ?? {}).map(([k, v]) => [k === 'applicant.identityDocument' ? 'identity.number' : k, v]),
    )
    return fail(error.status, error.message, shown, mapped)
  }
}

export default function ApplyPage() {
  const { defaults, prefilled, idempotencyKey, formToken, operator, query } = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const initial = failure?.values ? toDefaults(failure.values) : defaults
  return (
    <>
      <h1>Заявление о предоставлении информации о текущей успеваемости обучающегося</h1>
      <p>
        Директору школы. Заявление зарегистрируют не позднее следующего рабочего дня, ответ — не позднее {TERM_TEXT.deliveryDays} со дня
        регистрации (<Link to={withSchool('/deadlines', query)}>как считаются сроки</Link>). Подать заявление могут родители (законные
        представители) обучающегося. Информация предоставляется бесплатно.
      </p>
      <ApplyForm
        defaults={initial}
        prefilled={prefilled || !!failure}
        idempotencyKey={idempotencyKey}
        formToken={formToken}
        operator={operator}
        serverErrors={failure?.errors ?? EMPTY}
        formError={failure?.formError ?? null}
      />
    </>
  )
}

const EMPTY: Record<string, string> = {}
