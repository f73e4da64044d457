import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { invariantResponse } from '#app/utils/request.server'
import { getClassRoster } from '#app/models/class.server'
import { recordAudit } from '#app/models/audit.server'
import { ClassRoster } from '#app/components/class-roster'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Класс ${data?.roster.name ?? ''}` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:class:any')
  const roster = await getClassRoster(user.schoolId, params.classId ?? '')
  invariantResponse(roster, 'Класс не найден')
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'view:class', entity: 'class', entityId: roster.id })
  return json({ roster })
}

export default function StaffClass() {
  const { roster } = useLoaderData<typeof loader>()
  return <ClassRoster roster={roster} />
}
