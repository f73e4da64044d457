// DOCX benchmark: documents per second for the extract (200 marks + homework + attendance).
//   npx tsx bench/docx/run.ts            (BENCH_BATCH=1000 BENCH_ROUNDS=5 to change the batch and rounds)
// Renderers run in interleaved rounds and the median round is reported, so a busy machine skews them alike.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import PizZip from 'pizzip'
import { BENCH_EXTRACT } from '../../app/documents/demo-data'
import { loadTemplate } from '../../app/documents/render.server'
import { BENCH_HEADER_ROWS, benchData, benchTemplate } from './bench-template'
import { docxTemplates, docxtemplaterStock, easyTemplateX, floor, ours, type Renderer, type Skipped } from './renderers'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const ROUND_MS = 500
const BATCH = Number(process.env.BENCH_BATCH ?? 1000)
const OUT = join(process.cwd(), 'bench', 'out', 'docx')

interface Entry extends Renderer {
  group: 'school template' | 'bench template' | 'floor'
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length))
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s)

function tableRows(docx: Buffer): number {
  const xml = new PizZip(docx).file('word/document.xml')?.asText() ?? ''
  return (xml.match(/<w:tr[ >]/g) ?? []).length
}

async function throughput(r: Renderer): Promise<number> {
  let n = 0
  const start = performance.now()
  while (n < 2 || performance.now() - start < ROUND_MS) {
    await r.render()
    n++
  }
  return (n * 1000) / (performance.now() - start)
}

function runWorkers(workers: number, total: number, templatePath: string): Promise<number> {
  const file = join(__dirname, 'worker.ts')
  const per = Math.ceil(total / workers)
  const threads = Array.from({ length: workers }, (_, i) =>
    new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)})`, {
      eval: true,
      workerData: { count: Math.min(per, total - i * per), templatePath },
    }),
  )
  const ready = threads.map((w) => new Promise<void>((res, rej) => {
    w.once('message', () => res())
    w.once('error', rej)
  }))
  return Promise.all(ready).then(() => {
    const start = performance.now()
    const done = threads.map((w) => new Promise<void>((res, rej) => {
      w.once('message', () => res())
      w.once('error', rej)
      w.postMessage('go')
    }))
    return Promise.all(done).then(async () => {
      const ms = performance.now() - start
      await Promise.all(threads.map((w) => w.terminate()))
      return ms
    })
  })
}

async function main() {
  mkdirSync(OUT, { recursive: true })
  const e = BENCH_EXTRACT
  const dataRows = e.marks.length + e.homework.length + e.attendance.length
  console.log(`DOCX benchmark — Node ${process.version}, ${cpus().length} CPU (${cpus()[0]?.model ?? '?'}), load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`)
  console.log(`Extract: ${e.marks.length} marks + ${e.homework.length} homework + ${e.attendance.length} attendance = ${dataRows} table rows\n`)

  const vypiska = loadTemplate('vypiska')
  const mustache = benchTemplate('mustache')
  const data = benchData(e)
  // vypiska.docx: a header row per table (3) and the signature table (1); the bench template: 3 header rows.
  const entries: Entry[] = [
    { ...ours('ours', vypiska, e, 4), group: 'school template' },
    { ...docxtemplaterStock('docxtemplater out of the box', vypiska, e, 4), group: 'school template' },
    { ...ours('ours', mustache, data, BENCH_HEADER_ROWS), group: 'bench template' },
    { ...docxtemplaterStock('docxtemplater out of the box', mustache, data, BENCH_HEADER_ROWS), group: 'bench template' },
  ]
  const skipped: Skipped[] = []
  for (const peer of [
    await docxTemplates(benchTemplate('docx-templates'), data, BENCH_HEADER_ROWS),
    await easyTemplateX(mustache, data, BENCH_HEADER_ROWS),
  ]) {
    if ('render' in peer) entries.push({ ...peer, group: 'bench template' })
    else skipped.push(peer)
  }
  const finished = await entries[2].render()
  entries.push({ ...floor('floor: the finished parts zipped with node:zlib', finished, BENCH_HEADER_ROWS), group: 'floor' })
  for (const s of skipped) console.log(`skipped ${s.name}: ${s.reason}`)

  // Every renderer's document must hold every row.
  const rowsOk = new Map<Entry, string>()
  for (const [i, r] of entries.entries()) {
    const out = await r.render()
    writeFileSync(join(OUT, `${i}-${r.name.replace(/[^a-z0-9]+/gi, '-')}.docx`), out)
    const rows = tableRows(out) - r.extraRows
    rowsOk.set(r, rows === dataRows ? `${rows} ✓` : `${rows} ✗ (want ${dataRows})`)
  }

  const samples = new Map<Entry, number[]>(entries.map((r) => [r, []]))
  for (const r of entries) await throughput(r) // warm-up: compile caches, JIT
  for (let round = 0; round < ROUNDS; round++) {
    for (const r of entries) samples.get(r)?.push(await throughput(r))
  }

  const perSec = new Map(entries.map((r) => [r, median(samples.get(r) ?? [0])]))
  const baseline = (group: Entry['group']) =>
    perSec.get(entries.find((r) => r.group === (group === 'floor' ? 'bench template' : group) && r.name.startsWith('docxtemplater')) as Entry) ?? 1
  console.log(`\n${pad('template', 17)}${pad('renderer', 46)}${lpad('docs/s', 8)}${lpad('ms/doc', 9)}${lpad('× docxt.', 10)}   rows`)
  console.log('─'.repeat(100))
  const results = entries.map((r) => {
    const ps = perSec.get(r) ?? 0
    const ratio = ps / baseline(r.group)
    console.log(`${pad(r.group, 17)}${pad(r.name, 46)}${lpad(ps.toFixed(1), 8)}${lpad((1000 / ps).toFixed(1), 9)}${lpad(ratio.toFixed(2) + '×', 10)}   ${rowsOk.get(r)}`)
    return { group: r.group, name: r.name, docsPerSecond: ps, msPerDoc: 1000 / ps, ratioToDocxtemplater: ratio, rows: rowsOk.get(r) }
  })
  for (const s of skipped) console.log(`${pad('bench template', 17)}${pad(s.name, 46)}   skipped: ${s.reason}`)

  // A batch of extracts on worker threads.
  const templatePath = join(process.cwd(), 'templates', 'vypiska.docx')
  const one = await runWorkers(1, BATCH, templatePath)
  const two = await runWorkers(2, BATCH, templatePath)
  console.log(`\nBatch of ${BATCH} extracts (ours, vypiska.docx, a different pupil each):`)
  console.log(`  1 worker thread : ${(one / 1000).toFixed(2)} s  ${((BATCH * 1000) / one).toFixed(1)} docs/s`)
  console.log(`  2 worker threads: ${(two / 1000).toFixed(2)} s  ${((BATCH * 1000) / two).toFixed(1)} docs/s  → ${(one / two).toFixed(2)}× (${cpus().length} CPU)`)

  writeFileSync(join(OUT, 'results.json'), JSON.stringify({
    node: process.version, cpus: cpus().length, load: loadavg(), dataRows, results, skipped,
    batch: { size: BATCH, oneWorkerMs: one, twoWorkersMs: two, speedup: one / two },
  }, null, 2))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
