// ADR 093: the director confirms, with the signing password, what the school's ЭЖ administrator asked — a role that
// reads applications for an account, or a one-time password for an account that holds one — or refuses it. A one-time
// password is shown here once, to the director, who hands it over in person. Requests that touch the director's own
// signature are listed, to be refused; they are confirmed by the education authority's administrator.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { AccessGrantForm, AccessGrantResult } from '#app/components/access-grant-form'
import {
  confirmAccessGrant,
  confirmedMessage,
  pendingAccessGrants,
  pendingGrantsView,
  refuseAccessGrant,
} from '#app/operations/access-grants.server'
import { OperationError } from '#app/operations/errors'
import { getSchool } from '#app/models/school.server'
import { countPendingGrants } from '#app/models/access-notice.server'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { readForm } from '#app/utils/body.server'
import { clientIp } from '#app/utils/request.server'
import { checkForm, text } from '#app/utils/form-schema'
import { z } from '#workflows/zod'

export const meta: MetaFunction = () => [{ title: 'Подтверждение доступа — рабочее место' }]

const NO_STORE = { 'Cache-Control': 'no-store' }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'decide:application:any')
  const { timeZone } = await getSchool(user.schoolId)
  const cursor = new URL(request.url).searchParams.get('after')
  const page = await pendingAccessGrants({ schoolId: user.schoolId }, { after: cursor })
  const grants = pendingGrantsView(page.rows, timeZone).map((g) => ({ ...g, mine: g.approver === 'director' }))
  return json({ grants, next: page.next, paged: cursor !== null, total: await countPendingGrants(user.schoolId) }, { headers: NO_STORE })
}

const GrantForm = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.literal('confirm'),
      grantId: text(),
      password: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string()),
    }),
    z.object({ intent: z.literal('refuse'), grantId: text() }),
  ],
  { message: 'Неизвестное действие' },
)

type Result =
  | { ok: true; message: string; login?: string; password?: string }
  | { ok: false; message: string; grantId?: string; fieldErrors?: Record<string, string> }

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'decide:application:any')
  const checked = checkForm(GrantForm, await readForm(request))
  if (!checked.ok) return json<Result>({ ok: false, message: checked.message }, { status: 400, headers: NO_STORE })
  const f = checked.data
  const ip = clientIp(request)
  try {
    if (f.intent === 'refuse') {
      const refused = await refuseAccessGrant(f.grantId, { via: 'director', user, ip })
      return json<Result>({ ok: true, message: `Запрос для учётной записи ${refused.login} отклонён: ничего не изменилось.` })
    }
    const done = await confirmAccessGrant(f.grantId, { via: 'director', user, password: f.password, ip })
    return json<Result>(
      { ok: true, message: confirmedMessage(done), login: done.login, ...(done.password ? { password: done.password } : {}) },
      { headers: NO_STORE },
    )
  } catch (error) {
    if (!(error instanceof OperationError)) throw error
    return json<Result>(
      { ok: false, message: error.message, grantId: f.grantId, fieldErrors: error.fieldErrors },
      { status: error.status, headers: NO_STORE },
    )
  }
}

const KIND = { roles: 'Назначить роль', 'one-time-password': 'Выдать временный пароль', email: 'Сменить адрес эл. почты' } as const

export default function AccessGrants() {
  const { grants, next, paged, total } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  return (
    <>
      <h1>Подтверждение доступа</h1>
      <p>
        Администратор ЭЖ не видит заявлений родителей. Роль с доступом к заявлениям (директор, ответственный работник, секретарь) или к
        данным детей класса (классный руководитель) и временный пароль учётной записи с такой ролью он только запрашивает: изменение
        вступает в силу, когда вы подтвердите его своим паролем, как подпись решения. С подтверждением учётная запись получает новый
        временный пароль (роль — тоже: прежний пароль мог знать кто-то другой); он показывается вам один раз — передайте его работнику
        лично, под роспись.
      </p>
      <AccessGrantResult result={result} />
      {grants.length === 0 ? (
        <p className="muted">Запросов, ждущих подтверждения, нет.</p>
      ) : (
        <p>Ждут подтверждения: {total}. Сначала — самые давние.</p>
      )}
      {grants.map((g) => {
        const error = result && !result.ok && result.grantId === g.id ? result.fieldErrors?.password : undefined
        const who = g.name ? `${g.name} (${g.login})` : g.login
        return (
          <section key={g.id} className="card" aria-labelledby={`grant-${g.id}`}>
            <h2 id={`grant-${g.id}`}>
              {KIND[g.kind]}: {who}
            </h2>
            <dl className="props">
              <dt>{g.kind === 'roles' ? 'Роли' : 'Роли учётной записи'}</dt>
              <dd>{(g.kind === 'roles' ? g.roles : g.holds).join(', ') || '—'}</dd>
              {g.kind === 'email' ? (
                <>
                  <dt>Новый адрес эл. почты</dt>
                  <dd>{g.email}</dd>
                </>
              ) : null}
              <dt>Адрес эл. почты сейчас</dt>
              <dd>{g.currentEmail}</dd>
              <dt>Запросил(а)</dt>
              <dd>
                {g.requestedBy}, {g.requestedAt}
              </dd>
              <dt>Последний временный пароль выдал(а)</dt>
              <dd>{g.passwordIssued}</dd>
            </dl>
            {g.mine ? null : (
              <p>
                Запрос касается подписи директора: его подтверждает администратор органа управления образованием (или оператор сервера).
                Если вы его не поручали, отклоните.
              </p>
            )}
            <AccessGrantForm
              grantId={g.id}
              label="Ваш пароль (подпись)"
              error={error}
              busy={busy}
              intents={{ confirm: 'confirm', refuse: 'refuse' }}
              confirm={g.mine}
            />
          </section>
        )
      })}
      {next || paged ? (
        <nav aria-label="Страницы запросов">
          <p>
            {next ? <Link to={`/staff/access?after=${encodeURIComponent(next)}`}>Следующие запросы</Link> : null}
            {next && paged ? ' · ' : null}
            {paged ? <Link to="/staff/access">К первым запросам</Link> : null}
          </p>
        </nav>
      ) : null}
    </>
  )
}
