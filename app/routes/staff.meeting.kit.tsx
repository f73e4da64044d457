// «Комплект для собрания» (Порядок 2.4): the handout and a pre-filled application per pupil of the class, as one
// Word file. A resource route: a browser's form post gets the file itself, not the page again.
import type { ActionFunctionArgs } from '@remix-run/node'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { publicUrl } from '#app/utils/env.server'
import { clientIp } from '#app/utils/request.server'
import { docxResponse } from '#app/utils/uploads.server'
import { renderMeetingKit } from '#app/documents/on-demand.server'
import { recordAudit } from '#app/models/audit.server'
import { meetingClasses } from '#app/models/school.server'
import { readForm } from '#app/utils/body.server'
import { checkForm, text } from '#app/utils/form-schema'
import { z } from '#workflows/zod'

/** A class the user may hand the kit to; anything else is «Класс не найден» (404), as an unknown id is. */
const KitForm = z.object({ classId: text() })
import { publicApplyUrl } from '#app/models/public-school.server'

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'create:application:any')
  const checked = checkForm(KitForm, await readForm(request))
  const classId = checked.ok ? checked.data.classId : ''
  if (!(await meetingClasses(user)).some((c) => c.id === classId)) throw new Response('Класс не найден', { status: 404 })
  const applyUrl = await publicApplyUrl(publicUrl(request), user.schoolId)
  const kit = await renderMeetingKit(classId, applyUrl)
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'download:meeting-kit',
    entity: 'class',
    entityId: classId,
    ip: clientIp(request),
  })
  return docxResponse(kit.docx, kit.fileName)
}
