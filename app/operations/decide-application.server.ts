import { auditRow } from '#app/models/audit.server'
import { reviewPrecheck, type Precheck } from '#app/models/review-precheck.server'
import { clip, cleanMultiline } from '#app/utils/text'
import { confirmPassword, type SessionUser } from '#app/utils/auth.server'
import { roleAllowed, roleDeniedMessage, writesAcceptanceRefusal } from '#workflows/application-rules'
import { actorOf } from './actor'
import { OperationError } from './errors'
import * as steps from './steps.server'
import { transitionApplication } from './transition.server'

const OVERRIDE_MIN = 10
const OVERRIDE_MESSAGE = `Укажите, почему информация предоставляется, несмотря на замечания проверки (не короче ${OVERRIDE_MIN} знаков)`

/**
 * 152-ФЗ, Порядок 1.2: a child's data goes to their legal representative. When the pre-check doubts that this answer
 * does (the applicant is not proven one, or the address differs from the journal's), a grant states why (ADR 089);
 * the reason goes to the access audit with what the check found and whether the journal linked the applicant to the
 * pupil at the grant (a periodic answer is held if that link goes, ADR 091). Null when there is nothing to answer for.
 */
function overrideOf(precheck: Precheck | null, typed: string | undefined) {
  const concerns = precheck?.concerns ?? []
  if (!precheck || concerns.length === 0) return null
  const reason = clip(cleanMultiline(typed ?? '').trim(), 1000)
  if (reason.length < OVERRIDE_MIN)
    throw new OperationError(`${concerns.join(' ')} ${OVERRIDE_MESSAGE} — или верните заявление на доработку, или откажите.`, 400, {
      override: OVERRIDE_MESSAGE,
    })
  return { reason, concerns, linkAtGrant: precheck.applicantLinked }
}

/** The director signs by typing the password again (ADR 023); a wrong one refuses the step, throttled per login and address. */
async function requireSignature(user: SessionUser, password: string, ip: string | undefined) {
  const problem = await confirmPassword(user, password, ip ?? '')
  if (problem) {
    throw new OperationError(problem, problem.startsWith('Слишком много') ? 429 : 400, {
      password: problem.startsWith('Слишком много') ? 'Подождите и введите пароль снова' : 'Неверный пароль',
    })
  }
}

/**
 * Порядок 3.1.1: a refusal to accept the documents, told orally or, on the applicant's request, in a written notice
 * «подписывается руководителем». The written notice goes out as the director's at once, so it is signed the way the
 * director's decisions are: with the password typed again. An oral refusal is only recorded and asks for none.
 */
export async function refuseAcceptance(args: {
  user: SessionUser
  applicationId: string
  grounds: string[]
  form: 'oral' | 'written'
  password?: string
  ip?: string
  expectedVersion?: number
  now?: Date
}) {
  // Anyone else's written refusal is refused by the procedure's rule (writesAcceptanceRefusal), password or not.
  if (args.form === 'written' && writesAcceptanceRefusal(args.user.roles)) {
    if (!args.password) throw new OperationError('Проверьте поля формы', 400, { password: 'Введите пароль для подписи уведомления' })
    await requireSignature(args.user, args.password, args.ip)
  }
  return steps.refuseAcceptance({
    applicationId: args.applicationId,
    schoolId: args.user.schoolId,
    actor: actorOf(args.user),
    grounds: args.grounds,
    form: args.form,
    expectedVersion: args.expectedVersion,
    now: args.now,
  })
}

/**
 * The director's decision (Порядок 3.1.2). Signing asks for the password again; the decision is stamped with
 * the director's name and time in the audit row, and the notice or extract is queued in the same transaction.
 * 'partial' grants what the journal holds and refuses `refusedKinds` on `grounds`: one signature covers both the
 * decision and its refusal notice.
 */
export async function decideApplication(args: {
  user: SessionUser
  applicationId: string
  decision: 'grant' | 'refuse' | 'partial'
  grounds?: string[]
  refusedKinds?: string[]
  password: string
  /** Why information is given although the pre-check doubts who receives it (overrideOf). */
  override?: string
  /** The client address: the signing password is throttled per login and address (ADR 023). */
  ip?: string
  expectedVersion?: number
  now?: Date
}) {
  // The role first: an employee who is not the director is refused as such (403), not asked for a password.
  if (!roleAllowed('GRANT', actorOf(args.user).roles)) throw new OperationError(roleDeniedMessage('GRANT'), 403)
  await requireSignature(args.user, args.password, args.ip)
  const grounds = (args.grounds ?? []).map((g) => g.trim()).filter(Boolean)
  const refusedKinds = [...new Set(args.refusedKinds ?? [])]
  if (args.decision === 'partial' && refusedKinds.length === 0) {
    throw new OperationError('Отметьте, в какой информации отказать', 400, { refusedKinds: 'Отметьте хотя бы один вид информации' })
  }
  if (args.decision === 'partial' && grounds.length === 0) {
    throw new OperationError('Укажите основания отказа в части информации', 400, { grounds: 'Укажите основание отказа' })
  }
  // One pre-check serves both questions a grant asks (the director's screen showed the same one).
  const precheck = args.decision === 'refuse' ? null : await reviewPrecheck(args.user.schoolId, args.applicationId)
  // Порядок 1.2, 2.7, 3.3: access credentials go only to a guardian confirmed by a document, through a contact the
  // school has (workflows/guardian-status.ts), unless the partial decision refuses them. The pre-check already
  // proposed a refusal or a correction request.
  const credentialsGiven = args.decision === 'grant' || (args.decision === 'partial' && !refusedKinds.includes('access'))
  if (credentialsGiven && precheck?.credentialsRefusal)
    throw new OperationError(
      `${precheck.credentialsRefusal} Решение о предоставлении не принято: ` +
        'верните заявление на доработку (запрос исправления) или откажите.',
      409,
    )
  const override = overrideOf(precheck, args.override)
  const event =
    args.decision === 'grant'
      ? ({ type: 'GRANT' } as const)
      : args.decision === 'partial'
        ? ({ type: 'GRANT', refusedKinds, grounds } as const)
        : ({ type: 'REFUSE', grounds } as const)
  return transitionApplication({
    applicationId: args.applicationId,
    schoolId: args.user.schoolId,
    actor: actorOf(args.user),
    event,
    expectedVersion: args.expectedVersion,
    now: args.now,
    // The reason commits with the decision, or neither does.
    within: override
      ? async (tx) => {
          await tx.auditEvent.create({
            data: auditRow({
              schoolId: args.user.schoolId,
              userId: args.user.id,
              action: 'decide:override',
              entity: 'application',
              entityId: args.applicationId,
              ip: args.ip,
              data: { decision: args.decision, reason: override.reason, concerns: override.concerns, linkAtGrant: override.linkAtGrant },
            }),
          })
        }
      : undefined,
  })
}
