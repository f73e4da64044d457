// Files of incoming mail under DATA_DIR (never under public/): the whole raw message, and the attachments that
// pass the type and size checks. Names on disk are ours; the sender's file name is only displayed.
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { mailSettings } from './config.server'
import { writeFileDurably } from '#app/utils/durable-file.server'
import { cleanFileName } from '#app/utils/uploads.server'

export const MAX_MESSAGE_BYTES = 40 * 1024 * 1024
const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024
/**
 * Files of one letter. A phone's scanner app sends each page as a file of its own: 30–50 pages of documents are one
 * application, not a flood (the letter's size is bounded by MAX_MESSAGE_BYTES anyway). Was 20: pages 21–30 of such
 * a letter were refused.
 */
const MAX_ATTACHMENTS = 100

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

/** Absolute path of a stored file; refuses anything that would leave DATA_DIR. */
export function dataPath(relative: string): string {
  const root = mailSettings().dataDir
  const full = path.resolve(root, relative)
  if (!full.startsWith(root + path.sep)) throw new Error('Путь вне каталога данных')
  return full
}

/** Write-then-rename with fsync of the file and its folder: after it returns the file is whole on disk, or absent. */
const writeDurably = (relative: string, data: Buffer) => writeFileDurably(dataPath(relative), data)

/** mail/2026/05/<sha256>.eml — the same bytes always land in the same file. */
export async function storeRaw(raw: Buffer, receivedAt: Date): Promise<string> {
  const relative = path.posix.join(
    'mail',
    String(receivedAt.getUTCFullYear()),
    String(receivedAt.getUTCMonth() + 1).padStart(2, '0'),
    `${sha256(raw)}.eml`,
  )
  const exists = await fs.stat(dataPath(relative)).then(
    (s) => s.size === raw.length,
    () => false,
  )
  if (!exists) await writeDurably(relative, raw)
  return relative
}

type Sniffed = { mime: string; ext: string; kind: 'scan' | 'other' }

/**
 * HEIF's brands (ISO/IEC 23008-12): a phone's photo («heic», «mif1»), and its bursts and live photos saved as image
 * sequences («hevc», «msf1», …) — a page shot on an iPhone in any of its modes.
 */
const HEIF_BRANDS = /^(heic|heix|heim|heis|hevc|hevx|hevm|hevs|mif1|msf1|heif)$/

/**
 * «%PDF-» after a byte order mark or blank lines: what some programs (a site's PDF export, an old scanner driver) put
 * before the header, and every PDF reader opens (the header may be anywhere in the first 1024 bytes).
 */
function pdfAfterBlank(data: Buffer): boolean {
  const head = data.subarray(0, 1024).toString('latin1')
  return /^(?:\xef\xbb\xbf)?[\s\0]*%PDF-/.test(head)
}

/** The type from the bytes, not from the sender's label; anything else (programs, archives, HTML) is refused. */
function sniff(data: Buffer, fileName: string): Sniffed | null {
  const ext = path.extname(fileName).toLowerCase()
  const head = data.subarray(0, 16)
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b)
  if (starts(0x25, 0x50, 0x44, 0x46) || pdfAfterBlank(data)) return { mime: 'application/pdf', ext: '.pdf', kind: 'scan' }
  if (starts(0xff, 0xd8, 0xff)) return { mime: 'image/jpeg', ext: '.jpg', kind: 'scan' }
  if (starts(0x89, 0x50, 0x4e, 0x47)) return { mime: 'image/png', ext: '.png', kind: 'scan' }
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return { mime: 'image/tiff', ext: '.tif', kind: 'scan' }
  if (head.subarray(4, 8).toString('latin1') === 'ftyp' && HEIF_BRANDS.test(head.subarray(8, 12).toString('latin1')))
    return { mime: 'image/heic', ext: '.heic', kind: 'scan' }
  if (starts(0x50, 0x4b, 0x03, 0x04) && ext === '.docx')
    return { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: '.docx', kind: 'other' }
  if (starts(0x50, 0x4b, 0x03, 0x04) && ext === '.odt')
    return { mime: 'application/vnd.oasis.opendocument.text', ext: '.odt', kind: 'other' }
  if (starts(0xd0, 0xcf, 0x11, 0xe0) && ext === '.doc') return { mime: 'application/msword', ext: '.doc', kind: 'other' }
  if (head.toString('latin1').startsWith('{\\rtf')) return { mime: 'application/rtf', ext: '.rtf', kind: 'other' }
  if (ext === '.txt' && !data.includes(0)) return { mime: 'text/plain', ext: '.txt', kind: 'other' }
  return null
}

export type IncomingFile = { fileName: string; content: Buffer }
type StoredFile = { fileName: string; mime: string; size: number; sha256: string; storagePath: string; kind: 'scan' | 'other' }
type RefusedFile = { fileName: string; size: number; reason: string }

/** Checks each attachment; accepted ones are written under uploads/mail/<inboundId>/. */
export function checkAttachments(files: IncomingFile[]): { accepted: Array<IncomingFile & Sniffed>; refused: RefusedFile[] } {
  const accepted: Array<IncomingFile & Sniffed> = []
  const refused: RefusedFile[] = []
  for (const file of files) {
    const size = file.content.length
    const type = sniff(file.content, file.fileName)
    if (accepted.length >= MAX_ATTACHMENTS)
      refused.push({
        fileName: file.fileName,
        size,
        reason: `больше ${MAX_ATTACHMENTS} файлов в письме: попросите прислать остальные страницы отдельным письмом или одним PDF`,
      })
    else if (size > MAX_ATTACHMENT_BYTES)
      refused.push({ fileName: file.fileName, size, reason: `файл больше ${MAX_ATTACHMENT_BYTES / 1024 / 1024} МБ` })
    else if (size === 0) refused.push({ fileName: file.fileName, size, reason: 'пустой файл' })
    else if (!type)
      refused.push({
        fileName: file.fileName,
        size,
        reason: 'недопустимый тип файла (принимаются PDF, JPEG, PNG, TIFF, HEIC, DOC, DOCX, ODT, RTF, TXT)',
      })
    else accepted.push({ ...file, ...type })
  }
  return { accepted, refused }
}

export async function storeAttachments(inboundId: string, files: Array<IncomingFile & Sniffed>): Promise<StoredFile[]> {
  const stored: StoredFile[] = []
  for (const [i, file] of files.entries()) {
    const hash = sha256(file.content)
    // «<n>-<hash>»: the letter's order is read back from n (uploadsOfInbound), not from the path's text order.
    const storagePath = path.posix.join('uploads', 'mail', inboundId, `${i + 1}-${hash.slice(0, 12)}${file.ext}`)
    await writeDurably(storagePath, file.content)
    stored.push({
      fileName: cleanFileName(file.fileName, 'файл'),
      mime: file.mime,
      size: file.content.length,
      sha256: hash,
      storagePath,
      kind: file.kind,
    })
  }
  return stored
}
