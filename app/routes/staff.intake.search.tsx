// JSON for the desk's journal lookup (staff only): families whose pupil's or parent's surname starts so.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { can } from '#app/utils/permissions'
import { requireIntakeUser, searchJournal } from '#app/models/intake.server'
import { cleanLine, clip } from '#app/utils/text'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireIntakeUser(request)
  if (!can(user.roles, 'read:pupil:any')) throw new Response('Недостаточно прав для поиска в журнале', { status: 403 })
  const q = clip(cleanLine(new URL(request.url).searchParams.get('q') ?? ''), 80)
  return json({ matches: await searchJournal(user.schoolId, q) }, { headers: { 'Cache-Control': 'private, no-store' } })
}
