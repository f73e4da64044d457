// Порядок 3.3, Положение 3.1, 4.3.7 and ADR 019: the credentials letter of an application that is handed over in
// person or posted is produced by whoever issues credentials for the pupil's class (its class teacher, the ЭЖ
// administrator) at the moment it is printed. In one transaction: the account gets a new one-time password (its
// sessions end), the production is audited, the school's copy — the login and «пароль выдан <date>», no password —
// is stored with the application and named by the delivery record. The letter itself is returned to be streamed
// once and is kept nowhere. Producing it again replaces the password: the earlier letter stops working, so it asks
// for confirmation first.
import { auditRow } from '#app/models/audit.server'
import { classForCredentials, waitingLetterWhere } from '#app/models/class-credentials.server'
import { applicantCredentialsCheck } from '#app/models/guardian-status.server'
import { credentialsCopyData, credentialsFileName, credentialsLetterData } from '#app/documents/credentials-letter.server'
import { renderPool } from '#app/documents/render-pool.server'
import { TemplateError } from '#app/documents/render.server'
import { loadSchoolContext } from '#app/documents/school-block.server'
import { storeDocument } from '#app/documents/store.server'
import { loadActiveTemplate } from '#app/documents/template-store.server'
import type { SessionUser } from '#app/utils/auth.server'
import { db, withBusyRetry } from '#app/utils/db.server'
import { formatDate } from '#workflows/time'
import { CredentialsRefused } from './issue-class-credentials.server'
import { OperationError } from './errors'
import { issueGuardianCredentials, newOneTimeSecret } from './issue-credentials.server'

type ProduceCredentialsLetterArgs = {
  user: Pick<SessionUser, 'id' | 'schoolId' | 'roles' | 'staffId' | 'displayName'>
  classId: string
  applicationId: string
  /** The user confirmed that the password of the letter produced earlier stops working. */
  confirmReissue: boolean
  ip?: string
  now?: Date
}

export async function produceCredentialsLetter(args: ProduceCredentialsLetterArgs) {
  const { user } = args
  const now = args.now ?? new Date()
  const cls = await classForCredentials(user, args.classId)
  if (!cls) throw new OperationError('Класс не найден', 404)
  const delivery = await db.delivery.findFirst({
    where: {
      ...waitingLetterWhere(cls.id),
      applicationId: args.applicationId,
      application: { schoolId: user.schoolId, pupil: { classId: cls.id } },
    },
    include: { application: true },
  })
  if (!delivery) throw new CredentialsRefused('letter-gone')
  const previous = delivery.documentId
    ? await db.storedDocument.findUnique({ where: { id: delivery.documentId }, select: { createdAt: true } })
    : null
  if (previous && !args.confirmReissue) throw new CredentialsRefused('letter-reissue')

  const app = delivery.application
  const secret = await newOneTimeSecret()
  const template = await loadActiveTemplate('rekvizity-dostupa', user.schoolId)
  const ctx = await loadSchoolContext(user.schoolId)
  try {
    return await withBusyRetry(() =>
      db.$transaction(
        async (tx) => {
          // Порядок 1.2, 2.7: checked again inside the transaction — a link may have changed since the decision.
          const { link, eligibility } = await applicantCredentialsCheck(app, tx)
          if (!eligibility.ok || !link) throw new CredentialsRefused('letter-guardian', eligibility.ok ? undefined : eligibility.message)
          const issued = await issueGuardianCredentials(tx, link.guardian, secret, now)
          const letter = credentialsLetterData(app, ctx, now, issued)
          const docx = await renderPool().render(template.buffer, letter, template.version)
          const copy = await renderPool().render(template.buffer, credentialsCopyData(letter), template.version)
          const [copyId] = await storeDocument(
            {
              schoolId: app.schoolId,
              applicationId: app.id,
              kind: 'credentials',
              fileName: credentialsFileName(app, true),
              docx: copy,
              templateVersion: template.version,
              sourceKey: `${delivery.idempotencyKey}:copy:${now.getTime()}`,
              createdBy: user.displayName,
            },
            tx,
          )
          await tx.delivery.update({ where: { id: delivery.id }, data: { documentId: copyId } })
          await tx.auditEvent.create({
            data: auditRow({
              schoolId: user.schoolId,
              userId: user.id,
              action: 'produce:credentials-letter',
              entity: 'application',
              entityId: app.id,
              ip: args.ip,
              data: {
                channel: delivery.channel,
                login: issued.login,
                accountCreated: issued.created,
                endedSessions: issued.endedSessions,
                guardianId: issued.guardianId,
                replaced: previous ? formatDate(previous.createdAt, ctx.timeZone) : null,
              },
            }),
          })
          return { docx, fileName: credentialsFileName(app, false) }
        },
        { timeout: 60_000, maxWait: 20_000 },
      ),
    )
  } catch (error) {
    if (error instanceof TemplateError) throw new CredentialsRefused('template')
    throw error
  }
}
