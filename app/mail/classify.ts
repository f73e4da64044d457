// What an incoming letter is, from its headers alone: a bounce, an auto-reply, or a letter written by a person.
// Bounces and auto-replies never become applications (and are never answered: no mail loops).
import { clip } from '#workflows/text'
import { writersOwnWords } from './prefill'

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
const BOUNCE_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mail-delivery-system|mdaemon|no-reply-dsn)@/i
// The subjects mail servers give their non-delivery reports (Exim, Postfix, Sendmail, Exchange/Outlook, Gmail,
// Yandex, Mail.ru, Rambler), in English and Russian. A subject alone is not enough (a parent may write «письмо не
// доставлено?»): it counts with a daemon sender, an empty Return-Path, or one of our Message-IDs quoted.
const BOUNCE_SUBJECT = new RegExp(
  [
    'undeliver',
    'undelivered mail',
    'returned to sender',
    'returning message to sender',
    'mail delivery failed',
    'delivery status notification',
    'delivery (?:has )?failed',
    'delivery failure',
    'failure notice',
    'returned mail',
    'mail delivery (?:subsystem|system)',
    'nondeliverable',
    'non-delivery',
    'не доставлен',
    'недоставленн',
    'не удалось доставить',
    'не может быть доставлен',
    'ошибка доставки',
    'возврат(?:ное)? письм',
    'уведомление о (?:состоянии|статусе) доставки',
    'сбой доставки',
  ].join('|'),
  'i',
)

type BounceEvidence = {
  /** Return-Path: <> — the null sender every MTA uses for its reports (RFC 5321 4.5.5). */
  nullSender?: boolean
  /** How many of our own Message-IDs the letter quotes (in its body, a quoted header block or an attached original). */
  quotesOurs?: number
  /** The Action of each recipient the report's delivery-status part names (RFC 3464 2.3.3): «failed», «delayed»… */
  actions?: string[]
}

/** RFC 3464 2.3.3: the actions that say the letter is on its way or arrived — a notice, not a return. */
const NOT_FAILED = new Set(['delayed', 'delivered', 'relayed', 'expanded'])

/**
 * A report that returns nothing: a delay warning («Delivery Status Notification (Delay)», Postfix's «Delayed Mail
 * (still being retried)», Exchange's «Delivery delayed») whose every recipient is still being tried or was reached,
 * or a read receipt (RFC 8098 disposition-notification). The letter may yet arrive or has arrived: it is not failed,
 * and the receipt is not the applicant writing.
 */
function isStatusNotice(h: HeaderView, evidence: BounceEvidence): boolean {
  if (h.contentType !== 'multipart/report') return false
  if (h.reportType === 'disposition-notification') return true
  const actions = evidence.actions ?? []
  return h.reportType === 'delivery-status' && actions.length > 0 && actions.every((a) => NOT_FAILED.has(a))
}

/**
 * A non-delivery report: a DSN (RFC 3464 multipart/report; report-type=delivery-status), Exim's X-Failed-Recipients,
 * or the usual subject together with a daemon sender, the null sender, or our Message-ID quoted in the body.
 */
function isBounce(h: HeaderView, evidence: BounceEvidence = {}): boolean {
  if (h.contentType === 'multipart/report' && h.reportType === 'delivery-status') return true
  if (h.get('x-failed-recipients')) return true
  if (!BOUNCE_SUBJECT.test(h.subject)) return false
  return BOUNCE_SENDER.test(h.from) || !h.from || evidence.nullSender === true || (evidence.quotesOurs ?? 0) > 0
}

/** RFC 3834 Auto-Submitted, the common X-Autoreply / X-Autorespond, Precedence, and the usual subjects. */
function isAutoReply(h: HeaderView): boolean {
  const autoSubmitted = h.get('auto-submitted').toLowerCase()
  if (autoSubmitted && autoSubmitted !== 'no') return true
  if (h.get('x-autoreply') || h.get('x-autorespond') || h.get('x-autoresponse')) return true
  if (AUTO_PRECEDENCE.test(h.get('precedence'))) return true
  return AUTO_SUBJECT.test(h.subject)
}

