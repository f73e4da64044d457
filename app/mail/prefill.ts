// A first guess at the application's fields from a parent's letter; the employee checks and completes it.
// No server imports: the staff form uses it too.
import { cleanLine, cleanMultiline, cleanName, clip, cyrillicLookalikes } from '#workflows/text'
import { parseClassName } from '#workflows/class-name'
import { emailKey } from '#workflows/email'

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
/** A Turkic patronymic's particle after the father's name: «Рашид оглы», «Айгуль кызы», «Рашид-оглы», «Рашидоглы». */
const PARTICLE = /^(?:оглы|кызы|улы|уулу|гызы)$/u
const HYPHENATED_PARTICLE = /^([А-ЯЁ][а-яё]+)-(оглы|кызы|улы|уулу|гызы)$/iu

/**
 * The name a text gives: the first run of words written as a name (up to three) in the first sentence that has one.
 * A bracket's words and an «<адрес>» are skipped, quotes dropped; a sentence ends at «.», «;», «!» or «?» before a
 * space, so «Заявитель: Зайцева Елена Викторовна. Прошу…» is not the patronymic «Прошу», and «гр. Иванова Мария
 * Петровна», «родитель (законный представитель) Иванова …», «"Иванова Мария Петровна"» give the name. Read as a name
 * is stored (cleanName): «ИВАНОВА МАРИЯ» is «Иванова Мария», «Римская - Корсакова» one surname; a Turkic patronymic
 * keeps its particle, written apart as the norm writes it («Мамедов Эльчин Рашид-оглы» → «Рашид оглы»).
 */
