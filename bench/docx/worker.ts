// A benchmark worker thread: renders `count` extracts with our renderer and reports the time it took.
import { readFileSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { BENCH_EXTRACT } from '../../app/documents/demo-data'
import { renderDocx } from '../../app/documents/render.server'

const { count, templatePath } = workerData as { count: number; templatePath: string }
const template = readFileSync(templatePath)

// Warm up (compile, JIT) before the clock starts, as a long-running server would be.
for (let i = 0; i < 5; i++) renderDocx(template, BENCH_EXTRACT, 'vypiska')
parentPort?.postMessage({ type: 'ready' })

parentPort?.once('message', () => {
  let bytes = 0
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    // A different pupil per document, as in a real batch.
    const data = { ...BENCH_EXTRACT, pupil: { ...BENCH_EXTRACT.pupil, fullName: `Обучающийся № ${i + 1}` } }
    bytes += renderDocx(template, data, 'vypiska').length
  }
  parentPort?.postMessage({ type: 'done', ms: performance.now() - start, bytes })
})
