// ADR 114 (Порядок 1.2, 2.7; Положение 3.1, 4.3.7): the class teacher records that a document proved a guardian's
// status of legal representative for a child of the class — the mark that lets credentials be issued to them. Not the
// ЭЖ administrator: their import adds guardians and opens accounts, and a status they confirmed too would let them open
// an account for a «parent» of their own making.
import { auditRow } from '#app/models/audit.server'
import { classForCredentials, mayConfirmStatus } from '#app/models/class-credentials.server'
import { CredentialsRefused } from '#app/operations/issue-class-credentials.server'
import { db } from '#app/utils/db.server'
import type { SessionUser } from '#app/utils/auth.server'
import { OperationError } from './errors'

/** The document's words as the journal keeps them: one line, at most this long. */
const DOCUMENT_MAX = 200

export async function confirmGuardianStatus(args: {
  user: Pick<SessionUser, 'id' | 'schoolId' | 'roles' | 'staffId'>
  classId: string
  guardianId: string
  pupilId: string
  document: string
  ip?: string
}): Promise<void> {
  const cls = await classForCredentials(args.user, args.classId)
  if (!cls) throw new OperationError('Класс не найден', 404)
  if (!mayConfirmStatus(args.user, cls)) throw new CredentialsRefused('status-not-yours')
  const document = args.document.replace(/\s+/g, ' ').trim()
  if (!document || document.length > DOCUMENT_MAX) throw new CredentialsRefused('status-document')
  await db.$transaction(async (tx) => {
    const link = await tx.guardianLink.findFirst({
      where: {
        guardianId: args.guardianId,
        pupilId: args.pupilId,
        statusConfirmed: false,
        pupil: { classId: cls.id, schoolId: args.user.schoolId, leftOn: null },
        guardian: { schoolId: args.user.schoolId },
      },
    })
    if (!link) throw new CredentialsRefused('status-gone')
    await tx.guardianLink.update({ where: { id: link.id }, data: { statusConfirmed: true, confirmedBy: document } })
    await tx.auditEvent.create({
      data: auditRow({
        schoolId: args.user.schoolId,
        userId: args.user.id,
        action: 'confirm:guardian-status',
        entity: 'guardian',
        entityId: args.guardianId,
        ip: args.ip ?? '',
        data: { pupilId: args.pupilId, classId: cls.id, document },
      }),
    })
  })
}
