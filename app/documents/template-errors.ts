// docxtemplater's template errors, explained in Russian for the school's staff, with the place in the document.
import type PizZip from 'pizzip'

export interface TemplateIssue {
  /** The tag as it stands in the document, «{pupil.name». */
  tag: string
  explanation: string
  /** «основной текст, абзац 12: «Прошу предоставлять мне…»». */
  location: string
}

interface XtErrorProperties {
  id?: string
  xtag?: string
  explanation?: string
  offset?: number | number[]
  file?: string
  openingtag?: string
  closingtag?: string
  rootError?: { message?: string }
}

interface XtError {
  message?: string
  properties?: XtErrorProperties & { errors?: XtError[] }
}

const PART_NAMES: Array<[RegExp, string]> = [
  [/^word\/document\.xml$/, 'основной текст'],
  [/^word\/header\d*\.xml$/, 'верхний колонтитул'],
  [/^word\/footer\d*\.xml$/, 'нижний колонтитул'],
  [/^word\/(footnotes|endnotes)\.xml$/, 'сноски'],
  [/^docProps\//, 'свойства документа (Файл → Сведения)'],
]

interface Paragraph {
  text: string
  start: number // offset of the paragraph's text in the part's whole text
  inTable: boolean
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')

/** Paragraphs of a WordprocessingML part with their text offsets, as docxtemplater counts them. */
function paragraphs(xml: string): Paragraph[] {
  const out: Paragraph[] = []
  const token = /<w:tc[ >]|<\/w:tc>|<w:p\b[^>]*?\/>|<w:p\b[^>]*>|<\/w:p>|<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g
  let depth = 0
  let offset = 0
  let current: Paragraph | null = null
  for (let m = token.exec(xml); m; m = token.exec(xml)) {
    const s = m[0]
    if (s.startsWith('<w:tc')) depth++
    else if (s === '</w:tc>') depth--
    else if (s.startsWith('<w:p') && s.endsWith('/>')) out.push({ text: '', start: offset, inTable: depth > 0 })
    else if (s.startsWith('<w:p')) current = { text: '', start: offset, inTable: depth > 0 }
    else if (s === '</w:p>') {
      if (current) out.push(current)
      current = null
    } else {
      const text = unescapeXml(m[1] ?? '')
      if (current) current.text += text
      offset += text.length
    }
  }
  return out
}

function partName(file: string): string {
  return PART_NAMES.find(([re]) => re.test(file))?.[1] ?? file
}

function locate(zip: PizZip, file: string | undefined, offset: number | number[] | undefined) {
  const at = Array.isArray(offset) ? offset[0] : offset
  const name = file ?? 'word/document.xml'
  const xml = zip.file(name)?.asText()
  if (!xml || at === undefined) return { location: partName(name), paragraph: null as Paragraph | null, at: 0 }
  const list = paragraphs(xml)
  let index = list.findIndex((p, i) => at >= p.start && (i === list.length - 1 || at < list[i + 1].start))
  if (index < 0) index = 0
  const p = list[index]
  const snippet = p.text.length > 60 ? `${p.text.slice(0, 60)}…` : p.text
  return {
    location: `${partName(name)}${p.inTable ? ', таблица' : ''}, абзац ${index + 1}: «${snippet}»`,
    paragraph: p,
    at,
  }
}

function explain(p: XtErrorProperties, tag: string): string {
  const name = p.xtag ?? ''
  switch (p.id) {
    case 'unclosed_tag':
      return `Тег «${tag}» не закрыт: после него нет закрывающей фигурной скобки «}».`
    case 'unopened_tag':
      return `Закрывающая скобка «}» стоит без открывающей «{»: «${tag}».`
    case 'duplicate_open_tag':
      return `В теге «${tag}» две открывающие скобки подряд — оставьте одну «{».`
    case 'duplicate_close_tag':
      return `В теге «${tag}» две закрывающие скобки подряд — оставьте одну «}».`
    case 'unclosed_loop':
      return `Раздел «{#${name}}» не закрыт: после его содержимого нужен тег «{/${name}}».`
    case 'unopened_loop':
      return `Тег «{/${name}}» закрывает раздел, который не начат: перед ним нужен тег «{#${name}}».`
    case 'closing_tag_does_not_match_opening_tag':
      return `Раздел «{#${p.openingtag}}» закрыт чужим тегом «{/${p.closingtag}}»: начало и конец раздела должны совпадать.`
    case 'loop_position_invalid':
      return (
        `Начало и конец раздела «${name}» стоят в несовместимых местах (например, одно в таблице, ` +
        'другое вне её): поставьте их в одну строку таблицы или в отдельные абзацы.'
      )
    case 'scopeparser_compilation_failed':
      return (
        `Выражение в теге «{${name}}» написано с ошибкой ` +
        `(${p.rootError?.message?.split('\n')[0] ?? 'не разобрано'}). Проверьте кавычки: Word мог заменить ` +
        `прямые кавычки ' на «ёлочки» или ’.`
      )
    case 'raw_xml_tag_should_be_only_text_in_paragraph':
      return `Тег «{@${name}}» должен быть единственным текстом в своём абзаце.`
    case 'unbalanced_loop_tags':
      return 'Теги начала и конца разделов перепутаны местами.'
    default:
      return `Ошибка в шаблоне: ${p.explanation ?? p.id ?? 'неизвестная ошибка'}.`
  }
}

/** The tag as written: for an unclosed tag, the rest of its paragraph (docxtemplater glues on the next ones). */
function tagText(p: XtErrorProperties, paragraph: Paragraph | null, at: number): string {
  const name = p.xtag ?? p.openingtag ?? ''
  if (p.id === 'unclosed_tag' && paragraph) {
    const rest = paragraph.text.slice(at - paragraph.start).trim()
    return rest.length > 50 ? `${rest.slice(0, 50)}…` : rest
  }
  if (p.id === 'unclosed_loop' || p.id === 'closing_tag_does_not_match_opening_tag') return `{#${name}}`
  if (p.id === 'unopened_loop') return `{/${name}}`
  if (p.id === 'duplicate_open_tag' || p.id === 'duplicate_close_tag' || p.id === 'unopened_tag') return name
  return name ? `{${name}}` : ''
}

/** Flattens docxtemplater's (multi) error into Russian issues; non-template errors give one generic issue. */
export function explainTemplateError(error: unknown, zip: PizZip): TemplateIssue[] {
  const e = error as XtError
  const list = e?.properties?.errors ?? (e?.properties?.id ? [e] : [])
  if (!list.length) {
    return [{ tag: '', explanation: `Шаблон не удалось разобрать: ${e?.message ?? String(error)}.`, location: 'весь файл' }]
  }
  return list.map((item) => {
    const props = item.properties ?? {}
    const { location, paragraph, at } = locate(zip, props.file, props.offset)
    const tag = tagText(props, paragraph, at)
    return { tag, explanation: explain(props, tag), location }
  })
}

/** A template that failed to compile or render; `issues` explain it in Russian. */
export class TemplateError extends Error {
  constructor(
    readonly issues: TemplateIssue[],
    readonly templateName?: string,
  ) {
    const list = issues.map((i) => `${i.explanation} (${i.location})`).join('; ')
    super(`Шаблон${templateName ? ` «${templateName}»` : ''} содержит ошибки: ${list}`)
    this.name = 'TemplateError'
  }
}

/**
 * A document refused for its data, not its template (a character XML cannot hold that escaping missed): the
 * message names the data and the row, so nobody goes looking for a fault in the school's template.
 */
export class DocumentDataError extends Error {
  constructor(
    readonly where: string,
    readonly templateName?: string,
  ) {
    super(
      `Документ${templateName ? ` «${templateName}»` : ''} не сформирован из-за данных, а не ` +
        `шаблона: недопустимый символ в данных (${where}). Исправьте эту запись.`,
    )
    this.name = 'DocumentDataError'
  }
}
