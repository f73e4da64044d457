import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PeriodFilter } from '#app/components/staff/period-filter'
import { invariantResponse, clientIp } from '#app/utils/request.server'
import { canReadClassJournal, classJournalScope, requireJournalReader } from '#app/models/journal/staff-access.server'
import { getClassJournal, type ClassJournal } from '#app/models/journal/class-journal.server'
import { recordAudit } from '#app/models/audit.server'
import { formatDay } from '#app/utils/format'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Журнал ${data?.journal.cls.name ?? ''} класса` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireJournalReader(request)
  const classId = params.classId ?? ''
  // A teacher sees only the classes they lead or teach; any other class is «not found».
  invariantResponse(await canReadClassJournal(user, classId), 'Класс не найден')
  const url = new URL(request.url)
  // A subject teacher reads the groups and subjects they teach, not the other teachers' marks (Регламент; 152-ФЗ).
  const journal = await getClassJournal(
    user.schoolId,
    classId,
    { subjectId: url.searchParams.get('subject'), periodId: url.searchParams.get('period') },
    await classJournalScope(user, classId),
  )
  invariantResponse(journal, 'Класс не найден')
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'view:journal',
    entity: 'class',
    entityId: classId,
    ip: clientIp(request),
    data: { subjectId: journal.subject?.id ?? null, periodId: journal.period?.id ?? null },
  })
  return json({ journal })
}

export default function ClassJournalPage() {
  const { journal } = useLoaderData<typeof loader>()
  const { cls, period, subject } = journal
  return (
    <>
      <h1>
        Журнал {cls.name} класса{subject ? `: ${subject.name}` : ''}
      </h1>
      <p>
        Классный руководитель: {cls.classTeacher}. {period ? period.label : 'Учебные периоды не заданы'}.
      </p>
      <PeriodFilter periods={journal.periods} periodId={period?.id}>
        <div>
          <label htmlFor="subject">Предмет</label>
          <select id="subject" name="subject" defaultValue={subject?.id ?? ''}>
            {journal.subjects.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      </PeriodFilter>
      {period?.notStarted ? <p className="notice">{period.name} ещё не началась: записей в журнале нет.</p> : null}
      {!subject && !period?.notStarted ? <p className="notice">За этот период в журнале нет уроков.</p> : null}
      {journal.groups.map((g) => (
        <GroupGrid key={g.id} group={g} subject={subject?.name ?? ''} period={period?.name ?? ''} />
      ))}
      {journal.groups.length ? (
        <p className="hint">
          Обозначения: н — отсутствовал(а){journal.causes ? ', б — болел(а)' : ''}, оп — опоздал(а); пустая серая клетка — обучающийся в это
          время не был в группе.
        </p>
      ) : null}
      {journal.lessons.length ? <Lessons lessons={journal.lessons} /> : null}
    </>
  )
}

function GroupGrid({ group, subject, period }: { group: ClassJournal['groups'][number]; subject: string; period: string }) {
  return (
    <section aria-labelledby={`g-${group.id}`}>
      <h2 id={`g-${group.id}`}>{group.name === 'весь класс' ? 'Весь класс' : group.name}</h2>
      <div className="table-wrap">
        <table className="journal-grid">
          <caption>
            {group.name.startsWith(subject) ? group.name : `${subject}, ${group.name}`}: оценки и пропуски, {period}
          </caption>
          <thead>
            <tr>
              <th scope="col">Обучающийся</th>
              {group.lessons.map((l) => (
                <th scope="col" key={l.id}>
                  <abbr title={`${formatDay(l.date)}, ${l.period}-й урок`}>{formatDay(l.date).slice(0, 5)}</abbr>
                </th>
              ))}
              <th scope="col">Средний балл</th>
            </tr>
          </thead>
          <tbody>
            {group.pupils.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link to={`/staff/pupils/${p.id}`}>{p.short}</Link>
                  {p.leftOn ? <span className="muted"> (выбыл(а) {formatDay(p.leftOn)})</span> : null}
                </th>
                {p.cells.map((c, i) => (
                  <td key={group.lessons[i].id} className={c.member ? undefined : 'not-member'}>
                    {c.marks.map((m, k) => (
                      // The work type in the tooltip for a mouse, and read out after the mark by a screen reader
                      // (a title alone is not); on a phone the pupil's card lists each mark with its work type.
                      <span key={k} className="mark" title={m.workType}>
                        {m.value}
                        <span className="visually-hidden"> ({m.workType})</span>
                      </span>
                    ))}
                    {c.absence ? <span className="absence">{c.absence}</span> : null}
                  </td>
                ))}
                <td>{p.average}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function Lessons({ lessons }: { lessons: ClassJournal['lessons'] }) {
  return (
    <section aria-labelledby="topics-h">
      <h2 id="topics-h">Темы уроков и домашние задания</h2>
      <div className="table-wrap">
        <table>
          <caption>Проведённые уроки по предмету</caption>
          <thead>
            <tr>
              <th scope="col">Дата</th>
              <th scope="col">Урок</th>
              <th scope="col">Группа</th>
              <th scope="col">Тема</th>
              <th scope="col">Вид</th>
              <th scope="col">Домашнее задание</th>
              <th scope="col">Учитель</th>
            </tr>
          </thead>
          <tbody>
            {lessons.map((l) => (
              <tr key={l.id}>
                <td>{formatDay(l.date)}</td>
                <td>{l.period}</td>
                <td>{l.group}</td>
                <td>{l.topic}</td>
                <td>{l.kind}</td>
                <td>{l.homework}</td>
                <td>{l.teacher}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
