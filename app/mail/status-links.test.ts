import { describe, expect, it } from 'vitest'
import { hideStatusLinks } from './status-links'

const TOKEN = 'Q2xhc3NpZmllZC1zdGF0dXMtbGluay0x' // 32 characters, as newStatusToken makes them
const URL = `https://school8.example.ru/s/${TOKEN}`

/** Every piece of the token longer than a few characters that is still readable in the text. */
const leaks = (text: string) => [TOKEN.slice(0, 12), TOKEN.slice(10, 22), TOKEN.slice(20)].filter((piece) => text.includes(piece))

describe('hideStatusLinks', () => {
  it('masks a link on one line, and leaves a letter without one as it is', () => {
    expect(hideStatusLinks(`Статус: ${URL}.`)).toBe('Статус: https://school8.example.ru/s/••••••.')
    const plain = 'Добрый день!\n> Спасибо.\n'
    expect(hideStatusLinks(plain)).toBe(plain)
  })

  it('masks a link a reply wrapped across quoted lines («> », «>> »)', () => {
    for (const quote of ['> ', '>> ', '> > ', '>']) {
      const [head, tail] = [TOKEN.slice(0, 15), TOKEN.slice(15)]
      const wrapped = `Отвечаю на письмо:\n${quote}Статус: https://school8.example.ru/s/${head}\n${quote}${tail} — ссылка.\n`
      const shown = hideStatusLinks(wrapped)
      expect(leaks(shown)).toEqual([])
      expect(shown).toContain('/s/••••••')
      expect(shown).toContain('— ссылка.')
    }
    // Cut right after «/s/», and on a CRLF line.
    const cut = `> https://school8.example.ru/s/\r\n> ${TOKEN}\r\n> С уважением`
    expect(leaks(hideStatusLinks(cut))).toEqual([])
  })

  it('masks a link cut by quoted-printable soft line breaks, and keeps the word after a wrapped token', () => {
    const soft = `Ссылка: https://school8.example.ru/s/${TOKEN.slice(0, 9)}=\n${TOKEN.slice(9, 25)}=\r\n${TOKEN.slice(25)}\n`
    expect(leaks(hideStatusLinks(soft))).toEqual([])
    const next = `> ${URL}\n> Thanks`
    expect(hideStatusLinks(next)).toBe('> https://school8.example.ru/s/••••••\n> Thanks')
  })
})
