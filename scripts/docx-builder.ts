// A tiny WordprocessingML writer for our templates: paragraphs, runs, tables and a minimal OOXML package.
// Every docxtemplater tag ({pupil.fullName}, {#marks}, …) is written into a run of its own, so a tag is never
// split across runs and the school can restyle the text around it in Word without breaking it.
import PizZip from 'pizzip'

// Twentieths of a point. A4 = 11906 × 16838; 1 cm ≈ 567.
export const CM = 567
const A4 = { w: 11906, h: 16838 }
// ГОСТ Р 7.0.97-2016 margins: left 30 mm, right 15 mm, top and bottom 20 mm.
const PORTRAIT_MARGINS = { top: 1134, right: 850, bottom: 1134, left: 1701 }
const LANDSCAPE_MARGINS = { top: 1134, right: 850, bottom: 850, left: 1134 }
export const PORTRAIT_TEXT_WIDTH = A4.w - PORTRAIT_MARGINS.left - PORTRAIT_MARGINS.right // 9355
export const LANDSCAPE_TEXT_WIDTH = A4.h - LANDSCAPE_MARGINS.left - LANDSCAPE_MARGINS.right // 14854

// A fixed timestamp keeps the generated files byte-identical between runs (no churn in git).
const FIXED_DATE = new Date('2024-08-30T09:00:00Z')

const W_NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

// ---------- runs ----------

export interface RunStyle {
  bold?: boolean
  italic?: boolean
  underline?: boolean
  size?: number // points
  font?: string
  caps?: boolean
}

export interface Run extends RunStyle {
  text: string
}

/** Font for ☒/☐: Times New Roman has no ballot boxes; Word and LibreOffice both find them in this one (or a fallback). */
export const SYMBOL_FONT = 'Segoe UI Symbol'

export const t = (text: string, style: RunStyle = {}): Run => ({ text, ...style })
export const b = (text: string, style: RunStyle = {}): Run => ({ text, bold: true, ...style })
export const i = (text: string, style: RunStyle = {}): Run => ({ text, italic: true, ...style })
export const box = (tag: string): Run => ({ text: tag, font: SYMBOL_FONT })

function rPr(s: RunStyle): string {
  let x = ''
  if (s.font) x += `<w:rFonts w:ascii="${s.font}" w:hAnsi="${s.font}" w:cs="${s.font}" w:eastAsia="${s.font}"/>`
  if (s.bold) x += '<w:b/><w:bCs/>'
  if (s.italic) x += '<w:i/><w:iCs/>'
  if (s.caps) x += '<w:caps/>'
  if (s.size) x += `<w:sz w:val="${s.size * 2}"/><w:szCs w:val="${s.size * 2}"/>`
  if (s.underline) x += '<w:u w:val="single"/>'
  return x ? `<w:rPr>${x}</w:rPr>` : ''
}

/** Splits text at {tags}: each tag gets its own run; tabs and line feeds become w:tab / w:br. */
function runXml(run: Run): string {
  const props = rPr(run)
  return run.text
    .split(/(\{[^{}]*\}|\t|\n)/)
    .filter((piece) => piece !== '')
    .map((piece) => {
      if (piece === '\t') return `<w:r>${props}<w:tab/></w:r>`
      if (piece === '\n') return `<w:r>${props}<w:br/></w:r>`
      return `<w:r>${props}<w:t xml:space="preserve">${esc(piece)}</w:t></w:r>`
    })
    .join('')
}

// ---------- paragraphs ----------

export interface ParaStyle extends RunStyle {
  style?: string
  align?: 'left' | 'center' | 'right' | 'both'
  indentLeft?: number
  indentRight?: number
  firstLine?: number
  hanging?: number
  before?: number // twips
  after?: number
  line?: number // 240 = single
  keepNext?: boolean
  keepLines?: boolean
  pageBreakBefore?: boolean
  tabs?: Array<{ pos: number; align?: 'left' | 'right' | 'center'; leader?: 'underscore' | 'dot' }>
  borderBottom?: boolean // a rule under the paragraph (letterhead)
}

export type Content = string | Run | Array<string | Run>

function toRuns(content: Content, style: RunStyle): Run[] {
  const list = Array.isArray(content) ? content : [content]
  const defined = Object.fromEntries(Object.entries(style).filter(([, v]) => v !== undefined)) as RunStyle
  return list.map((c) => (typeof c === 'string' ? { ...defined, text: c } : { ...defined, ...c }))
}

