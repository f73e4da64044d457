// Words for the mail screens. Shared by the server code and the route components, so it must not be a
// `.server` module: the browser bundle replaces those with empty modules (every import is undefined there).

export const INBOUND_STATUS_LABELS: Record<string, string> = {
  new: 'новое',
  application: 'заявление создано',
  attached: 'прикреплено к заявлению',
  refused: 'отказано в приёме',
  ignored: 'не заявление',
}

export const INBOUND_KIND_LABELS: Record<string, string> = {
  message: 'письмо',
  reply: 'ответ по заявлению',
  auto_reply: 'автоответ',
  bounce: 'возврат (не доставлено)',
}

export const LETTER_STATUSES = ['pending', 'running', 'unsure', 'done', 'failed', 'cancelled'] as const
export type LetterStatus = (typeof LETTER_STATUSES)[number]

export const LETTER_STATUS_LABELS: Record<LetterStatus | 'held', string> = {
  held: 'ждёт настройки SMTP',
  pending: 'в очереди',
  running: 'отправляется',
  unsure: 'неизвестно, ушло ли письмо',
  done: 'отправлено',
  failed: 'не доставлено',
  cancelled: 'отменено',
}

/** «каждую минуту», «каждые 5 мин», «каждые 30 с»: how often the school's mailbox is read. */
function everyPoll(seconds: number): string {
  if (seconds === 60) return 'каждую минуту'
  if (seconds % 60 === 0) return `каждые ${seconds / 60} мин`
  return `каждые ${seconds} с`
}

const INBOX_NONE: Record<string, string> = {
  new: 'Новых писем нет.',
  attached: 'Ответов по заявлениям нет.',
  application: 'Писем, из которых созданы заявления, нет.',
  ignored: 'Автоответов и возвратов нет.',
}

/**
 * What the responsible employee reads on an empty inbound list: not only «нет писем» but where letters come from —
 * the school's mailbox read on its own, or, without one, the .eml files uploaded on the same page.
 */
export function inboxEmptyNote(input: { status: string; address: string; pollSeconds: number | null }): string {
  const none = Object.hasOwn(INBOX_NONE, input.status) ? INBOX_NONE[input.status] : 'Писем нет.'
  const at = input.address ? ` ${input.address}` : ''
  if (input.pollSeconds === null)
    return `${none} Почтовый ящик школы не подключён: здесь появляются только письма, загруженные вручную (ниже).`
  return (
    `${none} Сюда сами приходят письма на адрес школы${at}: ящик проверяется ${everyPoll(input.pollSeconds)}. ` +
    'Письмо, пришедшее на другой адрес, загрузите вручную (ниже).'
  )
}

/** The administrator's empty outbox: which letters the program writes, so an empty list is not a mystery. */
export function outboxEmptyNote(status: string): string {
  const label = Object.hasOwn(LETTER_STATUS_LABELS, status) ? LETTER_STATUS_LABELS[status as LetterStatus] : null
  if (status) return label ? `Писем в состоянии «${label}» нет.` : 'Писем в этом состоянии нет.'
  return (
    'Писем пока нет. Их пишет сама программа: заявителям — о получении, регистрации и рассмотрении заявления и ответ с ' +
    'документами (если заявитель указал эл. почту); директору и ответственному работнику — о заявлениях на решение, о сроках, о ' +
    'компрометации и выдаче доступа; родителям с доступом к дневнику — об итоговых отметках.'
  )
}
