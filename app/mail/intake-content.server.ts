// What an incoming letter brings to the intake item: its text and its files, as the parent sees them — however
// the client packed them. HTML-only letters (Apple Mail, Outlook, Mail.ru with inline images) are converted to
// text with html-to-text (entities decoded, line breaks kept); a letter forwarded as an attachment
// (message/rfc822, «.eml») is unpacked recursively, its text and files becoming part of the item; Outlook's
// winmail.dat (TNEF) is unpacked. What cannot be unpacked is said plainly (notes), never dropped in silence.
import { convert } from 'html-to-text'
import { simpleParser, type ParsedMail } from 'mailparser'
import { formatDateTime } from '#workflows/time'
import type { IncomingFile } from './inbound-files.server'
import { withLegacyCharset } from './legacy-charset.server'
import { isTnef, unpackTnef } from './tnef.server'
import { docxText, odtText } from './docx-text.server'
import { clip } from '#app/utils/text'

/** Forwarded inside forwarded inside forwarded: deeper than this is not unpacked (a loop or a bomb, not a parent). */
const MAX_NESTING = 3
/** All unpacked bytes of one letter together (the raw letter itself is limited to 40 МБ). */
const MAX_UNPACKED_BYTES = 60 * 1024 * 1024
const MAX_TEXT = 100_000

type IntakeContent = { text: string; files: IncomingFile[]; notes: string[] }

const PARSE_OPTIONS = { skipTextLinks: true, skipImageLinks: true } as const

/** HTML → plain text: entities decoded, paragraphs and <br> kept as line breaks, images and link targets dropped. */
function htmlToPlainText(html: string): string {
  return convert(html, {
    wordwrap: false,
    limits: { maxDepth: 200, maxInputLength: 2_000_000 },
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'style', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      // Tables in letters are layout (Outlook's and Mail.ru's signatures, tables in tables), seldom data: a row is
      // a line, its cells one after another — never a 60-character column that breaks a sentence or a name.
      { selector: 'table', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      { selector: 'tr', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      { selector: 'td', format: 'tableCell' },
      { selector: 'th', format: 'tableCell' },
    ],
    formatters: {
      tableCell: (elem, walk, builder) => {
        walk(elem.children, builder)
        builder.addInline(' ')
      },
    },
  })
}

/**
 * The letter's own text: its text/plain part, or its HTML converted here. mailparser converts a root HTML part
 * itself, wrapped at 80 characters (a sentence, a name or an address broken in two): that text is not used. An HTML
 * part inside multipart/alternative or multipart/related with no text/plain beside it (Yandex, Gmail, Outlook, Mail.ru
 * with an inline picture) gets no text from mailparser at all: it is read here too. What the intake shows and what
 * the auto-reply check reads (inbound.server.ts) are this one text.
 */
export function bodyText(parsed: ParsedMail): string {
  const type = parsed.headers.get('content-type') as { value?: string } | undefined
  const rootHtml = (type?.value ?? '').toLowerCase() === 'text/html'
  const plain = rootHtml ? '' : (parsed.text?.trim() ?? '')
  const text = plain || (typeof parsed.html === 'string' && parsed.html ? htmlToPlainText(parsed.html) : '')
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

const isMessage = (contentType: string, fileName: string) =>
  contentType === 'message/rfc822' || contentType === 'message/global' || /\.eml$/i.test(fileName)

/** A header block like the one mail clients print above a forwarded letter. */
function forwardedHeader(parsed: ParsedMail, timeZone: string): string {
  const sender = parsed.from?.value[0]
  const from = sender ? (sender.name ? `${sender.name} <${sender.address ?? ''}>` : (sender.address ?? '')) : ''
  const lines = ['---------- Вложенное письмо ----------']
  if (from) lines.push(`От: ${from}`)
  if (parsed.date) lines.push(`Дата: ${formatDateTime(parsed.date, timeZone)}`)
  if (parsed.subject) lines.push(`Тема: ${parsed.subject}`)
  return lines.join('\n')
}

/** An old Word .doc (and any OLE2 compound file) begins so. */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0])

/** The line above a Word attachment's text in the letter's text (prefill.ts reads the form under it). */
const ATTACHED_DOCUMENT_MARK = '---------- Текст вложения'

/** `documents: false`: a Word attachment's text is not read (the letter's page needs only its files and notes). */
type Budget = { bytes: number; documents: boolean }

