import iconv from 'iconv-lite'
import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { intakeContent } from './intake-content.server'
import { withLegacyCharset } from './legacy-charset.server'
import { guessRussianCharset } from '#app/utils/russian-charset'

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

const win = (text: string) => iconv.encode(text, 'win1251')
const koi = (text: string) => iconv.encode(text, 'koi8-r')
/** A raw letter, line by line: a string is ASCII, a Buffer goes in as its bytes (an 8-bit body, a raw 8-bit name). */
const letter = (...lines: Array<string | Buffer>) =>
  Buffer.concat(lines.flatMap((line) => [typeof line === 'string' ? Buffer.from(line, 'latin1') : line, Buffer.from('\r\n')]))
/** Quoted-printable without line wrapping: every 8-bit byte and «=» as =XX. */
const qp = (bytes: Buffer) =>
  [...bytes].map((b) => (b >= 0x80 || b === 0x3d ? `=${b.toString(16).toUpperCase()}` : String.fromCharCode(b))).join('')
const HTML = `<html><body><p>${TEXT}</p></body></html>`
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 7), Buffer.from([0xff, 0xd9])])
const FROM = ['From: <a@example.org>', 'To: <school@example.org>', 'Subject: test', 'MIME-Version: 1.0']

describe('parts of a multipart letter from old mailers, with no charset said', () => {
  it('reads an unlabelled windows-1251 text/plain and text/html inside multipart/alternative', async () => {
    const raw = letter(
      ...FROM,
      'Content-Type: multipart/alternative; boundary="alt"',
      '',
      '--alt',
      'Content-Type: text/plain',
      'Content-Transfer-Encoding: 8bit',
      '',
      win(TEXT),
      '--alt',
      'Content-Type: text/html',
      '',
      win(HTML),
      '--alt--',
    )
    const parsed = await parse(raw)
    expect(parsed.text?.trim()).toBe(TEXT)
    expect(parsed.html).toContain(TEXT)
  })

  it('reads an unlabelled KOI8-R part inside multipart/mixed, its attachment kept', async () => {
    const raw = letter(
      ...FROM,
      'Content-Type: multipart/mixed; boundary=mix',
      '',
      'This is a multi-part message in MIME format.',
      '--mix',
      'Content-Type: text/plain; format=flowed',
      '',
      koi(TEXT),
      '--mix',
      'Content-Type: image/jpeg; name="scan.jpg"',
      'Content-Disposition: attachment; filename="scan.jpg"',
      'Content-Transfer-Encoding: base64',
      '',
      JPEG.toString('base64'),
      '--mix--',
    )
    const parsed = await parse(raw)
    expect(parsed.text?.trim()).toBe(TEXT)
    expect(parsed.attachments.map((a) => [a.filename, a.content.equals(JPEG)])).toEqual([['scan.jpg', true]])
  })

  it('reads an unlabelled base64 text part two levels down', async () => {
    const raw = letter(
      ...FROM,
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: multipart/alternative; boundary="inner"',
      '',
      '--inner',
      'Content-Type: text/plain',
      'Content-Transfer-Encoding: base64',
      '',
      win(TEXT)
        .toString('base64')
        .replace(/(.{76})/g, '$1\r\n'),
      '--inner--',
      '--outer--',
    )
    expect((await parse(raw)).text?.trim()).toBe(TEXT)
  })

  it('reads unlabelled quoted-printable HTML inside multipart/related', async () => {
    const raw = letter(
      ...FROM,
      'Content-Type: multipart/mixed; boundary="m"',
      '',
      '--m',
      'Content-Type: multipart/related; boundary="r"; type="text/html"',
      '',
      '--r',
      'Content-Type: text/html',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      qp(win(HTML)),
      '--r',
      'Content-Type: image/jpeg',
      'Content-ID: <logo@x>',
      'Content-Transfer-Encoding: base64',
      '',
      JPEG.toString('base64'),
      '--r--',
      '--m--',
    )
    const parsed = await parse(raw)
    expect(parsed.html).toContain(TEXT)
    expect((await intakeContent(parsed, 'Europe/Moscow')).text).toBe(TEXT)
  })

  it('reads a forwarded letter whose own letter is unlabelled windows-1251, as 8-bit or base64 message/rfc822', async () => {
    const forwarded = letter(
      Buffer.concat([Buffer.from('From: '), win('Иванова Ольга'), Buffer.from(' <olga@example.org>')]),
      Buffer.concat([Buffer.from('Subject: '), win(SUBJECT)]),
      'Content-Type: text/plain',
      '',
      win(TEXT),
    )
    for (const encoding of ['8bit', 'base64']) {
      const raw = letter(
        ...FROM,
        'Content-Type: multipart/mixed; boundary="fwd"',
        '',
        '--fwd',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Fwd',
        '--fwd',
        'Content-Type: message/rfc822',
        `Content-Transfer-Encoding: ${encoding}`,
        '',
        encoding === 'base64' ? forwarded.toString('base64') : forwarded,
        '--fwd--',
      )
      const content = await intakeContent(await parse(raw), 'Europe/Moscow')
      expect(content.text, encoding).toContain(TEXT)
      expect(content.text, encoding).toContain(`Тема: ${SUBJECT}`)
      expect(content.text, encoding).toContain('От: Иванова Ольга <olga@example.org>')
    }
  })

  it('reads a raw 8-bit file name (name= and filename=) in the letter’s charset', async () => {
    for (const [charset, name] of [
      ['win1251', 'скан паспорта.jpg'],
      // Capitals only: KOI8-R puts them where windows-1251 has small letters; the letter’s text tells which it is.
      ['koi8-r', 'СКАН ПАСПОРТА.jpg'],
    ]) {
      const raw = letter(
        ...FROM,
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        iconv.encode(TEXT, charset),
        '--b',
        Buffer.concat([Buffer.from('Content-Type: image/jpeg; name="'), iconv.encode(name, charset), Buffer.from('"')]),
        Buffer.concat([Buffer.from('Content-Disposition: attachment;\r\n\tfilename="'), iconv.encode(name, charset), Buffer.from('"')]),
        'Content-Transfer-Encoding: base64',
        '',
        JPEG.toString('base64'),
        '--b',
        Buffer.concat([Buffer.from('Content-Type: application/octet-stream; name='), iconv.encode(name, charset)]),
        'Content-Transfer-Encoding: base64',
        '',
        JPEG.toString('base64'),
        '--b--',
      )
      const parsed = await parse(raw)
      expect(parsed.text?.trim(), charset).toBe(TEXT)
      expect(
        parsed.attachments.map((a) => a.filename),
        charset,
      ).toEqual([name, name])
    }
  })

  it('passes labelled and UTF-8 multipart letters, forwarded ones included, on unchanged', () => {
    const labelled = letter(
      ...FROM,
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset="windows-1251"',
      'Content-Transfer-Encoding: 8bit',
      '',
      win(TEXT),
      '--b',
      `Content-Type: image/jpeg; name="=?windows-1251?B?${win('скан.jpg').toString('base64')}?="`,
      `Content-Disposition: attachment; filename*=windows-1251''${[...win('скан.jpg')].map((b) => `%${b.toString(16)}`).join('')}`,
      '',
      JPEG,
      '--b--',
    )
    expect(withLegacyCharset(labelled)).toBe(labelled)
    const utf8 = letter(
      ...FROM,
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      Buffer.from(TEXT),
      '--b',
      'Content-Type: message/rfc822',
      '',
      Buffer.from(head(['From: <b@example.org>', 'Subject: Заявление', 'Content-Type: text/html']) + HTML),
      '--b',
      'Content-Type: image/jpeg',
      Buffer.from('Content-Disposition: attachment; filename="скан паспорта.jpg"'),
      '',
      JPEG,
      '--b--',
    )
    expect(withLegacyCharset(utf8)).toBe(utf8)
  })

  it('never throws on a malformed letter: what it cannot read it passes on as it came', () => {
    const deep = (depth: number): string =>
      depth === 0
        ? 'Content-Type: text/plain\r\n\r\nx'
        : `Content-Type: multipart/mixed; boundary=d${depth}\r\n\r\n--d${depth}\r\n${deep(depth - 1)}\r\n--d${depth}--`
    const malformed = [
      Buffer.alloc(0),
      Buffer.from('no header end'),
      Buffer.from(head(['Content-Type: multipart/mixed']) + '--x\r\nContent-Type: text/plain\r\n\r\nx'),
      Buffer.from(head(['Content-Type: multipart/mixed; boundary=x']) + '--x\r\nContent-Type: text/plain'),
      Buffer.from(head(['Content-Type: multipart/mixed; boundary=x']) + '--x\r\n\r\n--x\r\n--x--'),
      Buffer.from(head(['Content-Type: multipart/mixed; boundary=""']) + '--\r\n\r\nx\r\n----'),
      Buffer.from(head(['Content-Type: text/plain', 'Content-Transfer-Encoding: base64']) + '!!!==*'),
      Buffer.from(head(['Content-Type: text/plain', 'Content-Transfer-Encoding: quoted-printable']) + '=\r=4=ZZ='),
      Buffer.from(head(['Content-Type: message/rfc822']) + 'garbage'),
      Buffer.from(deep(200)),
    ]
    for (const raw of malformed) expect(withLegacyCharset(raw)).toBe(raw)
    // Unterminated, with an 8-bit part: the part still gets its charset, the rest stays as it came.
    const open = Buffer.concat([Buffer.from(head(['Content-Type: multipart/mixed; boundary=x']) + '--x\r\n\r\n'), win(TEXT)])
    expect(withLegacyCharset(open).toString('latin1')).toBe(
      open.toString('latin1').replace('--x\r\n', '--x\r\nContent-Type: text/plain; charset=windows-1251\r\n'),
    )
  })

  it('reads a 40 MB letter in one pass, and passes one of more parts than the parser takes on as it came', () => {
    const text = (bytes: Buffer) => Buffer.concat([Buffer.from('--b\r\nContent-Type: text/plain\r\n\r\n'), bytes, Buffer.from('\r\n')])
    const scan = Buffer.alloc(27 * 1024 * 1024, 0xc8)
      .toString('base64')
      .replace(/(.{76})/g, '$1\r\n')
    const raw = Buffer.concat([
      Buffer.from(head(['Content-Type: multipart/mixed; boundary=b'])),
      text(win(TEXT)),
      Buffer.from(`--b\r\nContent-Type: image/jpeg\r\nContent-Transfer-Encoding: base64\r\n\r\n${scan}\r\n`),
      text(win(TEXT.repeat(100_000))),
      Buffer.from('--b\r\nContent-Type: message/rfc822\r\n\r\n'),
      text(Buffer.concat([Buffer.from('Content-Type: text/plain\r\n\r\n'), koi(TEXT)])).subarray(5),
      Buffer.from('--b--\r\n'),
    ])
    expect(raw.length).toBeGreaterThan(40 * 1024 * 1024)
    const started = performance.now()
    const fixed = withLegacyCharset(raw).toString('latin1')
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(fixed.match(/charset=[\w-]+/g)).toEqual(['charset=windows-1251', 'charset=windows-1251', 'charset=koi8-r'])

    const many = Buffer.concat([Buffer.from(head(['Content-Type: multipart/mixed; boundary=b'])), ...Array(1500).fill(text(win(TEXT)))])
    expect(withLegacyCharset(many)).toBe(many)
  })
})

