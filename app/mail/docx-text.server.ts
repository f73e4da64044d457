// The text of a Word document a parent attaches — most often the school's own application form (templates/
// zayavlenie.docx, printed blank by the product) filled in Word and mailed back with a one-line letter. Without it
// the employee saw «Заявление во вложении» and nothing to check against. Read as Word shows it: a paragraph is a line,
// a run split by spell-checking or formatting is one word, a content control's (w:sdt) text is read in place, a
// check box is ☒ or ☐ (a content control's glyph, a legacy form field, a Wingdings symbol), a tracked deletion and a
// field's code are not text; a text box's fallback copy (mc:Fallback) is not read twice.
import PizZip from 'pizzip'
import { zipBombProblem } from '#app/utils/zip-limits.server'
import { clip } from '#workflows/text'

/** A letter's form is a page or two: a document whose text is longer is not read further than this. */
const MAX_TEXT = 20_000
/** Unpacked, a real form is well under a megabyte of XML; a bigger archive is not read (it stays a file). */
const MAX_UNPACKED = 16 * 1024 * 1024

/** Marks a table cell's end while the lines are collected (a control character, never in a document's text). */
const CELL_END = '\u001f'
const CHECKED = '☒'
const UNCHECKED = '☐'

/** Wingdings (and Wingdings 2) characters Word inserts as «Символ» for boxes: F0xx in w:sym. */
const SYMBOL_BOXES: Record<string, string> = {
  F078: CHECKED, // Wingdings «x in a box»
  F0FD: CHECKED, // Wingdings «☒»
  F0FE: CHECKED, // Wingdings «☑»
  F053: CHECKED, // Wingdings 2 «☒»
  F054: CHECKED, // Wingdings 2 «☒» (bold)
  F052: CHECKED, // Wingdings 2 «☑»
  F06F: UNCHECKED, // Wingdings «□»
  F0A8: UNCHECKED, // Wingdings «◻»
  F0A3: UNCHECKED, // Wingdings 2 «□»
  F02A: UNCHECKED, // Wingdings 2 «□»
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }
const decodeEntities = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name] ?? whole
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })

/** A legacy check box form field (w:ffData/w:checkBox): checked by w:checked, else by its default. */
function legacyCheckBox(ffData: string): string {
  const checked = /<w:checked(?:\s+w:val="([^"]*)")?\s*\/>/.exec(ffData)
  if (checked) return checked[1] === undefined || /^(1|true|on)$/i.test(checked[1]) ? CHECKED : UNCHECKED
  return /<w:default\s+w:val="(1|true|on)"\s*\/>/i.test(ffData) ? CHECKED : UNCHECKED
}

/** word/document.xml → lines of text as Word shows them. */
export function documentXmlText(xml: string): string {
  const body = xml
    // Alternatives of one drawing (a text box): the first choice is read, its fallback copy is not.
    .replace(/<mc:Fallback\b[\s\S]*?<\/mc:Fallback>/g, '')
    // Tracked deletions, field codes and the properties of a content control: not what the page shows.
    .replace(/<w:del\b[^>]*>[\s\S]*?<\/w:del>/g, '')
    .replace(/<w:instrText\b[^>]*>[\s\S]*?<\/w:instrText>/g, '')
    .replace(/<w:ffData>([\s\S]*?)<\/w:ffData>/g, (_, ffData: string) =>
      /<w:checkBox\b/.test(ffData) ? `<w:t>${legacyCheckBox(ffData)}</w:t>` : '',
    )
    .replace(/<w:sdtPr>[\s\S]*?<\/w:sdtPr>/g, '')
  const out: string[] = []
  const tokens = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:t\s*\/>|<w:(tab|br|cr)\b[^>]*\/>|<w:sym\b([^>]*)\/>|<\/w:(p|tc|tr)>/g
  let line = ''
  let total = 0
  for (let m = tokens.exec(body); m; m = tokens.exec(body)) {
    if (m[1] !== undefined) line += decodeEntities(m[1])
    else if (m[2] === 'tab') line += '\t'
    else if (m[2]) line += '\n'
    else if (m[3] !== undefined) {
      const char = /w:char="([0-9A-Fa-f]{4})"/.exec(m[3])?.[1]?.toUpperCase() ?? ''
      line += SYMBOL_BOXES[char] ?? (/^[0-9A-F]{4}$/.test(char) && !char.startsWith('F0') ? String.fromCharCode(parseInt(char, 16)) : '')
    } else if (m[4] === 'p') {
      out.push(line)
      line = ''
    } else if (m[4] === 'tc') {
      // A table's cells are one line, one after another (Word's own «table to text» with tabs).
      if (out.length && !out[out.length - 1].endsWith(CELL_END)) out[out.length - 1] += CELL_END
    } else if (m[4] === 'tr') {
      out.push(line)
      line = ''
    }
    total += (m[1] ?? '').length + 1
    if (total > MAX_TEXT * 2) break
  }
  out.push(line)
  // Cells of a row were each a paragraph: a cell's end and the line break after it are a tab.
  const joined = out
    .join('\n')
    .replace(/\u001f\n/g, '\t')
    .replace(/\u001f/g, '')
  return clip(
    joined
      .split('\n')
      .map((l) => l.trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
    MAX_TEXT,
  )
}

/** The text of a .docx, or null when it is not a readable Word document (damaged, too big, no text). */
export function docxText(bytes: Buffer): string | null {
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return null
  if (zipBombProblem(bytes, { maxUnpackedBytes: MAX_UNPACKED })) return null
  try {
    const xml = new PizZip(bytes).file('word/document.xml')?.asText()
    if (!xml) return null
    return documentXmlText(xml) || null
  } catch {
    return null
  }
}
