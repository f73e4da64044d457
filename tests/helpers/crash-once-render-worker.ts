// A render thread that dies on its first document — once per marker file — then behaves as the real one.
// Used by app/documents/render-pool.test.ts to check that a document in a dying thread is retried.
import { existsSync, writeFileSync } from 'node:fs'
import { parentPort } from 'node:worker_threads'

const marker = process.env.CRASH_ONCE_MARKER as string
if (existsSync(marker)) {
  // The real worker, loaded only on the second start (an import would run it every time).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../app/documents/render-worker')
} else {
  parentPort?.once('message', () => {
    writeFileSync(marker, 'упал один раз')
    process.exit(1)
  })
  parentPort?.postMessage({ ready: true })
}
