// Letters to the responsible employee and the director: deadlines (the sweep's due-soon / overdue notices)
// and the procedure's hand-overs between them.
import { STAGE_LABELS, type Stage } from '#workflows/deadline-stages'
import { STAFF_STATUS_LABELS, type ApplicationStatus } from '#workflows/statuses'
import { formatDateTime, formatReceivedAt } from '#workflows/time'
import { applicantName } from '#workflows/applicant-name'
import type { Block, Letter } from './letter'
import { pupilLine, subjectBase, type LetterContext } from './letter-context.server'
import type { JobPayload } from '#app/jobs/payloads'
import { can, type Role } from '#app/utils/permissions'
import { TERM_TEXT } from '#workflows/deadlines'

/** The director's notice of a compromised account (Регламент 3.3). */
export type CompromiseNotice = Extract<JobPayload<'notify-staff'>, { reason: 'account-compromised' }>
/** The director's notice of access to applications given by an administrator. */
export type AccessNotice = Extract<JobPayload<'notify-staff'>, { reason: 'application-access' }>

const EVENT_TOPICS: Record<string, { topic: string; text: string }> = {
  FORWARD: {
    topic: 'на решение директору',
    text: 'Ответственный работник рассмотрел заявление и передал его на решение (Порядок, п. 3.1.2).',
  },
  GRANT: {
    topic: 'принято решение о предоставлении',
    text: 'Директор принял решение предоставить информацию. Подготовьте и направьте её заявителю.',
  },
  RETURN_TO_REVIEW: {
    topic: 'возвращено на рассмотрение',
    text: 'Директор вернул заявление на рассмотрение. Комментарий — в карточке заявления.',
  },
  SUBMIT_CORRECTION: {
    topic: 'заявитель внёс исправления',
    text: 'Заявитель исправил заявление: срок рассмотрения начался заново (решение 005).',
  },
  INBOUND_REPLY: {
    topic: 'письмо от заявителя',
    text: 'Заявитель прислал письмо по этому заявлению. Оно прикреплено к заявлению: в карточке заявления, раздел «Письма по заявлению».',
  },
  LETTER_BOUNCED: {
    topic: 'письмо заявителю не доставлено',
    text:
      'Почтовый сервер вернул письмо, отправленное заявителю по этому заявлению (причина — в карточке заявления и в «Исходящей ' +
      `почте»). Если это был ответ, информация не предоставлена: срок предоставления (${TERM_TEXT.deliveryDays}) продолжает идти. ` +
      'Передайте ответ иначе — лично или почтой — и отметьте это в карточке заявления, либо уточните у заявителя адрес.',
  },
  PERIODIC_HELD: {
    topic: 'очередная выписка не направлена',
    text:
      'Очередная выписка по периодическому заявлению не сформирована и не направлена: в журнале заявитель больше не значится ' +
      'законным представителем обучающегося (обучающийся или связь удалены, статус не подтверждён). Если это ошибка журнала — исправьте ' +
      'её: выписка будет сформирована в течение часа. Если заявитель больше не законный представитель, сообщите ' +
      'ему об этом; выписки не будут направляться.',
  },
  PERIODIC_PUPIL_LEFT: {
    topic: 'обучающийся выбыл, выписки не направляются',
    text:
      'По журналу обучающийся выбыл из школы (перевод в другую организацию, отчисление): очередные выписки по ' +
      'периодическому заявлению не формируются и не направляются — сведений после даты выбытия в журнале нет (причина — ' +
      'в карточке заявления). Сообщите об этом заявителю; заявление завершится с окончанием учебного года или по его ' +
      'отказу от выписок. Если дата выбытия указана ошибочно, исправьте журнал: выписка будет сформирована в течение часа.',
  },
  WITHDRAW: { topic: 'заявление отозвано', text: 'Заявитель отозвал заявление. Неотправленные документы отменены.' },
  STOP_PERIODIC: {
    topic: 'периодическое предоставление прекращено',
    text: 'Заявитель отказался от дальнейших выписок: расписание остановлено, неотправленная выписка отменена.',
  },
}

