// Положение 3.1, 4.3.7: «родители … получают реквизиты доступа у классного руководителя под роспись». For the chosen
// guardians of one class, in one transaction: an account or a new one-time password each (their sessions end), an
// audit event each, and the Word file — a credentials page per guardian and the signature sheet. The file holds the
// passwords, so it is rendered inside the transaction (a broken template changes nothing) and never stored: the
// caller streams it once. Lost? Issue again.
import { auditRow } from '#app/models/audit.server'
import {
  classForCredentials,
  CREDENTIALS_ERRORS,
  PASSWORD_WORKS,
  stateOf,
  type CredentialsErrorCode,
} from '#app/models/class-credentials.server'
import { confirmedForAll } from '#workflows/guardian-status'
import { fullName } from '#app/models/school.server'
import { className as classLabel } from '#app/documents/extract-data.server'
import { formatDate } from '#app/documents/format'
import { renderPool } from '#app/documents/render-pool.server'
import { TemplateError } from '#app/documents/render.server'
import { loadSchoolContext } from '#app/documents/school-block.server'
import { loadActiveTemplate } from '#app/documents/template-store.server'
import type { ClassCredentialsData } from '#app/documents/types'
import { ONE_TIME_PASSWORD_DAYS, type SessionUser } from '#app/utils/auth.server'
import { db, withBusyRetry } from '#app/utils/db.server'
import { initialsFirst, splitFullName } from '#workflows/declension'
import { OperationError } from './errors'
import { issueGuardianCredentials, newOneTimeSecret } from './issue-credentials.server'

/** A refused request, with the code the class page shows the message of (models/class-credentials.server.ts). */
export class CredentialsRefused extends OperationError {
  constructor(
    readonly code: CredentialsErrorCode,
    message: string = CREDENTIALS_ERRORS[code],
  ) {
    super(message, 400)
  }
}

const MAX_GUARDIANS = 200 // a class has ~60 guardians; more is not a form of ours

type IssueClassCredentialsArgs = {
  user: Pick<SessionUser, 'id' | 'schoolId' | 'roles' | 'staffId' | 'displayName'>
  classId: string
  guardianIds: string[]
  /** The user confirmed that the working passwords of the chosen (named on the page) stop working. */
  confirmReissue?: boolean
  ip?: string
  now?: Date
}

export async function issueClassCredentials(args: IssueClassCredentialsArgs) {
  const { user } = args
  const now = args.now ?? new Date()
  const cls = await classForCredentials(user, args.classId)
  if (!cls) throw new OperationError('Класс не найден', 404)
  const ids = [...new Set(args.guardianIds.map((id) => id.trim()).filter(Boolean))]
  if (ids.length === 0) throw new CredentialsRefused('empty', CREDENTIALS_ERRORS.empty)
  if (ids.length > MAX_GUARDIANS) throw new CredentialsRefused('foreign', CREDENTIALS_ERRORS.foreign)

  // Slow on purpose (argon2), so before the transaction; the template and the letterhead are read before it too.
  const secrets = await Promise.all(ids.map(() => newOneTimeSecret()))
  const template = await loadActiveTemplate('rekvizity-klassa', user.schoolId)
  const ctx = await loadSchoolContext(user.schoolId)
  const isClassTeacher = user.staffId !== null && cls.classTeacherId === user.staffId
  // ADR 102: the ЭЖ administrator who made themselves class teacher (the classes import) is still the administrator —
  // a password in use is replaced by a class teacher who does not administer the journal.
  const mayReplace = isClassTeacher && !user.roles.includes('admin')

  try {
    return await withBusyRetry(() =>
      db.$transaction(
        async (tx) => {
          // Read inside the transaction: a guardian's account is created once even when two people issue at once.
          const current = { classId: cls.id, leftOn: null }
          const guardians = await tx.guardian.findMany({
            where: { id: { in: ids }, schoolId: user.schoolId, links: { some: { pupil: current } } },
            include: { links: { where: { pupil: current }, include: { pupil: true } }, user: true },
          })
          if (guardians.length !== ids.length) throw new CredentialsRefused('foreign', CREDENTIALS_ERRORS.foreign)
          // Порядок 1.2: only a guardian whose status is proven by a document gets access to the child's data.
          if (!guardians.every((g) => confirmedForAll(g.links))) throw new CredentialsRefused('unconfirmed', CREDENTIALS_ERRORS.unconfirmed)
          // A password that works today stops working: only when the page named them and the user confirmed.
          if (!args.confirmReissue && guardians.some((g) => PASSWORD_WORKS[stateOf(g.user, now)])) throw new CredentialsRefused('reissue')
          // ADR 102: the administrator opens new accounts (Положение 4.1.7) but does not replace a parent's password —
          // whoever holds the new one reads the family's diary; the class teacher does it, under signature (3.1, 4.3.7).
          if (!mayReplace && guardians.some((g) => g.userId))
            throw new CredentialsRefused(isClassTeacher ? 'admin-class-teacher' : 'not-yours-to-reset')
          guardians.sort((a, b) => fullName(a).localeCompare(fullName(b), 'ru'))

          const rows: ClassCredentialsData['guardians'] = []
          const audits = []
          for (const [i, guardian] of guardians.entries()) {
            const issued = await issueGuardianCredentials(tx, guardian, secrets[i], now)
            const children = guardian.links.map((l) => fullName(l.pupil)).sort((a, b) => a.localeCompare(b, 'ru'))
            rows.push({
              n: String(i + 1),
              fullName: fullName(guardian),
              children: children.join(', '),
              login: issued.login,
              temporaryPassword: issued.password,
            })
            audits.push(
              auditRow({
                schoolId: user.schoolId,
                userId: user.id,
                action: 'issue:credentials',
                entity: 'guardian',
                entityId: guardian.id,
                ip: args.ip,
                data: {
                  classId: cls.id,
                  className: cls.name,
                  login: issued.login,
                  accountCreated: issued.created,
                  endedSessions: issued.endedSessions,
                },
              }),
            )
          }
          await tx.auditEvent.createMany({ data: audits })

          const teacher = cls.classTeacher
          const data: ClassCredentialsData = {
            school: ctx.school,
            className: classLabel(cls.name),
            classTeacher: { fullName: teacher ? fullName(teacher) : '', short: teacher ? initialsFirst(teacher) : '' },
            issuer: {
              position: isClassTeacher ? 'Классный руководитель' : 'Администратор ЭЖ',
              name: initialsFirst(splitFullName(user.displayName)),
            },
            siteUrl: ctx.siteUrl,
            issuedAt: formatDate(now, ctx.timeZone),
            validUntil: formatDate(new Date(now.getTime() + ONE_TIME_PASSWORD_DAYS * 86_400_000), ctx.timeZone),
            guardians: rows,
            total: String(rows.length),
          }
          const docx = await renderPool().render(template.buffer, data, template.version)
          return {
            docx,
            fileName: `Реквизиты доступа ${cls.name} ${data.issuedAt}.docx`,
            issued: rows.map((r, i) => ({ guardianId: guardians[i].id, login: r.login, password: r.temporaryPassword })),
          }
        },
        { timeout: 60_000, maxWait: 20_000 },
      ),
    )
  } catch (error) {
    if (error instanceof TemplateError) throw new CredentialsRefused('template', CREDENTIALS_ERRORS.template)
    throw error
  }
}
