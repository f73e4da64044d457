// A .docx template compiled once by docxtemplater and rendered many times.
//
// docxtemplater renders an instance once; compiling (unzip, XML lexing, tag parsing) costs more than rendering a
// letter. We keep the compiled instance and re-run only the per-file render step:
//   render.js over the compiled parts → modules' postrender → joinUncorrupt → UTF-8,
// which is what XmlTemplater.render does, except that the UTF-8 encoding is Buffer.from (native) instead of
// docxtemplater's JavaScript encoder (≈ 40 % of the time on a 400-row extract).
// Internals used (docxtemplater 3.71, pinned): doc.compiled, doc.getScopeManager, XmlTemplater.getOptions,
// js/render.js, js/join-uncorrupt.js. render.test.ts compares the output with stock docxtemplater byte for byte.
// Plain {paths} are looked up by ./fast-parser.server.ts, not by angular-expressions (see there why).
import Docxtemplater from 'docxtemplater'
import expressionParser from 'docxtemplater/expressions.js'
import joinUncorrupt from 'docxtemplater/js/join-uncorrupt.js'
import dxtRender from 'docxtemplater/js/render.js'
import PizZip from 'pizzip'
import { fastLoopModule } from './fast-loop.server'
import { fastParser } from './fast-parser.server'
import { describeDataPath, findControlPath } from './escape-data'
import { DocumentDataError, explainTemplateError, TemplateError } from './template-errors'
import { zipEntry, type ZipEntry } from './zip.server'

export const DOCX_OPTIONS = {
  paragraphLoop: true,
  linebreaks: true,
  nullGetter: () => '',
  parser: expressionParser,
  errorLogging: false,
} as const

interface PostrenderModule {
  postrender(parts: Array<string | Uint8Array>, options: object): Array<string | Uint8Array>
}

export interface PostParsedPart {
  type: string
  value: string
  module?: string
  inverted?: boolean
  subparsed?: PostParsedPart[]
}

interface CompiledFile {
  filePath: string
  postparsed: PostParsedPart[]
  getOptions(): { modules: PostrenderModule[] } & Record<string, unknown>
  errorChecker(errors: unknown[]): void
}

interface DocInternals {
  compiled: Record<string, CompiledFile>
  scopeManagers: Record<string, unknown>
  getScopeManager(to: string, file: CompiledFile, data: unknown): { resolved?: unknown }
}

export interface CompiledTemplate {
  zip: PizZip
  /** Parts docxtemplater templates (document, headers, footers, docProps…). */
  templated: string[]
  /** Zip entries in the template's order: a precompressed static part, or the name of a templated part. */
  entries: Array<ZipEntry | string>
  /** The compiled XML parts, for listing tags. */
  files: Record<string, { postparsed: PostParsedPart[] }>
  render(data: object, name?: string): Map<string, Buffer>
}

function renderFile(doc: DocInternals, path: string, data: object, zip: PizZip, name?: string): Buffer {
  const file = doc.compiled[path]
  const scopeManager = doc.getScopeManager(path, file, data)
  file.filePath = path
  const options = file.getOptions()
  Object.assign(options, { resolved: scopeManager.resolved, scopeManager, render: dxtRender, joinUncorrupt })
  const { errors, parts } = dxtRender(options)
  if (errors.length > 0) {
    const corrupt = errors.every((e) => (e as { properties?: { id?: string } }).properties?.id === 'invalid_xml_characters')
    if (corrupt) throw new DocumentDataError(describeDataPath(findControlPath(data) ?? '?'), name)
    file.errorChecker(errors) // adds the file name to each error
    throw new TemplateError(explainTemplateError({ properties: { id: 'multi_error', errors } }, zip), name)
  }
  let out: Array<string | Uint8Array> = parts.map((p) => (typeof p === 'number' ? String(p) : p))
  for (const m of options.modules) out = m.postrender(out, options)
  out = joinUncorrupt(out, options)
  if (out.every((p) => typeof p === 'string')) return Buffer.from(out.join(''), 'utf8')
  return Buffer.concat(out.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)))
}

/** Word wants unique drawing ids; docxtemplater renumbers them after loops copy images, and so do we. */
function renumberDrawings(parts: Map<string, Buffer>): void {
  if (![...parts.values()].some((xml) => xml.includes('<wp:docPr'))) return
  let id = 1
  for (const [path, xml] of parts) {
    const text = xml.toString('utf8').replace(/(<wp:docPr\b[^>]*?\bid=")\d+(")/g, (_, a: string, b: string) => `${a}${id++}${b}`)
    parts.set(path, Buffer.from(text, 'utf8'))
  }
}

/** Compiles a template; a broken one throws TemplateError with Russian explanations. */
export function compileTemplate(template: Buffer, name?: string): CompiledTemplate {
  let zip: PizZip
  try {
    zip = new PizZip(template)
  } catch {
    throw new TemplateError(
      [{ tag: '', explanation: 'Файл не является документом Word (.docx): архив не открывается.', location: 'весь файл' }],
      name,
    )
  }
  let docx: Docxtemplater
  try {
    docx = new Docxtemplater(zip, { ...DOCX_OPTIONS, parser: fastParser, modules: [fastLoopModule()] })
  } catch (e) {
    throw new TemplateError(explainTemplateError(e, zip), name)
  }
  const doc = docx as unknown as DocInternals
  const templated = Object.keys(doc.compiled)
  const entries = Object.values(zip.files)
    .filter((f) => !f.dir)
    .map((f) => (templated.includes(f.name) ? f.name : zipEntry(f.name, f.asNodeBuffer())))

  return {
    zip,
    templated,
    entries,
    files: doc.compiled,
    render(data, renderName = name) {
      const out = new Map<string, Buffer>()
      try {
        for (const path of templated) out.set(path, renderFile(doc, path, data, zip, renderName))
      } finally {
        doc.scopeManagers = {} // the scope managers hold the data: do not keep it alive
      }
      renumberDrawings(out)
      return out
    },
  }
}