function facts(ctx: LetterContext): Block {
  const { app, timeZone } = ctx
  return {
    props: [
      ['Заявитель', applicantName(app)],
      ['Обучающийся', pupilLine(app)],
      ['Поступило', formatReceivedAt(app.receivedAt, app.channel, timeZone)],
      ['Состояние', STAFF_STATUS_LABELS[app.status as ApplicationStatus] ?? app.status],
    ],
  }
}

/** reason: 'deadline:<stage>:<due_soon|overdue>' from the deadline sweep, or the event type of the transition. */
export function staffLetter(ctx: LetterContext, reason: string, due?: Date): Letter {
  const base = subjectBase(ctx.app, ctx.timeZone)
  const tail: Block[] = [{ link: ctx.staffUrl, label: 'Открыть заявление' }, { note: 'Уведомление системы «Справка об успеваемости».' }]
  const deadline = /^deadline:(registration|review|delivery):(due_soon|overdue)$/.exec(reason)
  if (deadline) {
    const stage = STAGE_LABELS[deadline[1] as Stage]
    const overdue = deadline[2] === 'overdue'
    const when = due ? formatDateTime(due, ctx.timeZone) : ''
    return {
      subject: `${overdue ? 'Просрочено' : 'Истекает срок'}: ${stage} — ${base}`,
      blocks: [
        overdue ? `Срок этапа «${stage}» истёк ${when}.` : `Срок этапа «${stage}» истекает ${when}.`,
        facts(ctx),
        overdue ? 'Примите меры: нарушение срока фиксируется в журнале (Порядок, раздел 4).' : 'Завершите этап до истечения срока.',
        ...tail,
      ],
    }
  }
  const topic = EVENT_TOPICS[reason] ?? {
    topic: STAFF_STATUS_LABELS[ctx.app.status as ApplicationStatus]?.toLowerCase() ?? reason,
    text: 'Состояние заявления изменилось.',
  }
  return { subject: `${base} — ${topic.topic}`, blocks: [topic.text, facts(ctx), ...tail] }
}

/** The director's letter about a compromised account (Регламент 3.3, 1.16; ADR 034). */
export function compromiseLetter(payload: CompromiseNotice, timeZone: string): Letter {
  const when = (v: string | null) => (v ? formatDateTime(new Date(v), timeZone) : '')
  const via = payload.via === 'phone' ? 'по телефону' : payload.via === 'in_person' ? 'лично' : 'через личный кабинет'
  const taken = payload.takenBy ? ` (сообщение принял(а) ${payload.takenBy})` : ''
  const who = `${payload.name} (логин ${payload.login})`
  return {
    subject: `Скомпрометирована учётная запись ${payload.login}`,
    blocks: [
      `${who} сообщил(а) ${via} ${when(payload.reportedAt)}${taken}, что пароль к электронному дневнику стал известен другим лицам.`,
      payload.compromisedAt
        ? `Учётная запись заблокирована. Операции, выполненные под ней с ${when(payload.compromisedAt)} (получение ` +
          'сообщения директором), признаны недействительными (Регламент 1.16): записей в журнале действий — ' +
          `${payload.invalidAuditEvents}, действий по заявлениям — ${payload.invalidApplicationEvents}.`
        : payload.lockDeferred
          ? 'Учётная запись директора или администратора ЭЖ ещё не заблокирована: её заблокирует ваша отметка о получении ' +
            'сообщения на странице «Компрометация реквизитов доступа» (/staff/compromise); с этого момента операции под ней ' +
            'признаются недействительными (Регламент 1.16).'
          : 'Учётная запись заблокирована. Отметьте получение сообщения на странице «Компрометация реквизитов доступа» ' +
            '(/staff/compromise): с этого момента операции под учётной записью признаются недействительными (Регламент 1.16).',
      'Сообщите о нарушении в службу технической поддержки Школьного портала ' +
        '(Регламент 3.3) и отметьте на той же странице, когда это сделано.',
      'Чтобы восстановить доступ, выдайте новые реквизиты доступа по заявлению родителя.',
    ],
  }
}

/**
 * The director's letter: an administrator asked for a role that reads applications, or a one-time password, for an
 * account. Since ADR 093 it is a request: it says who confirms it and where; a notice queued before says what was done.
 */
