// Issue 19, item 4: typography of the shipped Word templates. A column header is never split inside a word (no soft
// hyphens, every word fits its column), and «№» is never left at the end of a line away from its number.
import fs from 'node:fs'
import path from 'node:path'
import PizZip from 'pizzip'
import { describe, expect, it } from 'vitest'

const DIR = path.resolve(__dirname, '..', '..', 'templates')
const FILES = fs.readdirSync(DIR).filter((f) => f.endsWith('.docx'))
const xmlOf = (file: string) => new PizZip(fs.readFileSync(path.join(DIR, file))).file('word/document.xml')!.asText()
const textOf = (xml: string) =>
  xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')

// Widths of Times New Roman (and Liberation Serif, its metric twin in LibreOffice) bold, in thousandths of an em,
// rounded up: wide letters, narrow letters, the rest. An estimate on the safe side.
const WIDE = /[ЖШЩЮМФЫжшщюмфы]/
const NARROW = /[ijlrtfI.,:;!'()/\- ]/
const UPPER = /[А-ЯЁA-Z]/
function wordTwips(word: string, pt: number): number {
  let em = 0
  for (const ch of word) em += WIDE.test(ch) ? 0.8 : NARROW.test(ch) ? 0.33 : UPPER.test(ch) ? 0.72 : /\d/.test(ch) ? 0.5 : 0.56
  return em * pt * 20
}
/** Cell margins of the shipped table style (57 twips a side). */
const CELL_MARGINS = 114

function headerCells(xml: string): Array<{ text: string; width: number; pt: number }> {
  const out: Array<{ text: string; width: number; pt: number }> = []
  for (const row of xml.match(/<w:tr>(?:(?!<\/w:tr>).)*?<w:tblHeader\/>.*?<\/w:tr>/gs) ?? []) {
    for (const tc of row.match(/<w:tc>.*?<\/w:tc>/gs) ?? []) {
      const width = Number(/<w:tcW w:w="(\d+)"/.exec(tc)?.[1] ?? 0)
      const size = Number(/<w:sz w:val="(\d+)"/.exec(tc)?.[1] ?? 20) / 2
      out.push({ text: textOf(tc).trim(), width, pt: size })
    }
  }
  return out
}

describe('typography of the shipped templates', () => {
  it.each(FILES)('%s: no soft hyphen in a column header; every header word fits its column', (file) => {
    const problems: string[] = []
    for (const cell of headerCells(xmlOf(file))) {
      if (cell.text.includes('\u00ad')) problems.push(`«${cell.text}»: мягкий перенос`)
      for (const word of cell.text.split(/[\s\u00a0]+/).filter(Boolean)) {
        if (wordTwips(word, cell.pt) + CELL_MARGINS > cell.width) problems.push(`«${word}» не помещается в ${cell.width} twips`)
      }
    }
    expect(problems).toEqual([])
  })

  it.each(FILES)('%s: «№» before a number or a tag is bound to it with a non-breaking space', (file) => {
    const text = textOf(xmlOf(file))
    expect(text.match(/№ [{\d][^\n]{0,20}/g) ?? []).toEqual([])
  })
})
