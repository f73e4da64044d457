import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { MaxPartSizeExceededError, json } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { z } from '#workflows/zod'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { clientIp } from '#app/utils/request.server'
import { KIND_DEFS } from '#app/import/kinds/index'
import { applyImport, dryRunImport } from '#app/import/run.server'
import { dropPending, loadPending, savePending } from '#app/import/pending.server'
import { MAX_FILE_BYTES, MAX_ROWS } from '#app/import/limits'
import { toCsv } from '#app/import/cells'
import { IMPORT_KINDS, IMPORT_KIND_LABELS, type ImportKind, type ImportReport } from '#app/import/types'
import { BrokenFormError, readForm as readPlainForm, readMultipartForm } from '#app/utils/body.server'
import { checkForm, text } from '#app/utils/form-schema'

export const meta: MetaFunction = () => [{ title: 'Импорт данных — администрирование ЭЖ' }]

const LIMIT_TEXT = `не больше ${MAX_FILE_BYTES / 1024 / 1024} МБ и ${MAX_ROWS.toLocaleString('ru-RU')} строк`

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'manage:school:any')
  const kinds = IMPORT_KINDS.map((kind) => ({
    kind,
    label: IMPORT_KIND_LABELS[kind],
    columns: KIND_DEFS[kind].columns.map((c) => ({ title: c.title, required: !!c.required, doc: c.doc })),
  }))
  return json({ kinds })
}

const NO_FILE = 'Выберите файл'
const TOO_LARGE = `Файл больше ${MAX_FILE_BYTES / 1024 / 1024} МБ: разделите его на несколько файлов.`
const CheckSchema = z.object({
  intent: z.literal('check', { error: 'Неизвестное действие: обновите страницу' }),
  kind: z.enum(IMPORT_KINDS, { error: 'Выберите вид файла' }),
  // No `required` on the input: the browser's own bubble is not a message on the page. A browser sends an empty
  // part (filename="") when no file is chosen; both that and a missing part get the same Russian message.
  file: z
    .instanceof(File, { error: NO_FILE })
    .refine((f) => f.name !== '', NO_FILE)
    .refine((f) => f.size > 0, 'Файл пустой: выберите файл с данными'),
})
/** «Загрузить»: the checked file's token; any other intent is the check's form. */
const ApplySchema = z.object({ intent: z.literal('apply'), token: text() })

type ActionData =
  | { stage: 'error'; message: string }
  | { stage: 'checked'; report: ImportReport; token: string | null }
  | { stage: 'applied'; report: ImportReport }

const fail = (message: string, status = 400) => json<ActionData>({ stage: 'error', message }, { status })

/** The form, or why it is refused with its status: 413 for a file too large, 400 for a body cut off. */
async function readForm(request: Request): Promise<FormData | { message: string; status: number }> {
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) return readPlainForm(request)
  const length = Number(request.headers.get('content-length') ?? 0)
  if (length > MAX_FILE_BYTES + 64 * 1024) return { message: TOO_LARGE, status: 413 }
  try {
    // At most the route's limit in all (app/utils/body-limits.ts), whether or not Content-Length was sent.
    return await readMultipartForm(request, { maxPartSize: MAX_FILE_BYTES })
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { message: TOO_LARGE, status: 413 }
    if (error instanceof BrokenFormError) return { message: error.message, status: 400 }
    throw error
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:school:any')
  const form = await readForm(request)
  if (!(form instanceof FormData)) return fail(form.message, form.status)
  const parsed = checkForm(ApplySchema, form)
  if (parsed.ok) {
    const pending = parsed.data.token ? await loadPending(parsed.data.token, { userId: user.id, schoolId: user.schoolId }) : null
    if (!pending) return fail('Проверка файла устарела или не найдена: загрузите файл и проверьте его снова.')
    const report = await applyImport({
      schoolId: user.schoolId,
      userId: user.id,
      ip: clientIp(request),
      kind: pending.kind,
      fileName: pending.fileName,
      bytes: pending.bytes,
    })
    if (!report.applied) return json<ActionData>({ stage: 'checked', report, token: null }, { status: 400 })
    await dropPending(parsed.data.token)
    return json<ActionData>({ stage: 'applied', report })
  }
  const checked = checkForm(CheckSchema, form)
  if (!checked.ok) return fail(checked.message)
  const { kind, file } = checked.data
  const bytes = new Uint8Array(await file.arrayBuffer())
  const report = await dryRunImport({ schoolId: user.schoolId, userId: user.id, kind, fileName: file.name, bytes })
  const token = report.ok ? await savePending({ kind, fileName: file.name, userId: user.id, schoolId: user.schoolId, bytes }) : null
  return json<ActionData>({ stage: 'checked', report, token }, { status: report.ok ? 200 : 400 })
}

