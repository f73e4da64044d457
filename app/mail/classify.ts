// What an incoming letter is, from its headers alone: a bounce, an auto-reply, or a letter written by a person.
// Bounces and auto-replies never become applications (and are never answered: no mail loops).

export type MailKind = 'message' | 'reply' | 'auto_reply' | 'bounce'

export type HeaderView = {
  get(name: string): string
  contentType: string
  reportType: string
  from: string
  subject: string
}

const AUTO_PRECEDENCE = /^(auto_reply|bulk|junk|list)$/i
const AUTO_SUBJECT = /^\s*(автоответ|автоматический ответ|auto(matic)?[ -]?reply|out of (the )?office|отсутствую)(?=[\s:!.,]|$)/i
const BOUNCE_SENDER = /^(mailer-daemon|postmaster|mail-daemon)@/i
const BOUNCE_SUBJECT = /(undeliver|delivery status notification|returned mail|failure notice|delivery failure|не доставлено|недоставленное|не удалось доставить)/i

export function isBounce(h: HeaderView): boolean {
  if (h.contentType === 'multipart/report' && h.reportType === 'delivery-status') return true
  return BOUNCE_SENDER.test(h.from) && BOUNCE_SUBJECT.test(h.subject)
}

/** RFC 3834 Auto-Submitted, the common X-Autoreply / X-Autorespond, Precedence, and the usual subjects. */
export function isAutoReply(h: HeaderView): boolean {
  const autoSubmitted = h.get('auto-submitted').toLowerCase()
  if (autoSubmitted && autoSubmitted !== 'no') return true
  if (h.get('x-autoreply') || h.get('x-autorespond') || h.get('x-autoresponse')) return true
  if (AUTO_PRECEDENCE.test(h.get('precedence'))) return true
  return AUTO_SUBJECT.test(h.subject)
}

export function classifyHeaders(h: HeaderView): 'message' | 'auto_reply' | 'bounce' {
  if (isBounce(h)) return 'bounce'
  if (isAutoReply(h)) return 'auto_reply'
  return 'message'
}

/** Message-IDs of our own letters quoted anywhere in the raw message (a bounce carries the original's headers). */
export function ourMessageIds(raw: string, domain: string): string[] {
  const escaped = domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return [...new Set(raw.match(new RegExp(`<[^<>\\s@]+@${escaped}>`, 'gi')) ?? [])]
}

export function bounceReason(raw: string): string {
  const diagnostic = /^Diagnostic-Code:\s*(?:smtp;\s*)?(.+)$/im.exec(raw)?.[1]
  const status = /^Status:\s*([245]\.\d+\.\d+)/im.exec(raw)?.[1]
  return [status ? `Статус ${status}.` : '', diagnostic?.trim() ?? ''].filter(Boolean).join(' ') || 'Почтовый сервер вернул письмо.'
}

export type SubjectRef = { receiptNumber?: string; registration?: { number: number; year: number } }

/** «Заявление (квитанция 20261129-AB12C3)» or «Заявление № 15 от 12.05.2026» in the subject (also after «Re:»). */
export function subjectRef(subject: string): SubjectRef {
  const receipt = /\b(\d{8}-[0-9A-F]{6})\b/i.exec(subject)?.[1]?.toUpperCase()
  const reg = /№\s*(\d{1,6})\s+от\s+(\d{2})\.(\d{2})\.(\d{4})/.exec(subject)
  return {
    ...(receipt ? { receiptNumber: receipt } : {}),
    ...(reg ? { registration: { number: Number(reg[1]), year: Number(reg[4]) } } : {}),
  }
}
