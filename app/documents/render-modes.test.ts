// Issue 20.9, ADR 052: DOCX_RENDERER=stock switches to docxtemplater out of the box. Every template in templates/
// is rendered both ways through the same entry point (renderDocx) and every part of the two documents is compared
// byte for byte, so an upgrade of docxtemplater that breaks the fast renderer's use of its internals fails here.
import { readdirSync } from 'node:fs'
import PizZip from 'pizzip'
import { afterEach, describe, expect, it } from 'vitest'
import { BENCH_EXTRACT, DEMO_BLANK_APPLICATION, DEMO_DATA } from './demo-data'
import { DEFAULT_TEMPLATES_DIR, docxRenderer, loadTemplate, renderDocx, TemplateError } from './render.server'
import { TEMPLATE_FILES, type TemplateName } from './types'

const saved = process.env.DOCX_RENDERER
afterEach(() => {
  if (saved === undefined) delete process.env.DOCX_RENDERER
  else process.env.DOCX_RENDERER = saved
})

function renderWith(mode: 'fast' | 'stock', template: Buffer, data: object, name: string): Buffer {
  process.env.DOCX_RENDERER = mode
  expect(docxRenderer()).toBe(mode)
  return renderDocx(template, data, name)
}

/** Every file of the .docx, uncompressed, by name. */
function partsOf(docx: Buffer): Map<string, Buffer> {
  const zip = new PizZip(docx, { checkCRC32: true })
  return new Map(
    Object.values(zip.files)
      .filter((f) => !f.dir)
      .map((f) => [f.name, f.asNodeBuffer()]),
  )
}

const byFile = new Map(Object.entries(TEMPLATE_FILES).map(([name, file]) => [file, name as TemplateName]))

describe('the fast renderer and stock docxtemplater write the same documents', () => {
  it('covers every template file in templates/', () => {
    const files = readdirSync(DEFAULT_TEMPLATES_DIR)
      .filter((f) => f.endsWith('.docx'))
      .sort()
    expect(files.length).toBeGreaterThan(0)
    expect(files).toEqual([...byFile.keys()].sort())
  })

  const cases: Array<[string, TemplateName, object]> = [
    ...[...byFile].map(([file, name]) => [file, name, DEMO_DATA[name]] as [string, TemplateName, object]),
    ['zayavlenie.docx (blank)', 'zayavlenie', DEMO_BLANK_APPLICATION],
    ['vypiska.docx (a year of marks)', 'vypiska', BENCH_EXTRACT],
  ]
  it.each(cases)('%s: every part byte for byte', (_label, name, data) => {
    const template = loadTemplate(name)
    const fast = partsOf(renderWith('fast', template, data, name))
    const stock = partsOf(renderWith('stock', template, data, name))
    expect([...fast.keys()].sort()).toEqual([...stock.keys()].sort())
    expect(fast.get('word/document.xml')!.length).toBeGreaterThan(1000)
    for (const [part, bytes] of stock) expect(Buffer.compare(fast.get(part)!, bytes), `${name}: ${part}`).toBe(0)
  })

  it('stock mode explains a broken template in Russian, as the fast one does', () => {
    const zip = new PizZip(loadTemplate('otkaz-v-prieme'))
    const xml = zip.file('word/document.xml')!.asText()
    zip.file('word/document.xml', xml.replace(/(<w:t(?: [^>]*)?>)/, '$1{#незакрытый}')) // a loop never closed
    expect(zip.file('word/document.xml')!.asText()).not.toBe(xml)
    const broken = zip.generate({ type: 'nodebuffer' })
    for (const mode of ['fast', 'stock'] as const) {
      let error: unknown
      try {
        renderWith(mode, broken, DEMO_DATA['otkaz-v-prieme'], 'otkaz-v-prieme')
      } catch (e) {
        error = e
      }
      expect(error, mode).toBeInstanceOf(TemplateError)
      expect((error as TemplateError).issues.length, mode).toBeGreaterThan(0)
    }
  })
})
