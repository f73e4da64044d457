// ADR 102: a parent is told, at the address the school has, when someone else changes their e-diary account — the
// password reset (by the class teacher's credentials, an application's credentials letter, the administrator) or the
// e-mail changed by an import. The letter is an outbox row written in the same transaction as the change, keyed by the
// account and the moment of the change: a retried job or a repeated transaction never queues it twice.
import type { Prisma } from '#app/generated/prisma/client'
import { parseEmail } from '#workflows/email'
import { formatDateTime } from '#workflows/time'
import { queueEmail } from './queue-email.server'

type Tx = Prisma.TransactionClient

type ParentNotice =
  | { kind: 'password-reset' }
  /** The administrator's reset with the new one-time password in the attached file (wiped once sent, ADR 019). */
  | { kind: 'password-mailed'; password: string }
  | { kind: 'email-changed'; newEmail: string }
  /** The same reset told at the address before the last change: the password went to the new one (masked). */
  | { kind: 'password-mailed-elsewhere'; to: string }

const SCHOOL_CONTACT = 'Если вы этого не ожидали, сразу сообщите в школу (классному руководителю или директору).'

/** Queues the letter; false when the guardian has no address to tell (nothing queued). */
export async function queueParentAccountNotice(
  tx: Tx,
  args: { schoolId: string; userId: string; to: string; login: string; at: Date; notice: ParentNotice },
): Promise<boolean> {
  const to = parseEmail(args.to)
  if (!to.ok) return false
  const { timeZone, shortName } = await tx.school.findUniqueOrThrow({
    where: { id: args.schoolId },
    select: { timeZone: true, shortName: true },
  })
  const when = formatDateTime(args.at, timeZone)
  const n = args.notice
  const letter =
    n.kind === 'email-changed'
      ? {
          subject: `Изменён адрес электронной почты учётной записи ${args.login}`,
          text: [
            `${when} в электронном журнале (${shortName}) адрес электронной почты вашей учётной записи ${args.login} ` +
              `изменён на «${n.newEmail}». Письма школы теперь приходят на новый адрес.`,
            SCHOOL_CONTACT,
          ],
        }
      : {
          subject: `Сброшен пароль учётной записи ${args.login}`,
          text: [
            `${when} пароль вашей учётной записи ${args.login} в электронном журнале (${shortName}) ` +
              (n.kind === 'password-mailed-elsewhere'
                ? `сброшен администратором электронного журнала. Временный пароль отправлен на новый адрес учётной записи (${n.to}).`
                : n.kind === 'password-mailed'
                  ? 'сброшен администратором электронного журнала. Временный пароль — во вложенном файле; при первом входе система ' +
                    'попросит задать свой пароль. Временный пароль действует 30 дней.'
                  : 'заменён временным: выданы новые реквизиты доступа (их передаёт классный руководитель под роспись или школа ' +
                    'направляет по заявлению).'),
            'Прежний пароль больше не действует, вход на всех устройствах завершён.',
            SCHOOL_CONTACT,
          ],
        }
  await queueEmail(tx, {
    schoolId: args.schoolId,
    to: to.email,
    subject: letter.subject,
    text: letter.text.join('\n\n'),
    ...(n.kind === 'password-mailed'
      ? {
          attachments: [
            {
              fileName: 'Реквизиты доступа.txt',
              contentBase64: Buffer.from(`Логин: ${args.login}\r\nВременный пароль: ${n.password}\r\n`, 'utf8').toString('base64'),
              contentType: 'text/plain; charset=utf-8',
              secret: true as const,
            },
          ],
        }
      : {}),
    idempotencyKey: `parent-account:${n.kind}:${args.userId}:${args.at.toISOString()}`,
  })
  return true
}
