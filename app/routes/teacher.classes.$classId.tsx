import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { invariantResponse } from '#app/utils/request.server'
import { getClassRoster, teacherCanSeeClass } from '#app/models/class.server'
import { classForCredentials, credentialsErrorOf, listClassGuardians, listWaitingLetters } from '#app/models/class-credentials.server'
import { ClassRoster } from '#app/components/class-roster'
import { ClassCredentials } from '#app/components/class-credentials'
import { recordAudit } from '#app/models/audit.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Класс ${data?.roster.name ?? ''}` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:class:own')
  const classId = params.classId ?? ''
  // A teacher sees only the classes they lead or teach; anything else is «not found».
  invariantResponse(await teacherCanSeeClass(user.schoolId, user.staffId, classId), 'Класс не найден')
  const roster = await getClassRoster(user.schoolId, classId)
  invariantResponse(roster, 'Класс не найден')
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'view:class', entity: 'class', entityId: classId })
  // Положение 4.3.7: only the class teacher of this class hands out the credentials, not its subject teachers.
  const credentials = (await classForCredentials(user, classId))
    ? {
        guardians: await listClassGuardians(user.schoolId, classId),
        letters: await listWaitingLetters(user.schoolId, classId),
        error: credentialsErrorOf(new URL(request.url).searchParams.get('credentials')),
      }
    : null
  return json({ roster, credentials })
}

export default function TeacherClass() {
  const { roster, credentials } = useLoaderData<typeof loader>()
  return (
    <>
      <ClassRoster roster={roster} />
      {credentials ? (
        <ClassCredentials
          key={roster.id}
          classId={roster.id}
          guardians={credentials.guardians}
          letters={credentials.letters}
          error={credentials.error}
          from="teacher"
        />
      ) : null}
    </>
  )
}
