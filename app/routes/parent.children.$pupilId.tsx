import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ApplicationsList } from '#app/components/parent/applications-list'
import { AttendanceSection, ForecastSection, HomeworkSection, MarksSection, TimetableSection } from '#app/components/parent/journal-sections'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { invariantResponse } from '#app/utils/request.server'
import { getChildForGuardian } from '#app/models/pupil.server'
import { recordAudit } from '#app/models/audit.server'
import { listApplicationsOfGuardian } from '#app/models/application-status.server'
import { getForecast, getJournalInformation } from '#app/models/journal/index.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.child.name ?? 'Обучающийся'} — дневник` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:pupil:own')
  // Положение 3.6: a parent sees only their own child; another family's id is «not found».
  const child = user.guardianId ? await getChildForGuardian(user.guardianId, params.pupilId ?? '') : null
  invariantResponse(child, 'Обучающийся не найден')
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'view:pupil', entity: 'pupil', entityId: child.id })
  // A year without periods (RangeError) leaves the diary empty rather than failing the page.
  const [journal, forecast, applications] = await Promise.all([
    getJournalInformation(user.schoolId, child.id, ['marks', 'homework', 'attendance', 'timetable'], 'current').catch((e) => (e instanceof RangeError ? null : Promise.reject(e))),
    getForecast(child.id, 'current', { schoolId: user.schoolId }).catch((e) => (e instanceof RangeError ? null : Promise.reject(e))),
    listApplicationsOfGuardian(user.guardianId!, child.id),
  ])
  return json({ child, journal, forecast, applications })
}

export default function Child() {
  const { child, journal, forecast, applications } = useLoaderData<typeof loader>()
  const kinds = journal?.kinds ?? {}
  return (
    <>
      <p><Link to="/parent">← Мои дети</Link></p>
      <h1>{child.name}</h1>
      <p>{child.className} класс · классный руководитель {child.classTeacher}</p>
      {journal ? <p className="muted">Период: {journal.range.label}.</p> : null}
      {journal?.notes.map((n) => <p key={n} className="notice">{n}</p>)}
      <ForecastSection forecast={forecast} />
      <MarksSection marks={kinds.marks} />
      <HomeworkSection homework={kinds.homework} />
      <AttendanceSection attendance={kinds.attendance} />
      <TimetableSection timetable={kinds.timetable} />
      <section className="card" aria-labelledby="applications-title">
        <h2 id="applications-title">Заявления о предоставлении информации</h2>
        <ApplicationsList rows={applications} showPupil={false} />
        <p><Link to={`/apply?pupil=${child.id}`} className="button">Подать заявление</Link></p>
      </section>
    </>
  )
}
