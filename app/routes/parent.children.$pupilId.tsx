import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ApplicationsList } from '#app/components/parent/applications-list'
import { AttendanceSection, PeriodView, WeekView } from '#app/components/parent/diary'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { invariantResponse } from '#app/utils/request.server'
import { getChildForGuardian } from '#app/models/pupil.server'
import { recordAudit } from '#app/models/audit.server'
import { listApplicationsOfGuardian } from '#app/models/application-status.server'
import { getDiaryPeriod, getDiaryWeek } from '#app/models/journal/diary.server'
import { nextTurn } from '#app/utils/abort.server'
import { newFinalMarks } from '#app/models/journal/final-marks.server'
import { getSchoolTimeZone } from '#app/models/calendar.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.child.name ?? 'Обучающийся'} — дневник` }]

/**
 * The child's e-diary (Порядок 2.5): the week view by default (?week=YYYY-MM-DD), the marks by subject with
 * ?view=period&period=<period id | year | all>. A bad parameter shows the default with a Russian message.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:pupil:own')
  await nextTurn(request)
  // Положение 3.6: a parent sees only their own child; another family's id is «not found».
  const child = user.guardianId ? await getChildForGuardian(user.guardianId, params.pupilId ?? '') : null
  invariantResponse(child, 'Обучающийся не найден')
  const url = new URL(request.url)
  const view = url.searchParams.get('view') === 'period' ? 'period' : 'week'
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'view:pupil', entity: 'pupil', entityId: child.id })
  await nextTurn(request) // other requests in between; stop if the client has gone (server/overload.js)
  const week = view === 'week' ? await getDiaryWeek(user.schoolId, child.id, url.searchParams.get('week')) : null
  await nextTurn(request)
  const period = view === 'period' ? await getDiaryPeriod(user.schoolId, child.id, url.searchParams.get('period')) : null
  await nextTurn(request)
  const applications = await listApplicationsOfGuardian(user.guardianId!, { pupilId: child.id, take: 10 })
  // Порядок 2.5 ¶7: final marks set in the last days are named above both views (the parents also get a letter).
  const newFinals = await newFinalMarks(child.id, await getSchoolTimeZone(user.schoolId))
  await nextTurn(request)
  return json({ child, view, week, period, applications, newFinals })
}

export default function Child() {
  const { child, view, week, period, applications, newFinals } = useLoaderData<typeof loader>()
  const base = `/parent/children/${child.id}`
  return (
    <>
      <p className="no-print">
        <Link to="/parent">← Мои дети</Link>
      </p>
      <h1>{child.name}</h1>
      <p>
        {child.className} класс · классный руководитель {child.classTeacher}
      </p>
      {newFinals.length ? (
        <section className="notice" role="status" aria-labelledby="new-finals-title">
          <h2 id="new-finals-title">Новые итоговые отметки</h2>
          {newFinals.map((f) => (
            <p key={f.periodId}>
              <Link to={`${base}?view=period&period=${f.periodId}`}>{f.period}</Link> ({f.setOn}):{' '}
              {f.marks.map((m) => `${m.subject} — ${m.value}`).join('; ')}
            </p>
          ))}
        </section>
      ) : null}
      <nav className="diary-tabs no-print" aria-label="Дневник">
        <Link to={base} aria-current={view === 'week' ? 'page' : undefined}>
          Неделя
        </Link>
        <Link to={`${base}?view=period`} aria-current={view === 'period' ? 'page' : undefined}>
          Оценки за период
        </Link>
      </nav>
      {week || period ? (
        <p className="no-print">
          {/* A paper copy for the family or a meeting with the teacher: the print style leaves out the navigation. */}
          <button type="button" className="secondary" onClick={() => window.print()}>
            {week ? 'Распечатать неделю' : 'Распечатать оценки'}
          </button>
        </p>
      ) : null}
      {week ? <WeekView week={week} pupilId={child.id} /> : null}
      {period ? (
        <>
          <PeriodView data={period} pupilId={child.id} />
          <AttendanceSection attendance={period.attendance} />
        </>
      ) : null}
      {!week && !period ? <p className="muted">Нет данных.</p> : null}
      {/* The diary is what is printed; the applications are the family's business with the school. */}
      <section className="card no-print" aria-labelledby="applications-title">
        <h2 id="applications-title">Заявления о предоставлении информации</h2>
        <ApplicationsList rows={applications.rows} showPupil={false} />
        <p className="no-print" style={{ display: 'flex', flexWrap: 'wrap', gap: '.75rem' }}>
          <Link to={`/apply?pupil=${child.id}`} className="button">
            Подать заявление
          </Link>
          {applications.next ? <Link to="/parent/applications">Все заявления</Link> : null}
        </p>
      </section>
    </>
  )
}