export function classifyHeaders(h: HeaderView, evidence: BounceEvidence = {}): 'message' | 'auto_reply' | 'bounce' {
  // Before the bounce test: a delay warning is a delivery-status report too, and returns nothing.
  if (isStatusNotice(h, evidence)) return 'auto_reply'
  // Before the auto-reply test: Exim's bounces carry Auto-Submitted: auto-replied too.
  if (isBounce(h, evidence)) return 'bounce'
  if (isAutoReply(h)) return 'auto_reply'
  return 'message'
}

/**
 * What an out-of-office or «received» reply says in its text when its mailer sets no header (Outlook's rules, Exchange's
 * «Автоматический ответ», Yandex's and Mail.ru's autoresponders, a help desk). Read strictly (ADR 121): a parent
 * writes «я в командировке», «сын отсутствует», «ваше письмо получено, но…» too, and a letter dropped as an auto-reply
 * is an application lost. So the text must carry a machine's own marker: «автоматический ответ», «сформировано
 * автоматически», «автоответ», «не отвечайте на это письмо», «out of office», «auto-reply», a help desk's «получено и
 * будет рассмотрено» or «зарегистрировано под номером» — or an away phrase («я в отпуске», «нахожусь на больничном»,
 * «буду отсутствовать») together with what only an away notice adds: «по срочным вопросам обращайтесь…», «доступ к
 * почте ограничен», «отвечу по возвращении» — or «до 14.12» in a letter that says nothing else (ADR 125).
 */