function pPr(s: ParaStyle): string {
  let x = ''
  if (s.style) x += `<w:pStyle w:val="${s.style}"/>`
  if (s.keepNext) x += '<w:keepNext/>'
  if (s.keepLines) x += '<w:keepLines/>'
  if (s.pageBreakBefore) x += '<w:pageBreakBefore/>'
  if (s.borderBottom) x += '<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="4" w:color="auto"/></w:pBdr>'
  if (s.tabs?.length) {
    x += '<w:tabs>'
    for (const tab of s.tabs) {
      x += `<w:tab w:val="${tab.align ?? 'left'}"${tab.leader ? ` w:leader="${tab.leader}"` : ''} w:pos="${tab.pos}"/>`
    }
    x += '</w:tabs>'
  }
  if (s.before !== undefined || s.after !== undefined || s.line !== undefined) {
    x += '<w:spacing'
    if (s.before !== undefined) x += ` w:before="${s.before}"`
    if (s.after !== undefined) x += ` w:after="${s.after}"`
    if (s.line !== undefined) x += ` w:line="${s.line}" w:lineRule="auto"`
    x += '/>'
  }
  if (s.indentLeft || s.indentRight || s.firstLine || s.hanging) {
    x += '<w:ind'
    if (s.indentLeft) x += ` w:left="${s.indentLeft}"`
    if (s.indentRight) x += ` w:right="${s.indentRight}"`
    if (s.firstLine) x += ` w:firstLine="${s.firstLine}"`
    if (s.hanging) x += ` w:hanging="${s.hanging}"`
    x += '/>'
  }
  if (s.align) x += `<w:jc w:val="${s.align}"/>`
  const paraMark = rPr(s)
  if (paraMark) x += paraMark
  return x ? `<w:pPr>${x}</w:pPr>` : ''
}

function runStyleOf(s: ParaStyle): RunStyle {
  return { bold: s.bold, italic: s.italic, underline: s.underline, size: s.size, font: s.font, caps: s.caps }
}

export function p(content: Content = '', style: ParaStyle = {}): string {
  return `<w:p>${pPr(style)}${toRuns(content, runStyleOf(style)).map(runXml).join('')}</w:p>`
}

/** A paragraph holding only a loop/condition tag; with paragraphLoop it disappears from the output. */
export const tagLine = (tag: string): string => p(tag)

export const emptyLine = (): string => p('')

/** A small centred caption under a form field, as on printed Russian forms: «(фамилия, имя, отчество)». */
export const caption = (text: string, style: ParaStyle = {}): string => p(text, { style: 'FieldCaption', ...style })

export const pageBreak = (): string => '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'

// ---------- fields (page numbers) ----------

export function field(instr: string, placeholder = '1', style: RunStyle = {}): string {
  const props = rPr(style)
  return (
    `<w:r>${props}<w:fldChar w:fldCharType="begin"/></w:r>` +
    `<w:r>${props}<w:instrText xml:space="preserve"> ${instr} </w:instrText></w:r>` +
    `<w:r>${props}<w:fldChar w:fldCharType="separate"/></w:r>` +
    `<w:r>${props}<w:t>${placeholder}</w:t></w:r>` +
    `<w:r>${props}<w:fldChar w:fldCharType="end"/></w:r>`
  )
}

/** «Страница N из M» paragraph for a footer, with optional text before it. */
export function pageNumberParagraph(prefix: Content, textWidth: number): string {
  const style: RunStyle = { size: 9 }
  const pre = toRuns(prefix, style).map(runXml).join('')
  return (
    `<w:p><w:pPr><w:pStyle w:val="Footer"/><w:tabs><w:tab w:val="right" w:pos="${textWidth}"/></w:tabs></w:pPr>${pre}` +
    runXml({ text: '\tСтраница ', ...style }) +
    field('PAGE', '1', style) +
    runXml({ text: ' из ', ...style }) +
    field('NUMPAGES', '1', style) +
    '</w:p>'
  )
}

// ---------- tables ----------

export interface Cell {
  content: Content
  paras?: string[] // raw paragraph XML (several paragraphs in one cell); overrides content
  align?: 'left' | 'center' | 'right' | 'both'
  bold?: boolean
  span?: number
  shade?: string // hex fill
  vAlign?: 'top' | 'center' | 'bottom'
}

export type CellInput = Content | Cell

export interface TableOptions {
  widths: number[] // twips, must sum to the text width
  header?: CellInput[][] // header rows, repeated on every page (w:tblHeader)
  rows: CellInput[][]
  /** Makes the first body row a docxtemplater row loop: `{#loop}` in its first cell, `{/loop}` in its last. */
  loop?: string
  fontSize?: number
  borders?: boolean // default true
  style?: string // default TableGrid
}

