import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { MaxPartSizeExceededError, json } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from '#workflows/zod'
import { isPdfAvailable } from '#app/documents/pdf.server'
import type { TemplateIssue } from '#app/documents/render.server'
import { getSchoolTimeZone } from '#app/models/calendar.server'
import { TEMPLATE_FILES, type TemplateName } from '#app/documents/types'
import { activateVersion, listTemplates, MAX_TEMPLATE_BYTES, uploadTemplateVersion } from '#app/models/templates.server'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { clientIp } from '#app/utils/request.server'
import { formatDateTime } from '#workflows/time'
import { readForm as readPlainForm, readMultipartForm } from '#app/utils/body.server'
import { multiline } from '#app/utils/text'
import { checkForm, file } from '#app/utils/form-schema'

export const meta: MetaFunction = () => [{ title: 'Шаблоны документов — администрирование ЭЖ' }]

const PERMISSION = 'manage:school:any'
const TOO_BIG = 'Файл больше 5 МБ — шаблон документа столько не весит. Ничего не загружено.'

const templateName = z.enum(Object.keys(TEMPLATE_FILES) as [TemplateName, ...TemplateName[]], 'Неизвестный шаблон')
const TemplateForm = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.literal('upload'),
      name: templateName,
      note: multiline(z.string().max(500, 'Комментарий длиннее 500 символов')).default(''),
      file: file(),
    }),
    z.object({ intent: z.literal('activate'), name: templateName, version: z.coerce.number().int().min(0, 'Неверный номер версии') }),
  ],
  'Неизвестное действие',
)

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, PERMISSION)
  const [templates, timeZone] = await Promise.all([listTemplates(user.schoolId), getSchoolTimeZone(user.schoolId)])
  return json({
    pdfAvailable: isPdfAvailable(),
    templates: templates.map((t) => ({
      ...t,
      versions: t.versions.map((v) => ({
        ...v,
        createdAt: formatDateTime(v.createdAt, timeZone),
        setAsideAt: v.setAsideAt ? formatDateTime(v.setAsideAt, timeZone) : null,
      })),
    })),
  })
}

type Result = { ok: true; name: string; message: string; warnings: string[] } | { ok: false; name: string | null; errors: TemplateIssue[] }

const refuse = (name: string | null, explanation: string) =>
  json<Result>({ ok: false, name, errors: [{ tag: '', explanation, location: '' }] }, { status: 400 })

async function readForm(request: Request): Promise<FormData | string> {
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) return readPlainForm(request)
  // The note and the other fields are tiny; a body far beyond the file limit is refused before it is read.
  if (Number(request.headers.get('content-length') ?? 0) > MAX_TEMPLATE_BYTES + 16 * 1024) return TOO_BIG
  try {
    // At most the route's limit in all (app/utils/body-limits.ts), whether or not Content-Length was sent.
    return await readMultipartForm(request, { maxPartSize: MAX_TEMPLATE_BYTES })
  } catch (error) {
    if (error instanceof Response) throw error
    if (error instanceof MaxPartSizeExceededError) return TOO_BIG
    return 'Не удалось принять файл: форма повреждена. Попробуйте выбрать файл ещё раз.'
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, PERMISSION)
  const form = await readForm(request)
  if (typeof form === 'string') return refuse(null, form)
  const parsed = checkForm(TemplateForm, form)
  if (!parsed.ok) return refuse(null, parsed.message)
  const input = parsed.data
  const ip = clientIp(request)

  if (input.intent === 'activate') {
    const done = await activateVersion(input.name, input.version, user.id, { ip })
    if (!done.ok) return refuse(input.name, done.message)
    const message = input.version === 0 ? 'Активен исходный шаблон (версия 0).' : `Активна версия ${input.version}.`
    return json<Result>({ ok: true, name: input.name, message, warnings: [] })
  }

  // Checked here, not in the schema: the message belongs under this template's own form.
  if (!input.file) return refuse(input.name, 'Выберите файл шаблона (.docx).')
  const result = await uploadTemplateVersion(input.name, Buffer.from(await input.file.arrayBuffer()), user.id, input.note, { ip })
  if (!result.ok) return json<Result>({ ok: false, name: input.name, errors: result.errors }, { status: 400 })
  return json<Result>({
    ok: true,
    name: input.name,
    message: `Загружена версия ${result.version}; она активна — документы печатаются по ней.`,
    warnings: result.warnings,
  })
}

const fileUrl = (name: string, version: number, as: 'template' | 'preview' | 'pdf') => `/admin/templates/${name}/${version}?as=${as}`

