// Files the applicant brought or sent (the post scan, document copies). Kept under DATA_DIR/uploads, never in
// public/: they are personal data and are served only to staff through a permission-checked route.
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Prisma } from '#app/generated/prisma/client'
import { writeFileDurably } from './durable-file.server'
import { getEnv } from './env.server'
import { UPLOAD_FILE_BYTES, UPLOAD_FORM_BYTES } from './body-limits'
import { oversizeFields, readMultipartForm } from './body.server'
import { cleanLine, clip } from './text'

const MAX_UPLOAD_BYTES = UPLOAD_FILE_BYTES
/** A form carries a few files at most; a body far beyond that is refused before it is read. */
const MAX_FORM_BYTES = UPLOAD_FORM_BYTES
const UPLOAD_KINDS = ['identity', 'status-proof', 'scan', 'correction', 'other'] as const
type UploadKind = (typeof UPLOAD_KINDS)[number]

export class UploadError extends Error {}

type FileType = { mime: string; ext: string }

/** The type is read from the first bytes, never from the name or the browser's word for it. */
function sniffType(buf: Uint8Array): FileType | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => buf[i] === b)
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return { mime: 'application/pdf', ext: 'pdf' } // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return { mime: 'image/jpeg', ext: 'jpg' }
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { mime: 'image/png', ext: 'png' }
  return null
}

function uploadsDir(): string {
  return path.resolve(getEnv().DATA_DIR, 'uploads')
}

/**
 * A display name without directories or control characters, cut to 120 characters on a whole one; `fallback` for a
 * name with nothing left. Document copies and mail attachments alike (the bytes are stored under our own name).
 */
export function cleanFileName(fileName: string, fallback: string): string {
  const base = path
    .basename(fileName.replaceAll('\\', '/'))
    .replace(/[\u0000-\u001f"<>|:*?]/g, '')
    .trim()
  return clip(cleanLine(base), 120) || fallback
}

/** What is wrong with a file, in Russian, or null when it may be stored. */
export function uploadProblem(buffer: Uint8Array): string | null {
  if (buffer.length === 0) return 'Файл пустой. Выберите файл ещё раз.'
  if (buffer.length > MAX_UPLOAD_BYTES) return TOO_LARGE_FILE
  if (!sniffType(buffer)) return 'Файл не похож на PDF, JPEG или PNG. Загрузите скан или фото в одном из этих форматов.'
  return null
}

export const TOO_LARGE_FILE = 'Файл больше 10 МБ. Отсканируйте с меньшим разрешением или в оттенках серого.'

/**
 * Reads a form that may carry files (multipart) or not, at most MAX_FORM_BYTES in all (a larger body: a 413
 * Response is thrown, app/utils/body.server.ts). A file over 10 МБ is read to its end and left out: with
 * `keepOversize` its field is listed by oversizeFields(form) (the page answers with everything typed kept,
 * issue 19 item 8); without it, UploadError.
 */
export async function parseUploadForm(request: Request, { keepOversize = false } = {}): Promise<FormData> {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_FORM_BYTES)
    throw new UploadError('Файлы слишком большие: каждый не больше 10 МБ.')
  const form = await readMultipartForm(request, { maxPartSize: MAX_UPLOAD_BYTES, keepGoing: true, limit: MAX_FORM_BYTES })
  if (!keepOversize && oversizeFields(form).length) throw new UploadError(TOO_LARGE_FILE)
  return form
}

/** A file written under DATA_DIR/uploads whose Upload row is not written yet (adoptUploads writes it). */
export type StagedUpload = { id: string; kind: string; fileName: string; mime: string; size: number; sha256: string; storagePath: string }

/**
 * Writes the bytes under DATA_DIR/uploads and returns what its row will say. The row is written by adoptUploads
 * in the transaction that makes the application, so a crash leaves at most a file without a row, which the
 * leftovers sweep removes after a day (app/jobs/leftovers.server.ts).
 */
export async function stageUpload(bytes: Uint8Array, fileName: string, kind: UploadKind | string): Promise<StagedUpload> {
  const problem = uploadProblem(bytes)
  if (problem) throw new UploadError(problem)
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const type = sniffType(buffer)!
  const sha256 = createHash('sha256').update(buffer).digest('hex')
  const id = `upl_${randomBytes(9).toString('base64url')}`
  // storagePath is relative to DATA_DIR: 'uploads/2026-11/upl_….pdf'.
  const relative = path.join('uploads', new Date().toISOString().slice(0, 7), `${id}.${type.ext}`)
  const full = path.resolve(getEnv().DATA_DIR, relative)
  // On the disk (bytes and name) before the application's row commits: a power cut after «принято» keeps the scan.
  await writeFileDurably(full, buffer, { exclusive: true })
  return {
    id,
    kind: (UPLOAD_KINDS as readonly string[]).includes(kind) ? kind : 'other',
    fileName: cleanFileName(fileName, `файл.${type.ext}`),
    mime: type.mime,
    size: buffer.length,
    sha256,
    storagePath: relative,
  }
}

/** Writes the rows of staged files, in the caller's transaction (the one that makes their application). */
export async function adoptUploads(
  tx: Prisma.TransactionClient,
  staged: StagedUpload[],
  target: { schoolId: string; applicationId: string },
): Promise<void> {
  if (staged.length)
    await tx.upload.createMany({ data: staged.map((u) => ({ ...u, schoolId: target.schoolId, applicationId: target.applicationId })) })
}

/** Removes staged files that no row adopted (a refused or repeated submission). */
export async function dropStaged(staged: StagedUpload[]): Promise<void> {
  for (const u of staged) await fs.rm(path.resolve(getEnv().DATA_DIR, u.storagePath), { force: true })
}

/** The stored bytes, checked against the hash taken on arrival. */
export async function readUpload(upload: { storagePath: string; sha256: string }): Promise<Buffer> {
  const full = path.resolve(getEnv().DATA_DIR, upload.storagePath)
  if (!full.startsWith(uploadsDir() + path.sep)) throw new UploadError('Неверный путь к файлу')
  const buffer = await fs.readFile(full)
  if (createHash('sha256').update(buffer).digest('hex') !== upload.sha256)
    throw new UploadError('Файл изменён после загрузки: контрольная сумма не совпадает')
  return buffer
}

/**
 * The name as an RFC 5987 ext-value: encodeURIComponent leaves «'», «(», «)» and «*» as they are, which an
 * ext-value may not hold («скан (1).pdf», «Д'Арк»): they are percent-encoded too.
 */
function extValue(fileName: string): string {
  return `UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`
}

/** Content-Disposition with the Russian name kept (RFC 6266 filename*) and an ASCII fallback. */
function contentDisposition(fileName: string, inline = false): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=${extValue(fileName)}`
}

/**
 * A stored file as a download: private, never cached, its type not sniffed; the Russian name kept. `inline` shows
 * it in the browser (a PDF preview); `headers` adds to or overrides these (a sandbox CSP, a referrer policy).
 */
export function fileResponse(
  bytes: Uint8Array,
  file: { mime: string; fileName: string; inline?: boolean; headers?: Record<string, string> },
): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': file.mime,
      'Content-Length': String(bytes.byteLength),
      'Content-Disposition': contentDisposition(file.fileName, file.inline),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      ...file.headers,
    },
  })
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** A Word document made on request (a report, a kit, a log) as a download: see fileResponse. */
export function docxResponse(docx: Uint8Array, fileName: string): Response {
  return fileResponse(docx, { mime: DOCX_MIME, fileName })
}
