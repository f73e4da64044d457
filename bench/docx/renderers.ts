// The renderers the benchmark compares. Peers (docx-templates, easy-template-x) are loaded only if installed.
import Docxtemplater from 'docxtemplater'
import PizZip from 'pizzip'
import { DOCX_OPTIONS, renderDocx } from '../../app/documents/render.server'
import { writeZip, zipEntry } from '../../app/documents/zip.server'

export interface Renderer {
  name: string
  /** Data rows a correct output holds, to check the document (the <w:tr> count minus header and other rows). */
  extraRows: number
  render(): Buffer | Promise<Buffer>
}

export interface Skipped {
  name: string
  reason: string
}

export function ours(name: string, template: Buffer, data: object, extraRows: number): Renderer {
  return { name, extraRows, render: () => renderDocx(template, data, name) }
}

/** docxtemplater as its README shows it: a new PizZip and Docxtemplater per document, render, DEFLATE. */
export function docxtemplaterStock(name: string, template: Buffer, data: object, extraRows: number): Renderer {
  return {
    name,
    extraRows,
    render() {
      const doc = new Docxtemplater(new PizZip(template), { ...DOCX_OPTIONS })
      doc.render(data)
      return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' }) as Buffer
    },
  }
}

/** The floor: no templating at all, only zipping the finished document's parts with node:zlib. */
export function floor(name: string, finished: Buffer, extraRows: number): Renderer {
  const zip = new PizZip(finished)
  const parts = Object.values(zip.files)
    .filter((f) => !f.dir)
    .map((f) => [f.name, f.asNodeBuffer()] as const)
  return { name, extraRows, render: () => writeZip(parts.map(([n, b]) => zipEntry(n, b))) }
}

// A variable module name keeps TypeScript and bundlers from resolving packages that may be absent.
async function optionalImport(name: string): Promise<Record<string, unknown> | null> {
  try {
    return (await import(name)) as Record<string, unknown>
  } catch {
    return null
  }
}

type CreateReport = (o: { template: Buffer; data: object; cmdDelimiter: [string, string]; noSandbox: boolean }) => Promise<Uint8Array>

export async function docxTemplates(template: Buffer, data: object, extraRows: number): Promise<Renderer | Skipped> {
  const name = 'docx-templates'
  const mod = await optionalImport(name)
  if (!mod) return { name, reason: 'not installed (npm i -D -E docx-templates)' }
  const createReport = (mod.createReport ?? (mod.default as Record<string, unknown>)?.createReport ?? mod.default) as CreateReport
  return {
    name: `${name} (noSandbox: trusted template)`,
    extraRows,
    render: async () => Buffer.from(await createReport({ template, data, cmdDelimiter: ['{', '}'], noSandbox: true })),
  }
}

interface TemplateHandler {
  process(template: Buffer, data: object): Promise<Buffer>
}

export async function easyTemplateX(template: Buffer, data: object, extraRows: number): Promise<Renderer | Skipped> {
  const name = 'easy-template-x'
  const mod = await optionalImport(name)
  if (!mod) return { name, reason: 'not installed (npm i -D -E easy-template-x)' }
  const Handler = (mod.TemplateHandler ?? (mod.default as Record<string, unknown>)?.TemplateHandler) as new () => TemplateHandler
  const handler = new Handler()
  return { name, extraRows, render: () => handler.process(template, data) }
}