describe('letters whose charset label is wrong', () => {
  // KOI8-R has no «»: an old box's letter writes plain quotes.
  const CAPS = 'ПРОШУ ВЫДАТЬ ВЫПИСКУ С ОЦЕНКАМИ ВНУКА, ГРИГОРЬЕВА ДАНИИЛА, 10 "А" КЛАСС.'
  const labelled = (label: string | null, body: Buffer, subject = 'test') =>
    letter(
      ...FROM.filter((l) => !l.startsWith('Subject')),
      `Subject: ${subject}`,
      ...(label ? [`Content-Type: text/plain; charset=${label}`] : []),
      'Content-Transfer-Encoding: 8bit',
      '',
      body,
    )

  it('reads windows-1251 labelled utf-8, us-ascii or iso-8859-1, UTF-8 labelled windows-1251, the 8-bit ones swapped', async () => {
    const cases: Array<[string, Buffer, string]> = [
      ['utf-8', win(TEXT), TEXT],
      ['"UTF-8"', win(TEXT), TEXT],
      ['us-ascii', win(TEXT), TEXT],
      ['iso-8859-1', win(TEXT), TEXT],
      ['windows-1252', koi(TEXT), TEXT],
      ['windows-1251', Buffer.from(TEXT), TEXT],
      ['koi8-r', Buffer.from(TEXT), TEXT],
      ['windows-1251', koi(TEXT), TEXT],
      ['koi8-r', win(TEXT), TEXT],
      ['cp1251', koi(CAPS), CAPS],
    ]
    for (const [label, body, text] of cases) expect((await parse(labelled(label, body))).text?.trim(), label).toBe(text)
  })

  it('reads a text in capitals only, with no charset, in windows-1251 or KOI8-R', async () => {
    for (const body of [win(CAPS), koi(CAPS)]) expect((await parse(labelled(null, body))).text?.trim()).toBe(CAPS)
  })

  it('reads encoded words (RFC 2047) whose charset is wrong, split inside a letter too', async () => {
    const bytes = win('Заявление на выписку')
    const q = [...bytes].map((b) => `=${b.toString(16).toUpperCase()}`).join('')
    // UTF-8 labelled windows-1251, cut after the fifth byte: inside «я».
    const utf8 = Buffer.from('Заявление на выписку')
    const [first, rest] = [utf8.subarray(0, 5), utf8.subarray(5)].map((b) => `=?windows-1251?B?${b.toString('base64')}?=`)
    const subjects = [`=?utf-8?B?${bytes.toString('base64')}?=`, `=?iso-8859-1?Q?${q}?=`, `${first}\r\n ${rest}`]
    for (const subject of subjects)
      expect((await parse(labelled('utf-8', Buffer.from('x'), subject))).subject, subject).toBe('Заявление на выписку')
  })

  it('reads the body mislabelled utf-8 although the Subject holds a malformed encoded word («=?*?B?…?=»)', async () => {
    const parsed = await parse(labelled('utf-8', win(TEXT), '=?*?B?QQ==?= zayavlenie'))
    expect(parsed.text?.trim()).toBe(TEXT)
  })

  it('tells the charset of a large text by its first 64 KB (scoring 10 MB held the event loop for seconds)', () => {
    const head = iconv.encode(TEXT.repeat(Math.ceil(70_000 / TEXT.length)), 'windows-1251')
    const tail = iconv.encode(TEXT.repeat(Math.ceil(300_000 / TEXT.length)), 'koi8-r')
    expect(guessRussianCharset(Buffer.concat([head, tail]))).toBe('windows-1251')
    expect(guessRussianCharset(tail)).toBe('koi8-r')
  })

  it('keeps a label the bytes agree with, a short text in capitals, a stray byte in UTF-8 and a charset it does not know', () => {
    const kept = [
      labelled('windows-1251', win(CAPS)),
      labelled('koi8-r', koi(CAPS)),
      labelled('windows-1251', win('ЗАЯВЛЕНИЕ')),
      labelled('koi8-r', koi('ЗАЯВЛЕНИЕ')),
      labelled('utf-8', Buffer.concat([Buffer.from(TEXT), Buffer.from([0xff]), Buffer.from(TEXT)])),
      labelled('iso-8859-1', Buffer.from('Grüße aus München, café', 'latin1')),
      labelled('iso-8859-5', iconv.encode(TEXT, 'iso-8859-5')),
      labelled('windows-1251', win(TEXT), `=?windows-1251?B?${win(SUBJECT).toString('base64')}?=`),
    ]
    for (const raw of kept) expect(withLegacyCharset(raw)).toBe(raw)
  })
})

