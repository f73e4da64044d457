import { describe, expect, it } from 'vitest'
import { docxResponse, fileResponse } from './uploads.server'

/** RFC 5987 attr-char: what an ext-value may carry unencoded; everything else is %XX. */
const EXT_VALUE = /^UTF-8''(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-F]{2})+$/

function extValueOf(response: Response): string {
  const header = response.headers.get('Content-Disposition') ?? ''
  return /filename\*=([^;\s]+)/.exec(header)?.[1] ?? ''
}

describe('a download keeps its Russian name (Content-Disposition, RFC 6266 / 5987)', () => {
  it.each([
    'Журнал регистрации 07.11.2026–07.12.2026.docx',
    'скан (1).pdf',
    "Выписка Д'Арк Жанна*.docx",
    'паспорт, стр. 2–3 (копия) !.jpg',
  ])('%s: an RFC 5987 ext-value that decodes back to the name', (name) => {
    const value = extValueOf(fileResponse(new Uint8Array([1]), { mime: 'application/pdf', fileName: name }))
    expect(value).toMatch(EXT_VALUE)
    expect(decodeURIComponent(value.slice("UTF-8''".length))).toBe(name)
  })

  it('the ASCII fallback is a quoted string without quotes or backslashes; inline is kept', () => {
    const header = fileResponse(new Uint8Array([1]), { mime: 'application/pdf', fileName: 'a"b\\c (1).pdf', inline: true }).headers.get(
      'Content-Disposition',
    )
    expect(header).toMatch(/^inline; filename="a_b_c \(1\)\.pdf"; filename\*=/)
    expect(extValueOf(docxResponse(new Uint8Array([1]), 'Отчёт (черновик).docx'))).toBe(
      "UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82%20%28%D1%87%D0%B5%D1%80%D0%BD%D0%BE%D0%B2%D0%B8%D0%BA%29.docx",
    )
  })
})
