// Letters from old mailers (a PHP `mail()`, 1C, a scanner's «send to e-mail») often say nothing of their charset: a
// text body in windows-1251 or KOI8-R with no `charset=`, or a Subject written in raw 8-bit bytes instead of RFC 2047.
// The parser reads both as UTF-8 and the employee saw «����». Before parsing, such a body gets the charset its bytes
// show, and such a header line is re-encoded (RFC 2047, UTF-8) from it; a letter that is valid UTF-8, or says its
// charset, is passed on unchanged. The stored .eml keeps the bytes as they came.
import iconv from 'iconv-lite'

const utf8 = new TextDecoder('utf-8', { fatal: true })

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes)
    return true
  } catch {
    return false
  }
}

/**
 * Which of the two Russian 8-bit charsets the bytes are in. Russian text is mostly small letters: windows-1251 has them
 * at 0xE0–0xFF and the capitals at 0xC0–0xDF, KOI8-R the other way round.
 */
export function guessRussianCharset(bytes: Uint8Array): 'windows-1251' | 'koi8-r' {
  let high = 0
  let low = 0
  for (const b of bytes) {
    if (b >= 0xe0) high++
    else if (b >= 0xc0) low++
  }
  return high >= low ? 'windows-1251' : 'koi8-r'
}

function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = []
  const soft = text.replace(/=\r?\n/g, '')
  for (let i = 0; i < soft.length; i++) {
    const hex = soft[i] === '=' ? soft.slice(i + 1, i + 3) : ''
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else bytes.push(soft.charCodeAt(i) & 0xff)
  }
  return Buffer.from(bytes)
}

/** The header lines (folded lines joined to their first) of a head read as latin1, one byte a character. */
function headerLines(head: string): string[] {
  return head.split(/\r?\n(?![ \t])/)
}

/** The raw message with a charset for an unlabelled 8-bit text body and RFC 2047 for 8-bit header lines. */
export function withLegacyCharset(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n')
  const lf = raw.indexOf('\n\n')
  const end = crlf !== -1 && (lf === -1 || crlf < lf) ? crlf : lf
  if (end === -1) return raw
  const gap = end === crlf ? 4 : 2
  const head = raw.subarray(0, end).toString('latin1')
  const body = raw.subarray(end + gap)
  const lines = headerLines(head)
  const typeAt = lines.findIndex((l) => /^content-type:/i.test(l))
  const type = typeAt === -1 ? 'text/plain' : lines[typeAt].replace(/^content-type:\s*/i, '')
  const encoding = (lines.find((l) => /^content-transfer-encoding:/i.test(l)) ?? '')
    .replace(/^[^:]*:\s*/, '')
    .trim()
    .toLowerCase()
  const declared = /charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1]?.toLowerCase()

  let charset: string | null = null
  let bodyCharset: string | null = null
  if (/^\s*text\//i.test(type) && !declared) {
    const decoded =
      encoding === 'base64'
        ? Buffer.from(body.toString('latin1'), 'base64')
        : encoding === 'quoted-printable'
          ? decodeQuotedPrintable(body.toString('latin1'))
          : body
    if (!isUtf8(decoded)) bodyCharset = charset = guessRussianCharset(decoded)
  } else if (declared && iconv.encodingExists(declared) && /1251|koi8|866|cp866|ibm866/.test(declared)) charset = declared

  let changed = false
  const fixed = lines.map((line, i) => {
    if (i === typeAt && bodyCharset) {
      changed = true
      return `${line.replace(/\s*;?\s*$/, '')}; charset=${bodyCharset}`
    }
    const bytes = Buffer.from(line, 'latin1')
    if (!/[\x80-\xff]/.test(line) || isUtf8(bytes)) return line
    // A header in raw 8-bit bytes: decoded in the body's charset (or the one its bytes show) and written as RFC 2047.
    const colon = line.indexOf(':')
    if (colon === -1) return line
    const name = line.slice(0, colon)
    const value = iconv.decode(Buffer.from(line.slice(colon + 1).trim(), 'latin1'), charset ?? guessRussianCharset(bytes))
    const word = (text: string) => `=?utf-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`
    changed = true
    // An address header keeps its address outside the encoded word: «Иванова <o@example.org>».
    const address = /^(from|to|cc|reply-to|sender)$/i.test(name) ? /^(.*?)\s*(<[^<>]*>)\s*$/.exec(value) : null
    if (address) return `${name}: ${address[1].trim() ? `${word(address[1].trim().replace(/^"|"$/g, ''))} ` : ''}${address[2]}`
    return `${name}: ${word(value)}`
  })
  if (bodyCharset && typeAt === -1) {
    fixed.push(`Content-Type: text/plain; charset=${bodyCharset}`)
    changed = true
  }
  if (!changed) return raw
  return Buffer.concat([Buffer.from(fixed.join('\r\n'), 'latin1'), Buffer.from('\r\n\r\n'), body])
}
