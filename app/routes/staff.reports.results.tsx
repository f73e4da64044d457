// Сводная ведомость успеваемости (Положение 4.3.8, 4.6.3): a class's final marks of a period per pupil and subject,
// the summary per subject (успеваемость, качество) and for the class, as a page (and a Word report:
// staff.reports.results.docx.ts). Read-only, for the deputy director, the director and the ЭЖ administrator, and for a
// class teacher their own class (ADR 068).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requireReportReader } from '#app/models/journal/report-access.server'
import { getResultsReport } from '#app/models/results-report.server'
import {
  resultsArchiveView,
  RESULTS_ARCHIVE_AFTER_DAYS,
  RESULTS_ARCHIVE_WITHIN_DAYS,
  RESULTS_ARCHIVE_YEARS,
} from '#app/models/results-archive.server'
import { getSchool } from '#app/models/school.server'
import { formatDate } from '#workflows/time'
import { TableWrap } from '#app/components/parent/table-wrap'

export const meta: MetaFunction = () => [{ title: 'Сводная ведомость успеваемости' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, classTeacherId, noClasses } = await requireReportReader(request)
  const url = new URL(request.url)
  const report = await getResultsReport(user.schoolId, url.searchParams.get('class'), url.searchParams.get('period'), classTeacherId)
  // The archive is listed whether or not a class of the current year is the reader's: a former class teacher, or the
  // administration between two years, still reads the years kept.
  const { timeZone } = await getSchool(user.schoolId)
  const view = await resultsArchiveView(user.schoolId, classTeacherId, new Date(), timeZone)
  const archive = view.archive.map((a) => ({ ...a, createdAt: formatDate(a.createdAt, timeZone) }))
  const { unarchived } = view
  if (!report && archive.length === 0 && unarchived.length === 0) throw new Response(noClasses, notFound)
  // The archive's rules as numbers for the page's words (the constants live in a server module).
  const rules = { afterDays: RESULTS_ARCHIVE_AFTER_DAYS, withinDays: RESULTS_ARCHIVE_WITHIN_DAYS, years: RESULTS_ARCHIVE_YEARS }
  const body = { archive, unarchived, rules }
  return json(report ? { ...report, ...body, noReport: null } : { ...body, noReport: noClasses })
}

const notFound = { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }

type ArchiveRow = { id: string; year: string; className: string; version: number; createdAt: string }

/** The year-end archive (Регламент; Положение 6.5): Word files per class and year, made by the worker. */
type ArchiveRules = { afterDays: number; withinDays: number; years: number }

