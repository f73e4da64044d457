// The text of a Word document a parent attaches — most often the school's own application form (templates/
// zayavlenie.docx, printed blank by the product) filled in Word and mailed back with a one-line letter. Without it
// the employee saw «Заявление во вложении» and nothing to check against. Read as Word shows it: a paragraph is a line,
// a run split by spell-checking or formatting is one word, a content control's (w:sdt) text is read in place, a
// check box is ☒ or ☐ (a content control's glyph, a legacy form field, a Wingdings symbol), a tracked deletion and a
// field's code are not text; a text box's fallback copy (mc:Fallback) is not read twice, a content control still
// showing its placeholder («Выберите элемент») is empty. The XML is a stranger's: it is read by indexOf and by
// patterns that never look past the next «<», so an unclosed element or tag costs one pass, not one per opening.
import PizZip from 'pizzip'
import { zipBombProblem } from '#app/utils/zip-limits.server'
import { clip } from '#workflows/text'

/** A letter's form is a page or two: a document whose text is longer is not read further than this. */
const MAX_TEXT = 20_000
/** Unpacked, a real form is well under a megabyte of XML; a bigger archive is not read (it stays a file). */
const MAX_UNPACKED = 16 * 1024 * 1024
/** Of word/document.xml no more than this is read (a form's is some 50 KB). */
const MAX_XML = 2 * 1024 * 1024

/** Marks a table cell's end while the lines are collected (a control character, never in a document's text). */
const CELL_END = '\u001f'
const CHECKED = '☒'
const UNCHECKED = '☐'

/**
 * Characters of the symbol fonts Word inserts as «Символ» for boxes (w:sym, F0xx), by font: the same code is another
 * character in another font (Symbol's F078 is «χ»). Any other symbol is not text and not a ticked box.
 */
const SYMBOL_BOXES: Record<string, string> = {
  'wingdings:F078': CHECKED, // «x in a box»
  'wingdings:F0FD': CHECKED, // «☒»
  'wingdings:F0FE': CHECKED, // «☑»
  'wingdings:F06F': UNCHECKED, // «□»
  'wingdings:F070': UNCHECKED, // «❐»
  'wingdings:F071': UNCHECKED, // «❑»
  'wingdings:F072': UNCHECKED, // «❒»
  'wingdings:F0A8': UNCHECKED, // «◻»
  // Check marks typed beside an option (Вставка → Символ): read as typed marks are (prefill.ts).
  'wingdings:F0FC': '✓',
  'wingdings:F0FB': '✗',
  'wingdings 2:F050': '✓',
  'wingdings 2:F04F': '✗',
  'wingdings 2:F053': CHECKED, // «☒»
  'wingdings 2:F054': CHECKED, // «☒» (bold)
  'wingdings 2:F052': CHECKED, // «☑»
  'wingdings 2:F0A3': UNCHECKED, // «□»
  'wingdings 2:F02A': UNCHECKED, // «□»
}

/** A w:sym's character as Word shows it: a box of a symbol font, a plain character, or nothing. */
function symbol(attributes: string): string {
  const char = /w:char="([0-9A-Fa-f]{4})"/.exec(attributes)?.[1]?.toUpperCase() ?? ''
  const font = /w:font="([^"<>]{0,64})"/.exec(attributes)?.[1]?.trim().toLowerCase() ?? ''
  const box = SYMBOL_BOXES[`${font}:${char}`]
  if (box) return box
  return /^[0-9A-F]{4}$/.test(char) && !char.startsWith('F0') ? String.fromCharCode(parseInt(char, 16)) : ''
}

/**
 * Each element `name` (not nested in itself) replaced by `keep(its content)` or dropped: one left open drops the rest
 * of the document, once. By indexOf: a lazy pattern up to the closing tag searched the rest of the text again at
 * every opening (60 000 unclosed «<mc:Fallback>» in a 1.7 KB file held the server for half a minute).
 */
function replaceElements(xml: string, name: string, keep: (content: string) => string = () => ''): string {
  const open = `<${name}`
  const close = `</${name}>`
  let out = ''
  let at = 0
  for (;;) {
    let start = xml.indexOf(open, at)
    while (start >= 0 && !/[\s>/]/.test(xml.charAt(start + open.length))) start = xml.indexOf(open, start + open.length)
    if (start < 0) return out + xml.slice(at)
    out += xml.slice(at, start)
    const tagEnd = xml.indexOf('>', start)
    if (tagEnd < 0) return out
    if (xml[tagEnd - 1] === '/') {
      out += keep('')
      at = tagEnd + 1
      continue
    }
    const end = xml.indexOf(close, tagEnd)
    if (end < 0) return out
    out += keep(xml.slice(tagEnd + 1, end))
    at = end + close.length
  }
}

/** Marks where a content control showing its placeholder was (its properties are dropped, its content follows). */
const PLACEHOLDER = '<w:placeholderShown/>'

/** The content of a content control still showing its placeholder: Word's prompt, not the parent's answer. */
function dropPlaceholders(xml: string): string {
  let out = ''
  let at = 0
  for (;;) {
    const mark = xml.indexOf(PLACEHOLDER, at)
    if (mark < 0) return out + xml.slice(at)
    out += xml.slice(at, mark)
    const content = xml.indexOf('<w:sdtContent', mark)
    const end = content < 0 ? -1 : xml.indexOf('</w:sdtContent>', content)
    if (end < 0) return out
    at = end + '</w:sdtContent>'.length
  }
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
  const checked = /<w:checked(?:\s+w:val="([^"<>]*)")?\s*\/>/.exec(ffData)
  if (checked) return checked[1] === undefined || /^(1|true|on)$/i.test(checked[1]) ? CHECKED : UNCHECKED
  return /<w:default\s+w:val="(1|true|on)"\s*\/>/i.test(ffData) ? CHECKED : UNCHECKED
}

