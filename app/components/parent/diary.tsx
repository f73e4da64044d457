// The parent's e-diary views (Порядок 2.5, Положение 2.5): the week as cards (one per day, one per lesson) and the
// marks by subject for a chosen period. No tables: at 320 px every mark stays on screen without sideways scrolling.
import { Fragment } from 'react'
import { Form, Link } from '@remix-run/react'
import type { DiaryComment, DiaryLesson, DiaryPeriod, DiaryWeek, PlannedLesson, SubjectMarks } from '#app/models/journal/diary.server'
import { formatDay, weightText } from '#app/utils/format'
import { mondayOf } from '#workflows/diary'
import { absenceText } from '#workflows/journal-rules'

/** Who wrote a comment and when: «Белова И. С., 16.11.2026». */
const byline = (c: DiaryComment) => [c.author, formatDay(c.writtenOn)].filter(Boolean).join(', ')

/** A lesson's comment: to the pupil alone, or to the whole class (group). */
const lessonCommentLabel = (c: { personal: boolean }) => (c.personal ? 'Рекомендация учителя обучающемуся' : 'Комментарий учителя к уроку')

/**
 * A mark as a chip; the teacher's comment to it (Положение 2.10) is written inside the chip under the mark, as text
 * (not a tooltip), so it is read on a phone and by a screen reader and wraps at 320 px.
 */
function MarkChip({
  value,
  workType,
  weight,
  date,
  topic,
  comment,
}: {
  value: string
  workType: string
  weight: number
  date?: string
  /** The lesson's topic, where the chip stands away from its lesson (the marks of a period by subject). */
  topic?: string
  comment?: DiaryComment | null
}) {
  const title = `${date ? `${formatDay(date)}, ` : ''}${workType}, ${weightText(weight)}`
  return (
    <li className={comment || topic ? 'chip has-comment' : 'chip'}>
      <span className="mark">{value}</span> <span className="chip-note">{title}</span>
      {topic ? (
        <span className="mark-topic">
          <span className="muted">Тема урока:</span> {topic}
        </span>
      ) : null}
      {comment ? (
        <span className="mark-comment">
          <span className="muted">Комментарий учителя:</span> {comment.text} <span className="hint">({byline(comment)})</span>
        </span>
      ) : null}
    </li>
  )
}

