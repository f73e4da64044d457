import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { getApplicationOfGuardian } from '#app/models/application-status.server'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { invariantResponse } from '#app/utils/request.server'

/** The parent's own application opens its status page; another family's id is «not found», with nothing leaked. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:application:own')
  const own = user.guardianId ? await getApplicationOfGuardian(user.guardianId, params.applicationId ?? '') : null
  invariantResponse(own, 'Заявление не найдено')
  return redirect(`/s/${own.token}`)
}

// Never shown (the loader redirects or throws), but it makes this a page route: another family's id gets the app's
// error page, not the bare text a resource route would answer with.
export default function OwnApplication() {
  return null
}
