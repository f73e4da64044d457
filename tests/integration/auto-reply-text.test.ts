// ADR 121: a letter is filed as an auto-reply by its text alone only when nothing can be lost — no attachments, in no
// application's thread, a machine's marker and nothing asked. A parent's reply in the thread, or a letter with files,
// stays a letter for staff whatever its words.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { overrideMailSettings } from '#app/mail/config.server'
import { storeInbound } from '#app/mail/inbound.server'
import { db } from '#app/utils/db.server'
import { receive } from '#tests/helpers/applications'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'auto-reply-text-'))
const AWAY = 'Это автоматический ответ. Я в отпуске до 14.12, по срочным вопросам обращайтесь к секретарю.'

beforeAll(() => overrideMailSettings({ smtp: null, dataDir, messageIdDomain: 'school8.example.org' }))
afterAll(() => {
  overrideMailSettings({ smtp: null })
  fs.rmSync(dataDir, { recursive: true, force: true })
})

function letter(n: string, opts: { references?: string; file?: boolean; from?: string } = {}): Buffer {
  const head = [
    `From: Петрова Анна <${opts.from ?? 'petrova.auto@example.ru'}>`,
    'To: school@school8.example.org',
    'Subject: =?UTF-8?B?' + Buffer.from('Без темы').toString('base64') + '?=',
    `Message-ID: <auto-text-${n}@example.ru>`,
    ...(opts.references ? [`In-Reply-To: ${opts.references}`, `References: ${opts.references}`] : []),
    'MIME-Version: 1.0',
  ]
  const body = opts.file
    ? [
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        AWAY,
        '--b1',
        'Content-Type: application/pdf; name="zayavlenie.pdf"',
        'Content-Disposition: attachment; filename="zayavlenie.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'),
        '--b1--',
        '',
      ]
    : ['Content-Type: text/plain; charset=utf-8', '', AWAY, '']
  return Buffer.from([...head, ...body].join('\r\n'))
}

describe('an auto-reply known by its text (ADR 121)', () => {
  it('is ignored only with no attachments and outside any application’s thread', async () => {
    const alone = await storeInbound({ raw: letter('alone'), internalDate: new Date(), source: 'upload' })
    expect({ kind: alone.message.kind, status: alone.message.status }).toEqual({ kind: 'auto_reply', status: 'ignored' })

    const withFile = await storeInbound({ raw: letter('file', { file: true }), internalDate: new Date(), source: 'upload' })
    expect({ kind: withFile.message.kind, status: withFile.message.status }).toEqual({ kind: 'message', status: 'new' })

    const application = await receive('email', '5А')
    const school = await db.school.findFirstOrThrow()
    await db.inboundMessage.create({
      data: {
        schoolId: school.id,
        messageId: '<auto-text-earlier@example.ru>',
        internalDate: new Date(),
        fromAddress: application.applicantEmail,
        rawPath: 'none',
        kind: 'message',
        status: 'application',
        applicationId: application.id,
      },
    })
    const inThread = await storeInbound({
      raw: letter('thread', { references: '<auto-text-earlier@example.ru>' }),
      internalDate: new Date(),
      source: 'upload',
    })
    expect({ kind: inThread.message.kind, applicationId: inThread.message.applicationId }).toEqual({
      kind: 'reply',
      applicationId: application.id,
    })
  })
})