async function unpack(parsed: ParsedMail, depth: number, budget: Budget, timeZone: string): Promise<IntakeContent> {
  const texts = [bodyText(parsed)]
  const files: IncomingFile[] = []
  const notes: string[] = []
  let tnef = false
  for (const a of parsed.attachments) {
    const fileName = a.filename ?? (isMessage(a.contentType, '') ? 'письмо.eml' : 'без имени')
    const contentType = (a.contentType ?? '').toLowerCase()
    if (isMessage(contentType, fileName) && a.content.length > 0) {
      if (depth >= MAX_NESTING || a.content.length > budget.bytes) {
        notes.push(
          `Вложенное письмо «${fileName}» не распаковано (слишком глубокая вложенность или размер): откройте исходное письмо (.eml).`,
        )
        continue
      }
      budget.bytes -= a.content.length
      try {
        // A forwarded letter is a letter of its own: from an old mailer, with no charset said (base64 or «.eml»).
        const inner = await simpleParser(withLegacyCharset(a.content), PARSE_OPTIONS)
        const content = await unpack(inner, depth + 1, budget, timeZone)
        texts.push(`${forwardedHeader(inner, timeZone)}\n\n${content.text}`.trim())
        files.push(...content.files)
        notes.push(...content.notes)
      } catch {
        notes.push(`Вложенное письмо «${fileName}» не удалось прочитать: откройте исходное письмо (.eml).`)
      }
      continue
    }
    if (isTnef(a.content, contentType, fileName)) {
      tnef = true
      const inner = a.content.length <= budget.bytes ? unpackTnef(a.content) : null
      if (inner) {
        budget.bytes -= a.content.length
        files.push(...inner.files)
        // The letter's text inside winmail.dat, when the letter has no text part of its own: it is the applicant's,
        // read as such. Beside a text part it is the same text again (Outlook writes both), so it is not added.
        const added = Boolean(inner.body) && !texts[0].trim()
        if (added) texts.push(inner.body)
        notes.push(
          `Вложение ${fileName} (формат Outlook) распаковано: ` +
            (inner.files.length ? `файлов в нём — ${inner.files.length}.` : 'файлов в нём нет.') +
            (added ? ' Текст письма из него добавлен к тексту обращения.' : ''),
        )
      } else {
        notes.push(
          `Вложение ${fileName} — упакованный Outlook-ом контейнер (TNEF), его не удалось распаковать; в нём могут быть ` +
            'сканы документов. Попросите заявителя прислать файлы ещё раз обычными вложениями: в Outlook — «Файл → ' +
            'Параметры → Почта → Создавать сообщения в формате: HTML» (или отправить с другого ящика).',
        )
      }
      continue
    }
    files.push({ fileName, content: a.content })
    // A Word document (most often the school's application form filled in Word): its text is shown with the letter's
    // and read by the guesses, the file itself stays an attachment. A damaged one is only the file.
    // LibreOffice's .odt the same way; an old binary .doc is not read (no reader of it runs here safely): said so.
    const reader = /\.docx$/i.test(fileName) ? docxText : /\.odt$/i.test(fileName) ? odtText : null
    if (/\.doc$/i.test(fileName) && a.content.subarray(0, 4).equals(OLE_MAGIC))
      notes.push(
        `Вложение «${fileName}» — документ Word старого формата (.doc): его текст не показывается с письмом и не ` +
          'учтён в подсказках заявления. Откройте файл и сверьте данные сами (или попросите прислать .docx, .odt или PDF).',
      )
    if (budget.documents && reader && a.content.length <= budget.bytes) {
      const text = reader(a.content)
      if (text) {
        budget.bytes -= a.content.length
        texts.push(`${ATTACHED_DOCUMENT_MARK} «${fileName}» ----------\n\n${text}`)
      }
    }
  }
  if (tnef && !texts.some(Boolean))
    notes.push(
      'Текста письма нет: Outlook упаковал его в winmail.dat в формате RTF, который здесь не читается. Откройте ' +
        'исходное письмо (.eml) в Outlook или попросите заявителя прислать текст ещё раз.',
    )
  return { text: clip(texts.filter(Boolean).join('\n\n'), MAX_TEXT), files, notes }
}

/**
 * The text, files and notes of a parsed letter, attached letters and winmail.dat unpacked (bounded). The text of an
 * attached Word document is read at intake only (`documents`): the letter's page shows the text stored then.
 */
export async function intakeContent(parsed: ParsedMail, timeZone: string, { documents = true } = {}): Promise<IntakeContent> {
  return unpack(parsed, 0, { bytes: MAX_UNPACKED_BYTES, documents }, timeZone)
}
