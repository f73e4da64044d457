// E-mail addresses as parents type them and files hold them, read one way by the online form, the intake screens,
// the import and the outbox: «mailto:», a trailing dot, a domain in capitals or in Cyrillic (почта.рф) or its
// punycode (xn--80a1acny.xn--p1ai) — one address. No server imports: the browser's forms use it too.
//
// A Cyrillic local part («Иванова@mail.ru», RFC 6531) is refused: nodemailer sends it only as SMTPUTF8, which the
// school's mail server and every server on the way must support, and a failure would surface days later as a
// bounce. An internationalised domain needs nothing of the kind: nodemailer writes it in punycode.
import { z } from './zod'
import { cleanLine, line, plainSpaces } from './text'

const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
/** RFC 5321 dot-atom: no quoted local parts (nodemailer loses the quotes), no leading, trailing or double dot. */
const LOCAL = new RegExp(`^${ATEXT}(?:\\.${ATEXT})*$`)
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/

export const EMAIL_MESSAGES = {
  invalid: 'Неверный адрес электронной почты',
  list: 'Укажите один адрес электронной почты, без «,» и «;»',
  spaces: 'Адрес электронной почты пишется без пробелов',
  localLetters:
    'Адрес электронной почты: до «@» — только латинские буквы, цифры и знаки «.», «_», «-», «+» ' +
    '(письмо на адрес с русскими буквами до «@» может не дойти)',
  local: 'Неверный адрес электронной почты: недопустимые знаки до «@»',
  domain: 'Неверный адрес электронной почты: после «@» нужен домен с точкой, например mail.ru или почта.рф',
  layout:
    'Неверный адрес электронной почты: домен набран русскими буквами или смешаны русские и латинские буквы — ' +
    'проверьте раскладку клавиатуры (например, mail.ru, а не ьфшд.ru)',
} as const

/**
 * The Cyrillic top-level domains. A domain with Cyrillic letters is a real one only under one of them (почта.рф,
 * школа.рус); «ьфшд.ке» or «mаil.ru» with a Russian «а» is a wrong keyboard layout that would bounce days later.
 */
const CYRILLIC_TLDS = new Set([
  'рф',
  'рус',
  'дети',
  'москва',
  'онлайн',
  'сайт',
  'орг',
  'ком',
  'бел',
  'укр',
  'қаз',
  'срб',
  'мкд',
  'мон',
  'бг',
])
const SCRIPTS = [/\p{Script=Cyrillic}/u, /\p{Script=Latin}/u, /\p{Script=Greek}/u]
const CYRILLIC = SCRIPTS[0]
const LATIN = SCRIPTS[1]

/**
 * Whether a typed domain is one a person could own: no label mixing scripts; Cyrillic labels only under a Cyrillic
 * TLD, and under one no Latin label (a .рф name is Cyrillic throughout).
 */
function plausibleScripts(domain: string): boolean {
  const labels = domain.normalize('NFKC').split('.')
  if (labels.some((l) => SCRIPTS.filter((script) => script.test(l)).length > 1)) return false
  const cyrillicTld = CYRILLIC_TLDS.has(labels[labels.length - 1])
  return cyrillicTld ? !labels.some((l) => LATIN.test(l)) : !labels.some((l) => CYRILLIC.test(l))
}

/**
 * The ASCII (punycode) form of a domain, lower case — what node:url's domainToASCII gives, through the URL parser
 * browsers have too; '' when it is not a domain name.
 */
export function domainToAscii(domain: string): string {
  if (!/^[\p{L}\p{M}\p{N}.-]+$/u.test(domain)) return ''
  try {
    return new URL(`http://${domain}`).hostname
  } catch {
    return ''
  }
}

type Parsed = { ok: true; email: string; local: string; asciiDomain: string } | { ok: false; message: string }

/**
 * An address as stored: trimmed, without «mailto:» and the domain's trailing dot, the domain in lower case (in the
 * script it was typed in); or the Russian message saying what is wrong. '' is not an address.
 */
