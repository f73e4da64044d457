import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import PizZip from 'pizzip'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { BENCH_EXTRACT, DEMO_DATA } from './demo-data'
import { RenderPool } from './render-pool.server'
import { loadTemplate, renderDocx, TemplateError } from './render.server'

const pools: RenderPool[] = []
function pool(threads: number, workerFile?: string): RenderPool {
  const p = new RenderPool({ threads, workerFile })
  pools.push(p)
  return p
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()))
  vi.restoreAllMocks()
})

const documentXml = (docx: Buffer) => new PizZip(docx, { checkCRC32: true }).file('word/document.xml')?.asText() ?? ''
const extractFor = (i: number) => ({ ...BENCH_EXTRACT, pupil: { ...BENCH_EXTRACT.pupil, fullName: `Обучающийся № ${i}` } })

describe('RenderPool: Word documents on worker threads', () => {
  it('renders a batch on both threads, each document the same bytes as in this thread, in the items’ order', async () => {
    const template = loadTemplate('vypiska')
    const p = pool(2)
    await p.start() // both threads ready before the batch, so neither finishes it alone while the other loads
    expect(p.documentsPerThread()).toEqual([])
    const items = Array.from({ length: 24 }, (_, i) => extractFor(i + 1))
    const progress: number[] = []
    const docs = await p.renderMany(template, items, 'vypiska', (done) => progress.push(done))

    expect(docs).toHaveLength(24)
    for (const [i, docx] of docs.entries()) {
      expect(documentXml(docx)).toContain(`Обучающийся №\u00a0${i + 1}<`)
      if (i % 8 === 0) expect(docx.equals(renderDocx(template, items[i], 'vypiska'))).toBe(true)
    }
    expect(progress).toEqual(Array.from({ length: 24 }, (_, i) => i + 1))
    const perThread = p.documentsPerThread()
    expect(perThread).toHaveLength(2)
    expect(perThread.every((n) => n >= 4)).toBe(true)
    expect(p.rendersHere).toBe(false)
  })

  it('renders different templates side by side, and the same data again to the same bytes', async () => {
    const p = pool(1)
    const [form, extract] = await Promise.all([
      p.render(loadTemplate('zayavlenie'), DEMO_DATA.zayavlenie, 'zayavlenie'),
      p.render(loadTemplate('vypiska'), extractFor(7), 'vypiska'),
    ])
    expect(documentXml(form)).toContain('Смирнова Артёма Денисовича')
    expect(documentXml(extract)).toContain('Обучающийся №\u00a07<')
    const again = await p.render(loadTemplate('zayavlenie'), DEMO_DATA.zayavlenie, 'zayavlenie')
    expect(again.equals(form)).toBe(true)
  })

  it('a broken template comes back from the thread as a TemplateError with the Russian explanation', async () => {
    const broken = Buffer.from(loadTemplate('zayavlenie'))
    const zip = new PizZip(broken)
    const xml = zip.file('word/document.xml')?.asText() ?? ''
    expect(xml).toContain('{pupil.fullNameGenitive}')
    zip.file('word/document.xml', xml.replace('{pupil.fullNameGenitive}', '{pupil.fullNameGenitive'))
    const bad = zip.generate({ type: 'nodebuffer' }) as Buffer
    const error = await pool(1)
      .render(bad, DEMO_DATA.zayavlenie, 'zayavlenie')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TemplateError)
    expect((error as TemplateError).issues.length).toBeGreaterThan(0)
    expect((error as TemplateError).message).toMatch(/^Шаблон «zayavlenie» содержит ошибки: /)
  })

  it('a document whose thread dies is rendered again on a new thread', async () => {
    const marker = path.join(os.tmpdir(), `crash-once-${process.pid}-${Date.now()}`)
    vi.stubEnv('CRASH_ONCE_MARKER', marker)
    const p = pool(1, path.join(process.cwd(), 'tests', 'helpers', 'crash-once-render-worker.ts'))
    const docx = await p.render(loadTemplate('vypiska'), extractFor(3), 'vypiska')
    expect(fs.existsSync(marker)).toBe(true)
    expect(documentXml(docx)).toContain('Обучающийся №\u00a03<')
    expect(p.rendersHere).toBe(false)
    fs.rmSync(marker, { force: true })
  })

  it('when threads cannot start, the pool says so and renders in this thread', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const p = pool(2, path.join(process.cwd(), 'no-such-render-worker.ts'))
    const docs = await p.renderMany(loadTemplate('vypiska'), [extractFor(1), extractFor(2), extractFor(3)], 'vypiska')
    expect(docs.map((d) => /Обучающийся №\u00a0(\d)</.exec(documentXml(d))?.[1])).toEqual(['1', '2', '3'])
    expect(p.rendersHere).toBe(true)
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Потоки формирования документов не запустились'))
  })

  it('start() with threads that cannot start settles, and the pool then renders in this thread', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const p = pool(2, path.join(process.cwd(), 'no-such-render-worker.ts'))
    await p.start()
    expect(p.rendersHere).toBe(true)
    expect(documentXml(await p.render(loadTemplate('vypiska'), extractFor(4), 'vypiska'))).toContain('Обучающийся №\u00a04<')
  })

  it('data a thread cannot receive (a function) is rendered in this thread', async () => {
    const data = { ...DEMO_DATA.zayavlenie, helper: () => 'не переносится' }
    const docx = await pool(1).render(loadTemplate('zayavlenie'), data, 'zayavlenie')
    expect(documentXml(docx)).toContain('Смирнова Артёма Денисовича')
  })

  it('with 0 threads, or after close, documents are rendered in this thread', async () => {
    const none = pool(0)
    expect(none.rendersHere).toBe(true)
    expect(documentXml(await none.render(loadTemplate('vypiska'), extractFor(5), 'vypiska'))).toContain('Обучающийся №\u00a05<')
    const p = pool(2)
    const pending = p.renderMany(loadTemplate('vypiska'), [extractFor(1), extractFor(2), extractFor(3), extractFor(4)], 'vypiska')
    await p.close()
    const docs = await pending
    expect(docs.map((d) => /Обучающийся №\u00a0(\d)</.exec(documentXml(d))?.[1])).toEqual(['1', '2', '3', '4'])
  })
})
