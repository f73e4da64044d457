import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { invariantResponse } from '#app/utils/request.server'
import { openClassPage } from '#app/models/class-page.server'
import { ClassPage } from '#app/components/class-page'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Класс ${data?.roster.name ?? ''}` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:class:own')
  // A teacher sees only the classes they lead or teach; anything else is «not found».
  const page = await openClassPage(user, params.classId ?? '', new URL(request.url).searchParams, 'own')
  invariantResponse(page, 'Класс не найден')
  return json(page)
}

export default function TeacherClass() {
  return <ClassPage page={useLoaderData<typeof loader>()} from="teacher" />
}