function isCell(c: CellInput): c is Cell {
  return typeof c === 'object' && c !== null && !Array.isArray(c) && 'content' in c
}

function cellXml(input: CellInput, width: number, fontSize: number, header: boolean): string {
  const cell: Cell = isCell(input) ? input : { content: input }
  let tcPr = `<w:tcW w:w="${width}" w:type="dxa"/>`
  if (cell.span && cell.span > 1) tcPr += `<w:gridSpan w:val="${cell.span}"/>`
  if (cell.shade || header) tcPr += `<w:shd w:val="clear" w:color="auto" w:fill="${cell.shade ?? 'F2F2F2'}"/>`
  const vAlign = cell.vAlign ?? (header ? 'center' : undefined)
  if (vAlign) tcPr += `<w:vAlign w:val="${vAlign}"/>`
  // Table styles carry the 10 pt size, bold headings and centring: a body row stays small, so hundreds of
  // rendered rows stay light.
  const paras = cell.paras ?? [
    p(cell.content as Content, {
      style: header ? 'TableHeading' : 'TableText',
      align: cell.align,
      bold: cell.bold,
      size: fontSize === 10 ? undefined : fontSize,
    }),
  ]
  return `<w:tc><w:tcPr>${tcPr}</w:tcPr>${paras.join('')}</w:tc>`
}

function rowXml(cells: CellInput[], widths: number[], fontSize: number, header: boolean): string {
  let col = 0
  const tcs = cells.map((c) => {
    const span = isCell(c) && c.span ? c.span : 1
    const width = widths.slice(col, col + span).reduce((a, x) => a + x, 0)
    col += span
    return cellXml(c, width, fontSize, header)
  })
  // Header rows repeat on every page; body rows never split across pages.
  const trPr = header ? '<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>' : '<w:trPr><w:cantSplit/></w:trPr>'
  return `<w:tr>${trPr}${tcs.join('')}</w:tr>`
}

function withLoop(cells: CellInput[], loop: string): CellInput[] {
  const wrap = (c: CellInput, before: string, after: string): CellInput => {
    const cell: Cell = isCell(c) ? c : { content: c }
    const runs = Array.isArray(cell.content) ? cell.content : [cell.content as string | Run]
    return { ...cell, content: [before, ...runs, after].filter((x) => x !== '') as Array<string | Run> }
  }
  const out = [...cells]
  out[0] = wrap(out[0], `{#${loop}}`, '')
  out[out.length - 1] = wrap(out[out.length - 1], '', `{/${loop}}`)
  return out
}

export function table(o: TableOptions): string {
  const fontSize = o.fontSize ?? 10
  const total = o.widths.reduce((a, x) => a + x, 0)
  const tblPr =
    `<w:tblPr><w:tblStyle w:val="${o.style ?? (o.borders === false ? 'PlainTable' : 'TableGrid')}"/>` +
    `<w:tblW w:w="${total}" w:type="dxa"/><w:tblLayout w:type="fixed"/>` +
    '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
  const grid = `<w:tblGrid>${o.widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`
  const rows: string[] = []
  for (const h of o.header ?? []) rows.push(rowXml(h, o.widths, fontSize, true))
  o.rows.forEach((r, idx) => {
    rows.push(rowXml(idx === 0 && o.loop ? withLoop(r, o.loop) : r, o.widths, fontSize, false))
  })
  // A table must be followed by a paragraph before a section break; callers add text after tables anyway.
  return `<w:tbl>${tblPr}${grid}${rows.join('')}</w:tbl>`
}

// ---------- package ----------

export interface DocumentOptions {
  body: string[]
  landscape?: boolean
  footer?: string // paragraphs XML of a footer shown on every page
  title: string // docProps/core.xml title
  subject?: string
}