export function parseEmail(value: string): Parsed {
  const v = plainSpaces(cleanLine(value))
    .trim()
    .replace(/^mailto:/i, '')
    .trim()
  if (/[,;]/.test(v) || severalEmails(v).length) return { ok: false, message: EMAIL_MESSAGES.list }
  if (/\s/.test(v)) return { ok: false, message: EMAIL_MESSAGES.spaces }
  const parts = v.split('@')
  if (parts.length !== 2 || !parts[0] || !parts[1] || v.length > 254) return { ok: false, message: EMAIL_MESSAGES.invalid }
  const [local, typedDomain] = parts
  if (/[^\x00-\x7F]/.test(local)) return { ok: false, message: EMAIL_MESSAGES.localLetters }
  if (local.length > 64 || !LOCAL.test(local)) return { ok: false, message: EMAIL_MESSAGES.local }
  const typed = typedDomain.replace(/\.$/, '').toLowerCase()
  if (!plausibleScripts(typed)) return { ok: false, message: EMAIL_MESSAGES.layout }
  const asciiDomain = domainToAscii(typed)
  // Kept as typed when it is an internationalised name (почта.рф); else its plain form («ｍａｉｌ.ru» → «mail.ru»).
  const domain = asciiDomain.includes('xn--') ? typed.normalize('NFC') : asciiDomain
  const labels = asciiDomain.split('.')
  if (asciiDomain.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || !TLD.test(labels[labels.length - 1]))
    return { ok: false, message: EMAIL_MESSAGES.domain }
  return { ok: true, email: `${local}@${domain}`, local, asciiDomain }
}

/**
 * The addresses of a cell holding several — «mama@mail.ru; papa@yandex.ru», «… или …», one a line (Alt+Enter) —
 * for a message naming them; [] when it holds one at most.
 */
export function severalEmails(value: string): string[] {
  const parts = plainSpaces(cleanLine(value))
    .split(/[\s,;]+/)
    .filter((p) => p.includes('@'))
  return parts.length > 1 ? parts : []
}

/** How addresses are compared: the local part without case, the domain in punycode («@почта.рф» = «@xn--80a1acny.xn--p1ai»). */
export function emailKey(value: string): string {
  const parsed = parseEmail(value)
  return parsed.ok ? `${parsed.local.toLowerCase()}@${parsed.asciiDomain}` : value.trim().toLowerCase()
}

/**
 * An e-mail field of a form: an address parseEmail accepts, stored as it normalises it; '' when the field is optional
 * (no `required` message), else that message. `label` names the field in front of parseEmail's message.
 */
function emailField(options: { required?: string; label?: string }) {
  return line(
    z.string().transform((v, ctx) => {
      if (v.trim() === '') {
        if (!options.required) return ''
        ctx.addIssue({ code: 'custom', message: options.required })
        return z.NEVER
      }
      const parsed = parseEmail(v)
      if (parsed.ok) return parsed.email
      ctx.addIssue({ code: 'custom', message: options.label ? labelled(options.label, parsed.message) : parsed.message })
      return z.NEVER
    }),
  )
}

/** «Почтовый ящик школы: до «@» — только латинские…»: the field's name in place of «Адрес электронной почты». */
function labelled(label: string, message: string): string {
  const rest = message
    .replace(/^Адрес электронной почты: /, '')
    .replace(/^Адрес электронной почты/, 'адрес')
    .replace(/^Неверный адрес электронной почты/, 'неверный адрес')
  return `${label}: ${rest[0].toLowerCase()}${rest.slice(1)}`
}

/** An optional e-mail field of a form: '' or an address parseEmail accepts, stored as it normalises it. */
export const optionalEmail = (label?: string) => emailField({ label })

/** A required e-mail field: `message` when it is empty, else as optionalEmail. */
export const requiredEmail = (message: string, label?: string) => emailField({ required: message, label })
