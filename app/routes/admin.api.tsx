// «Доступ портала»: the school's tokens for other systems (the regional portal) to file and read applications
// through /api/v1 (docs/api.md). A token is shown once, when issued; revoking one stops it at once (ADR 088).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { clientIp } from '#app/utils/request.server'
import { getApiAccess, issueApiToken, revokeApiToken } from '#app/models/api-tokens.server'
import { readForm } from '#app/utils/body.server'
import { checkForm, formValues, text } from '#app/utils/form-schema'
import { line } from '#workflows/text'
import { z } from '#workflows/zod'

export const meta: MetaFunction = () => [{ title: 'Доступ портала (API)' }]

const IssueForm = z.object({
  intent: z.literal('issue'),
  // Pasted names keep no-break spaces and runs of spaces: one plain space each.
  name: line(
    z
      .string()
      .transform((v) => v.replace(/\s+/g, ' ').trim())
      .pipe(z.string().min(1, 'Укажите, какой системе выдаётся токен').max(120, 'Название не длиннее 120 символов')),
  ),
})
const RevokeForm = z.object({ intent: z.literal('revoke'), id: z.string().min(1, 'Токен не найден').max(100, 'Токен не найден') })
/** The name as typed, to show the form again after a refusal. */
const TypedName = z.object({ intent: text(), name: text() })
const ApiForm = z.discriminatedUnion('intent', [IssueForm, RevokeForm], { message: 'Неизвестное действие' })

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:school:any')
  return json(await getApiAccess(user.schoolId), { headers: { 'Cache-Control': 'no-store' } })
}

type Result = { ok: true; issued?: { name: string; token: string }; message: string } | { ok: false; message: string; name?: string }

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, 'manage:school:any')
  const form = await readForm(request)
  const parsed = checkForm(ApiForm, form)
  const noStore = { 'Cache-Control': 'no-store' }
  if (!parsed.ok) {
    // The name comes back (and is marked) only for a refused issue; a refused revoke leaves the issue form alone.
    const { intent, name } = TypedName.parse(formValues(form))
    return json<Result>({ ok: false, message: parsed.message, ...(intent === 'issue' ? { name } : {}) }, { status: 400, headers: noStore })
  }
  if (parsed.data.intent === 'issue') {
    const issued = await issueApiToken(admin, parsed.data.name, clientIp(request))
    return json<Result>(
      { ok: true, issued: { name: issued.name, token: issued.token }, message: `Токен для «${issued.name}» выдан` },
      { headers: noStore },
    )
  }
  const revoked = await revokeApiToken(admin, parsed.data.id, clientIp(request))
  if (!revoked) return json<Result>({ ok: false, message: 'Токен не найден или уже отозван' }, { status: 404, headers: noStore })
  return json<Result>({ ok: true, message: 'Токен отозван: запросы с ним больше не принимаются' }, { headers: noStore })
}

const ENV = <code>PORTAL_API_TOKEN</code>
const ENVIRONMENT_TOKEN = {
  serves: (
    <>
      На сервере задан токен {ENV}: он действует для этой школы, пока на сервере одна школа. Выданный здесь токен можно отозвать, не
      перезапуская сервер, — переведите портал на него. Заявления, поданные с {ENV}, портал по новому токену не увидит: каждая система видит
      только поданное со своим токеном.
    </>
  ),
  refused: (
    <>
      На сервере задан токен {ENV}, но на сервере несколько школ: он не принимается ни для одной — по нему нельзя понять, чьи это заявления.
      Выдайте порталу токен здесь.
    </>
  ),
  unset: 'Порталу нужен токен, выданный здесь.',
}

export default function ApiAccess() {
  const { tokens, environmentToken } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  return (
    <>
      <p>
        <Link to="/admin">← Администрирование</Link>
      </p>
      <h1>Доступ портала (API)</h1>
      <p>
        Региональный портал и другие системы подают заявления и узнают их состояние через API (/api/v1) с токеном, выданным школой. Каждая
        система видит только заявления, поданные с её собственным токеном. {ENVIRONMENT_TOKEN[environmentToken]}
      </p>
      {result ? (
        <p className={result.ok ? 'success' : 'alert'} role={result.ok ? 'status' : 'alert'} id="api-message">
          {result.message}
        </p>
      ) : null}
      {result?.ok && result.issued ? (
        <section className="card" aria-labelledby="issued-title">
          <h2 id="issued-title">Токен для «{result.issued.name}»</h2>
          <p>
            <code id="issued-token">{result.issued.token}</code>
          </p>
          <p>
            Он показан один раз: школа хранит только его отпечаток. Передайте токен ответственному за систему по защищённому каналу; запросы
            несут его в заголовке <code>Authorization: Bearer …</code>.
          </p>
        </section>
      ) : null}
      <Form method="post" className="card" aria-labelledby="issue-title">
        <h2 id="issue-title">Выдать токен</h2>
        <input type="hidden" name="intent" value="issue" />
        <label htmlFor="token-name">Система, которой выдаётся токен</label>
        <input
          id="token-name"
          name="name"
          maxLength={120}
          required
          placeholder="Региональный портал госуслуг"
          defaultValue={result && !result.ok ? (result.name ?? '') : ''}
          {...(result && !result.ok && result.name !== undefined ? { 'aria-invalid': true, 'aria-describedby': 'api-message' } : {})}
        />
        <p>
          <button type="submit" disabled={busy}>
            Выдать токен
          </button>
        </p>
      </Form>
      <h2>Выданные токены</h2>
      {tokens.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Система</th>
                <th scope="col">Выдан</th>
                <th scope="col">Состояние</th>
                <th scope="col">Действие</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{t.createdAt}</td>
                  <td>{t.revokedAt ? `отозван ${t.revokedAt}` : 'действует'}</td>
                  <td>
                    {t.revokedAt ? null : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="id" value={t.id} />
                        <button type="submit" className="secondary" disabled={busy} aria-label={`Отозвать токен: ${t.name}`}>
                          Отозвать
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Школа ещё не выдала ни одного токена.</p>
      )}
    </>
  )
}
