// PDF benchmark (ADR 036): a letter and a quarter's extract cold (a fresh soffice per call, the path before ADR 036)
// vs the product's path (the pool of warm soffice processes, ADR 074), and 100 extracts in a batch.
//   npx tsx bench/pdf/run.ts   (BENCH_PDF_N=100 extracts in the batch, BENCH_PDF_ROUNDS=3 cold calls per document,
//   PDF_WORKERS=n warm processes, default min(2, cores))
import { cpus, loadavg } from 'node:os'
import { BENCH_EXTRACT, DEMO_DATA } from '../../app/documents/demo-data'
import {
  convertManyToPdf,
  convertManyToPdfCold,
  isPdfAvailable,
  pdfPoolState,
  pdfWorkers,
  stopWarmPdf,
  type PdfResult,
} from '../../app/documents/pdf.server'
import { renderTemplate } from '../../app/documents/render.server'
import { writeReadmeSection } from '../readme-section'

const N = Number(process.env.BENCH_PDF_N ?? 100)
const ROUNDS = Number(process.env.BENCH_PDF_ROUNDS ?? 3)
const WARM_ROUNDS = 5

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const s = (ms: number) => `${(ms / 1000).toFixed(2)} с`

function check(results: PdfResult[]): void {
  for (const r of results) if (!r.ok) throw new Error(r.reason)
}

async function timed(run: () => Promise<PdfResult[]>): Promise<number> {
  const start = performance.now()
  check(await run())
  return performance.now() - start
}

async function main() {
  if (!isPdfAvailable()) throw new Error('LibreOffice (soffice) не установлен')
  const loadAtStart = loadavg()[0]
  console.log(`load ${loadAtStart.toFixed(1)}, ${pdfWorkers()} warm workers`)
  const letter = renderTemplate('otkaz-v-prieme', DEMO_DATA['otkaz-v-prieme'] as never)
  const extract = renderTemplate('vypiska', BENCH_EXTRACT) // 200 marks with homework and attendance: a quarter, ≈ 10 pages
  const docs = { letter, extract }

  const cold: Record<string, number> = {}
  for (const [name, docx] of Object.entries(docs)) {
    const times: number[] = []
    for (let i = 0; i < ROUNDS; i++) times.push(await timed(() => convertManyToPdfCold([docx])))
    cold[name] = median(times)
    console.log(`cold ${name}: ${times.map(s).join(', ')}`)
  }

  stopWarmPdf()
  const startWarm = await timed(() => convertManyToPdf([letter]))
  console.log(`warm start (first letter): ${s(startWarm)}`)
  const warm: Record<string, number> = {}
  for (const [name, docx] of Object.entries(docs)) {
    const times: number[] = []
    for (let i = 0; i < WARM_ROUNDS; i++) times.push(await timed(() => convertManyToPdf([docx])))
    warm[name] = median(times)
    console.log(`warm ${name}: ${times.map(s).join(', ')}`)
  }

  const many = Array.from({ length: N }, () => extract)
  const doneBefore = pdfPoolState().map((w) => w.warm)
  const warmBatch = await timed(() => convertManyToPdf(many))
  // How the batch was spread: documents each warm worker converted in it.
  const spread = pdfPoolState()
    .map((w, i) => w.warm - (doneBefore[i] ?? 0))
    .join(' + ')
  console.log(`${N} extracts, warm: ${s(warmBatch)} (per worker: ${spread})`)
  stopWarmPdf()
  const coldBatch = await timed(() => convertManyToPdfCold(many))
  console.log(`${N} extracts, one cold soffice run: ${s(coldBatch)}`)
  const coldCalls = cold.extract * N

  const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`
  const rows = [
    `| letter (refusal notice, 1 page) | ${s(cold.letter)} | ${s(warm.letter)} | ` +
      `${ratio(cold.letter, warm.letter)} | warm ≤ 1/10 of cold: ${warm.letter * 10 <= cold.letter ? 'yes' : 'NO'} |`,
    `| quarter extract (200 marks, ≈ 10 pages) | ${s(cold.extract)} | ${s(warm.extract)} | ${ratio(cold.extract, warm.extract)} | |`,
    `| ${N} extracts | ${s(coldCalls)} (${N} × the cold median) | ${s(warmBatch)} | ` +
      `${ratio(coldCalls, warmBatch)} | ≥ 8×: ${coldCalls >= 8 * warmBatch ? 'yes' : 'NO'} |`,
    `| ${N} extracts in one cold soffice run (batching, the alternative) | ${s(coldBatch)} | | ${ratio(coldCalls, coldBatch)} | |`,
  ]
  const section = `## pdf

\`npx tsx bench/pdf/run.ts\` — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} cores, load average (1 min)
${loadAtStart.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end (a shared machine: absolute times vary, the ratios less).
Cold = a fresh \`soffice --convert-to pdf\` per call (the path before ADR 036), median of ${ROUNDS}; warm = the
product's path, a pool of ${pdfWorkers()} kept soffice processes driven through UNO (app/documents/pdf-worker.py, ADR 074),
median of ${WARM_ROUNDS} (one document at a time: one worker). Starting a warm soffice once: ${s(startWarm)}. The
${N} extracts went to the workers as ${spread}.

| document | cold | warm (product) | speed-up | target |
|---|---|---|---|---|
${rows.join('\n')}
`
  console.log(section)
  writeReadmeSection('pdf', section)
  stopWarmPdf()
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
