// Letters from old mailers (a PHP `mail()`, 1C, a scanner's «send to e-mail») often say nothing of their charset: a
// text part in windows-1251 or KOI8-R with no `charset=`, or a Subject or attachment name written in raw 8-bit bytes
// instead of RFC 2047 / 2231. Others say a wrong one: a site's form that sends windows-1251 as «utf-8» or
// «us-ascii», an old client set to «iso-8859-1», a gateway that labels UTF-8 as «windows-1251» or KOI8-R as
// windows-1251. The parser reads the bytes as labelled and the employee saw «����», «Çàÿâëåíèå» or «Р—Р°СЏРІ».
// Before parsing, every such text part — at any depth of the MIME tree, forwarded letters (message/rfc822) included
// — gets the charset its bytes show, a header line is re-encoded (RFC 2047, UTF-8) in the letter's charset, and a
// file name in Content-Type / Content-Disposition is rewritten as RFC 2231 (UTF-8); a letter that is valid UTF-8, or
// whose charset reads its bytes, is passed on unchanged, byte for byte. The stored .eml keeps the bytes as they came.
import { isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'
import { decodeBody, headerAt, headerParam, headerValue, partRanges, readEntity, type Entity } from './mime-entity.server'
import { charsetSample, guessRussianCharset, russianScore } from '#app/utils/russian-charset'

/** Deeper than this the tree is not walked (a real letter is a few levels deep; each level reads its bytes once more). */
const MAX_DEPTH = 16
/** The parser (mailsplit) refuses a letter of more parts than this: such a letter is passed on as it came. */
const MAX_PARTS = 1000

const RUSSIAN_8BIT = /1251|koi8|866/
const UTF8 = /^utf-?8$/
/** Labels a misconfigured Russian mailer puts on windows-1251 text: nothing Russian can be in them. */
const LATIN = /^(us-ascii|ascii|iso-8859-1|iso_8859-1|latin1|l1|windows-1252|cp1252)$/
/**
 * How much better (in russianScore's natural-log units) the bytes must read in another Russian charset than in the
 * labelled one for the label to be overruled: about three common letters' worth. A short ambiguous text keeps its
 * label; of the Положение's own phrases of up to ten words, labelled right, none is overruled.
 */
const MARGIN = 10

/** A charset label as written, lower case, without the quotes and blanks mailers put around it. */
const unquotedLabel = (label: string) =>
  label
    .trim()
    .replace(/^["']+|["']+$/g, '')
    .trim()
    .toLowerCase()

/**
 * The name iconv-lite (and so the parser) knows a label by: itself when known, else without the «x-» of an
 * unregistered name («x-koi8-r», «x-cp1251», «x-cp866»), else by its number or family («dos-866», «win_1251»,
 * «koi8»); null when none of these is known.
 */
function knownCharset(label: string): string | null {
  const name = unquotedLabel(label)
  if (!name || name.length > 40) return null
  const bare = name.replace(/^x-/, '')
  const number = /(?:^|[^0-9])(1251|1252|866|855)$/.exec(bare)?.[1]
  const family = /^koi-?8(?:[-_]?([ru]))?$/.exec(bare)
  const candidates = [
    name,
    bare,
    bare.replace(/[_ ]/g, '-'),
    ...(number ? [number.length === 4 ? `windows-${number}` : `cp${number}`] : []),
    ...(family ? [`koi8-${family[1] ?? 'r'}`] : []),
  ]
  for (const candidate of candidates) {
    if (UTF8.test(candidate)) return candidate
    if (iconv.encodingExists(candidate)) return candidate
  }
  return null
}

/** How many of the letters (Latin and 8-bit) are 8-bit: nearly all in Russian, a few in French or German. */
function eightBitShare(bytes: Uint8Array): number {
  let high = 0
  let latin = 0
  for (const b of bytes) {
    if (b >= 0xc0 || b === 0xa8 || b === 0xb8) high++
    else if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) latin++
  }
  return high / Math.max(1, high + latin)
}

/** Mostly not UTF-8: more bytes a UTF-8 reader refuses than characters it reads (one stray byte is not enough). */
function mostlyNotUtf8(bytes: Uint8Array): boolean {
  let refused = 0
  let read = 0
  for (const ch of new TextDecoder('utf-8').decode(bytes)) {
    if (ch === '\uFFFD') refused++
    else if (ch.charCodeAt(0) >= 0x80) read++
  }
  return refused > read
}

/**
 * The charset a text part's bytes are in when its label is missing or wrong; null when there is nothing 8-bit, the
 * label reads the bytes, or the label is one this module does not second-guess (ISO-8859-5, Big5…).
 */
function textCharset(bytes: Uint8Array, declared: string | undefined): string | null {
  if (!bytes.some((b) => b >= 0x80)) return null
  const bare = declared ? unquotedLabel(declared) : undefined
  const label = bare ? knownCharset(bare) : undefined
  // A label no reader knows («x-koi8-r», «x-user-defined», «unknown-8bit»): read as if there were none.
  if (bare && !label) return isUtf8(bytes) ? 'utf-8' : guessRussianCharset(bytes)
  // A label known under another name is replaced by that name when the bytes keep it (the parser knows only the name).
  const renamed = label && label !== bare ? label : null
  if (isUtf8(bytes)) return !label || UTF8.test(label) ? renamed : RUSSIAN_8BIT.test(label) || LATIN.test(label) ? 'utf-8' : renamed
  if (!label) return guessRussianCharset(bytes)
  if (UTF8.test(label)) return mostlyNotUtf8(bytes) ? guessRussianCharset(bytes) : renamed
  if (LATIN.test(label)) return /ascii/.test(label) || eightBitShare(bytes) > 0.5 ? guessRussianCharset(bytes) : renamed
  if (!RUSSIAN_8BIT.test(label)) return renamed
  const guess = guessRussianCharset(bytes)
  const sample = charsetSample(bytes)
  const gain = russianScore(iconv.decode(sample, guess)) - russianScore(iconv.decode(sample, label))
  return gain > MARGIN ? guess : renamed
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

  if (mime.startsWith('text/')) part.added = textCharset(decodeBody(entity.body, encoding), declared)
  const charset = part.added ?? declared
  const known = charset ? knownCharset(charset) : null
  if (known && RUSSIAN_8BIT.test(known)) part.charset = known
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

/** A run of RFC 2047 encoded words, the blanks between them included (they are not text: RFC 2047 6.2). */
const ENCODED_RUN = /=\?[^?\s]+\?[bq]\?[^?\s]*\?=(?:\s+=\?[^?\s]+\?[bq]\?[^?\s]*\?=)*/gi
const ENCODED_WORD = /=\?([^?\s*]+)(?:\*[^?\s]*)?\?([bq])\?([^?\s]*)\?=/gi

/**
 * Encoded words whose bytes are not in the charset they name («=?utf-8?B?…?=» or «=?iso-8859-1?Q?…?=» over
 * windows-1251 bytes), re-encoded in UTF-8. A run of words in one charset is read as one text: a mailer splits the
 * bytes anywhere, even inside a letter.
 */
function withTrueEncodedWords(line: string): string {
  if (!line.includes('=?')) return line
  return line.replace(ENCODED_RUN, (run) => {
    const words = [...run.matchAll(ENCODED_WORD)]
    // A run of malformed words only («=?*?B?…?=»: no charset): left as it came, the rest of the letter still read.
    if (!words.length) return run
    const label = words[0][1].toLowerCase()
    if (words.some((w) => w[1].toLowerCase() !== label)) return run
    const bytes = Buffer.concat(
      words.map(([, , kind, text]) =>
        kind.toLowerCase() === 'b'
          ? Buffer.from(text, 'base64')
          : decodeBody(Buffer.from(text.replace(/_/g, ' '), 'latin1'), 'quoted-printable'),
      ),
    )
    const charset = textCharset(bytes, label)
    return charset ? encodedWord(iconv.decode(bytes, charset)) : run
  })
}

/** An RFC 2231 parameter: `name*=charset'lang'%xx`, or one segment of it (`name*0*=…`, `name*1=…`). */
const EXTENDED_PARAM = /;\s*([^\s=;*]+)\*(?:(\d{1,3})(\*?)|)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)/g

/**
 * RFC 2231 parameters (a file name, mostly) whose charset is unknown to the parser («x-koi8-r''…») or wrong for their
 * bytes («utf-8''» over windows-1251): the segments are joined and written again as one `name*=utf-8''…`.
 */
function withTrueExtendedParams(line: string): string {
  if (!line.includes('*')) return line
  const params = new Map<string, Array<{ index: number; at: number; text: string; encoded: boolean; value: string }>>()
  for (const m of line.matchAll(EXTENDED_PARAM)) {
    const [text, name, index, star, quoted] = m
    const encoded = index === undefined || star === '*'
    const value = quoted.startsWith('"') ? quoted.slice(1, -1).replace(/\\(.)/g, '$1') : quoted
    const key = name.toLowerCase()
    params.set(key, [...(params.get(key) ?? []), { index: Number(index ?? 0), at: m.index, text, encoded, value }])
  }
  let fixed = line
  for (const segments of params.values()) {
    segments.sort((a, b) => a.index - b.index)
    const first = /^([^']*)'[^']*'(.*)$/.exec(segments[0].value)
    if (!first || !segments[0].encoded) continue
    const label = first[1]
    const bytes = Buffer.concat(
      segments.map((s, i) => {
        const value = i === 0 ? first[2] : s.value
        return s.encoded
          ? Buffer.from(
              value.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            )
          : Buffer.from(value, 'latin1')
      }),
    )
    const charset = textCharset(bytes, label || undefined)
    if (!charset) continue
    const name = /^;\s*([^\s=;*]+)/.exec(segments[0].text)?.[1] ?? ''
    const replacement = `; ${name}*=${extendedValue(iconv.decode(bytes, charset))}`
    // Replaced from the end of the line back, so that the earlier positions hold.
    for (const s of [...segments].sort((a, b) => b.at - a.at)) {
      fixed = fixed.slice(0, s.at) + (s === segments[0] ? replacement : '') + fixed.slice(s.at + s.text.length)
    }
  }
  return fixed
}

/**
 * A header line in raw 8-bit bytes, decoded in the letter's charset (or the one its bytes show) and re-encoded; a
 * line of encoded words in a wrong charset, re-encoded.
 */
function reencodedLine(line: string, charset: string | null): string {
  const bytes = Buffer.from(line, 'latin1')
  if (!/[\x80-\xff]/.test(line) || isUtf8(bytes)) {
    const words = withTrueEncodedWords(line)
    return /^content-(type|disposition):/i.test(words) ? withTrueExtendedParams(words) : words
  }
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
  // A wrong label is replaced, not followed by a second one (the parser would take the first).
  const unlabelled = (line: string) => line.replace(/;\s*charset\s*=\s*(?:"[^"]*"|[^;\s]*)/gi, '').replace(/\s*;?\s*$/, '')
  if (added && typeAt !== -1) lines[typeAt] = `${unlabelled(lines[typeAt])}; charset=${added}`
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
