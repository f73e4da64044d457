// «Сформировать реквизиты» (Положение 3.1, 4.3.7): issues the credentials of the chosen guardians of a class (or, with
// intent=letter, produces the credentials letter of one application, ADR 019) and answers with the Word file itself — a resource route, so
// the browser's form post downloads it. The file holds the
// one-time passwords and is not stored anywhere. A refused request goes back to the class page with the reason.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { ClassCredentialsForm, classPagePath } from '#app/components/class-credentials-schema'
import { CredentialsRefused, issueClassCredentials } from '#app/operations/issue-class-credentials.server'
import { OperationError } from '#app/operations/errors'
import { confirmGuardianStatus } from '#app/operations/confirm-guardian-status.server'
import { produceCredentialsLetter } from '#app/operations/produce-credentials-letter.server'
import { requireUser } from '#app/utils/auth.server'
import { can } from '#app/utils/permissions'
import { clientIp, invariantResponse } from '#app/utils/request.server'
import { docxResponse } from '#app/utils/uploads.server'
import { readForm } from '#app/utils/body.server'
import { formValues, list, text } from '#app/utils/form-schema'
import { z } from '#workflows/zod'

// Issuing changes passwords: only a POST does it. A GET (a bookmarked address) goes to the class page.
export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(classPagePath('teacher', params.classId ?? ''))
}

/** Both forms of the class page: the selection's letters, or one application's letter (`intent=letter`). */
const CredentialsPost = z.object({
  from: ClassCredentialsForm.shape.from,
  intent: text(),
  applicationId: text(),
  confirmReissue: text().transform((v) => v === 'yes'),
  guardianId: list(),
  pupilId: text(),
  document: text(),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  invariantResponse(
    can(user.roles, 'issue:credentials:own') || can(user.roles, 'issue:credentials:any'),
    'Недостаточно прав для этой страницы',
    { status: 403 },
  )
  const classId = params.classId ?? ''
  const form = await readForm(request)
  const { from, intent, applicationId, confirmReissue, guardianId, pupilId, document } = CredentialsPost.parse(formValues(form))
  const back = (code: string) => redirect(`${classPagePath(from, classId)}?credentials=${code}#credentials`, 303)
  try {
    if (intent === 'confirm-status') {
      // ADR 114: the class teacher records the document that proved a guardian's status; the page shows the result.
      await confirmGuardianStatus({ user, classId, guardianId: guardianId[0] ?? '', pupilId, document, ip: clientIp(request) })
      return redirect(`${classPagePath(from, classId)}#credentials`, 303)
    }
    if (intent === 'letter') {
      // ADR 019: the letter of an application, produced now for printing and kept nowhere.
      const letter = await produceCredentialsLetter({
        user,
        classId,
        applicationId,
        confirmReissue,
        ip: clientIp(request),
      })
      return docxResponse(letter.docx, letter.fileName)
    }
    const parsed = ClassCredentialsForm.safeParse({ guardianId, from })
    // An empty selection still goes through the operation: a stranger to the class gets 404 before any message.
    const result = await issueClassCredentials({
      user,
      classId,
      guardianIds: parsed.success ? parsed.data.guardianId : [],
      confirmReissue,
      ip: clientIp(request),
    })
    return docxResponse(result.docx, result.fileName)
  } catch (error) {
    if (error instanceof CredentialsRefused) return back(error.code)
    if (error instanceof OperationError && error.status === 404) invariantResponse(false, 'Класс не найден')
    throw error
  }
}