function Archive({
  rows,
  unarchived,
  rules,
}: {
  rows: ArchiveRow[]
  unarchived: Array<{ year: string; yearId: string; classes: Array<{ id: string; name: string }> }>
  rules: ArchiveRules
}) {
  return (
    <section aria-labelledby="archive-h">
      <h2 id="archive-h">Архив: ведомости за учебный год</h2>
      <p className="hint">
        Сводная ведомость класса за учебный год передаётся в архив автоматически через {rules.afterDays} дней после окончания периода «Год»,
        когда годовые отметки выставлены (Положение, п. 4.4.6), и хранится {rules.years} лет (Положение, п. 6.5). Если годовая отметка
        изменена позже, в архив добавляется новая версия ведомости; прежние версии сохраняются.
      </p>
      {unarchived.map((u) => (
        <div key={u.year} className="notice" role="status">
          <p>
            Ведомости за {u.year} учебный год не переданы в архив автоматически: {u.classes.map((c) => c.name).join(', ')}. Список класса по
            данным журнала пуст или год закончился более чем за {rules.afterDays + rules.withinDays} дней до архивирования, и нынешние
            списки классов его не восстанавливают. Администрация передаёт такую ведомость в архив вручную, подтвердив список класса.
          </p>
          <ul>
            {u.classes.map((c) => (
              <li key={c.id}>
                <Link to={`/staff/reports/results/transfer?year=${u.yearId}&class=${c.id}`}>
                  Передать в архив: {c.name}, {u.year}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {rows.length === 0 ? (
        <p className="muted">В архиве пока нет ведомостей.</p>
      ) : (
        <TableWrap label="Архив ведомостей за учебный год">
          <table aria-labelledby="archive-h">
            <thead>
              <tr>
                <th scope="col">Учебный год</th>
                <th scope="col">Класс</th>
                <th scope="col">Версия</th>
                <th scope="col">Передана в архив</th>
                <th scope="col">Файл</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id}>
                  <td>{a.year}</td>
                  <th scope="row">{a.className}</th>
                  <td>{a.version}</td>
                  <td>{a.createdAt}</td>
                  <td>
                    <a
                      href={`/staff/reports/results/archive/${a.id}`}
                      download
                      aria-label={`Скачать ведомость ${a.className} за ${a.year}, версия ${a.version} (Word)`}
                    >
                      Скачать (Word)
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  )
}

export default function ResultsReportPage() {
  const data = useLoaderData<typeof loader>()
  return (
    <>
      <p>
        <Link to="/staff/reports">← Отчёты по журналу</Link>
      </p>
      <h1>Сводная ведомость успеваемости</h1>
      {'classId' in data ? <Report r={data} /> : <p className="muted">{data.noReport}</p>}
      <Archive rows={data.archive} unarchived={data.unarchived} rules={data.rules} />
    </>
  )
}

function Report({ r }: { r: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { classId: string }> }) {
  const names = (list: string[]) => (list.length ? list.join(', ') : 'нет')
  return (
    <>
      <p>Итоговые отметки класса за период: Положение, п. 4.3.8, 4.6.3.</p>
      <Form method="get" className="period-switch" key={`${r.classId}-${r.periodId}`}>
        <label htmlFor="class">Класс</label>
        <select id="class" name="class" defaultValue={r.classId}>
          {r.classes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <label htmlFor="period">Период</label>
        <select id="period" name="period" defaultValue={r.periodId}>
          {r.periods.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <button type="submit">Показать</button>
      </Form>
      <h2>
        {r.className}, {r.periodName}
      </h2>
      {r.grade === 1 ? <p className="notice">В 1-х классах отметки не выставляются (Положение об ЭЖ, п. 3.7).</p> : null}
      {r.subjects.length === 0 ? (
        <p className="muted">Итоговых отметок за период в журнале нет.</p>
      ) : (
        <>
          <TableWrap label="Итоговые отметки обучающихся">
            <table>
              <thead>
                <tr>
                  <th scope="col">№</th>
                  <th scope="col">Обучающийся</th>
                  {r.subjects.map((s) => (
                    <th key={s} scope="col">
                      {s}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.pupils.map((p, i) => (
                  <tr key={i}>
                    <td>{i + 1}</td>
                    <th scope="row">{p.pupil}</th>
                    {r.subjects.map((s) => (
                      <td key={s}>{p.marks[s] ?? '—'}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <h2>Итоги по предметам</h2>
          <TableWrap label="Итоги по предметам">
            <table>
              <thead>
                <tr>
                  <th scope="col">Предмет</th>
                  <th scope="col">«5»</th>
                  <th scope="col">«4»</th>
                  <th scope="col">«3»</th>
                  <th scope="col">«2»</th>
                  <th scope="col">Без отметки</th>
                  <th scope="col">Успеваемость</th>
                  <th scope="col">Качество</th>
                </tr>
              </thead>
              <tbody>
                {r.summaries.map((s) => (
                  <tr key={s.subject}>
                    <th scope="row">{s.subject}</th>
                    <td>{s.five}</td>
                    <td>{s.four}</td>
                    <td>{s.three}</td>
                    <td>{s.two}</td>
                    <td>{s.none}</td>
                    <td>{s.progress}</td>
                    <td>{s.quality}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <dl className="props">
            <dt>Отличники</dt>
            <dd>{names(r.summary.excellent)}</dd>
            <dt>Хорошисты</dt>
            <dd>{names(r.summary.good)}</dd>
            <dt>Неуспевающие</dt>
            <dd>{names(r.summary.failing)}</dd>
          </dl>
        </>
      )}
      <p>
        <a href={`/staff/reports/results/docx?class=${r.classId}&period=${r.periodId}`} download>
          Скачать ведомость (Word)
        </a>
      </p>
    </>
  )
}