function Issues({ errors }: { errors: TemplateIssue[] }) {
  return (
    <div className="alert" role="alert">
      <p>
        <strong>Шаблон не загружен</strong> — действующая версия не изменилась.
      </p>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            {e.explanation}
            {e.location ? (
              <>
                {' '}
                <span className="muted">Где: {e.location}.</span>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  )
}

/**
 * ADR 094: versions set aside because the active-content check (added after they were uploaded) found something in
 * them. Said at the top of the page: the school's documents are printed from the shipped template meanwhile.
 */
function SetAside({ templates }: { templates: ReturnType<typeof useLoaderData<typeof loader>>['templates'] }) {
  // Until a newer version of the same template replaces it; the history keeps saying «отключена» after that.
  const aside = templates.flatMap((t) =>
    t.versions.filter((v) => v.setAsideReason && !t.versions.some((o) => o.version > v.version)).map((v) => ({ t, v })),
  )
  if (!aside.length) return null
  return (
    <div className="alert" role="alert" data-warning="template-set-aside">
      <p>
        <strong>Версии шаблонов отключены проверкой безопасности.</strong> Пока не загружена исправленная версия, документы печатаются по
        исходному шаблону программы, если не выбрана другая версия.
      </p>
      <ul>
        {aside.map(({ t, v }) => (
          <li key={`${t.name}-${v.version}`}>
            «{t.title}», версия {v.version} (отключена {v.setAsideAt}): {v.setAsideReason}
          </li>
        ))}
      </ul>
    </div>
  )
}

function Links({ name, version, pdf }: { name: string; version: number; pdf: boolean }) {
  return (
    <>
      <a href={fileUrl(name, version, 'template')} download>
        шаблон
      </a>
      {' · '}
      <a href={fileUrl(name, version, 'preview')} download>
        пример DOCX
      </a>
      {pdf ? (
        <>
          {' · '}
          <a href={fileUrl(name, version, 'pdf')} target="_blank" rel="noreferrer">
            пример PDF
          </a>
        </>
      ) : null}
    </>
  )
}

export default function AdminTemplates() {
  const { templates, pdfAvailable } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const generalError = result && !result.ok && !result.name ? result.errors : null
  return (
    <>
      <h1>Шаблоны документов</h1>
      <p>
        Программа печатает документы Порядка по шаблонам Word. Скачайте шаблон, поправьте его в Word (теги в фигурных скобках не трогайте) и
        загрузите как новую версию. Шаблон с ошибкой не загружается — программа покажет тег и место ошибки, а документы продолжат печататься
        по прежней версии. Любую прежнюю версию можно вернуть. Пример заполняется демонстрационными данными.
      </p>
      {!pdfAvailable ? <p className="notice">LibreOffice не установлен: пример в PDF недоступен, только в DOCX.</p> : null}
      {generalError ? <Issues errors={generalError} /> : null}
      <SetAside templates={templates} />

      <h2 id="templates-title">Шаблоны</h2>
      <div className="table-wrap">
        <table aria-labelledby="templates-title">
          <thead>
            <tr>
              <th scope="col">Документ</th>
              <th scope="col">Активная версия</th>
              <th scope="col">Скачать</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((t) => (
              <tr key={t.name}>
                <th scope="row">
                  <a href={`#${t.name}`}>{t.title}</a>
                </th>
                <td>
                  {t.activeVersion === 0
                    ? '0 — исходная'
                    : `${t.activeVersion} — загружена ${t.versions.find((v) => v.active)?.createdAt ?? ''}`}
                </td>
                <td>
                  <Links name={t.name} version={t.activeVersion} pdf={pdfAvailable} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {templates.map((t) => {
        const mine = result && result.name === t.name ? result : null
        return (
          <section key={t.name} id={t.name} className="card" aria-labelledby={`${t.name}-title`}>
            <h2 id={`${t.name}-title`}>{t.title}</h2>
            <p className="muted">Файл {t.file}</p>
            {mine?.ok ? (
              <div className="success" role="status">
                <p>{mine.message}</p>
                {mine.warnings.map((w) => (
                  <p key={w}>{w}</p>
                ))}
              </div>
            ) : null}
            {mine && !mine.ok ? <Issues errors={mine.errors} /> : null}

            <Form method="post" encType="multipart/form-data" noValidate>
              <input type="hidden" name="intent" value="upload" />
              <input type="hidden" name="name" value={t.name} />
              <label htmlFor={`${t.name}-file`}>Новая версия (.docx, не больше 5 МБ)</label>
              <input
                type="file"
                id={`${t.name}-file`}
                name="file"
                required
                accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
              />
              <label htmlFor={`${t.name}-note`}>Что изменено</label>
              <input type="text" id={`${t.name}-note`} name="note" maxLength={500} placeholder="например: новый телефон школы" />
              <p>
                <button type="submit" disabled={busy}>
                  {busy ? 'Загрузка…' : 'Загрузить и сделать активной'}
                </button>
              </p>
            </Form>

            <div className="table-wrap">
              <table aria-label={`История версий: ${t.title}`}>
                <thead>
                  <tr>
                    <th scope="col">Версия</th>
                    <th scope="col">Загрузил</th>
                    <th scope="col">Когда</th>
                    <th scope="col">Комментарий</th>
                    <th scope="col">SHA-256</th>
                    <th scope="col">Скачать</th>
                    <th scope="col">Действие</th>
                  </tr>
                </thead>
                <tbody>
                  {[
                    ...t.versions,
                    {
                      version: 0,
                      uploadedBy: '—',
                      createdAt: '—',
                      note: 'исходный шаблон программы',
                      sha256: t.shippedSha256,
                      active: t.activeVersion === 0,
                    },
                  ].map((v) => (
                    <tr key={v.version}>
                      <th scope="row">{v.version}</th>
                      <td>{v.uploadedBy}</td>
                      <td>{v.createdAt}</td>
                      <td>{v.note}</td>
                      <td>
                        <code title={v.sha256}>{v.sha256.slice(0, 12)}…</code>
                      </td>
                      <td>
                        <Links name={t.name} version={v.version} pdf={pdfAvailable} />
                      </td>
                      <td>
                        {v.active ? (
                          <span className="badge">активна</span>
                        ) : 'setAsideReason' in v && v.setAsideReason ? (
                          <span className="badge">отключена: небезопасное содержимое</span>
                        ) : (
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="activate" />
                            <input type="hidden" name="name" value={t.name} />
                            <input type="hidden" name="version" value={v.version} />
                            <button type="submit" className="secondary" disabled={busy}>
                              Сделать активной
                            </button>
                          </Form>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        )
      })}
    </>
  )
}
