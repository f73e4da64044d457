// The e-diary of one child for the current period (Порядок 2.5): forecast, marks with topics, homework,
// attendance and the timetable. Each part says why it is empty when the journal has nothing to show.
import type { Forecast } from '#app/models/journal/forecast.server'
import type { JournalInformation } from '#app/models/journal/types'
import { formatDay } from '#app/utils/format'
import { TableWrap } from './table-wrap'

type Kinds = JournalInformation['kinds']
type Unavailable = { available: false; reason: string }

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  )
}

const Reason = ({ value }: { value: Unavailable | undefined }) => <p className="muted">{value?.reason ?? 'Нет данных.'}</p>

export function ForecastSection({ forecast }: { forecast: Forecast | null }) {
  const title = `Прогноз отметок${forecast?.period ? ` за ${forecast.period.name}` : ''}`
  if (!forecast) return <Section id="forecast-title" title={title}><p className="muted">Нет данных.</p></Section>
  return (
    <Section id="forecast-title" title={title}>
      {forecast.notes.map((n) => <p key={n} className="hint">{n}</p>)}
      {forecast.result.available ? (
        <TableWrap label="Прогноз отметок по предметам">
          <table>
            <thead><tr><th scope="col">Предмет</th><th scope="col">Отметок</th><th scope="col">Средний балл</th><th scope="col">Прогноз</th><th scope="col">Замечания</th></tr></thead>
            <tbody>
              {forecast.result.subjects.map((s) => (
                <tr key={s.subjectId}>
                  <th scope="row">{s.subject}</th>
                  <td>{s.marksCount}</td>
                  <td>{s.averageText}</td>
                  <td className="mark">{s.status === 'final' ? <>{s.final} <span className="hint">(итоговая)</span></> : s.forecast ?? '—'}</td>
                  <td>{s.warnings.length ? <ul>{s.warnings.map((w) => <li key={w}>{w}</li>)}</ul> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : <Reason value={forecast.result} />}
      <p className="hint">Прогноз — средневзвешенный балл по отметкам периода; итоговую отметку выставляет учитель.</p>
    </Section>
  )
}

export function MarksSection({ marks }: { marks: Kinds['marks'] }) {
  return (
    <Section id="marks-title" title="Оценки">
      {marks?.available ? (
        marks.rows.length === 0 ? <p className="muted">Оценок в этом периоде пока нет.</p> : (
          <TableWrap label="Оценки с темами уроков">
            <table>
              <thead><tr><th scope="col">Дата</th><th scope="col">Предмет</th><th scope="col">Тема и вид занятия</th><th scope="col">Вид работы</th><th scope="col">Оценка</th></tr></thead>
              <tbody>
                {marks.rows.map((m, i) => (
                  <tr key={i}><td>{formatDay(m.date)}</td><td>{m.subject}</td><td>{m.topic}{m.lessonKind && m.lessonKind !== 'урок' ? ` (${m.lessonKind})` : ''}</td><td>{m.workType}</td><td className="mark">{m.mark}</td></tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )
      ) : <Reason value={marks as Unavailable | undefined} />}
    </Section>
  )
}

/** The newest first; past the first 40 the rest fold away under a line that says how many (the list used to stop at 40 without a word). */
const HOMEWORK_SHOWN = 40
function HomeworkList({ rows }: { rows: Array<{ date: string; subject: string; text: string }> }) {
  const item = (h: (typeof rows)[number], i: number) => <li key={i}><strong>{formatDay(h.date)}, {h.subject}:</strong> {h.text}</li>
  const rest = rows.length - HOMEWORK_SHOWN
  return (
    <>
      {rest > 0 ? <p className="muted">Всего заданий: {rows.length}; сначала — {HOMEWORK_SHOWN} последних.</p> : null}
      <ul>{rows.slice(0, HOMEWORK_SHOWN).map(item)}</ul>
      {rest > 0 ? (
        <details className="homework-rest">
          <summary>Показать более ранние задания ({rest})</summary>
          <ul>{rows.slice(HOMEWORK_SHOWN).map((h, i) => item(h, HOMEWORK_SHOWN + i))}</ul>
        </details>
      ) : null}
    </>
  )
}

export function HomeworkSection({ homework }: { homework: Kinds['homework'] }) {
  return (
    <Section id="homework-title" title="Домашние задания">
      {homework?.available ? (
        homework.rows.length === 0 ? <p className="muted">Домашних заданий нет.</p> : (
          <HomeworkList rows={[...homework.rows].reverse()} />
        )
      ) : <Reason value={homework as Unavailable | undefined} />}
    </Section>
  )
}

export function AttendanceSection({ attendance }: { attendance: Kinds['attendance'] }) {
  if (!attendance?.available) return <Section id="attendance-title" title="Посещаемость"><Reason value={attendance as Unavailable | undefined} /></Section>
  const o = attendance.totals.overall
  return (
    <Section id="attendance-title" title="Посещаемость">
      <p>Пропущено уроков: <strong>{o.missed}</strong> (по уважительной причине — {o.valid}, без уважительной — {o.invalid}), опозданий: {o.late}.</p>
      {attendance.rows.length ? (
        <TableWrap label="Пропуски и опоздания">
          <table>
            <thead><tr><th scope="col">Дата</th><th scope="col">Предмет</th><th scope="col">Отметка</th><th scope="col">Причина</th></tr></thead>
            <tbody>
              {attendance.rows.map((a, i) => (
                <tr key={i}><td>{formatDay(a.date)}</td><td>{a.subject}</td><td>{a.kindLabel}</td><td>{a.reason || (a.valid ? 'уважительная' : '—')}</td></tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </Section>
  )
}

export function TimetableSection({ timetable }: { timetable: Kinds['timetable'] }) {
  return (
    <Section id="timetable-title" title="Расписание">
      {timetable?.available ? (
        <TableWrap label="Расписание уроков">
          <table>
            <caption className="muted" style={{ textAlign: 'left' }}>Действует на {formatDay(timetable.validOn)}</caption>
            <thead><tr><th scope="col">День</th><th scope="col">Урок</th><th scope="col">Предмет</th><th scope="col">Кабинет</th><th scope="col">Учитель</th></tr></thead>
            <tbody>
              {timetable.rows.map((t) => (
                <tr key={`${t.weekday}-${t.period}-${t.subject}-${t.group}`}>
                  <td>{t.weekdayLabel}</td><td>{t.period}</td><td>{t.subject}{t.group !== 'весь класс' ? ` (${t.group})` : ''}</td><td>{t.room}</td><td>{t.teacher}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : <Reason value={timetable as Unavailable | undefined} />}
    </Section>
  )
}
