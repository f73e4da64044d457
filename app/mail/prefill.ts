// A first guess at the application's fields from a parent's letter; the employee checks and completes it.
// No server imports: the staff form uses it too.
import { cleanLine, cleanMultiline, clip, cyrillicLookalikes } from '#workflows/text'
import { parseClassName } from '#workflows/class-name'

type PrefillValues = {
  applicant: {
    lastName: string
    firstName: string
    middleName: string
    email: string
    phone: string
    postalAddress: string
    postcode: string
    identityDocument: string
  }
  pupil: { lastName: string; firstName: string; middleName: string; className: string }
  kinds: string[]
  periodicity: string
  delivery: string
}

const CYR_NAME = /^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$/

/**
 * The name a text begins with: the words up to the end of the sentence («Заявитель: Зайцева Елена Викторовна. Прошу…»
 * is not the patronymic «Прошу»), only those written as a name.
 */
function splitName(full: string): { lastName: string; firstName: string; middleName: string } {
  const parts = (full.split(/[.,;:!?()<>«»"]/)[0] ?? '')
    .trim()
    .split(/\s+/)
    .filter((p) => CYR_NAME.test(p))
  return { lastName: parts[0] ?? '', firstName: parts[1] ?? '', middleName: parts[2] ?? '' }
}

/**
 * Where a forwarded letter begins inside the text: Mail.ru's and Yandex's «-------- Пересылаемое сообщение --------»,
 * Gmail's «---------- Forwarded message ---------», Apple Mail's «Начало переадресованного сообщения:», the
 * unpacked attachment's «Вложенное письмо» (intake-content).
 */
const FORWARD_MARK = new RegExp(
  String.raw`^[-\s]*(?:Пересылаемое сообщение|Пересланное сообщение|Вложенное письмо|Forwarded message|Begin forwarded message|` +
    String.raw`Начало переадресованного сообщения)[-:\s]*$`,
  'imu',
)
/** Outlook forwards under the same «От: … Отправлено: …» header as it quotes in a reply: the subject tells them apart. */
const FORWARD_SUBJECT = /^\s*(?:fwd?|пересл|переслано)\s*:/i

/**
 * Who wrote the forwarded letter: the first «Имя <адрес>» in the lines under the mark — «От: …», «From: …», Mail.ru's
 * «Понедельник, 7 декабря 2026, 9:15 +03:00 от Имя <адрес>:», Yandex's «07.12.2026, 09:15, "Имя" <адрес>:». The
 * application is the parent's, and Порядок 3.2 answers to the address it came from, not the forwarder's.
 */
function forwardedSender(text: string, start: number): { name: string; address: string } | null {
  const head = text
    .slice(start, start + 1500)
    .split('\n')
    .slice(0, 8)
  for (const line of head) {
    const bare = /^\s*(?:От|From)\s*:\s*([^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)\s*$/i.exec(line)
    if (bare) return { name: '', address: bare[1].toLowerCase() }
    const m = /^(.*?)<([^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)>/.exec(line)
    if (!m) continue
    const name = m[1]
      .replace(/^.*(?:(?:От|From)\s*:|\sот\s|,)/iu, '')
      .replace(/["«»]/g, '')
      .trim()
    return { name, address: m[2].toLowerCase() }
  }
  return null
}

const KIND_WORDS: Array<[string, RegExp]> = [
  ['marks', /оценк|отметк|успеваем/i],
  ['timetable', /расписани/i],
  ['homework', /домашн/i],
  ['topics', /тем[аыу]\s+(урок|занят)/i],
  ['attendance', /посещаем|пропуск/i],
  ['access', /логин|парол|доступ/i],
]

const labelled = (text: string, label: RegExp) => label.exec(text)?.[1]?.trim() ?? ''

/** «паспорт 6310 123456, выдан …» — only a line that gives a number; «паспорт прилагаю» is not a document's data. */
function identityDocumentOf(text: string): string {
  const line = /(паспорт[^\n]{0,40}?\d{2}\s?\d{2}\s*(?:№\s*)?\d{6}[^\n]{0,100})/i.exec(text)?.[1] ?? ''
  return line.trim().replace(/[.;,\s]+$/, '')
}

/**
 * The pupil's name only after a word in the nominative («Обучающийся: …», «дочь …»): after «моей дочери …» the name
 * is in the genitive and would not match the journal — better left for the employee than guessed wrong.
 */
const PUPIL_LABELLED =
  /(?:[Оо]бучающ(?:ийся|аяся)|[Уу]чени(?:к|ца)|[Рр]еб[её]нок|[Сс]ын|[Дд]очь)(?![а-яё])\s*[:\-–]?\s*([А-ЯЁ][а-яё]+(?:\s+[А-ЯЁ][а-яё]+){1,2})/

/**
 * Where a reply's quote of an earlier letter begins: «-----Original Message-----», Outlook's «____», «-------- Исходное сообщение
 * --------», «Пн, 7 дек. 2026 г. в 10:00, Школа <…>:» / «… написал(а):», «On … wrote:», the first «>» line, or the
 * «От: … / Отправлено: …» header an HTML reply from Outlook puts above the quote with no line of its own. What
 * follows is the school's own words (or older ones), not the applicant's: nothing is guessed from it. A forwarded
 * letter («Пересылаемое сообщение», «Вложенное письмо») is the application itself and is read.
 */
const QUOTE_START = new RegExp(
  '^(?:' +
    [
      String.raw`-{2,}\s*(?:Original Message|Исходное сообщение)\s*-{2,}`,
      String.raw`_{10,}\s*$`,
      String.raw`.{0,120}(?:написал|написала|написал\(а\)|wrote)\s*:\s*$`,
      '>',
      String.raw`(?:От|From)\s*:[^\n]*\n[ \t]*(?:Отправлено|Sent)\s*:`,
    ].join('|') +
    ')',
  'imu',
)

/**
 * The applicant's own words of a letter: up to the quote of an earlier letter, if any. A forwarded letter is the
 * application itself: read whole.
 */
function ownWords(text: string, forwarded: boolean): string {
  if (forwarded) return text
  const at = QUOTE_START.exec(text)?.index
  return at === undefined || at === 0 ? text : text.slice(0, at)
}

export function prefillFromMail(mail: { fromName: string; fromAddress: string; text: string; subject?: string }): PrefillValues {
  // Read as a stored text is (ADR 087, 097): «Ивaнов» with a Latin «a», an «и» + U+0306 or a soft hyphen from a
  // phone's keyboard or a PDF would not be a name to the patterns below, and the employee would type it again.
  const whole = cyrillicLookalikes(cleanMultiline(clip(mail.text, 20_000))).replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
  const mark = FORWARD_MARK.exec(whole)
  const forwardedAt = mark
    ? mark.index + mark[0].length
    : FORWARD_SUBJECT.test(mail.subject ?? '')
      ? QUOTE_START.exec(whole)?.index
      : undefined
  const original = forwardedAt === undefined ? null : forwardedSender(whole, forwardedAt)
  const text = ownWords(whole, forwardedAt !== undefined)
  // «Заявитель: …» first: the «От: …» of a forwarded letter's header names the sender without the patronymic.
  const named = splitName(
    labelled(text, /(?<![а-яё])(?:заявитель|ФИО заявителя)\s*[:\-–]\s*([^\n,]+)/i) || labelled(text, /(?<![а-яё])от\s*[:\-–]\s*([^\n,]+)/i),
  )
  const sender = original ?? { name: cyrillicLookalikes(cleanLine(mail.fromName)), address: mail.fromAddress }
  const applicant = named.lastName ? named : splitName(sender.name)
  const pupilLine = labelled(text, PUPIL_LABELLED)
  const classMatch = /(?<!\d)(1[01]|[1-9])\s*[-«"]?\s*([А-ЯЁA-Z])\s*[»"]?\s*(?:класс|кл\.)/iu.exec(text)
  const className = classMatch ? (parseClassName(classMatch[1] + classMatch[2])?.name ?? '') : ''
  const phone = /(?:\+7|\b8)[\s(-]*\d[\d\s()-]{8,14}\d/.exec(text)?.[0] ?? ''
  const periodicity = /еженедел/i.test(text)
    ? 'weekly'
    : /ежемесяч/i.test(text)
      ? 'monthly'
      : /(четверт|полугоди|учебного периода)/i.test(text)
        ? 'period'
        : 'once'
  return {
    applicant: {
      ...applicant,
      email: sender.address,
      phone,
      postalAddress: '',
      postcode: '',
      identityDocument: identityDocumentOf(text),
    },
    pupil: { ...splitName(pupilLine), className },
    kinds: KIND_WORDS.filter(([, re]) => re.test(text)).map(([kind]) => kind),
    periodicity,
    // Порядок 3.2: an application sent by e-mail gives the address for the answer.
    delivery: 'email',
  }
}
