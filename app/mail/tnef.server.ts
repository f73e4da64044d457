// Outlook's winmail.dat (TNEF, application/ms-tnef): the files a parent attached are inside it. A bounded reader
// of the attribute stream documented in [MS-OXTNEF] 2.1.3: signature, key, then attributes (level, id, type,
// length, data, checksum); an attachment starts with attAttachRendData and carries attAttachTitle and
// attAttachData. Damaged input (a wrong checksum, a length past the end) gives null, never a hang: the intake then
// tells staff plainly to ask for the files again (intake-content.server.ts). Why not an npm parser: ADR 029.
import iconv from 'iconv-lite'

const TNEF_SIGNATURE = 0x223e9f78
const LEVEL_ATTACHMENT = 0x02
const ATT_ATTACH_REND_DATA = 0x9002
const ATT_ATTACH_TITLE = 0x8010
const ATT_ATTACH_DATA = 0x800f
const ATT_OEM_CODEPAGE = 0x9007
/** The message's plain-text body (attBody): Outlook puts the letter's text here when the letter has no text part. */
const ATT_BODY = 0x800c
const LEVEL_MESSAGE = 0x01
/** One winmail.dat within what one letter may carry. */
const MAX_TNEF_BYTES = 40 * 1024 * 1024
const MAX_FILES = 50

export function isTnef(content: Buffer, contentType: string, fileName: string): boolean {
  return (
    contentType === 'application/ms-tnef' ||
    contentType === 'application/vnd.ms-tnef' ||
    /^winmail\.dat$/i.test(fileName) ||
    (content.length >= 4 && content.readUInt32LE(0) === TNEF_SIGNATURE)
  )
}

/** A title or the body in the message's code page (Russian Outlook writes cp1251); UTF-8 when it decodes so. */
function decodeTitle(data: Buffer, codepage: number): string {
  const bytes = data.subarray(0, data.indexOf(0) === -1 ? data.length : data.indexOf(0))
  const utf8 = bytes.toString('utf8')
  if (!utf8.includes('\uFFFD')) return utf8
  const charset = iconv.encodingExists(`cp${codepage}`) ? `cp${codepage}` : 'cp1251'
  return iconv.decode(bytes, charset)
}

/** The text body (attBody, in the message's code page) and the files inside a TNEF stream; null when damaged. */
export function unpackTnef(buf: Buffer): { body: string; files: Array<{ fileName: string; content: Buffer }> } | null {
  if (buf.length < 6 || buf.length > MAX_TNEF_BYTES || buf.readUInt32LE(0) !== TNEF_SIGNATURE) return null
  const files: Array<{ title?: string; data?: Buffer }> = []
  let codepage = 1251
  let body: Buffer | null = null
  let offset = 6
  while (offset < buf.length) {
    if (offset + 9 > buf.length) return null
    const level = buf.readUInt8(offset)
    const id = buf.readUInt16LE(offset + 1)
    const length = buf.readUInt32LE(offset + 5)
    const start = offset + 9
    const end = start + length
    if (end + 2 > buf.length) return null
    const data = buf.subarray(start, end)
    let sum = 0
    for (const byte of data) sum = (sum + byte) & 0xffff
    if (sum !== buf.readUInt16LE(end)) return null
    if (id === ATT_OEM_CODEPAGE && data.length >= 4) codepage = data.readUInt32LE(0)
    if (level === LEVEL_MESSAGE && id === ATT_BODY) body = data
    if (level === LEVEL_ATTACHMENT) {
      if (id === ATT_ATTACH_REND_DATA) {
        if (files.length >= MAX_FILES) return null
        files.push({})
      } else if (files.length && id === ATT_ATTACH_TITLE) files[files.length - 1].title = decodeTitle(data, codepage)
      else if (files.length && id === ATT_ATTACH_DATA) files[files.length - 1].data = Buffer.from(data)
    }
    offset = end + 2
  }
  return {
    body: body ? decodeTitle(body, codepage).replace(/\r\n?/g, '\n').trim() : '',
    files: files
      .filter((f): f is { title?: string; data: Buffer } => Boolean(f.data && f.data.length > 0))
      .map((f, i) => ({ fileName: f.title?.trim() || `вложение-${i + 1}`, content: f.data })),
  }
}