function splitName(full: string): { lastName: string; firstName: string; middleName: string } {
  const plain = cleanName(
    full
      .replace(/\([^()]*\)|<[^<>]*>|\[[^[\]]*\]/g, ' ')
      .replace(/["«»„“”]/g, ' ')
      .replace(/[()<>[\]]/g, ' '),
  )
  for (const sentence of plain.split(/[.;!?](?:\s|$)/)) {
    const words = sentence.split(/[\s,:]+/).flatMap((w) => {
      const joined = HYPHENATED_PARTICLE.exec(w)
      return joined ? [joined[1], joined[2].toLowerCase()] : [w]
    })
    const first = words.findIndex((w) => CYR_NAME.test(w))
    if (first < 0) continue
    const parts: string[] = []
    for (const word of words.slice(first, first + 4)) {
      if (parts.length < 3 && CYR_NAME.test(word)) parts.push(word)
      else if (parts.length === 3 && PARTICLE.test(word.toLowerCase())) parts[2] += ` ${word.toLowerCase()}`
      else break
    }
    return { lastName: parts[0] ?? '', firstName: parts[1] ?? '', middleName: parts[2] ?? '' }
  }
  return { lastName: '', firstName: '', middleName: '' }
}

/**
 * Where a forwarded letter begins inside the text: Mail.ru's and Yandex's «-------- Пересылаемое сообщение --------»,
 * Gmail's «---------- Forwarded message ---------», Apple Mail's «Начало переадресованного сообщения:», the
 * unpacked attachment's «Вложенное письмо» (intake-content). Dashes and spaces only within the line ([-\t ], not \s):
 * with the m flag a \s* crossing lines made a body of «-\n» lines quadratic to search.
 */
const FORWARD_MARK = new RegExp(
  String.raw`^[-\t ]*(?:Пересылаемое сообщение|Пересланное сообщение|Вложенное письмо|Forwarded message|Begin forwarded message|` +
    String.raw`Начало переадресованного сообщения)[-:\t ]*$`,
  'imu',
)
/** Outlook forwards under the same «От: … Отправлено: …» header as it quotes in a reply: the subject tells them apart. */
const FORWARD_SUBJECT = /^\s*(?:fwd?|пересл|переслано)\s*:/i

const ADDRESS = String.raw`[^<>\[\]\s@:]+@[^<>\[\]\s@]+\.[^<>\[\]\s@]+`
/** «От: Имя <адрес>», «From: Имя [mailto:адрес]» (Outlook), «From: адрес». */
const FROM_LINE = new RegExp(String.raw`^\s*(?:От|From)\s*:\s*(.*?)\s*(?:<(${ADDRESS})>|\[mailto:(${ADDRESS})\]|(${ADDRESS}))\s*$`, 'iu')
/** Mail.ru's «…, 9:15 +03:00 от Имя <адрес>:», Yandex's «07.12.2026, 09:15, "Имя" <адрес>:» — the attribution line. */
const ATTRIBUTION = new RegExp(String.raw`^(.*?)<(${ADDRESS})>\s*:\s*$`, 'u')
/** The header's other people: the sender is named above them, never by them. */
const OTHER_PARTY = /^\s*(?:To|Кому|Cc|Копия|Bcc|Скрытая копия)\s*:/iu

const plainName = (name: string) =>
  name
    .replace(/["«»,]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

/**
 * Who wrote the forwarded letter, from the lines under the mark: only the «От:»/«From:» line (with «<адрес>»,
 * Outlook's «[mailto:адрес]» or a bare address) or Mail.ru's and Yandex's attribution line ending «<адрес>:»; reading
 * stops at «Кому:»/«To:»/«Копия:», whose addresses are the recipients'. «Зайцева, Елена» is the name without its comma.
 */
function forwardedSender(text: string, start: number): { name: string; address: string } | null {
  const head = text
    .slice(start, start + 1500)
    .split('\n')
    .slice(0, 8)
  for (const line of head) {
    if (OTHER_PARTY.test(line)) return null
    const from = FROM_LINE.exec(line)
    if (from) return { name: plainName(from[1]), address: (from[2] ?? from[3] ?? from[4]).toLowerCase() }
    const attribution = ATTRIBUTION.exec(line)
    if (!attribution) continue
    const before = attribution[1].trim()
    const quoted = /["«]([^"«»]+)["»]\s*$/.exec(before)?.[1]
    const name = quoted ?? before.replace(/^.*(?:\sот\s|,)/iu, '')
    return { name: plainName(name), address: attribution[2].toLowerCase() }
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

/** The pupil's name after its label: a surname and a first name at least («дочь Анна» names no one to look up). */
function pupilName(line: string): { lastName: string; firstName: string; middleName: string } {
  const name = splitName(line)
  return name.firstName ? name : { lastName: '', firstName: '', middleName: '' }
}

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
const PUPIL_LABELLED = new RegExp(
  String.raw`(?:[Оо]бучающ(?:ийся|аяся)|[Уу]чени(?:к|ца)|[Рр]еб[её]нок|[Сс]ын|[Дд]очь)(?![а-яё])\s*[:\-–]?\s*` +
    String.raw`([А-ЯЁ][А-ЯЁа-яё]*(?:[ \t-]+[А-ЯЁа-яё]+){1,4})`,
)

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

/** The line intake-content puts above the text of a Word document attached to the letter (a line of its own). */
const ATTACHED_DOCUMENT = /^(?=-{10} Текст вложения «[^\n]*» -{10}$)/gmu

/**
 * The letter's own text and the texts of the Word documents attached to it: a document's text runs to the next one
 * or to a forwarded letter's mark (intake-content puts each where its attachment was). A document is anyone's — the
 * school's notice forwarded, a certificate — and none gives the applicant's name, phone or document; only the school's
 * application form (`isApplicationForm`) gives the class, the ticked kinds and the periodicity.
 */
function splitDocuments(text: string): { letter: string; documents: string[] } {
  let letter = ''
  const documents: string[] = []
  for (const part of text.split(ATTACHED_DOCUMENT)) {
    if (!part.startsWith('---------- Текст вложения «')) {
      letter += part
      continue
    }
    const forward = FORWARD_MARK.exec(part)?.index ?? part.length
    documents.push(part.slice(0, forward))
    letter += part.slice(forward)
  }
  return { letter, documents }
}

/**
 * The school's application form (templates/zayavlenie.docx), printed blank or filled, is the one document read for
 * the request: its heading «ЗАЯВЛЕНИЕ» on a line of its own and its «Прошу предоставить мне следующую информацию …».
 */
const isApplicationForm = (text: string) => /^\s*ЗАЯВЛЕНИЕ\s*$/mu.test(text) && /^\s*Прошу\s[^\n]{0,60}информаци/imu.test(text)

/** A check box as the document's text gives it (docx-text.server.ts), or as typed: «☒», «[x]», «☐», «[ ]». */
const BOX = /[☒☑☐□◻]|\[[ \t]?[xхXХvV✓✔+]?[ \t]?\]/gu
const isTicked = (box: string) => /[☒☑xхXХvV✓✔+]/u.test(box)

/**
 * A mark typed for a tick where a form has no box, or beside an empty one: «+», «V», «v», «х», «X», «✓», «✔», «✗», in
 * brackets or not. Only as a token of its own — a «+7 912…» phone, a «V класс» or a word's letter is no mark.
 */
const MARK = String.raw`(?:[+VvхХxX✓✔✗✘]|\([ \t]?[+VvхХxX✓✔✗✘][ \t]?\))`
const NOT_A_CLASS = String.raw`(?![ \t]+(?:класс|кл\.))`
/** A class, its letter or building named just before: «в классе Х», «класс V», «Класс:\tV», «литер Х» — no tick. */
const AFTER_A_CLASS = String.raw`(?<!(?:[Кк]ласс[а-яё]*|[Кк]л\.|[Лл]итер[а-яё]*|[Бб]укв[а-яё]*|[Кк]орпус[а-яё]*)[ \t]*[-–—:]?[ \t]*)`
const MARK_RULES: Array<[RegExp, string]> = [
  // Beside a box: «☐ V о расписании», «о расписании ☐ +» — the box is ticked.
  [new RegExp(String.raw`[☐□◻][ \t]*${MARK}(?=[ \t]|$)|(?<=^|[\s])${MARK}[ \t]*[☐□◻]`, 'gu'), '☒'],
  // A cell of a mark alone («+\tо расписании», «о расписании\tV»).
  [new RegExp(String.raw`(?<=^|\t)${AFTER_A_CLASS}[ \t]*${MARK}[ \t]*(?=\t|$)`, 'gu'), '☒'],
  // A mark before an option's words: «+ о расписании», «V об оценках», «(х) о посещаемости».
  [new RegExp(String.raw`(?<=^|\t)([ \t]*)${MARK}${NOT_A_CLASS}(?=[ \t]+[А-ЯЁа-яё«"])`, 'gu'), '$1☒'],
  // A mark after them: «о расписании — +», «об оценках: V».
  [new RegExp(String.raw`(?<=[А-ЯЁа-яё.,;:)»"][ \t]*[-–—:]?[ \t]*)${AFTER_A_CLASS}[ \t]${MARK}[ \t]*(?=\t|$)`, 'gu'), ' ☒'],
]

/** A line with its typed marks written as the ticked box «☒» (a line of a form, or of a letter listing options). */
const withMarks = (line: string) =>
  /[+VvхХxX✓✔✗✘]/u.test(line) ? MARK_RULES.reduce((text, [rule, box]) => text.replace(rule, box), line) : line

/**
 * The options a form's boxes tick: on each line (a table row's cells are one line) every box belongs to the option
 * next to it — the text after it when the line begins with a box («☒ о расписании…\t☐ о посещаемости…»), else the
 * text before it («о расписании… ☒»). A line without a box is the form's own text and asks for nothing.
 */
function tickedOptions(form: string): string[] {
  return form
    .split('\n')
    .flatMap(lineTicks)
    .flatMap((tick) => (tick.ticked ? [tick.option] : []))
}

/** The options of one line and whether each is ticked; none for a line without a box or a mark. */
function lineTicks(text: string): Array<{ option: string; ticked: boolean }> {
  const line = withMarks(text)
  if (!/[☒☑☐□◻[]/u.test(line)) return []
  const boxes = [...line.matchAll(BOX)]
  if (boxes.length === 0) return []
  const boxFirst = line.trimStart().startsWith(boxes[0][0])
  return boxes.map((box, n) => {
    const at = box.index ?? 0
    const option = boxFirst
      ? line.slice(at + box[0].length, boxes[n + 1]?.index ?? line.length)
      : line.slice(n === 0 ? 0 : (boxes[n - 1].index ?? 0) + boxes[n - 1][0].length, at)
    return { option: option.trim(), ticked: isTicked(box[0]) }
  })
}

/**
 * The kind a form's option names, one per option, the more particular first: «…доступа к электронному дневнику и
 * журналу успеваемости» is access (not marks), «о темах и видах занятий и работ, по результатам которых получены
 * оценки» is marks (not topics).
 */
const FORM_KINDS: Array<[string, RegExp]> = [
  ['access', /доступ|логин|парол/i],
  ['marks', /оценк|отметк|успеваем/i],
  ['timetable', /расписани/i],
  ['homework', /домашн/i],
  ['attendance', /посещаем|пропуск/i],
  ['topics', /тем(?:а|ы|у|ах)\s+(?:и\s+вид\S*\s+)?(?:урок|занят)/i],
]
const formKind = (option: string) => FORM_KINDS.find(([, re]) => re.test(option))?.[0]

/** What the form's «Периодичность:» line says (the line only: the options' «учебного периода» is not an answer). */
const formPeriodicity = (form: string) => /^\s*Периодичность\s*:?([^\n]*)$/imu.exec(form)?.[1] ?? ''

/**
 * The applicant's own words of a letter: up to the quote of an earlier letter, if any. A forwarded letter is the
 * application itself: read whole.
 */
function ownWords(text: string, forwarded: boolean): string {
  if (forwarded) return text
  const at = QUOTE_START.exec(text)?.index
  if (at === undefined || at === 0) return text
  return text.slice(0, at)
}

/**
 * The words the writer typed in this letter: up to the quote of an earlier letter or a forwarded letter's mark, '' when
 * the letter begins with one (classify.ts reads an auto-reply's text from it).
 */
export function writersOwnWords(text: string): string {
  const plain = text.replace(/\r\n?/g, '\n')
  const ends = [QUOTE_START.exec(plain)?.index, FORWARD_MARK.exec(plain)?.index].filter((at) => at !== undefined)
  return plain.slice(0, Math.min(plain.length, ...ends))
}

/**
 * What a letter asks for, its options left unticked out: a line of boxes or typed marks gives its ticked options only
 * («☐ о расписании», «[ ] по почте», «+ об оценках\t- о расписании»); where a paragraph ticks some of its lines, its
 * other list lines after the first tick (or bulleted: «-», «•», «*», «1.», or a table row with its mark's cell empty)
 * are options left unticked. The application form lists every kind of information; only the ticked ones are asked for.
 */
/** A box anywhere, or a mark at a line's or a cell's start or end: the only lines lineTicks may read as options. */
const MAY_TICK = /[☒☑☐□◻]|\[[^\]\n]{0,3}\]|(?:^|\t)[ \t]*\(?[+VvхХxX✓✔✗✘][ \t)\t]|[ \t]\(?[+VvхХxX✓✔✗✘]\)?[ \t]*(?:\t|$)/mu
const BULLET = /^[ \t]*(?:[-–—•*·]|\d{1,2}[.)])[ \t]/u
const EMPTY_CELL = /\t[ \t]*$/u
/** A box typed or from a document (not a typed mark): «☐», «☒», «[ ]», «[x]». */
const BOXED = /[☒☑☐□◻]|\[[ \t]?[xхXХvV✓✔+]?[ \t]?\]/u
const firstWord = (line: string) => /[\p{L}\d]+/u.exec(line)?.[0].toLowerCase() ?? ''
function chosenLines(text: string): string {
  // Most letters have no box nor mark at all: read whole, with no pass per line.
  if (!MAY_TICK.test(text)) return text
  return text
    .split(/\n[ \t]*\n/)
    .map((paragraph) => {
      const lines = paragraph.split('\n').map((line) => ({ line, ticks: lineTicks(line) }))
      // A typed mark is read only in a list: a box of its own, or two lines that may be options (a mark or an empty
      // cell) — one «Х» or «(V)» at a line's end is a class letter or a word more often than a tick.
      const options = lines.filter(({ line, ticks }) => ticks.length || EMPTY_CELL.test(line)).length
      if (!BOXED.test(paragraph) && options < 2) return paragraph
      const first = lines.findIndex((l) => l.ticks.some((t) => t.ticked))
      // The other options are the list's unticked lines: bulleted, a row with its mark's cell empty, or begun as a
      // ticked option is («о посещаемости» under «+ об оценках»); a line of prose after the list is the letter's.
      const openers = new Set(lines.flatMap(({ ticks }) => ticks.filter((t) => t.ticked).map((t) => firstWord(t.option))))
      const unticked = (line: string) => BULLET.test(line) || EMPTY_CELL.test(line) || openers.has(firstWord(line))
      return lines
        .flatMap(({ line, ticks }, i) => {
          if (ticks.length) return ticks.filter((t) => t.ticked).map((t) => t.option)
          return first !== -1 && (i > first ? unticked(line) : BULLET.test(line) || EMPTY_CELL.test(line)) ? [] : [line]
        })
        .join('\n')
    })
    .join('\n\n')
}

const periodicityOf = (text: string) =>
  /еженедел/i.test(text) ? 'weekly' : /ежемесяч/i.test(text) ? 'monthly' : /(четверт|полугоди|учебного периода)/i.test(text) ? 'period' : ''

type Mail = { fromName: string; fromAddress: string; text: string; subject?: string }

/**
 * The letter's text as the guesses read it (the attached documents' texts apart), where a forwarded letter in it begins
 * (after its mark), if any, and the school's application forms attached.
 */
function readMail(mail: Mail): { whole: string; forwardedAt: number | undefined; forms: string[] } {
  // Read as a stored text is (ADR 087, 097): «Ивaнов» with a Latin «a», an «и» + U+0306 or a soft hyphen from a
  // phone's keyboard or a PDF would not be a name to the patterns below, and the employee would type it again.
  const text = cyrillicLookalikes(cleanMultiline(clip(mail.text, 20_000))).replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
  const { letter: whole, documents } = splitDocuments(text)
  const mark = FORWARD_MARK.exec(whole)
  const forwardedAt = mark
    ? mark.index + mark[0].length
    : FORWARD_SUBJECT.test(mail.subject ?? '')
      ? QUOTE_START.exec(whole)?.index
      : undefined
  return { whole, forwardedAt, forms: documents.filter(isApplicationForm) }
}

const isOwn = (address: string, own: readonly string[]) => own.some((o) => o.trim() !== '' && emailKey(o) === emailKey(address))

type MailApplicant = {
  name: string
  /** Where the answer goes (Порядок 3.2); '' when the letter names no address but the school's own. */
  address: string
  /** The letter is the school's forward of a parent's letter: the applicant is the forwarded letter's sender. */
  unwrapped: boolean
  /** A forwarded letter's sender the letter claims, not taken as the applicant's (anyone can type a «From:» line). */
  hint: { name: string; address: string } | null
}

/**
 * Who the application is from and where the answer goes: the envelope sender. A «Forwarded message / From: …» in the
 * body is text anyone can type — a parent forwarding a teacher's letter, attaching the school's own refusal, or faking
 * a header so the address «matches» the one on file — and only shows as a hint. Only when the school forwarded the
 * letter itself (the envelope is the school's mailbox or a staff member's address, `own`) is the forwarded sender the
 * applicant. The school's own address is never the applicant's: the employee then types the parent's.
 */
export function mailApplicant(mail: Mail, own: readonly string[]): MailApplicant {
  const { whole, forwardedAt } = readMail(mail)
  const original = forwardedAt === undefined ? null : forwardedSender(whole, forwardedAt)
  const envelope = { name: cyrillicLookalikes(cleanLine(mail.fromName)), address: mail.fromAddress.trim() }
  if (!isOwn(envelope.address, own)) {
    const hint = original && emailKey(original.address) !== emailKey(envelope.address) ? original : null
    return { ...envelope, unwrapped: false, hint }
  }
  if (original && !isOwn(original.address, own)) return { ...original, unwrapped: true, hint: null }
  return { name: '', address: '', unwrapped: false, hint: null }
}

export function prefillFromMail(mail: Mail, own: readonly string[] = []): PrefillValues {
  const { whole, forwardedAt, forms } = readMail(mail)
  const sender = mailApplicant(mail, own)
  // The school's forward is read from its mark on: the forwarder's signature and phone above it are not the parent's.
  // Anyone else's forward is read whole (it may be the parent's own earlier letter), but the applicant's name, phone
  // and document only from the sender's own words above it.
  const text = sender.unwrapped && forwardedAt !== undefined ? whole.slice(forwardedAt) : ownWords(whole, forwardedAt !== undefined)
  const applicantText = sender.unwrapped || forwardedAt === undefined ? text : whole.slice(0, forwardedAt)
  // «Заявитель: …» first: the «От: …» of a forwarded letter's header names the sender without the patronymic.
  const named = splitName(
    labelled(applicantText, /(?<![а-яё])(?:заявитель|ФИО заявителя)\s*[:\-–]\s*([^\n,]+)/i) ||
      labelled(applicantText, /(?<![а-яё])от\s*[:\-–]\s*([^\n,]+)/i),
  )
  const applicant = named.lastName ? named : splitName(sender.name)
  // The class and the pupil from the letter, else from the form («обучающегося(-ейся) в 5А классе:»).
  const pupilText = [text, ...forms].join('\n\n')
  const pupilLine = labelled(pupilText, PUPIL_LABELLED)
  const classMatch = /(?<!\d)(1[01]|[1-9])\s*[-«"]?\s*([А-ЯЁA-Z])\s*[»"]?\s*(?:класс|кл\.)/iu.exec(pupilText)
  const className = classMatch ? (parseClassName(classMatch[1] + classMatch[2])?.name ?? '') : ''
  const phone = /(?:\+7|\b8)[\s(-]*\d[\d\s()-]{8,14}\d/.exec(applicantText)?.[0] ?? ''
  const chosen = chosenLines(text)
  // The form: its ticked options and its «Периодичность:» line only, never its heading, intro or footer.
  const formKinds = forms.flatMap(tickedOptions).flatMap((option) => formKind(option) ?? [])
  const kinds = new Set([...KIND_WORDS.filter(([, re]) => re.test(chosen)).map(([kind]) => kind), ...formKinds])
  const periodicity = periodicityOf(chosen) || forms.map((f) => periodicityOf(formPeriodicity(f))).find(Boolean) || 'once'
  return {
    applicant: {
      ...applicant,
      email: sender.address,
      phone,
      postalAddress: '',
      postcode: '',
      identityDocument: identityDocumentOf(applicantText),
    },
    pupil: { ...pupilName(pupilLine), className },
    kinds: KIND_WORDS.map(([kind]) => kind).filter((kind) => kinds.has(kind)),
    periodicity,
    // Порядок 3.2: an application sent by e-mail gives the address for the answer.
    delivery: 'email',
  }
}
