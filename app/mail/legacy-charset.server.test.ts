import iconv from 'iconv-lite'
import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { guessRussianCharset, withLegacyCharset } from './legacy-charset.server'

const TEXT = 'Прошу предоставить информацию об успеваемости моего сына.'
const SUBJECT = 'Заявление на выписку'
const head = (lines: string[]) => lines.join('\r\n') + '\r\n\r\n'

async function parse(raw: Buffer) {
  return simpleParser(withLegacyCharset(raw), { skipTextLinks: true, skipImageLinks: true })
}

describe('letters from old mailers, with no charset said', () => {
  it('tells windows-1251 from KOI8-R by where the small letters are', () => {
    expect(guessRussianCharset(iconv.encode(TEXT, 'win1251'))).toBe('windows-1251')
    expect(guessRussianCharset(iconv.encode(TEXT, 'koi8-r'))).toBe('koi8-r')
  })

  it('reads an unlabelled 8-bit text body in windows-1251 or KOI8-R, plain or base64', async () => {
    for (const charset of ['win1251', 'koi8-r']) {
      const plain = Buffer.concat([
        Buffer.from(head(['From: <a@example.org>', 'Subject: test', 'Content-Type: text/plain', 'Content-Transfer-Encoding: 8bit'])),
        iconv.encode(TEXT, charset),
      ])
      expect((await parse(plain)).text?.trim()).toBe(TEXT)
      const base64 = Buffer.from(
        head(['From: <a@example.org>', 'Subject: test', 'Content-Type: text/plain', 'Content-Transfer-Encoding: base64']) +
          iconv.encode(TEXT, charset).toString('base64'),
      )
      expect((await parse(base64)).text?.trim()).toBe(TEXT)
    }
    // No Content-Type at all (text/plain by default), quoted-printable.
    const qp = Buffer.from(
      head(['From: <a@example.org>', 'Subject: test', 'Content-Transfer-Encoding: quoted-printable']) +
        [...iconv.encode(TEXT, 'win1251')].map((b) => (b >= 0x80 ? `=${b.toString(16).toUpperCase()}` : String.fromCharCode(b))).join(''),
    )
    expect((await parse(qp)).text?.trim()).toBe(TEXT)
  })

  it('reads a raw 8-bit Subject and sender name in the body’s charset, keeping the address', async () => {
    const raw = Buffer.concat([
      Buffer.from('From: '),
      iconv.encode('Иванова Ольга', 'win1251'),
      Buffer.from(' <olga@example.org>\r\nSubject: '),
      iconv.encode(SUBJECT, 'win1251'),
      Buffer.from('\r\nContent-Type: text/plain; charset=windows-1251\r\n\r\n'),
      iconv.encode(TEXT, 'win1251'),
    ])
    const parsed = await parse(raw)
    expect(parsed.subject).toBe(SUBJECT)
    expect(parsed.from?.value[0]).toMatchObject({ name: 'Иванова Ольга', address: 'olga@example.org' })
    expect(parsed.text?.trim()).toBe(TEXT)
  })

  it('passes a UTF-8 letter and a labelled one on unchanged', () => {
    const utf8 = Buffer.from(head(['From: <a@example.org>', 'Subject: Заявление', 'Content-Type: text/plain']) + TEXT)
    expect(withLegacyCharset(utf8)).toBe(utf8)
    const labelled = Buffer.concat([
      Buffer.from(head(['From: <a@example.org>', 'Subject: test', 'Content-Type: text/plain; charset=koi8-r'])),
      iconv.encode(TEXT, 'koi8-r'),
    ])
    expect(withLegacyCharset(labelled)).toBe(labelled)
    const multipart = Buffer.from(head(['From: <a@example.org>', 'Content-Type: multipart/mixed; boundary=x']) + '--x--\r\n')
    expect(withLegacyCharset(multipart)).toBe(multipart)
  })
})
