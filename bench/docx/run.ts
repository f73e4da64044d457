// DOCX benchmark: documents per second for the extract (200 marks + homework + attendance).
//   npx tsx bench/docx/run.ts   (BENCH_BATCH=1000 BENCH_ROUNDS=5 BENCH_BATCH_ROUNDS=3 to change the batch and
//                                rounds; BENCH_PART=renderers or batch to run one half)
// Renderers run in interleaved rounds and the median round is reported, so a busy machine skews them alike.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import PizZip from 'pizzip'
import { BENCH_EXTRACT } from '../../app/documents/demo-data'
import { RenderPool } from '../../app/documents/render-pool.server'
import { loadTemplate } from '../../app/documents/render.server'
import { BENCH_HEADER_ROWS, benchData, benchTemplate } from './bench-template'
import { docxTemplates, docxtemplaterStock, easyTemplateX, floor, ours, type Renderer, type Skipped } from './renderers'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const ROUND_MS = 500
const BATCH = Number(process.env.BENCH_BATCH ?? 1000)
const BATCH_ROUNDS = Number(process.env.BENCH_BATCH_ROUNDS ?? 3)
// all | renderers | batch (pinned-one: internal, see runPinned)
const PART = process.env.BENCH_PART ?? 'all'
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

const extractFor = (i: number) => ({ ...BENCH_EXTRACT, pupil: { ...BENCH_EXTRACT.pupil, fullName: `Обучающийся № ${i + 1}` } })

/** A batch through the product's RenderPool (app/documents/render-pool.server.ts): ms for `total` extracts. */
async function runPool(threads: number, total: number, template: Buffer): Promise<{ ms: number; perThread: number[]; cpuCores: number }> {
  const pool = new RenderPool({ threads })
  try {
    // Warm-up (start the threads, compile the template, JIT), as in a server that has been running.
    await pool.renderMany(
      template,
      Array.from({ length: 20 * threads }, (_, i) => extractFor(i)),
      'vypiska',
    )
    const before = pool.documentsPerThread()
    const items = Array.from({ length: total }, (_, i) => extractFor(i))
    const cpu = process.cpuUsage()
    const start = performance.now()
    const docs = await pool.renderMany(template, items, 'vypiska')
    const ms = performance.now() - start
    const used = process.cpuUsage(cpu)
    if (docs.length !== total || docs.some((d) => d.subarray(0, 2).toString() !== 'PK')) throw new Error('batch incomplete')
    return { ms, perThread: pool.documentsPerThread().map((n, i) => n - (before[i] ?? 0)), cpuCores: (used.user + used.system) / 1000 / ms }
  } finally {
    await pool.close()
  }
}

// The machine's own ceilings, 2 threads against 1: a loop that only computes, and one that builds and encodes
// strings (allocation and GC, as rendering does). A shared or virtual machine rarely reaches 2× on either.
const CEILING_LOOPS = {
  compute: (n: number) => `let x = 0; for (let i = 0; i < ${4e8 / n}; i++) x = (x * 31 + i) | 0; postMessage(x)`,
  allocate: (n: number) =>
    `let x = 0; for (let i = 0; i < ${2400 / n}; i++) { const parts = []; for (let j = 0; j < 3000; j++) ` +
    `parts.push('<w:t>' + j + ' строка ' + i + '</w:t>'); x += Buffer.from(parts.join('')).length } postMessage(x)`,
}

async function ceiling(kind: keyof typeof CEILING_LOOPS): Promise<number> {
  const spin = (threads: number) => {
    const start = performance.now()
    return Promise.all(
      Array.from(
        { length: threads },
        () =>
          new Promise<void>((res, rej) => {
            const w = new Worker(
              `const postMessage = (x) => require('node:worker_threads').parentPort.postMessage(x); ${CEILING_LOOPS[kind](threads)}`,
              { eval: true },
            )
            w.once('message', () => res())
            w.once('error', rej)
          }),
      ),
    ).then(() => performance.now() - start)
  }
  const ratios: number[] = []
  for (let i = 0; i < 3; i++) ratios.push((await spin(1)) / (await spin(2)))
  return median(ratios)
}

async function compareRenderers() {
  const e = BENCH_EXTRACT
  const dataRows = e.marks.length + e.homework.length + e.attendance.length
  console.log(
    `Extract: ${e.marks.length} marks + ${e.homework.length} homework + ${e.attendance.length} attendance = ${dataRows} table rows\n`,
  )

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
    perSec.get(
      entries.find((r) => r.group === (group === 'floor' ? 'bench template' : group) && r.name.startsWith('docxtemplater')) as Entry,
    ) ?? 1
  console.log(`\n${pad('template', 17)}${pad('renderer', 46)}${lpad('docs/s', 8)}${lpad('ms/doc', 9)}${lpad('× docxt.', 10)}   rows`)
  console.log('─'.repeat(100))
  const results = entries.map((r) => {
    const ps = perSec.get(r) ?? 0
    const ratio = ps / baseline(r.group)
    console.log(
      `${pad(r.group, 17)}${pad(r.name, 46)}${lpad(ps.toFixed(1), 8)}${lpad((1000 / ps).toFixed(1), 9)}` +
        `${lpad(ratio.toFixed(2) + '×', 10)}   ${rowsOk.get(r)}`,
    )
    return { group: r.group, name: r.name, docsPerSecond: ps, msPerDoc: 1000 / ps, ratioToDocxtemplater: ratio, rows: rowsOk.get(r) }
  })
  for (const s of skipped) console.log(`${pad('bench template', 17)}${pad(s.name, 46)}   skipped: ${s.reason}`)

  return { dataRows, results, skipped }
}

