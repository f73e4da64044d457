import { confirmPassword, type SessionUser } from '#app/utils/auth.server'
import { actorOf } from './actor'
import { OperationError } from './errors'
import { transitionApplication } from './transition.server'

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
  expectedVersion?: number
  now?: Date
}) {
  if (!(await confirmPassword(args.user, args.password))) {
    throw new OperationError('Пароль для подписи введён неверно — решение не принято', 400, { password: 'Неверный пароль' })
  }
  const grounds = (args.grounds ?? []).map((g) => g.trim()).filter(Boolean)
  const refusedKinds = [...new Set(args.refusedKinds ?? [])]
  if (args.decision === 'partial' && refusedKinds.length === 0) {
    throw new OperationError('Отметьте, в какой информации отказать', 400, { refusedKinds: 'Отметьте хотя бы один вид информации' })
  }
  if (args.decision === 'partial' && grounds.length === 0) {
    throw new OperationError('Укажите основания отказа в части информации', 400, { grounds: 'Укажите основание отказа' })
  }
  const event = args.decision === 'grant'
    ? ({ type: 'GRANT' } as const)
    : args.decision === 'partial'
      ? ({ type: 'GRANT', refusedKinds, grounds } as const)
      : ({ type: 'REFUSE', grounds } as const)
  return transitionApplication({ applicationId: args.applicationId, schoolId: args.user.schoolId, actor: actorOf(args.user), event, expectedVersion: args.expectedVersion, now: args.now })
}
