// «Передать в архив» by hand (ADR 109): a class of an ended year whose сводная ведомость the worker skipped (its list
// was empty by the class history, or the year ended before the archive was kept). The administration confirms the
// class list — the pupils the class history and the journal put on it — and the ведомость is kept as version 1 of
// that class-year, audited with who did it and the list (Регламент: «передана в архив»; Положение 6.5: 75 лет).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { requireUser, type SessionUser } from '#app/utils/auth.server'
import { can } from '#app/utils/permissions'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { readForm } from '#app/utils/body.server'
import { formValues, list } from '#app/utils/form-schema'
import { SKIPPED, archiveSkippedClass, skippedClass } from '#app/models/results-archive.server'
import { getSchool } from '#app/models/school.server'
import { formatDate } from '#workflows/time'

export const meta: MetaFunction = () => [{ title: 'Передать ведомость в архив' }]

async function requireArchivist(request: Request): Promise<SessionUser> {
  const user = await requireUser(request)
  invariantResponse(can(user.roles, 'archive:results:any'), 'Недостаточно прав для этой страницы', { status: 403 })
  return user
}

const ids = (request: Request) => {
  const url = new URL(request.url)
  return { yearId: url.searchParams.get('year') ?? '', classId: url.searchParams.get('class') ?? '' }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireArchivist(request)
  const { yearId, classId } = ids(request)
  const { timeZone } = await getSchool(user.schoolId)
  const found = await skippedClass(user.schoolId, yearId, classId, new Date(), timeZone)
  invariantResponse(found, 'Класс не найден')
  return json({
    ...found,
    period: { ...found.period, label: `${formatDate(found.period.startsOn)} – ${formatDate(found.period.endsOn)}` },
  })
}

const TransferPost = z.object({ pupilId: list() })

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireArchivist(request)
  const { yearId, classId } = ids(request)
  const { pupilId } = TransferPost.parse(formValues(await readForm(request)))
  const { timeZone } = await getSchool(user.schoolId)
  const result = await archiveSkippedClass(
    user.schoolId,
    { userId: user.id, name: user.displayName, ip: clientIp(request) },
    { yearId, classId, pupilIds: pupilId },
    new Date(),
    timeZone,
  )
  invariantResponse(result, 'Класс не найден')
  // Already in the archive (by the worker, or by hand with another list) is a conflict with what is kept, not a bad form.
  if ('refused' in result) return json({ error: result.refused }, { status: result.refused === SKIPPED.archived ? 409 : 400 })
  // The same list sent again (a double click) is the transfer already made: the same answer as the first (ADR 115).
  return redirect('/staff/reports/results#archive-h', 303)
}

export default function TransferPage() {
  const data = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const blocked = !data.ended || data.archived
  return (
    <>
      <p>
        <Link to="/staff/reports/results">← Сводная ведомость успеваемости</Link>
      </p>
      <h1>
        Передать в архив: ведомость {data.cls.name} за {data.year.name} учебный год
      </h1>
      <p>
        Период «{data.period.name}»: {data.period.label}. Ведомость передаётся в архив по итоговым отметкам за год (Положение, п. 4.4.6) и
        хранится 75 лет (Положение, п. 6.5). Отметьте обучающихся, которые были в списке класса в этом учебном году.
      </p>
      {!data.ended ? <p className="notice">Учебный год этого класса ещё не закончен.</p> : null}
      {data.archived ? <p className="notice">Ведомость этого класса за год уже в архиве.</p> : null}
      {answer && 'error' in answer ? (
        <p className="error" role="alert">
          {answer.error}
        </p>
      ) : null}
      {data.candidates.length === 0 ? (
        <p className="muted">
          Ни история класса, ни его журнал за этот год не называют ни одного обучающегося: ведомость не из чего составить.
        </p>
      ) : (
        <Form method="post">
          <fieldset disabled={blocked}>
            <legend>Список класса за {data.year.name} учебный год</legend>
            {data.candidates.map((p) => (
              <div key={p.id}>
                <input type="checkbox" id={`p-${p.id}`} name="pupilId" value={p.id} defaultChecked />{' '}
                <label htmlFor={`p-${p.id}`}>
                  {p.name}
                  {p.fromJournal ? ' — по журналу класса (перевод не записан)' : ''}; годовых отметок: {p.finals}
                </label>
              </div>
            ))}
          </fieldset>
          <button type="submit" disabled={blocked}>
            Передать в архив
          </button>
        </Form>
      )}
    </>
  )
}