/** A batch of extracts on the product's render threads, 1 thread against 2. */
type PoolRun = Awaited<ReturnType<typeof runPool>>

/** The single-core rate proper: 1 render thread in a child process pinned to CPU 0 with taskset (main thread, render
 *  thread and V8's helpers all share that core). Null where taskset is missing. */
function runPinned(): PoolRun | null {
  const child = spawnSync('taskset', ['-c', '0', process.execPath, '--import', 'tsx', __filename], {
    env: { ...process.env, BENCH_PART: 'pinned-one' },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  })
  const line = child.stdout?.split('\n').find((l) => l.startsWith('PINNED '))
  return line ? (JSON.parse(line.slice('PINNED '.length)) as PoolRun) : null
}

async function batch() {
  const template = loadTemplate('vypiska')
  // The series alternate, BATCH_ROUNDS times each; the medians are reported (a busy moment hits them alike).
  const runs: { pinned: PoolRun[]; 1: PoolRun[]; 2: PoolRun[] } = { pinned: [], 1: [], 2: [] }
  for (let round = 0; round < BATCH_ROUNDS; round++) {
    const pinned = runPinned()
    if (pinned) runs.pinned.push(pinned)
    for (const threads of [1, 2] as const) runs[threads].push(await runPool(threads, BATCH, template))
  }
  const mid = (list: PoolRun[]) => [...list].sort((a, b) => a.ms - b.ms)[Math.floor(list.length / 2)]
  const one = mid(runs[1])
  const two = mid(runs[2])
  const pinned = runs.pinned.length ? mid(runs.pinned) : null
  const machine = { compute: await ceiling('compute'), allocate: await ceiling('allocate') }
  const rate = (ms: number) => ((BATCH * 1000) / ms).toFixed(1)
  const all = (list: PoolRun[]) => list.map((r) => (r.ms / 1000).toFixed(2)).join(' / ')
  const line = (label: string, r: PoolRun, list: PoolRun[]) =>
    console.log(
      `  ${label}: ${(r.ms / 1000).toFixed(2)} s  ${rate(r.ms)} docs/s  process CPU ${r.cpuCores.toFixed(2)} cores  (runs: ${all(list)} s)`,
    )
  console.log(`\nBatch of ${BATCH} extracts through RenderPool (vypiska.docx, a different pupil each), median of ${BATCH_ROUNDS}:`)
  if (pinned) line('1 render thread, process pinned to 1 core', pinned, runs.pinned)
  else console.log('  (taskset not found: the pinned single-core series is skipped)')
  line('1 render thread, both cores free         ', one, runs[1])
  line('2 render threads                         ', two, runs[2])
  console.log(
    '  → 2 threads: ' +
      `${pinned ? `${(pinned.ms / two.ms).toFixed(2)}× the single-core rate, ` : ''}${(one.ms / two.ms).toFixed(2)}× one ` +
      `thread on a free machine (documents per thread: ${two.perThread.join(' + ')})`,
  )
  console.log(
    `  the machine's ceilings, 2 threads vs 1 (median of 3): a computing loop ` +
      `${machine.compute.toFixed(2)}×, a string-building loop ${machine.allocate.toFixed(2)}× (${cpus().length} CPU)`,
  )
  return {
    size: BATCH,
    rounds: runs,
    pinnedOneCore: pinned,
    oneThread: one,
    twoThreads: two,
    speedup: one.ms / two.ms,
    speedupOverOneCore: pinned ? pinned.ms / two.ms : null,
    machineCeiling: machine,
  }
}

async function main() {
  if (PART === 'pinned-one') {
    // The child of runPinned: one measurement, printed for the parent.
    console.log(`PINNED ${JSON.stringify(await runPool(1, BATCH, loadTemplate('vypiska')))}`)
    return
  }
  mkdirSync(OUT, { recursive: true })
  console.log(
    `DOCX benchmark — Node ${process.version}, ${cpus().length} CPU (${cpus()[0]?.model ?? '?'}), load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  )
  const renderers = PART === 'batch' ? undefined : await compareRenderers()
  const threads = PART === 'renderers' ? undefined : await batch()
  writeFileSync(
    join(OUT, 'results.json'),
    JSON.stringify({ node: process.version, cpus: cpus().length, load: loadavg(), renderers, batch: threads }, null, 2),
  )
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