export default function ImportPage() {
  const { kinds } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  const [kind, setKind] = useState<ImportKind>((data && 'report' in data ? data.report.kind : null) ?? 'pupils')
  const columns = kinds.find((k) => k.kind === kind)?.columns ?? []
  return (
    <>
      <h1>Импорт данных в журнал</h1>
      <p>
        Файл CSV (UTF-8 или Windows-1251, разделитель «;» или «,») или XLSX, {LIMIT_TEXT}. Сначала файл проверяется: отчёт покажет каждую
        ошибочную строку, а в журнал ничего не пишется. Загрузка после подтверждения идёт целиком: либо все строки, либо ни одной. Повторная
        загрузка того же файла ничего не меняет.
      </p>
      <Form method="post" encType="multipart/form-data" className="card no-print" aria-busy={busy === 'check'}>
        <input type="hidden" name="intent" value="check" />
        <label htmlFor="kind">Вид файла</label>
        <select id="kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as ImportKind)}>
          {kinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
        <label htmlFor="file">Файл</label>
        <input
          id="file"
          name="file"
          type="file"
          accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-required="true"
          aria-describedby="file-hint"
        />
        <p className="hint" id="file-hint">
          Первая строка — заголовки столбцов. Порядок столбцов любой.
        </p>
        <details>
          <summary>Столбцы файла «{kinds.find((k) => k.kind === kind)?.label}»</summary>
          <div className="table-wrap">
            <table>
              <caption>Обязательные столбцы отмечены звёздочкой</caption>
              <thead>
                <tr>
                  <th scope="col">Столбец</th>
                  <th scope="col">Формат</th>
                </tr>
              </thead>
              <tbody>
                {columns.map((c) => (
                  <tr key={c.title}>
                    <th scope="row">
                      {c.title}
                      {c.required ? ' *' : ''}
                    </th>
                    <td>{c.doc}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
        <p>
          <button type="submit" disabled={!!busy}>
            {busy === 'check' ? 'Проверяем…' : 'Проверить файл'}
          </button>
        </p>
      </Form>
      <div role="status" aria-live="polite">
        {busy ? (
          <div className="import-progress">
            <progress aria-label={busy === 'check' ? 'Проверка файла' : 'Загрузка в журнал'} />
            <p>
              {busy === 'check' ? 'Файл загружается и проверяется. Большой файл проверяется до минуты.' : 'Данные записываются в журнал…'}
            </p>
          </div>
        ) : null}
      </div>
      {data?.stage === 'error' ? (
        <p className="alert" role="alert">
          {data.message}
        </p>
      ) : null}
      {data && data.stage !== 'error' ? <Report report={data.report} /> : null}
      {data?.stage === 'checked' && data.token ? (
        <Form method="post" className="card no-print">
          <input type="hidden" name="intent" value="apply" />
          <input type="hidden" name="token" value={data.token} />
          <p>Ошибок нет. Записать файл «{data.report.fileName}» в журнал?</p>
          <button type="submit" disabled={!!busy}>
            {busy === 'apply' ? 'Загружаем…' : 'Загрузить в журнал'}
          </button>
        </Form>
      ) : null}
    </>
  )
}

const SHOWN = 1000

function Report({ report }: { report: ImportReport }) {
  const { counts } = report
  const download = () => {
    const rows = [
      ['Файл', 'Строка', 'Столбец', 'Тип', 'Сообщение'],
      ...[...report.errors.map((e) => ({ ...e, type: 'ошибка' })), ...report.warnings.map((w) => ({ ...w, type: 'предупреждение' }))].map(
        (i) => [i.file, i.line === null ? '' : String(i.line), i.column ?? '', i.type, i.message],
      ),
    ]
    const url = URL.createObjectURL(new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }))
    const a = document.createElement('a')
    a.href = url
    a.download = `отчёт-${report.fileName}.csv`
    a.click()
    URL.revokeObjectURL(url)
  }
  return (
    <section aria-labelledby="report-h">
      <h2 id="report-h">
        {report.applied ? 'Файл загружен' : 'Отчёт проверки'}: {report.fileName}
      </h2>
      {report.applied ? <p className="success">Данные записаны в журнал.</p> : null}
      {!report.ok ? <p className="alert">Найдены ошибки: в журнал ничего не записано. Исправьте файл и загрузите его снова.</p> : null}
      <dl className="props">
        <dt>Вид файла</dt>
        <dd>{report.kindLabel}</dd>
        {report.format ? (
          <>
            <dt>Формат</dt>
            <dd>{report.format}</dd>
          </>
        ) : null}
        <dt>Строк с данными</dt>
        <dd>{report.rows}</dd>
        <dt>{report.applied ? 'Добавлено' : 'Будет добавлено'}</dt>
        <dd>{counts.created}</dd>
        <dt>{report.applied ? 'Изменено' : 'Будет изменено'}</dt>
        <dd>{counts.updated}</dd>
        <dt>Без изменений</dt>
        <dd>{counts.unchanged}</dd>
        <dt>Ошибок</dt>
        <dd>{report.errors.length}</dd>
        <dt>Предупреждений</dt>
        <dd>{report.warnings.length}</dd>
      </dl>
      {report.errors.length + report.warnings.length > 0 ? (
        <>
          <p className="no-print">
            <button type="button" className="secondary" onClick={download}>
              Скачать отчёт (CSV)
            </button>
          </p>
          <IssueTable caption="Ошибки" issues={report.errors} />
          <IssueTable caption="Предупреждения" issues={report.warnings} />
        </>
      ) : null}
    </section>
  )
}

function IssueTable({ caption, issues }: { caption: string; issues: ImportReport['errors'] }) {
  if (issues.length === 0) return null
  return (
    <div className="table-wrap">
      <table>
        <caption>
          {caption}
          {issues.length > SHOWN ? ` (показаны первые ${SHOWN} из ${issues.length}; все — в отчёте CSV)` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Файл</th>
            <th scope="col">Строка</th>
            <th scope="col">Столбец</th>
            <th scope="col">Сообщение</th>
          </tr>
        </thead>
        <tbody>
          {issues.slice(0, SHOWN).map((i, n) => (
            <tr key={n}>
              <td>{i.file}</td>
              <td>{i.line ?? '—'}</td>
              <td>{i.column ?? ''}</td>
              <td>{i.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
