// Just enough of MIME (RFC 2045, 2046) to read a raw letter's structure without decoding it: a part's header lines
// and body, a header's parameter, a multipart body's parts as byte ranges, and a body's bytes under its
// Content-Transfer-Encoding. Each step is one pass over its bytes; what is not well formed reads as nothing.

/**
 * One MIME entity (a letter or a part): its header lines (read as latin1, folded lines joined), its head's bytes up to
 * the body (the empty line included) and its body.
 */
export type Entity = { lines: string[]; head: Buffer; body: Buffer; eol: '\r\n' | '\n' }

/** The header lines and body of an entity; null when no empty line ends the header. */
export function readEntity(raw: Buffer): Entity | null {
  // A part may have no header at all (text/plain by default): it starts with the empty line.
  if (raw[0] === 0x0a) return { lines: [], head: raw.subarray(0, 1), body: raw.subarray(1), eol: '\n' }
  if (raw[0] === 0x0d && raw[1] === 0x0a) return { lines: [], head: raw.subarray(0, 2), body: raw.subarray(2), eol: '\r\n' }
  const crlf = raw.indexOf('\r\n\r\n')
  const lf = raw.indexOf('\n\n')
  const end = crlf !== -1 && (lf === -1 || crlf < lf) ? crlf : lf
  if (end === -1) return null
  const eol = end === crlf ? '\r\n' : '\n'
  const start = end + 2 * eol.length
  const lines = raw
    .subarray(0, end)
    .toString('latin1')
    .split(/\r?\n(?![ \t])/)
  return { lines, head: raw.subarray(0, start), body: raw.subarray(start), eol }
}

/** The index of the header line `name:`, or -1. */
export function headerAt(lines: string[], name: string): number {
  const prefix = `${name.toLowerCase()}:`
  return lines.findIndex((l) => l.slice(0, prefix.length).toLowerCase() === prefix)
}

/** The value of a header line, after its colon. */
export const headerValue = (line: string) => line.slice(line.indexOf(':') + 1).trim()

/** A parameter of a header value (`boundary`, `charset`), unquoted; undefined when absent or empty. */
export function headerParam(value: string, name: string): string | undefined {
  const found = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value)
  return found?.[1] || found?.[2] || undefined
}

const isBlank = (b: number | undefined) => b === 0x20 || b === 0x09

/**
 * The byte ranges of a multipart body's parts (RFC 2046 5.1.1): each between its delimiter line `--boundary` and the
 * line break before the next one; after a missing close delimiter the last part runs to the end, as parsers read it.
 */
export function partRanges(body: Buffer, boundary: string): Array<[number, number]> {
  const dash = Buffer.from(`--${boundary}`, 'latin1')
  const ranges: Array<[number, number]> = []
  let start = -1
  let at = 0
  for (let i = body.indexOf(dash, at); i !== -1; i = body.indexOf(dash, at)) {
    at = i + dash.length
    if (i > 0 && body[i - 1] !== 0x0a) continue
    let j = at
    const close = body[j] === 0x2d && body[j + 1] === 0x2d
    if (close) j += 2
    while (isBlank(body[j])) j++
    if (j < body.length && body[j] !== 0x0d && body[j] !== 0x0a) continue
    if (start !== -1) ranges.push([start, Math.max(start, i - (body[i - 2] === 0x0d ? 2 : 1))])
    if (close) return ranges
    start = at = j + (body[j] === 0x0d && body[j + 1] === 0x0a ? 2 : 1)
  }
  if (start !== -1 && start < body.length) ranges.push([start, body.length])
  return ranges
}

function hexDigit(b: number | undefined): number {
  if (b === undefined) return -1
  if (b >= 0x30 && b <= 0x39) return b - 0x30
  if (b >= 0x41 && b <= 0x46) return b - 0x37
  if (b >= 0x61 && b <= 0x66) return b - 0x57
  return -1
}

function decodeQuotedPrintable(bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafe(bytes.length)
  let n = 0
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x3d) {
      if (bytes[i + 1] === 0x0a || (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a)) {
        i += bytes[i + 1] === 0x0a ? 1 : 2 // a soft line break
        continue
      }
      const high = hexDigit(bytes[i + 1])
      const low = hexDigit(bytes[i + 2])
      if (high !== -1 && low !== -1) {
        out[n++] = high * 16 + low
        i += 2
        continue
      }
    }
    out[n++] = bytes[i]
  }
  return out.subarray(0, n)
}

/** The bytes a body stands for under its Content-Transfer-Encoding (7bit, 8bit, binary and unknown ones as they are). */
export function decodeBody(body: Buffer, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(body.toString('latin1'), 'base64')
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body)
  return body
}