const MACHINE_MARK = new RegExp(
  [
    String.raw`автоматическ`,
    String.raw`автоответ`,
    String.raw`не\s+отвечайте\s+на\s+(?:это|данное|него|нее|неё)`,
    String.raw`out\s+of\s+(?:the\s+)?office`,
    String.raw`\bauto(?:matic)?[- ]?(?:reply|response|responder)\b`,
    String.raw`ваш[еа]?\s+(?:письмо|сообщение|обращение|запрос)\s+(?:\S+\s+){0,2}(?:получен[оа]?\s+и\s+будет\s+(?:рассмотрен|обработан)|` +
      String.raw`зарегистрирован[оа]?\s+под\s+(?:номером|№))`,
  ].join('|'),
  'iu',
)
const AWAY = new RegExp(
  String.raw`(?:^|[\s,.:;!-])(?:в\s+(?:очередном\s+|ежегодном\s+|учебном\s+|декретном\s+)?отпуске|на\s+больничном|в\s+командировке)|` +
    String.raw`буду\s+отсутствовать|не\s+буду\s+(?:на\s+связи|доступ\S*)|вне\s+офиса|` +
    String.raw`\bI\s+(?:am|will\s+be|'m)\s+(?:currently\s+)?(?:out|away|on\s+(?:vacation|leave|holiday|sick\s+leave)|travell?ing)\b`,
  'iu',
)
/** What only an away notice adds to its away phrase: whom to ask meanwhile, when it will answer. */
const AWAY_NOTICE = new RegExp(
  String.raw`по\s+(?:срочным\s+|всем\s+)?вопросам\s+(?:прошу\s+)?обращ|` +
    String.raw`доступ\s+к\s+(?:почте|e-?mail)\s+ограничен|отвечу\s+(?:после|по\s+возвращении|когда)`,
  'iu',
)
/** A letter's sentences and clauses: split at their ends and commas, never at a date's dots («до 10.01.2027»). */
const CLAUSE_END = /[!?;\n]+|[.,](?!\d)|\s[—–-]\s/u
/** Not inside a word: JavaScript's \b knows no Cyrillic. */
const word = (source: string, flags = 'giu') => new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${source})(?![\p{L}\p{N}])`, flags)
const MONTHS =
  String.raw`январ\S*|феврал\S*|март\S*|апрел\S*|ма[йя]\S*|июн\S*|июл\S*|август\S*|сентябр\S*|октябр\S*|ноябр\S*|декабр\S*|` +
  String.raw`january|february|march|april|may|june|july|august|september|october|november|december`
const WEEKDAYS = String.raw`monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|next\s+week`
/** A day: «20.12», «20.12.2026», «20 декабря 2026 г.», «December 14», «14th of December», «Monday». */
const YEAR = String.raw`(?:\s*г(?:ода?)?\.?)?`
const DAY =
  String.raw`\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?${YEAR}|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:${MONTHS})(?:\s+\d{4}${YEAR})?|` +
  String.raw`(?:${MONTHS})\s+\d{1,2}(?:st|nd|rd|th)?(?:\s+\d{4})?|${WEEKDAYS}`
/** The period of an away notice: «до 20.12», «с 01.12 по 20.12», «по 20.12 включительно», «until Monday», «back on 14.12». */
const PERIOD = word(String.raw`(?:с|from)\s+(?:${DAY})|(?:до|по|until|till|to|back\s+on)\s+(?:${DAY})|включительно|inclusive`)
/**
 * The day of return — a notice's too, but a parent writes it as well («Я в командировке до 20.12, документы принесёт
 * бабушка»): it counts only in a letter that says nothing but that it is away (awayOnly).
 */
const RETURN_DAY = new RegExp(PERIOD.source, 'iu')
/** What an away clause says besides its phrase and its period: «я», «нахожусь», «буду», «в офисе»… */
const FILLER = word(
  String.raw`я|нахожусь|находиться|буду|сейчас|в\s+настоящее\s+время|в\s+офисе|на\s+работе|на\s+рабочем\s+месте|` +
    String.raw`i|currently|of\s+the\s+office|the\s+office`,
)
const AWAY_ALL = new RegExp(AWAY.source, 'giu')
/** A greeting, a thanks, a closing: the words themselves. */
const COURTESY = new RegExp(
  String.raw`^(?:(?:здравствуй(?:те)?|добр(?:ый|ого)\s+(?:день|дня|вечер|вечера)|доброе\s+утро|доброго\s+времени\s+суток|` +
    String.raw`hello|hi|dear|good\s+(?:morning|afternoon|day))(?:\s+уважаем\p{L}*)?|уважаем\p{L}*|` +
    String.raw`(?:спасибо|благодарю)(?:\s+(?:вас\s+)?за\s+(?:ваше\s+)?(?:письмо|сообщение|обращение))?|` +
    String.raw`thank(?:s|\s+you)(?:\s+for\s+your\s+(?:e-?mail|message|letter))?|с\s+уважением|(?:best\s+|kind\s+)?regards|-+)(?!\p{L})`,
  'iu',
)
/** Whom a greeting names: «Мария Ивановна», «коллеги», «отправитель», «Parent» — a capital or one of these words. */
const ADDRESSEE = new RegExp(
  String.raw`^(?:\s+(?:(?:[кК]оллег|[оО]тправител|[рР]одител|[кК]орреспондент|[аА]бонент|[кК]лиент|[пП]ользовател|[cC]olleague|[sS]ender)` +
    String.raw`\p{L}*|\p{Lu}[\p{L}'-]*)){0,3}$`,
  'u',
)

/**
 * A clause that is only a greeting, a thanks or a closing, with an addressee («Здравствуйте, Мария Ивановна»,
 * «Уважаемые коллеги», «Dear Parent»): no clause of the letter's own. «Здравствуйте Маша заболела» is one.
 */
function courtesyOnly(clause: string): boolean {
  const head = COURTESY.exec(clause)
  return head !== null && ADDRESSEE.test(clause.slice(head[0].length))
}

/**
 * Every clause of the text (greetings aside) is nothing but its away phrase, its period and «я», «нахожусь», «буду»:
 * «Я в командировке до 20.12 бабушка заберёт документы» has a clause of its own, commas or not (ADR 125).
 */
function awayOnly(own: string): boolean {
  let greeted = false
  return own
    .split(CLAUSE_END)
    .map((c) => c.trim())
    .filter(Boolean)
    .every((c) => {
      // «Здравствуйте, Мария Ивановна!»: the name after the greeting's comma is the greeting's.
      const courtesy = courtesyOnly(c) || (greeted && ADDRESSEE.test(` ${c}`))
      greeted = courtesy
      return courtesy || !/[\p{L}\p{N}]/u.test(c.replace(AWAY_ALL, ' ').replace(PERIOD, ' ').replace(FILLER, ' '))
    })
}
/**
 * A request: an auto-reply asks for nothing. A notice's own «по срочным вопросам прошу обращаться», «отвечать на него
 * не нужно» are taken out before.
 */
const REQUEST = /прош|пришлит|вышлит|(?<!не\s)нужн|подскаж|please|\?/iu
const NOTICE_PHRASES = /по\s+(?:срочным\s+|всем\s+)?вопросам\s+прошу\s+обращ\S*|отвечать\s+на\s+(?:него|это\s+письмо)\s+не\s+нужно/giu
/** What only an application (or a parent's real letter) speaks of: none of it is in an out-of-office reply. */
const APPLICATION_TEXT = new RegExp(
  String.raw`заявлени|справк|выписк|предостав|успеваем|оценк|отметк|расписани|домашн|посещаем|дневник|обучающ|учени[кц]|` +
    String.raw`реб[её]н|(?<!\d)\d{1,2}\s*[«"-]?\s*[А-ЯЁа-яё]?\s*[»"]?\s*класс`,
  'iu',
)
/** An auto-reply is a few lines: a longer text is a person writing, whatever it says. */
const AUTO_REPLY_MAX = 1500

/**
 * A letter whose own words (a quote of an earlier letter not counted) are an auto-reply's, sent with no header that
 * says so. The caller reads it only for a letter with no attachments and in no application's thread (ADR 121): a
 * reply to the school is never dropped by its text. A letter that quotes such a text, asks for anything («прошу»,
 * «пришлите», «нужна», «подскажите», «please», a «?»), speaks of what an application asks, or has no machine's marker
 * is a person's.
 */
export function autoReplyText(text: string): boolean {
  const own = writersOwnWords(text).trim()
  if (!own || own.length > AUTO_REPLY_MAX) return false
  if (REQUEST.test(own.replace(NOTICE_PHRASES, ' ')) || APPLICATION_TEXT.test(own)) return false
  return MACHINE_MARK.test(own) || (AWAY.test(own) && (AWAY_NOTICE.test(own) || (RETURN_DAY.test(own) && awayOnly(own))))
}

/** Message-IDs of our own letters quoted anywhere in the raw message (a bounce carries the original's headers). */
export function ourMessageIds(raw: string, domain: string): string[] {
  const escaped = domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return [...new Set(raw.match(new RegExp(`<[^<>\\s@]+@${escaped}>`, 'gi')) ?? [])]
}

/** The Action field of each recipient in a delivery-status part's text, lower case. */
export function dsnActions(deliveryStatus: string): string[] {
  return [...deliveryStatus.matchAll(/^Action:\s*([A-Za-z-]+)/gim)].map((m) => m[1].toLowerCase())
}

/** What went wrong, for staff: the DSN's Status and Diagnostic-Code, or the SMTP reply quoted in a plain-text bounce. */
export function bounceReason(raw: string, failedRecipients = ''): string {
  const diagnostic =
    /^Diagnostic-Code:\s*(?:smtp;\s*)?(.+)$/im.exec(raw)?.[1] ??
    // Exim / Yandex / Mail.ru plain text: «550 5.1.1 <x@y.ru>: Recipient address rejected: User unknown»
    /(?:^|[\s:])([45]\d\d[ -][245]\.\d{1,3}\.\d{1,3}\b.*)$/m.exec(raw)?.[1] ??
    /(?:^|[\s:])(5\d\d[ -][A-Za-z].{6,})$/m.exec(raw)?.[1]
  const status = /^Status:\s*([245]\.\d+\.\d+)/im.exec(raw)?.[1]
  const recipients = failedRecipients.trim() ? `Адресат: ${failedRecipients.trim()}.` : ''
  return (
    [recipients, status ? `Статус ${status}.` : '', clip(diagnostic?.trim() ?? '', 300)].filter(Boolean).join(' ') ||
    'Почтовый сервер вернул письмо.'
  )
}

type SubjectRef = { receiptNumber?: string; registration?: { number: number; year: number } }

/** «Заявление (квитанция 20261129-AB12C3)» or «Заявление № 15 от 12.05.2026» in the subject (also after «Re:»). */
export function subjectRef(subject: string): SubjectRef {
  const receipt = /\b(\d{8}-[0-9A-F]{6})\b/i.exec(subject)?.[1]?.toUpperCase()
  const reg = /№\s*(\d{1,6})\s+от\s+(\d{2})\.(\d{2})\.(\d{4})/.exec(subject)
  return {
    ...(receipt ? { receiptNumber: receipt } : {}),
    ...(reg ? { registration: { number: Number(reg[1]), year: Number(reg[4]) } } : {}),
  }
}
