import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { tnef } from '#tests/fixtures/real-world/mail/generate'
import { intakeContent } from '#app/mail/intake-content.server'

const TEXT = 'Прошу предоставить расписание уроков моего сына Сидорова Олега, 5А класс.'

/** An Outlook letter: a text part (when given) and winmail.dat carrying the same text as its body. */
function outlookLetter(withTextPart: boolean): Buffer {
  const lines = ['From: Сидорова <sidorova@example.org>', 'Subject: Заявление', 'MIME-Version: 1.0']
  lines.push('Content-Type: multipart/mixed; boundary="b"', '', '--b')
  if (withTextPart) {
    lines.push(
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(TEXT).toString('base64'),
      '--b',
    )
  }
  lines.push(
    'Content-Type: application/ms-tnef; name="winmail.dat"',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="winmail.dat"',
    '',
    tnef([], TEXT).toString('base64'),
    '--b--',
    '',
  )
  return Buffer.from(lines.join('\r\n'))
}

describe('winmail.dat beside the letter’s own text', () => {
  it('reads the text once when Outlook wrote it both as a text part and inside winmail.dat', async () => {
    const content = await intakeContent(await simpleParser(outlookLetter(true)), 'Europe/Saratov')
    expect(content.text.split(TEXT)).toHaveLength(2)
    expect(content.notes.join(' ')).not.toContain('добавлен к тексту обращения')
  })

  it('takes the text from winmail.dat when the letter has no text part of its own', async () => {
    const content = await intakeContent(await simpleParser(outlookLetter(false)), 'Europe/Saratov')
    expect(content.text.split(TEXT)).toHaveLength(2)
    expect(content.notes.join(' ')).toContain('Текст письма из него добавлен к тексту обращения.')
  })
})