export function WeekView({ week, pupilId }: { week: DiaryWeek; pupilId: string }) {
  const href = (monday: string) => `/parent/children/${pupilId}?week=${monday}`
  return (
    <section aria-labelledby="week-title">
      <h2 id="week-title">
        Неделя {formatDay(week.monday)} — {formatDay(week.sunday)}
      </h2>
      {week.error ? (
        <p className="alert" role="alert">
          {week.error}
        </p>
      ) : null}
      {week.gradeOneNote ? <p className="notice">{week.gradeOneNote}</p> : null}
      <nav className="week-nav no-print" aria-label="Недели">
        {week.previous ? (
          <Link to={href(week.previous)} rel="prev">
            ← Предыдущая неделя
          </Link>
        ) : (
          <span />
        )}
        <Link to={`/parent/children/${pupilId}`}>Текущая неделя</Link>
        {week.next ? (
          <Link to={href(week.next)} rel="next">
            Следующая неделя →
          </Link>
        ) : (
          <span />
        )}
      </nav>
      {week.days.map((d) => (
        <section
          key={d.date}
          className={`card day${d.today ? ' today' : ''}`}
          aria-labelledby={`day-${d.date}`}
          aria-current={d.today ? 'date' : undefined}
        >
          <h3 id={`day-${d.date}`}>
            {d.weekday[0].toUpperCase() + d.weekday.slice(1)}, {formatDay(d.date)}
            {d.today ? <span className="badge ok"> сегодня</span> : null}
          </h3>
          {d.holiday ? <p className="notice">{d.holiday}</p> : null}
          {d.events.length ? (
            <ul className="day-events" aria-label="Школьные мероприятия">
              {d.events.map((e) => (
                <li key={e.id} className="day-event">
                  <span className="badge">Мероприятие</span>{' '}
                  <strong>
                    {e.time ? `${e.time} · ` : ''}
                    {e.title}
                  </strong>
                  {e.place || e.audience ? <span className="hint"> ({[e.place, e.audience].filter(Boolean).join('; ')})</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
          {d.due.length ? (
            <div className="due">
              <p className="muted">Задано на этот день:</p>
              <ul>
                {d.due.map((h, i) => (
                  <li key={i}>
                    <strong>{h.subject}:</strong> {h.homework} <span className="hint">(задано {formatDay(h.setOn)})</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {d.lessons.length === 0 && d.planned.length === 0 ? (
            d.holiday ? null : (
              <p className="muted">{emptyDayText(d.date, week.today)}</p>
            )
          ) : (
            <ol className="lessons">
              {byPeriod(d.lessons, d.planned).map((item) =>
                item.recorded ? (
                  <RecordedLesson key={item.recorded.id} l={item.recorded} />
                ) : (
                  <PlannedLessonItem key={`p${item.period}-${item.planned.subject}`} l={item.planned} />
                ),
              )}
            </ol>
          )}
        </section>
      ))}
    </section>
  )
}

/** The journal's lessons and the timetable's still to come, in the order of the day. */
const byPeriod = (lessons: DiaryLesson[], planned: PlannedLesson[]) =>
  [
    ...lessons.map((l) => ({ period: l.period, recorded: l, planned: null })),
    ...planned.map((l) => ({ period: l.period, recorded: null, planned: l })),
  ].sort((a, b) => a.period - b.period)

/** A day with nothing to show: before today the journal has no lesson; today and later the timetable has none. */
const emptyDayText = (date: string, today: string) => (date < today ? 'В журнале уроков за этот день нет.' : 'Уроков по расписанию нет.')

/** A lesson of the timetable the journal has not recorded yet: when, what, where and who; the topic comes with the lesson. */
function PlannedLessonItem({ l }: { l: PlannedLesson }) {
  return (
    <li className="lesson planned">
      <p className="lesson-head">
        <strong>
          {l.period} урок{l.time ? <span className="lesson-time"> · {l.time}</span> : null} · {l.subject}
        </strong>
        <span className="badge">по расписанию</span>
      </p>
      <p className="hint">{[l.room ? `каб. ${l.room}` : '', l.teacher].filter(Boolean).join(' · ')}</p>
    </li>
  )
}

function RecordedLesson({ l }: { l: DiaryLesson }) {
  return (
    <li key={l.id} className="lesson">
      <p className="lesson-head">
        <strong>
          {l.period} урок{l.time ? <span className="lesson-time"> · {l.time}</span> : null} · {l.subject}
        </strong>
        {l.kindLabel ? <span className="badge warn">{l.kindLabel}</span> : null}
        {l.replaces ? <span className="badge">замена</span> : null}
        {l.moved ? <span className="badge">перенос</span> : null}
      </p>
      <p className="hint">{[l.room ? `каб. ${l.room}` : '', l.teacher].filter(Boolean).join(' · ')}</p>
      {l.replaces ? (
        <p className="hint">
          Замена: урок провёл(а) {l.teacher} вместо {l.replaces}
        </p>
      ) : null}
      {l.moved ? <p className="hint">Урок перенесён: в расписании на это время его нет</p> : null}
      {l.topic ? (
        <p>
          <span className="muted">Тема:</span> {l.topic}
        </p>
      ) : null}
      {l.homework ? (
        <p>
          <span className="muted">Домашнее задание{l.homeworkDueOn ? ` (к ${formatDay(l.homeworkDueOn)})` : ''}:</span> {l.homework}
        </p>
      ) : null}
      {l.marks.length ? (
        <ul className="chips" aria-label="Оценки за урок">
          {l.marks.map((m, i) => (
            <MarkChip key={i} {...m} />
          ))}
        </ul>
      ) : null}
      {l.absence ? <p className="absence">Посещаемость: {l.absence}</p> : null}
      {l.comments.map((c, i) => (
        <p key={i} className="lesson-comment">
          <span className="muted">{lessonCommentLabel(c)}:</span> {c.text} <span className="hint">({byline(c)})</span>
        </p>
      ))}
    </li>
  )
}

function SubjectCard({ s, closed }: { s: SubjectMarks; closed: boolean }) {
  return (
    <li className="card subject">
      <h3>{s.subject}</h3>
      {s.marks.length ? (
        <ul className="chips" aria-label={`Оценки: ${s.subject}`}>
          {s.marks.map((m, i) => (
            <MarkChip key={i} value={m.mark} workType={m.workType} weight={m.weight} date={m.date} topic={m.topic} comment={m.comment} />
          ))}
        </ul>
      ) : (
        <p className="muted">Оценок нет.</p>
      )}
      <dl className="props">
        <dt>Средневзвешенный балл</dt>
        <dd>{s.averageText}</dd>
        {closed ? null : (
          <>
            <dt>Прогноз</dt>
            <dd className="mark">{s.forecast ?? '—'}</dd>
          </>
        )}
        {s.finals.length ? (
          <>
            <dt>Итоговые отметки</dt>
            <dd>{s.finals.map((f) => `${f.period}: ${f.value}`).join('; ')}</dd>
          </>
        ) : null}
        {s.yearFinal ? (
          <>
            <dt>Годовая отметка</dt>
            <dd className="mark">{s.yearFinal}</dd>
          </>
        ) : null}
      </dl>
      {s.warnings.length ? (
        <ul className="hint">
          {s.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
    </li>
  )
}

export function PeriodView({ data, pupilId }: { data: DiaryPeriod; pupilId: string }) {
  return (
    <section aria-labelledby="period-title">
      <h2 id="period-title">Оценки по предметам</h2>
      {data.error ? (
        <p className="alert" role="alert">
          {data.error}
        </p>
      ) : null}
      <Form method="get" action={`/parent/children/${pupilId}`} className="period-switch no-print">
        <input type="hidden" name="view" value="period" />
        <label htmlFor="period">Период</label>
        <select id="period" name="period" defaultValue={data.selected} key={data.selected}>
          {data.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <button type="submit">Показать</button>
      </Form>
      <p className="muted">Период: {data.range.label}.</p>
      {data.notes.map((n) => (
        <p key={n} className="hint">
          {n}
        </p>
      ))}
      {data.result.available ? (
        <ul className="subjects">
          {data.result.subjects.map((s) => (
            <SubjectCard key={s.subject} s={s} closed={data.closed} />
          ))}
        </ul>
      ) : (
        <p className="muted">{data.result.reason}</p>
      )}
      <p className="hint">
        Прогноз — средневзвешенный балл по отметкам периода, округлённый по правилам школы; итоговую отметку выставляет учитель.
      </p>
      <ScheduleCards schedule={data.schedule} pupilId={pupilId} />
    </section>
  )
}

/** Порядок 2.5: the control works of the period, the teachers working with the class, the holiday schedule. */
function ScheduleCards({ schedule, pupilId }: { schedule: DiaryPeriod['schedule']; pupilId: string }) {
  return (
    <>
      <section className="card" aria-labelledby="control-works-title">
        <h3 id="control-works-title">Контрольные работы</h3>
        {schedule.controlWorks.length ? (
          <ul>
            {schedule.controlWorks.map((w, i) => (
              // The date opens the week of the work, as a paper diary is turned to its page.
              <li key={i}>
                <Link to={`/parent/children/${pupilId}?week=${mondayOf(w.date)}`}>{formatDay(w.date)}</Link>, {w.subject}: {w.topic}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">В этом периоде контрольных работ в журнале нет.</p>
        )}
      </section>
      <section className="card" aria-labelledby="teachers-title">
        <h3 id="teachers-title">Педагоги, работающие с классом</h3>
        {schedule.teachers.length ? (
          <dl className="props">
            {schedule.teachers.map((t) => (
              <Fragment key={t.subject}>
                <dt>{t.subject}</dt>
                <dd>{t.teachers.join(', ')}</dd>
              </Fragment>
            ))}
          </dl>
        ) : (
          <p className="muted">Расписание не задано.</p>
        )}
      </section>
      <section className="card" aria-labelledby="holidays-title">
        <h3 id="holidays-title">Каникулы</h3>
        {schedule.holidays.length ? (
          <ul>
            {schedule.holidays.map((h) => (
              <li key={h.name + h.startsOn}>
                {h.name}: {formatDay(h.startsOn)} — {formatDay(h.endsOn)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">График каникул не задан.</p>
        )}
      </section>
    </>
  )
}

/** Absences and lateness of the chosen period: the totals, then one line per lesson missed (a list, not a table). */
export function AttendanceSection({ attendance }: { attendance: DiaryPeriod['attendance'] }) {
  return (
    <section className="card" aria-labelledby="attendance-title">
      <h2 id="attendance-title">Посещаемость</h2>
      {!attendance.available ? (
        <p className="muted">{attendance.reason}</p>
      ) : (
        <>
          <p>
            Пропущено уроков: <strong>{attendance.totals.overall.missed}</strong> (по уважительной причине —{' '}
            {attendance.totals.overall.valid}, без уважительной — {attendance.totals.overall.invalid}), опозданий:{' '}
            {attendance.totals.overall.late}.
          </p>
          {attendance.rows.length ? (
            <ul className="absences">
              {attendance.rows.map((a, i) => (
                <li key={i}>
                  {formatDay(a.date)}, {a.subject}: {absenceText(a)}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </section>
  )
}
