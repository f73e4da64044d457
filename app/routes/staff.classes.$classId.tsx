import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { can } from '#app/utils/permissions'
import { invariantResponse } from '#app/utils/request.server'
import { getClassRoster } from '#app/models/class.server'
import { credentialsErrorOf, listClassGuardians, listWaitingLetters } from '#app/models/class-credentials.server'
import { recordAudit } from '#app/models/audit.server'
import { ClassRoster } from '#app/components/class-roster'
import { ClassCredentials } from '#app/components/class-credentials'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Класс ${data?.roster.name ?? ''}` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:class:any')
  const roster = await getClassRoster(user.schoolId, params.classId ?? '')
  invariantResponse(roster, 'Класс не найден')
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'view:class', entity: 'class', entityId: roster.id })
  // Положение 4.1.7: the ЭЖ administrator may issue the credentials of any class (for a class teacher who cannot).
  const credentials = can(user.roles, 'issue:credentials:any')
    ? {
        guardians: await listClassGuardians(user.schoolId, roster.id),
        letters: await listWaitingLetters(user.schoolId, roster.id),
        error: credentialsErrorOf(new URL(request.url).searchParams.get('credentials')),
      }
    : null
  return json({ roster, credentials })
}

export default function StaffClass() {
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
          from="staff"
        />
      ) : null}
    </>
  )
}