export function accessLetter(
  payload: AccessNotice,
  names: { account: string; login: string; by: string; roles: string },
  timeZone: string,
): Letter {
  const who = `${names.account} (логин ${names.login})`
  const when = formatDateTime(new Date(payload.at), timeZone)
  // ADR 102: the address the director's letters go to; the letter goes to the address on file, not the one asked.
  if (payload.grant === 'email')
    return {
      subject: `Запрошена смена адреса эл. почты учётной записи ${names.login}`,
      blocks: [
        `Администратор ЭЖ ${names.by} ${when} запросил(а) сменить адрес электронной почты работника ${who} (роль: ${names.roles}) ` +
          `на «${payload.email ?? ''}». На этот адрес приходят письма о заявлениях и о доступе к ним.`,
        payload.waits === 'authority'
          ? 'Запрос касается подписи директора: его подтверждает администратор органа управления образованием (или ' +
            'оператор сервера командой npm run confirm-access); до подтверждения адрес не изменится.'
          : 'Пока вы не подтвердите запрос паролем подписи на странице «Подтверждение доступа» (/staff/access), адрес не изменится.',
        'Если вы этого не поручали, откажите в запросе и запишите сообщение о компрометации на странице ' +
          '«Компрометация реквизитов доступа» (/staff/compromise).',
      ],
    }
  // ADR 118: the class teacher's role alone opens no applications — it confirms guardians and issues parents' passwords.
  const readsApplications = payload.roles.some((role) => can([role as Role], 'read:application:any'))
  if (payload.waits)
    return {
      subject:
        payload.grant === 'roles'
          ? `Запрошен доступ к ${readsApplications ? 'заявлениям' : 'данным детей класса'} для учётной записи ${names.login}`
          : `Запрошен временный пароль учётной записи ${names.login}`,
      blocks: [
        payload.grant === 'roles'
          ? `Администратор ЭЖ ${names.by} ${when} запросил(а) для учётной записи ${who} роль: ${names.roles}. ` +
            (readsApplications
              ? 'С ней видны заявления родителей и сведения об обучающихся.'
              : 'С ней классный руководитель подтверждает статус законных представителей и выдаёт родителям реквизиты доступа ' +
                'к электронному дневнику.')
          : `Администратор ЭЖ ${names.by} ${when} запросил(а) временный пароль учётной записи ${who} (роль: ${names.roles}). Кто ` +
            `знает этот пароль, входит под учётной записью с её доступом ${readsApplications ? 'к заявлениям' : 'к данным класса'}, ` +
            'пока владелец не задал свой пароль.',
        payload.waits === 'director'
          ? 'Пока вы не подтвердите запрос паролем подписи на странице «Подтверждение доступа» (/staff/access), ничего не ' +
            'изменится; временный пароль будет показан вам, и вы передадите его работнику лично.'
          : 'Запрос касается подписи директора: его подтверждает администратор органа управления образованием (или ' +
            'оператор сервера командой npm run confirm-access); до подтверждения ничего не изменится.',
        'Если вы этого не поручали, откажите в запросе, проверьте «Журнал доступа» и запишите сообщение о компрометации ' +
          'на странице «Компрометация реквизитов доступа» (/staff/compromise).',
      ],
    }
  return {
    subject:
      payload.grant === 'roles'
        ? `Учётной записи ${names.login} открыт доступ к заявлениям`
        : `Временный пароль учётной записи ${names.login}`,
    blocks: [
      payload.grant === 'roles'
        ? `Администратор ЭЖ ${names.by} ${when} назначил(а) учётной записи ${who} роль: ${names.roles}. С ней видны заявления ` +
          'родителей и сведения об обучающихся.'
        : `Администратор ЭЖ ${names.by} ${when} выдал(а) временный пароль учётной записи ${who} (роль: ${names.roles}). Кто знает ` +
          'этот пароль, входит под учётной записью с её доступом к заявлениям, пока владелец не задал свой пароль.',
      'Если вы этого не поручали, проверьте «Журнал доступа» и запишите сообщение о компрометации на странице ' +
        '«Компрометация реквизитов доступа» (/staff/compromise).',
    ],
  }
}
