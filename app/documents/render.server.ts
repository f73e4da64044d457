// Renders the Word templates (templates/*.docx) with docxtemplater — fast enough for a year-long extract.
// - each template is compiled once per (name, sha256) and the compiled instance is reused
//   (./compiled-template.server.ts);
// - simple table-row and paragraph loops render in one pass (./fast-loop.server.ts);
// - the .docx is zipped with node:zlib; the template's untouched parts are compressed once (./zip.server.ts).
// Numbers: bench/README.md.
// The fast path calls docxtemplater's internals (pinned to 3.71.0). DOCX_RENDERER=stock renders with docxtemplater
// out of the box instead — the same document, slower — the way back should an upgrade break the internals
// (ADR 052; render-modes.test.ts renders every template both ways and compares the parts byte for byte).
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { escapeDocumentData } from './escape-data'
import Docxtemplater from 'docxtemplater'
import PizZip from 'pizzip'
import { compileTemplate, DOCX_OPTIONS, type CompiledTemplate, type PostParsedPart } from './compiled-template.server'
import { explainTemplateError, TemplateError, type TemplateIssue } from './template-errors'
import { TEMPLATE_FILES, type TemplateDataMap, type TemplateName } from './types'
import { writeZip, zipEntry } from './zip.server'

export { DOCX_OPTIONS } from './compiled-template.server'
export { TemplateError, type TemplateIssue } from './template-errors'

type ValidationResult = { ok: true; tags: string[] } | { ok: false; errors: TemplateIssue[] }

export function sha256(buf: Buffer | string): string {
  return createHash('sha256').update(buf).digest('hex')
}

// ---------- compiled template cache ----------

const MAX_CACHED = 32
const cache = new Map<string, CompiledTemplate>()

/** The compiled template for a buffer, from the cache (Map order = recency) or compiled now. */
function getCompiledTemplate(template: Buffer, name?: string): CompiledTemplate {
  const key = `${name ?? ''}:${sha256(template)}`
  let c = cache.get(key)
  if (c) {
    cache.delete(key)
  } else {
    c = compileTemplate(template, name)
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string)
  }
  cache.set(key, c)
  return c
}

export function clearTemplateCache(): void {
  cache.clear()
}

// ---------- rendering ----------

/**
 * Fills a .docx template with data and returns the document. `name` labels the cache entry and error messages.
 * Throws TemplateError (Russian issues) when the template is broken; data never refuses a document: characters
 * XML cannot hold are escaped first (./escape-data.ts, ADR 027).
 */
export function renderDocx(template: Buffer, data: object, name?: string): Buffer {
  if (docxRenderer() === 'stock') return renderStock(template, data, name)
  const c = getCompiledTemplate(template, name)
  const parts = c.render(escapeDocumentData(data), name)
  return writeZip(c.entries.map((e) => (typeof e === 'string' ? zipEntry(e, parts.get(e) ?? Buffer.alloc(0)) : e)))
}

type DocxRenderer = 'fast' | 'stock'

/** DOCX_RENDERER (checked at start-up by env.server.ts), read on every render so a render thread sees it too. */
export function docxRenderer(): DocxRenderer {
  return process.env.DOCX_RENDERER === 'stock' ? 'stock' : 'fast'
}

/** docxtemplater out of the box: the reference the fast path matches, and the way back from it. */
function renderStock(template: Buffer, data: object, name?: string): Buffer {
  let zip: PizZip
  try {
    zip = new PizZip(template)
  } catch {
    throw new TemplateError(
      [{ tag: '', explanation: 'Файл не является документом Word (.docx): архив не открывается.', location: 'весь файл' }],
      name,
    )
  }
  try {
    const doc = new Docxtemplater(zip, { ...DOCX_OPTIONS })
    doc.render(escapeDocumentData(data))
    return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' })
  } catch (e) {
    throw new TemplateError(explainTemplateError(e, zip), name)
  }
}

// ---------- templates on disk ----------

export const DEFAULT_TEMPLATES_DIR = join(process.cwd(), 'templates')

export function loadTemplate(name: TemplateName, dir = DEFAULT_TEMPLATES_DIR): Buffer {
  return readFileSync(join(dir, TEMPLATE_FILES[name]))
}

/** Renders one of the school's templates (re-read from disk each time, so an edit in Word applies at once). */
export function renderTemplate<N extends TemplateName>(name: N, data: TemplateDataMap[N], dir = DEFAULT_TEMPLATES_DIR): Buffer {
  return renderDocx(loadTemplate(name, dir), data, name)
}

// ---------- validation ----------

function collectTags(parts: PostParsedPart[], into: Set<string>): void {
  for (const p of parts) {
    if (p.type !== 'placeholder') continue
    if (p.module === 'loop') into.add(`${p.inverted ? '^' : '#'}${p.value}`)
    else if (p.module === 'rawxml') into.add(`@${p.value}`)
    else into.add(p.value)
    if (p.subparsed) collectTags(p.subparsed, into)
  }
}

/** Checks an uploaded or edited template: its tags in document order, or each broken tag explained in Russian. */
export function validateTemplate(buffer: Buffer): ValidationResult {
  try {
    const c = compileTemplate(buffer)
    const tags = new Set<string>()
    for (const path of c.templated) collectTags(c.files[path].postparsed, tags)
    return { ok: true, tags: [...tags] }
  } catch (e) {
    if (e instanceof TemplateError) return { ok: false, errors: e.issues }
    throw e
  }
}