describe('charset labels as mailers write them', () => {
  const percent = (bytes: Buffer) => [...bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')

  it('reads a body labelled «x-koi8-r», «X-CP1251», quoted, «dos-866», «x-cp866» or an unknown label', async () => {
    const cases: Array<[string, string]> = [
      ['x-koi8-r', 'koi8-r'],
      ['X-KOI8-R', 'koi8-r'],
      ['"x-cp1251"', 'win1251'],
      ["'Windows-1251'", 'win1251'],
      ['"WINDOWS-1251 "', 'win1251'],
      ['cp866', 'cp866'],
      ['x-cp866', 'cp866'],
      ['dos-866', 'cp866'],
      ['x-unknown', 'koi8-r'],
      ['x-user-defined', 'win1251'],
      ['unknown-8bit', 'cp866'],
    ]
    for (const [label, charset] of cases) {
      const raw = Buffer.concat([
        Buffer.from(
          head(['From: <a@example.org>', 'Subject: test', `Content-Type: text/plain; charset=${label}`, 'Content-Transfer-Encoding: 8bit']),
        ),
        iconv.encode(TEXT, charset),
      ])
      expect({ label, text: (await parse(raw)).text?.trim() }).toEqual({ label, text: TEXT })
    }
    // UTF-8 under a label nobody knows is UTF-8.
    const utf8 = Buffer.from(head(['From: <a@example.org>', 'Subject: test', 'Content-Type: text/plain; charset=x-unknown']) + TEXT)
    expect((await parse(utf8)).text?.trim()).toBe(TEXT)
  })

  it('reads a subject in «x-koi8-r» encoded words split across folded lines', async () => {
    const word = (text: string) => `=?x-koi8-r?B?${iconv.encode(text, 'koi8-r').toString('base64')}?=`
    const raw = Buffer.from(head(['From: <a@example.org>', `Subject: ${word('Заявление на ')}\r\n\t${word('выписку')}`]) + 'hi')
    expect((await parse(raw)).subject).toBe(SUBJECT)
  })

  it('reads RFC 2231 file names in an unknown or wrong charset, in segments or whole', async () => {
    const names = [
      `filename*0*=x-koi8-r''${percent(iconv.encode('Скан свидетельства', 'koi8-r'))};\r\n filename*1=".pdf"`,
      `filename*=utf-8''${percent(iconv.encode('Скан свидетельства.pdf', 'win1251'))}`,
      `filename*="x-cp866'ru'${percent(iconv.encode('Скан свидетельства.pdf', 'cp866'))}"`,
      `filename="=?x-koi8-r?B?${iconv.encode('Скан свидетельства.pdf', 'koi8-r').toString('base64')}?="`,
    ]
    for (const name of names) {
      const raw = Buffer.from(
        head(['From: <a@example.org>', 'Subject: test', 'Content-Type: multipart/mixed; boundary=XX']) +
          [
            '--XX',
            'Content-Type: text/plain',
            '',
            'hi',
            '--XX',
            'Content-Type: application/pdf',
            `Content-Disposition: attachment; ${name}`,
          ]
            .concat(['Content-Transfer-Encoding: base64', '', 'JVBERi0=', '--XX--', ''])
            .join('\r\n'),
        'latin1',
      )
      expect((await parse(raw)).attachments.map((a) => a.filename)).toEqual(['Скан свидетельства.pdf'])
    }
  })
})