/** word/document.xml → lines of text as Word shows them. */
export function documentXmlText(xml: string): string {
  let body = xml.slice(0, MAX_XML)
  // Alternatives of one drawing (a text box): the first choice is read, its fallback copy is not.
  body = replaceElements(body, 'mc:Fallback')
  // Tracked deletions, field codes and the properties of a content control: not what the page shows.
  body = replaceElements(body, 'w:del')
  body = replaceElements(body, 'w:instrText')
  body = replaceElements(body, 'w:ffData', (ffData) => (/<w:checkBox\b/.test(ffData) ? `<w:t>${legacyCheckBox(ffData)}</w:t>` : ''))
  body = dropPlaceholders(replaceElements(body, 'w:sdtPr', (properties) => (/<w:showingPlcHdr\b/.test(properties) ? PLACEHOLDER : '')))
  const out: string[] = []
  // [^<>]: a tag is never looked for past the next «<» (an unclosed «<w:t » is not searched to the document's end).
  const tokens = /<w:t(?:\s[^<>]*)?>([^<]*)<\/w:t>|<w:t\s*\/>|<w:(tab|br|cr)\b[^<>]*\/>|<w:sym\b([^<>]*)\/>|<\/w:(p|tc|tr)>/g
  let line = ''
  let total = 0
  for (let m = tokens.exec(body); m; m = tokens.exec(body)) {
    if (m[1] !== undefined) line += decodeEntities(m[1])
    else if (m[2] === 'tab') line += '\t'
    else if (m[2]) line += '\n'
    else if (m[3] !== undefined) line += symbol(m[3])
    else if (m[4] === 'p') {
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
  return finishedLines(out)
}

/** The lines collected, a table row's cells (each a paragraph, CELL_END after the cell's last) joined by tabs. */
function finishedLines(out: string[]): string {
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

/**
 * content.xml of an OpenDocument text (LibreOffice's .odt) → lines as Writer shows them: a paragraph or heading is a
 * line, a table row one line of tab-separated cells, «text:s» spaces, tabs and line breaks as typed, a form's check box
 * (form:checkbox, shown by draw:control) «☒» or «☐». Tracked changes (their deleted text), comments and notes are not
 * the page's text. Read as the .docx is: by one pattern that never looks past the next «<», elements cut by indexOf.
 */
function contentXmlText(xml: string): string {
  let body = xml.slice(0, MAX_XML)
  const boxes = new Map<string, string>()
  for (const m of body.matchAll(/<form:checkbox\b([^<>]*)>/g)) {
    const id = /\b(?:xml:id|form:id)="([^"<>]{1,64})"/.exec(m[1])?.[1]
    if (id) boxes.set(id, /\bform:current-state="checked"/.test(m[1]) ? CHECKED : UNCHECKED)
  }
  const start = body.indexOf('<office:text')
  if (start < 0) return ''
  body = body.slice(start)
  for (const name of ['office:forms', 'text:tracked-changes', 'office:annotation', 'text:note', 'text:sequence-decls']) {
    body = replaceElements(body, name)
  }
  const out: string[] = []
  const tokens = /<(\/?)([a-z]+:[a-z-]+)([^<>]*)>|([^<]+)/g
  let line = ''
  let total = 0
  for (let m = tokens.exec(body); m; m = tokens.exec(body)) {
    const [, closing, name, attributes, text] = m
    if (text !== undefined) line += decodeEntities(text.replace(/[\r\n\t]+/g, ' ').replace(/ {2,}/g, ' '))
    else if (!closing && name === 'text:s') line += ' '.repeat(Math.min(100, Number(/text:c="(\d{1,3})"/.exec(attributes)?.[1] ?? 1)))
    else if (!closing && name === 'text:tab') line += '\t'
    else if (!closing && name === 'text:line-break') line += '\n'
    else if (!closing && name === 'draw:control') line += boxes.get(/draw:control="([^"<>]{1,64})"/.exec(attributes)?.[1] ?? '') ?? ''
    else if (closing && (name === 'text:p' || name === 'text:h' || name === 'table:table-row')) {
      out.push(line)
      line = ''
    } else if (closing && name === 'table:table-cell') {
      if (out.length && !out[out.length - 1].endsWith(CELL_END)) out[out.length - 1] += CELL_END
    } else if (closing && name === 'office:text') break
    total += (text ?? '').length + 1
    if (total > MAX_TEXT * 2) break
  }
  out.push(line)
  return finishedLines(out)
}

/** The text of an .odt, or null when it is not a readable OpenDocument text (damaged, too big, no text). */
export function odtText(bytes: Buffer): string | null {
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return null
  if (zipBombProblem(bytes, { maxUnpackedBytes: MAX_UNPACKED })) return null
  try {
    const zip = new PizZip(bytes)
    const mimetype = zip.file('mimetype')?.asText().trim()
    if (mimetype && mimetype !== 'application/vnd.oasis.opendocument.text') return null
    const xml = zip.file('content.xml')?.asText()
    return xml ? contentXmlText(xml) || null : null
  } catch {
    return null
  }
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
