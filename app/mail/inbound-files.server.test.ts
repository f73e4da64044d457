// What a parent's letter attaches, as phones and programs write it: the type is read from the bytes.
import { describe, expect, it } from 'vitest'
import { checkAttachments } from './inbound-files.server'

const accepted = (fileName: string, content: Buffer) => checkAttachments([{ fileName, content }]).accepted.map((f) => f.mime)

describe('attachments of incoming mail', () => {
  it('a PDF with a byte order mark or blank lines before its header is a PDF, not «недопустимый тип файла»', () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n')
    expect(accepted('скан.pdf', pdf)).toEqual(['application/pdf'])
    expect(accepted('скан.pdf', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), pdf]))).toEqual(['application/pdf'])
    expect(accepted('скан.pdf', Buffer.concat([Buffer.from('\r\n\r\n'), pdf]))).toEqual(['application/pdf'])
    // Text that merely mentions a PDF header further on is not a PDF.
    expect(accepted('скан.pdf', Buffer.from('<html>%PDF-1.7</html>'))).toEqual([])
  })

  it('an iPhone photo saved as an image sequence (brands «hevc», «msf1») is a HEIC scan like a single photo', () => {
    const heif = (brand: string) => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from(`ftyp${brand}`), Buffer.alloc(64, 1)])
    for (const brand of ['heic', 'mif1', 'hevc', 'msf1']) expect(accepted(`IMG_0001.HEIC`, heif(brand)), brand).toEqual(['image/heic'])
    expect(accepted('clip.mp4', heif('isom'))).toEqual([])
  })
})
