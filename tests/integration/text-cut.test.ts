// A letter whose subject or attachment name runs past the stored length with an emoji on the boundary, a desk search
// and a document copy cut the same way: each cut used to leave half of the emoji (a lone surrogate), Prisma refused
// the whole write, and the letter failed at every poll, the page answered 500.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { overrideMailSettings } from '#app/mail/config.server'
import { uploadEml } from '#app/mail/eml-upload.server'
import { loader as searchLoader } from '#app/routes/staff.intake.search'
import { stageUpload } from '#app/utils/uploads.server'
import { db } from '#app/utils/db.server'
import { hasLoneSurrogate } from '#app/utils/text'
import { signIn } from '#tests/helpers/auth'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'text-cut-'))
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')

beforeAll(() => {
  overrideMailSettings({ dataDir, messageIdDomain: 'school8.example.org', smtp: null })
  process.env.DATA_DIR = dataDir
})
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

function letter(subject: string, fileName: string): Buffer {
  const boundary = 'b-text-cut'
  return Buffer.from(
    [
      'From: =?utf-8?B?' + b64('Иванова Ольга') + '?= <olga@example.org>',
      'To: school@example.org',
      `Subject: =?utf-8?B?${b64(subject)}?=`,
      `Message-ID: <text-cut-${Math.random().toString(36).slice(2)}@example.org>`,
      'Date: Fri, 04 Dec 2026 10:00:00 +0300',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Прошу предоставить сведения об успеваемости.',
      `--${boundary}`,
      'Content-Type: application/pdf',
      `Content-Disposition: attachment; filename*=utf-8''${encodeURIComponent(fileName)}`,
      'Content-Transfer-Encoding: base64',
      '',
      PDF.toString('base64'),
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  )
}

describe('a cut at a stored length keeps whole characters', () => {
  it('stores a letter whose subject and attachment name end in an emoji on the cut', async () => {
    const subject = 'а'.repeat(499) + '😀'
    const fileName = 'ж'.repeat(119) + '😀.pdf'
    const { message } = await uploadEml({ raw: letter(subject, fileName), receivedAt: new Date(Date.now() - 60_000) })
    const row = await db.inboundMessage.findUniqueOrThrow({ where: { id: message.id } })
    expect(row.subject).toBe('а'.repeat(499))
    const [file] = await db.upload.findMany({ where: { storagePath: { startsWith: `uploads/mail/${message.id}/` } } })
    expect(file.fileName).toBe('ж'.repeat(119))
  })

  it('a document copy named with an emoji on the cut keeps a whole name', async () => {
    const staged = await stageUpload(PDF, 'с'.repeat(119) + '😀.pdf', 'identity')
    expect(staged.fileName).toBe('с'.repeat(119))
    expect(hasLoneSurrogate(staged.fileName)).toBe(false)
  })

  it('the desk’s journal search with an emoji on its cut answers', async () => {
    const cookie = await signIn('responsible')
    const q = 'а'.repeat(79) + '😀'
    const response = await searchLoader({
      request: new Request(`http://localhost/staff/intake/search?q=${encodeURIComponent(q)}`, { headers: { Cookie: cookie } }),
      params: {},
      context: {},
    })
    expect(response.status).toBe(200)
  })
})
