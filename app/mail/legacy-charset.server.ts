// Letters from old mailers (a PHP `mail()`, 1C, a scanner's «send to e-mail») often say nothing of their charset: a
// text part in windows-1251 or KOI8-R with no `charset=`, or a Subject or attachment name written in raw 8-bit bytes
// instead of RFC 2047 / 2231. The parser reads them as UTF-8 and the employee saw «����». Before parsing, every such
// text part — at any depth of the MIME tree, forwarded letters (message/rfc822) included — gets the charset its
// bytes show, a header line is re-encoded (RFC 2047, UTF-8) in the letter's charset, and a file name in
// Content-Type / Content-Disposition is rewritten as RFC 2231 (UTF-8); a letter that is valid UTF-8, or says its
// charset, is passed on unchanged, byte for byte. The stored .eml keeps the bytes as they came.
import { isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'
import { decodeBody, headerAt, headerParam, headerValue, partRanges, readEntity, type Entity } from './mime-entity.server'

/** Deeper than this the tree is not walked (a real letter is a few levels deep; each level reads its bytes once more). */
const MAX_DEPTH = 16
/** The parser (mailsplit) refuses a letter of more parts than this: such a letter is passed on as it came. */
const MAX_PARTS = 1000

/**
 * Which of the two Russian 8-bit charsets the bytes are in. Russian text is mostly small letters: windows-1251 has them
 * at 0xE0–0xFF and the capitals at 0xC0–0xDF, KOI8-R the other way round.
 */
export function guessRussianCharset(bytes: Uint8Array): 'windows-1251' | 'koi8-r' {
  let high = 0
  let low = 0
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] >= 0xe0) high++
    else if (bytes[i] >= 0xc0) low++
  }
  return high >= low ? 'windows-1251' : 'koi8-r'
}

/** One entity of the letter's tree: `added` the charset its text body gets, `charset` the first one its letter shows. */
type Part = {
  entity: Entity
  typeAt: number
  added: string | null
  charset: string | null
  children: Array<{ range: [number, number]; part: Part; letter: boolean }>
}

function readPart(raw: Buffer, depth: number, defaultType: string, count: { parts: number }): Part | null {
  if (++count.parts > MAX_PARTS) throw new Error('Too many parts')
  const entity = readEntity(raw)
  if (!entity) return null
  const typeAt = headerAt(entity.lines, 'content-type')
  const type = typeAt === -1 ? defaultType : headerValue(entity.lines[typeAt])
  const mime = type.split(';')[0].trim().toLowerCase()
  const encodingAt = headerAt(entity.lines, 'content-transfer-encoding')
  const encoding = encodingAt === -1 ? '' : headerValue(entity.lines[encodingAt]).toLowerCase()
  const declared = headerParam(type, 'charset')?.toLowerCase()
  const part: Part = { entity, typeAt, added: null, charset: null, children: [] }

  if (mime.startsWith('text/') && !declared) {
    const decoded = decodeBody(entity.body, encoding)
    if (!isUtf8(decoded)) part.added = part.charset = guessRussianCharset(decoded)
  } else if (declared && iconv.encodingExists(declared) && /1251|koi8|866/.test(declared)) part.charset = declared
  if (depth >= MAX_DEPTH) return part

  const boundary = mime.startsWith('multipart/') ? headerParam(type, 'boundary') : undefined
  if (boundary) {
    // RFC 2046 5.1.5: in a multipart/digest a part says nothing of its type when it is a letter.
    const inner = mime === 'multipart/digest' ? 'message/rfc822' : 'text/plain'
    for (const range of partRanges(entity.body, boundary)) {
      const child = readPart(entity.body.subarray(...range), depth + 1, inner, count)
      if (child) part.children.push({ range, part: child, letter: false })
    }
  } else if (mime === 'message/rfc822' && ['', '7bit', '8bit', 'binary'].includes(encoding)) {
    const child = readPart(entity.body, depth + 1, 'text/plain', count)
    if (child) part.children.push({ range: [0, entity.body.length], part: child, letter: true })
  }
  part.charset ??= part.children.find((c) => !c.letter && c.part.charset)?.part.charset ?? null
  return part
}

