import { domainToASCII } from 'node:url'
import { describe, expect, it } from 'vitest'
import { EMAIL_MESSAGES, domainToAscii, emailKey, optionalEmail, parseEmail, requiredEmail, severalEmails } from './email'

const stored = (v: string) => {
  const parsed = parseEmail(v)
  return parsed.ok ? parsed.email : parsed.message
}

describe('e-mail addresses', () => {
  it('stores an address as people paste it: trimmed, without «mailto:» and the trailing dot, the domain in lower case', () => {
    expect(stored('  petrova@mail.ru ')).toBe('petrova@mail.ru')
    expect(stored('mailto:petrova@mail.ru')).toBe('petrova@mail.ru')
    expect(stored('MAILTO:Petrova@Mail.RU')).toBe('Petrova@mail.ru')
    expect(stored('darc@mail.ru.')).toBe('darc@mail.ru')
    expect(stored('\u200bivanova@mail.ru\u00a0')).toBe('ivanova@mail.ru')
    expect(stored("o'connor+school@example.org")).toBe("o'connor+school@example.org")
  })

  it('accepts an internationalised domain and its punycode form', () => {
    expect(stored('guzel@почта.рф')).toBe('guzel@почта.рф')
    expect(stored('guzel@ПОЧТА.РФ')).toBe('guzel@почта.рф')
    expect(stored('guzel@xn--80a1acny.xn--p1ai')).toBe('guzel@xn--80a1acny.xn--p1ai')
    expect(emailKey('Guzel@почта.рф')).toBe(emailKey('guzel@xn--80a1acny.xn--p1ai'))
    expect(domainToAscii('почта.рф')).toBe(domainToASCII('почта.рф'))
  })

  it('refuses lists, spaces, a missing domain or TLD and what nodemailer could not send to, in Russian', () => {
    expect(stored('a@mail.ru; b@mail.ru')).toBe(EMAIL_MESSAGES.list)
    expect(stored('a@mail.ru,b@mail.ru')).toBe(EMAIL_MESSAGES.list)
    expect(stored('ivan ova@mail.ru')).toBe(EMAIL_MESSAGES.spaces)
    // Two addresses apart by a space, «или» or a line break (Alt+Enter in Excel) are a list, not a spacing mistake.
    for (const typed of ['mama@mail.ru papa@yandex.ru', 'mama@mail.ru или papa@yandex.ru', 'mama@mail.ru\npapa@yandex.ru'])
      expect(stored(typed), typed).toBe(EMAIL_MESSAGES.list)
    expect(severalEmails('mama@mail.ru;papa@yandex.ru')).toEqual(['mama@mail.ru', 'papa@yandex.ru'])
    expect(severalEmails('mama@mail.ru')).toEqual([])
    expect(['нет', 'ivanova', 'a@b@mail.ru', '@mail.ru', 'ivanova@'].map(stored)).toEqual(Array(5).fill(EMAIL_MESSAGES.invalid))
    expect(
      ['ivanova@mail', 'ivanova@mail..ru', 'ivanova@-mail.ru', 'ivanova@mail.r', 'ivanova@mail.ru/x', 'a@1.2.3.4'].map(stored),
    ).toEqual(Array(6).fill(EMAIL_MESSAGES.domain))
    expect(['.ivanova@mail.ru', 'iva..nova@mail.ru', '"iva nova"@mail.ru', 'a<b>@mail.ru'].map(stored)).not.toContain(
      expect.stringMatching(/@/),
    )
  })

  it('refuses a domain typed in the wrong keyboard layout or with a look-alike letter; stores a full-width one plainly', () => {
    expect(['ivan@mаil.ru', 'ivan@ьфшд.ке', 'ivan@ьфшд.ru', 'ivan@почта.ru', 'ivan@pochta.рф', 'ivan@mαil.ru'].map(stored)).toEqual(
      Array(6).fill(EMAIL_MESSAGES.layout),
    )
    expect(stored('ivan@ｍａｉｌ.ru')).toBe('ivan@mail.ru')
    expect(stored('ivan@школа.рус')).toBe('ivan@школа.рус')
    expect(stored('ivan@xn--80a1acny.xn--p1ai')).toBe('ivan@xn--80a1acny.xn--p1ai')
  })

  it('refuses a Cyrillic local part: nodemailer sends it only where every server supports SMTPUTF8', () => {
    expect(stored('Иванова@mail.ru')).toBe(EMAIL_MESSAGES.localLetters)
  })

  it('a form field: optional or required, named in front of the message, stored as parseEmail cleans it', () => {
    const issue = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues[0].message
    expect(optionalEmail().parse('')).toBe('')
    expect(optionalEmail('Почтовый ящик школы').parse(' mailto:Apply@Почта.РФ. ')).toBe('Apply@почта.рф')
    expect(issue(optionalEmail('Почтовый ящик школы').safeParse('школа@mail.ru'))).toBe(
      'Почтовый ящик школы: до «@» — только латинские буквы, цифры и знаки «.», «_», «-», «+» ' +
        '(письмо на адрес с русскими буквами до «@» может не дойти)',
    )
    expect(issue(optionalEmail().safeParse('a@b'))).toBe(EMAIL_MESSAGES.domain)
    expect(issue(optionalEmail('Почтовый ящик школы').safeParse('a@b'))).toBe(
      'Почтовый ящик школы: неверный адрес: после «@» нужен домен с точкой, например mail.ru или почта.рф',
    )
    expect(issue(optionalEmail('Почтовый ящик школы').safeParse('a b@mail.ru'))).toBe('Почтовый ящик школы: адрес пишется без пробелов')
    expect(issue(requiredEmail('Укажите e-mail школы').safeParse('  '))).toBe('Укажите e-mail школы')
    expect(requiredEmail('Укажите e-mail школы').parse('School8@Mail.RU')).toBe('School8@mail.ru')
  })
})