/** An HTML-only letter as Yandex, Gmail and Outlook send it: the HTML inside multipart/alternative, no text/plain. */
function htmlOnly(n: string, html: string): Buffer {
  return Buffer.from(
    [
      'From: Петрова Анна <petrova.html@example.ru>',
      'To: school@school8.example.org',
      'Subject: =?UTF-8?B?' + Buffer.from('Re: вопрос').toString('base64') + '?=',
      `Message-ID: <auto-html-${n}@example.ru>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="alt"',
      '',
      '--alt',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      html,
      '--alt--',
      '',
    ].join('\r\n'),
  )
}

/** Outlook's Word HTML: a style sheet, conditional comments and «MsoNormal» paragraphs around the words. */
const word = (paragraphs: string[]) =>
  '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=Generator content="Microsoft Word 15 (filtered medium)">' +
  '<style><!--\np.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0cm;\n\tfont-size:11.0pt;\n\tfont-family:"Calibri",sans-serif;}\n' +
  '--></style><!--[if gte mso 9]><xml>\n<o:shapedefaults v:ext="edit" spidmax="1026" />\n</xml><![endif]--></head>' +
  '<body lang=RU><div class=WordSection1>' +
  paragraphs.map((p) => `<p class=MsoNormal>${p}<o:p></o:p></p>`).join('<p class=MsoNormal><o:p>&nbsp;</o:p></p>') +
  '</div></body></html>'

describe('an HTML-only letter (no text/plain part) is read by its text like any other (ADR 125)', () => {
  it('Outlook’s HTML-only out-of-office reply is an auto-reply, its words kept; a parent’s HTML-only letter stays a letter', async () => {
    const away = await storeInbound({
      raw: htmlOnly(
        'away',
        word([
          'Здравствуйте!',
          'Я нахожусь в отпуске до&nbsp;14.12.2026. По срочным вопросам обращайтесь к заместителю директора Ивановой&nbsp;И.И.',
          'Это автоматический ответ.',
        ]),
      ),
      internalDate: new Date(),
      source: 'upload',
    })
    expect({ kind: away.message.kind, status: away.message.status }).toEqual({ kind: 'auto_reply', status: 'ignored' })
    expect(away.message.text).toContain('Я нахожусь в отпуске до 14.12.2026. По срочным вопросам обращайтесь к заместителю')
    expect(away.message.text).not.toMatch(/MsoNormal|font-family|shapedefaults/)

    // Gmail: the parent's words, then the school's auto-reply quoted in a blockquote — the quote is not the letter.
    const parent = await storeInbound({
      raw: htmlOnly(
        'parent',
        '<div dir="ltr"><div>Я в командировке до 20.12, документы принесёт бабушка. Спасибо.</div></div><br>' +
          '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">' +
          'пн, 7 дек. 2026 г. в 09:15, Школа &lt;school@school8.example.org&gt;:</div>' +
          '<blockquote class="gmail_quote">Это автоматический ответ. Ваше письмо получено и будет рассмотрено.</blockquote></div>',
      ),
      internalDate: new Date(),
      source: 'upload',
    })
    expect({ kind: parent.message.kind, status: parent.message.status }).toEqual({ kind: 'message', status: 'new' })
    expect(parent.message.text).toContain('Я в командировке до 20.12, документы принесёт бабушка.')
  })
})

/** A plain-text letter with no attachment, outside any thread: only its text can make it an auto-reply. */
function plain(n: string, text: string): Buffer {
  return Buffer.from(
    [
      'From: Петрова Анна <petrova.plain@example.ru>',
      'To: school@school8.example.org',
      'Subject: =?UTF-8?B?' + Buffer.from('Документы').toString('base64') + '?=',
      `Message-ID: <auto-plain-${n}@example.ru>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      text,
      '',
    ].join('\r\n'),
  )
}

// ADR 125: an away clause is a notice's only when nothing of its own is left beside the away phrase and the period —
// a parent writes without commas, and a greeting is followed by the letter.
describe('a parent’s away letter without commas is a letter, plain or HTML-only (ADR 125)', () => {
  const parents = [
    'Я в командировке до 20.12 бабушка заберёт документы',
    'Я в отпуске до 20.12 и не смогу прийти на собрание',
    'Я буду отсутствовать до 20.12 так как лежу в больнице с сыном',
    'Спасибо, я в командировке до 20.12 заберу после',
    'Мама в командировке до 20.12, папа на больничном до 18.12',
    'I am away until 20.12 my wife will come',
    'Здравствуйте Маша заболела. Я на больничном до 20.12',
  ]
  it.each(parents.map((text, i) => [i, text] as const))('letter %i: %s', async (i, text) => {
    for (const [how, raw] of [
      ['plain', plain(`p${i}`, text)],
      ['html', htmlOnly(`p${i}`, word([text]))],
    ] as const) {
      const stored = await storeInbound({ raw, internalDate: new Date(), source: 'upload' })
      expect({ how, kind: stored.message.kind, status: stored.message.status }).toEqual({ how, kind: 'message', status: 'new' })
    }
  })
  it('«Уважаемые коллеги! Я нахожусь в отпуске до 20.12.2026.» is still an auto-reply, plain or HTML-only', async () => {
    const text = 'Уважаемые коллеги! Я нахожусь в отпуске до 20.12.2026.'
    for (const [how, raw] of [
      ['plain', plain('colleagues', text)],
      ['html', htmlOnly('colleagues', word(['Уважаемые коллеги!', 'Я нахожусь в отпуске до 20.12.2026.']))],
    ] as const) {
      const stored = await storeInbound({ raw, internalDate: new Date(), source: 'upload' })
      expect({ how, kind: stored.message.kind, status: stored.message.status }).toEqual({ how, kind: 'auto_reply', status: 'ignored' })
    }
  })
})