function documentXml(o: DocumentOptions): string {
  const m = o.landscape ? LANDSCAPE_MARGINS : PORTRAIT_MARGINS
  const size = o.landscape ? `<w:pgSz w:w="${A4.h}" w:h="${A4.w}" w:orient="landscape"/>` : `<w:pgSz w:w="${A4.w}" w:h="${A4.h}"/>`
  const footerRef = o.footer ? '<w:footerReference w:type="default" r:id="rIdFooter1"/>' : ''
  const sectPr =
    `<w:sectPr>${footerRef}${size}` +
    `<w:pgMar w:top="${m.top}" w:right="${m.right}" w:bottom="${m.bottom}" ` +
    `w:left="${m.left}" w:header="567" w:footer="454" w:gutter="0"/>` +
    '<w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>'
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<w:document ${W_NS}><w:body>${o.body.join('')}${sectPr}</w:body></w:document>`
  )
}

const STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  `<w:styles ${W_NS}>` +
  '<w:docDefaults><w:rPrDefault><w:rPr>' +
  '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>' +
  '<w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="ru-RU" w:eastAsia="ru-RU" w:bidi="ar-SA"/>' +
  '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>' +
  '</w:docDefaults>' +
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>' +
  '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name ' +
  'w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>' +
  '<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="60"/><w:jc ' +
  'w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/><w:caps/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading ' +
  '2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>' +
  '<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:customStyle="1" w:styleId="FieldCaption"><w:name ' +
  'w:val="Подпись поля"/><w:basedOn w:val="Normal"/><w:qFormat/>' +
  '<w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:i/><w:iCs/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText"><w:name ' +
  'w:val="Текст таблицы"/><w:basedOn w:val="Normal"/><w:qFormat/>' +
  '<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableHeading"><w:name ' +
  'w:val="Заголовок таблицы"/><w:basedOn w:val="TableText"/><w:qFormat/>' +
  '<w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>' +
  '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>' +
  '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>' +
  '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>' +
  '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>' +
  '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/>' +
  '<w:tblPr><w:tblBorders>' +
  '<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>' +
  '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>' +
  '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>' +
  '</w:tblBorders><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/>' +
  '<w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>' +
  '<w:style w:type="table" w:customStyle="1" w:styleId="PlainTable"><w:name w:val="Таблица без рамок"/><w:basedOn w:val="TableNormal"/>' +
  '<w:tblPr><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>' +
  '</w:styles>'

const SETTINGS_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  `<w:settings ${W_NS}>` +
  '<w:zoom w:percent="100"/><w:defaultTabStop w:val="708"/><w:characterSpacingControl w:val="doNotCompress"/>' +
  '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>' +
  '<w:themeFontLang w:val="ru-RU"/><w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>' +
  '</w:settings>'

function contentTypesXml(withFooter: boolean): string {
  const wml = 'application/vnd.openxmlformats-officedocument.wordprocessingml'
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/word/document.xml" ContentType="${wml}.document.main+xml"/>` +
    `<Override PartName="/word/styles.xml" ContentType="${wml}.styles+xml"/>` +
    `<Override PartName="/word/settings.xml" ContentType="${wml}.settings+xml"/>` +
    (withFooter ? `<Override PartName="/word/footer1.xml" ContentType="${wml}.footer+xml"/>` : '') +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
    '</Types>'
  )
}

const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" ' +
  'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  '<Relationship Id="rId2" ' +
  'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '<Relationship Id="rId3" ' +
  'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>' +
  '</Relationships>'

function documentRels(withFooter: boolean): string {
  const base = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="${base}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId2" Type="${base}/settings" Target="settings.xml"/>` +
    (withFooter ? `<Relationship Id="rIdFooter1" Type="${base}/footer" Target="footer1.xml"/>` : '') +
    '</Relationships>'
  )
}

function coreXml(title: string, subject: string): string {
  const date = FIXED_DATE.toISOString().replace(/\.\d+Z$/, 'Z')
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${esc(title)}</dc:title><dc:subject>${esc(subject)}</dc:subject>` +
    '<dc:creator>МОУ «СОШ № 8»</dc:creator><dc:language>ru-RU</dc:language>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${date}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${date}</dcterms:modified>` +
    '</cp:coreProperties>'
  )
}

const APP_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ' +
  'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
  '<Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity><AppVersion>16.0000</AppVersion>' +
  '</Properties>'

function footerXml(paragraphs: string): string {
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + `<w:ftr ${W_NS}>${paragraphs}</w:ftr>`
}

/** Writes the complete .docx package (deterministic bytes). */
export function buildDocx(o: DocumentOptions): Buffer {
  const zip = new PizZip()
  const withFooter = Boolean(o.footer)
  const add = (name: string, content: string) => zip.file(name, content, { date: FIXED_DATE })
  add('[Content_Types].xml', contentTypesXml(withFooter))
  add('_rels/.rels', ROOT_RELS)
  add('word/document.xml', documentXml(o))
  add('word/_rels/document.xml.rels', documentRels(withFooter))
  add('word/styles.xml', STYLES_XML)
  add('word/settings.xml', SETTINGS_XML)
  if (o.footer) add('word/footer1.xml', footerXml(o.footer))
  add('docProps/core.xml', coreXml(o.title, o.subject ?? o.title))
  add('docProps/app.xml', APP_XML)
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' })
}