const encodedWord = (text: string) => `=?utf-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`

/** RFC 2231 ext-value: UTF-8, every byte outside attribute-char percent-encoded. */
const extendedValue = (text: string) => `utf-8''${encodeURIComponent(text).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)}`

/** `name="скан.jpg"` in raw 8-bit bytes → `name*=utf-8''…`; null when something 8-bit is left outside a parameter. */
function withExtendedParams(line: string, charset: string): string | null {
  const text = iconv.decode(Buffer.from(line, 'latin1'), charset)
  const given = new Set([...text.matchAll(/;\s*([^\s=;]+)\s*=/g)].map((m) => m[1].toLowerCase()))
  const fixed = text.replace(/;(\s*)([^\s=;"*]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;"]*[^;"\s]|)/g, (param, space, name, value) => {
    const key = String(name).toLowerCase()
    if (!/[^\x00-\x7f]/.test(value) || given.has(`${key}*`) || given.has(`${key}*0*`)) return param
    const plain = String(value).startsWith('"') ? String(value).slice(1, -1).replace(/\\(.)/g, '$1') : String(value)
    return `;${space}${name}*=${extendedValue(plain)}`
  })
  return /[^\x00-\x7f]/.test(fixed) ? null : fixed
}

/** A header line in raw 8-bit bytes, decoded in the letter's charset (or the one its bytes show) and re-encoded. */
function reencodedLine(line: string, charset: string | null): string {
  const bytes = Buffer.from(line, 'latin1')
  if (!/[\x80-\xff]/.test(line) || isUtf8(bytes)) return line
  const colon = line.indexOf(':')
  if (colon === -1) return line
  const name = line.slice(0, colon)
  const decoding = charset ?? guessRussianCharset(bytes)
  if (/^content-(type|disposition)$/i.test(name)) return withExtendedParams(line, decoding) ?? line
  const value = iconv.decode(Buffer.from(line.slice(colon + 1).trim(), 'latin1'), decoding)
  // An address header keeps its address outside the encoded word: «Иванова <o@example.org>».
  const address = /^(from|to|cc|reply-to|sender)$/i.test(name) ? /^(.*?)\s*(<[^<>]*>)\s*$/.exec(value) : null
  const display = address?.[1].trim().replace(/^"|"$/g, '')
  if (address) return `${name}: ${display ? `${encodedWord(display)} ` : ''}${address[2]}`
  return `${name}: ${encodedWord(value)}`
}

/** The part as it goes to the parser, or null when it stays as it came. */
function fixedPart(part: Part, letterCharset: string | null): Buffer | null {
  const { entity, typeAt, added } = part
  const charset = added ?? letterCharset
  const lines = entity.lines.map((line) => reencodedLine(line, charset))
  if (added && typeAt !== -1) lines[typeAt] = `${lines[typeAt].replace(/\s*;?\s*$/, '')}; charset=${added}`
  if (added && typeAt === -1) lines.push(`Content-Type: text/plain; charset=${added}`)
  const headChanged = lines.length !== entity.lines.length || lines.some((line, i) => line !== entity.lines[i])

  const pieces: Buffer[] = []
  let from = 0
  for (const { range, part: child, letter } of part.children) {
    const fixed = fixedPart(child, letter ? (child.charset ?? letterCharset) : letterCharset)
    if (!fixed) continue
    pieces.push(entity.body.subarray(from, range[0]), fixed)
    from = range[1]
  }
  if (!headChanged && !pieces.length) return null
  const body = pieces.length ? Buffer.concat([...pieces, entity.body.subarray(from)]) : entity.body
  const head = headChanged ? Buffer.from(lines.map((line) => line + entity.eol).join('') + entity.eol, 'latin1') : entity.head
  return Buffer.concat([head, body])
}

/** The raw letter with a charset for every unlabelled 8-bit text part and UTF-8 for 8-bit header lines and names. */
export function withLegacyCharset(raw: Buffer): Buffer {
  try {
    const letter = readPart(raw, 0, 'text/plain', { parts: 0 })
    return (letter && fixedPart(letter, letter.charset)) ?? raw
  } catch {
    return raw
  }
}
