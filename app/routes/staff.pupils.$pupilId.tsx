import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PeriodFilter } from '#app/components/staff/period-filter'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { canReadClassJournal, canReadPupilOf, classJournalScope, requireJournalReader } from '#app/models/journal/staff-access.server'
import { getPupilCard, pupilClassId, type PupilCard } from '#app/models/journal/pupil-card.server'
import { recordView } from '#app/models/audit.server'
import { formatDay, weightText } from '#app/utils/format'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.card.pupil.name ?? 'Обучающийся'} — карточка` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireJournalReader(request)
  const pupilId = params.pupilId ?? ''
  const classId = await pupilClassId(user.schoolId, pupilId)
  // A teacher sees pupils of the classes they lead or teach only; anyone else is «not found».
  invariantResponse(classId && (await canReadClassJournal(user, classId)), 'Обучающийся не найден')
  // A subject teacher sees the marks and attendance of the lessons they keep, absences without their cause, and the
  // forecasts of the subjects they teach the pupil now (Регламент; 152-ФЗ ст. 5 ч. 5, ст. 10; ADR 100, 108).
  const scope = await classJournalScope(user, classId)
  // A subject teacher or a substitute opens the pupils of the groups they taught, on those dates (ADR 115).
  invariantResponse(await canReadPupilOf(scope, classId, pupilId), 'Обучающийся не найден')
  const card = await getPupilCard(user.schoolId, pupilId, new URL(request.url).searchParams.get('period'), { scope })
  invariantResponse(card, 'Обучающийся не найден')
  await recordView({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'view:pupil',
    entity: 'pupil',
    entityId: pupilId,
    ip: clientIp(request),
    data: { periodId: card.range.periodId },
  })
  return json({ card })
}

export default function PupilCardPage() {
  const { card } = useLoaderData<typeof loader>()
  const { pupil, range } = card
  return (
    <>
      <h1>{pupil.name}</h1>
      <dl className="props">
        <dt>Класс</dt>
        <dd>
          <Link to={`/staff/journal/${pupil.classId}`}>{pupil.className}</Link>
        </dd>
        <dt>Дата рождения</dt>
        <dd>{formatDay(pupil.birthDate)}</dd>
        <dt>Зачислен(а)</dt>
        <dd>{formatDay(pupil.enrolledOn)}</dd>
        {pupil.leftOn ? (
          <>
            <dt>Выбыл(а)</dt>
            <dd>{formatDay(pupil.leftOn)}</dd>
          </>
        ) : null}
        <dt>Период</dt>
        <dd>{range.label}</dd>
      </dl>
      <PeriodFilter periods={card.periods} periodId={range.periodId} />
      {card.notes.map((n) => (
        <p key={n} className="notice">
          {n}
        </p>
      ))}
      <Marks marks={card.marks} />
      <Forecast forecast={card.forecast} closed={card.periodClosed} />
      <Attendance attendance={card.attendance} />
    </>
  )
}

function Marks({ marks }: { marks: PupilCard['marks'] }) {
  return (
    <section aria-labelledby="marks-h">
      <h2 id="marks-h">Оценки по предметам</h2>
      {!marks.available ? (
        <p className="notice">{marks.reason}</p>
      ) : (
        <div className="table-wrap" role="region" tabIndex={0} aria-label="Оценки по предметам: таблица">
          <table>
            <caption>Текущие оценки за период: отметка, дата, вид работы и его вес</caption>
            <thead>
              <tr>
                <th scope="col">Предмет</th>
                <th scope="col">Оценки</th>
              </tr>
            </thead>
            <tbody>
              {marks.subjects.map((s) => (
                <tr key={s.subject}>
                  <th scope="row">{s.subject}</th>
                  <td>
                    {/* The date and the work type on the page (and on paper), not in a tooltip only a mouse reaches. */}
                    <ul className="chips" aria-label={`Оценки: ${s.subject}`}>
                      {s.rows.map((m, i) => (
                        <li key={i} className="chip" title={m.topic || undefined}>
                          <span className="mark">{m.mark}</span>{' '}
                          <span className="chip-note">
                            {formatDay(m.date)}, {m.workType}, {weightText(m.weight)}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function Forecast({ forecast, closed }: { forecast: PupilCard['forecast']; closed: boolean }) {
  return (
    <section aria-labelledby="forecast-h">
      <h2 id="forecast-h">{closed ? 'Итоговые отметки за период' : 'Прогноз отметки за период'}</h2>
      {!forecast.available ? (
        <p className="notice">{forecast.reason}</p>
      ) : (
        <div
          className="table-wrap"
          role="region"
          tabIndex={0}
          aria-label={`${closed ? 'Итоговые отметки за период' : 'Прогноз отметки за период'}: таблица`}
        >
          <table>
            <caption>Средневзвешенный балл по весам видов работ (Положение 5.2, 9.2)</caption>
            <thead>
              <tr>
                <th scope="col">Предмет</th>
                <th scope="col">Отметок</th>
                <th scope="col">Средний балл</th>
                <th scope="col">{closed ? 'Итоговая' : 'Прогноз'}</th>
                <th scope="col">Замечания</th>
              </tr>
            </thead>
            <tbody>
              {forecast.subjects.map((s) => (
                <tr key={s.subjectId}>
                  <th scope="row">{s.subject}</th>
                  <td>{s.marksCount}</td>
                  <td>{s.averageText}</td>
                  <td>
                    <span className="mark">{s.final ?? s.forecast ?? '—'}</span>
                  </td>
                  <td>
                    {s.warnings.map((w) => (
                      <div key={w} className="badge warn">
                        {w}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function Attendance({ attendance }: { attendance: PupilCard['attendance'] }) {
  if (!attendance.available) {
    return (
      <section aria-labelledby="att-h">
        <h2 id="att-h">Посещаемость</h2>
        <p className="notice">{attendance.reason}</p>
      </section>
    )
  }
  const { totals } = attendance
  return (
    <section aria-labelledby="att-h">
      <h2 id="att-h">Посещаемость</h2>
      <p>
        Пропущено уроков: {totals.overall.missed} (по уважительной причине {totals.overall.valid}, без уважительной {totals.overall.invalid}
        ); опозданий: {totals.overall.late}.
      </p>
      <div className="grid">
        <TotalsTable
          caption="По предметам"
          head="Предмет"
          rows={totals.bySubject.map((t) => ({ key: t.subject, label: t.subject, ...t }))}
        />
        <TotalsTable caption="По месяцам" head="Месяц" rows={totals.byMonth.map((t) => ({ key: t.month, ...t }))} />
      </div>
      <div className="table-wrap" role="region" tabIndex={0} aria-label="Все отметки о посещаемости: таблица">
        <table>
          <caption>Все отметки о посещаемости</caption>
          <thead>
            <tr>
              <th scope="col">Дата</th>
              <th scope="col">Предмет</th>
              <th scope="col">Отметка</th>
              <th scope="col">Причина</th>
              <th scope="col">Уважительная</th>
            </tr>
          </thead>
          <tbody>
            {attendance.rows.map((a, i) => (
              <tr key={i}>
                <td>{formatDay(a.date)}</td>
                <td>{a.subject}</td>
                <td>{a.kindLabel}</td>
                <td>{a.reason}</td>
                <td>{a.kind === 'late' ? '' : a.valid ? 'да' : 'нет'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function TotalsTable({
  caption,
  head,
  rows,
}: {
  caption: string
  head: string
  rows: Array<{ key: string; label: string; missed: number; valid: number; late: number }>
}) {
  return (
    <div className="table-wrap" role="region" tabIndex={0} aria-label={`Посещаемость ${caption.toLowerCase()}: таблица`}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col">Пропущено</th>
            <th scope="col">из них по уваж. причине</th>
            <th scope="col">Опозданий</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td>{r.missed}</td>
              <td>{r.valid}</td>
              <td>{r.late}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
