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

export const LETTER_STATUSES = ['pending', 'running', 'done', 'failed', 'cancelled'] as const
export type LetterStatus = (typeof LETTER_STATUSES)[number]

export const LETTER_STATUS_LABELS: Record<LetterStatus | 'held', string> = {
  held: 'ждёт настройки SMTP',
  pending: 'в очереди',
  running: 'отправляется',
  done: 'отправлено',
  failed: 'не доставлено',
  cancelled: 'отменено',
}
