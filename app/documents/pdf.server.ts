// .docx → PDF with LibreOffice. ADR 036: a warm soffice (app/documents/pdf-worker.py, driven through UNO) converts
// one document in a fraction of a second; when it cannot start (no python3-uno) or dies, the cold path runs
// (soffice --headless --convert-to pdf, one process per batch). One soffice at a time per LibreOffice profile (a
// second one would hand its job to the first, or fail), so conversions are queued; each process/thread gets its own
// profile. A stuck conversion is killed after 60 s, and a stuck warm soffice is killed and started afresh.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { accessSync, constants, rmSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { threadId } from 'node:worker_threads'

export type PdfResult = { ok: true; pdf: Buffer } | { ok: false; reason: string }

const PDF_TIMEOUT_MS = 60_000

const CANDIDATES = [
  '/usr/bin/soffice',
  '/usr/local/bin/soffice',
  '/usr/lib/libreoffice/program/soffice',
  '/opt/libreoffice/program/soffice',
]

let sofficePath: string | null | undefined

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Path of soffice: on PATH or in the usual install places; null when LibreOffice is not installed. */
export function findSoffice(): string | null {
  if (sofficePath !== undefined) return sofficePath
  const fromPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'soffice'))
  sofficePath = [...fromPath, ...CANDIDATES].find(executable) ?? null
  return sofficePath
}

export function isPdfAvailable(): boolean {
  return findSoffice() !== null
}

/**
 * Whether the product makes PDF copies at all: LibreOffice is installed and PDF_CONVERSION is not 'off' (tests that
 * do not look at a PDF switch it off, tests/setup/setup-db.ts). Read on every call so a test file can switch it on.
 */
export function isPdfEnabled(): boolean {
  return process.env.PDF_CONVERSION !== 'off' && isPdfAvailable()
}

export const PDF_OFF_REASON = 'PDF-копии отключены настройкой PDF_CONVERSION=off'

// ---------- the queue ----------

const PROFILE = /^lo-profile-(\d+)-\d+(-warm)?$/
const profileDir = join(tmpdir(), `lo-profile-${process.pid}-${threadId}`)
// The warm soffice has its own profile: a cold run while it is still dying must not share its lock.
const warmProfileDir = `${profileDir}-warm`
let queue: Promise<unknown> = Promise.resolve()
let started = false

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Profiles of processes that died without their exit handler (killed test workers, crashes). */
async function removeStaleProfiles(): Promise<void> {
  const names = await readdir(tmpdir()).catch(() => [] as string[])
  await Promise.all(
    names
      .filter((n) => PROFILE.test(n) && !alive(Number(PROFILE.exec(n)?.[1])))
      .map((n) => rm(join(tmpdir(), n), { recursive: true, force: true })),
  )
}

function enqueue<T>(job: () => Promise<T>): Promise<T> {
  if (!started) {
    started = true
    process.once('exit', () => {
      killWarm()
      rmSync(profileDir, { recursive: true, force: true })
      rmSync(warmProfileDir, { recursive: true, force: true })
    })
    queue = removeStaleProfiles()
  }
  const run = queue.then(job, job)
  queue = run.catch(() => undefined)
  return run
}

interface RunResult {
  code: number | null
  output: string
  timedOut: boolean
}

function runSoffice(soffice: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    // detached: soffice is a wrapper script around soffice.bin; killing the process group stops both.
    const child = spawn(soffice, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    let timedOut = false
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    const timer = setTimeout(() => {
      timedOut = true
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
    }, timeoutMs)
    child.on('error', (e) => {
      clearTimeout(timer)
      resolve({ code: null, output: `${output}${e.message}`, timedOut })
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output, timedOut })
    })
  })
}

async function convertCold(docxs: Buffer[], timeoutMs: number): Promise<PdfResult[]> {
  const soffice = findSoffice()
  if (!soffice) return docxs.map(() => ({ ok: false, reason: 'LibreOffice (soffice) не установлен: PDF недоступен' }))
  const dir = await mkdtemp(join(tmpdir(), 'docx-pdf-'))
  try {
    const inputs = docxs.map((_, i) => join(dir, `document-${i}.docx`))
    await Promise.all(docxs.map((buf, i) => writeFile(inputs[i], buf)))
    const args = [
      '--headless',
      '--norestore',
      '--nologo',
      '--nodefault',
      '--nolockcheck',
      `-env:UserInstallation=file://${profileDir}`,
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      ...inputs,
    ]
    const run = await runSoffice(soffice, args, timeoutMs)
    return Promise.all(
      inputs.map(async (input): Promise<PdfResult> => {
        try {
          return { ok: true, pdf: await readFile(input.replace(/\.docx$/, '.pdf')) }
        } catch {
          const limit = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} с` : `${timeoutMs} мс`
          const why = run.timedOut ? `преобразование не уложилось в ${limit}` : `soffice завершился с кодом ${run.code}`
          return { ok: false, reason: `PDF не создан: ${why}. ${run.output.trim()}`.trim() }
        }
      }),
    )
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

// ---------- the warm soffice ----------

const WORKER_FILE = join(process.cwd(), 'app', 'documents', 'pdf-worker.py')
const PYTHONS = ['/usr/bin/python3', '/usr/local/bin/python3']
const WARM_START_MS = 60_000
/** After a failed start the cold path is used for this long before the warm one is tried again. */
const WARM_RETRY_MS = 5 * 60_000

type Warm = { child: ChildProcessWithoutNullStreams; lines: string[]; waiting: ((line: string | null) => void) | null; dir: string }
let warm: Warm | null = null
let warmFailedAt = 0

function killWarm(): void {
  const w = warm
  warm = null
  if (!w) return
  try {
    if (w.child.pid) process.kill(-w.child.pid, 'SIGKILL')
  } catch {
    w.child.kill('SIGKILL')
  }
  w.waiting?.(null)
  void rm(w.dir, { recursive: true, force: true })
}

function nextLine(w: Warm, timeoutMs: number): Promise<string | null> {
  const ready = w.lines.shift()
  if (ready !== undefined) return Promise.resolve(ready)
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      w.waiting = null
      resolve(null)
    }, timeoutMs)
    w.waiting = (line) => {
      clearTimeout(timer)
      w.waiting = null
      resolve(line)
    }
  })
}

async function startWarm(soffice: string): Promise<Warm | null> {
  const python = PYTHONS.find(executable)
  if (!python || !canRead(WORKER_FILE)) return null
  const dir = await mkdtemp(join(tmpdir(), 'docx-pdf-warm-'))
  // detached: its own process group, so soffice.bin dies with the helper when a conversion hangs.
  const child = spawn(python, [WORKER_FILE, soffice, warmProfileDir], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
  const w: Warm = { child, lines: [], waiting: null, dir }
  let buffered = ''
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString()
    let i
    while ((i = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, i)
      buffered = buffered.slice(i + 1)
      if (w.waiting) w.waiting(line)
      else w.lines.push(line)
    }
  })
  child.stderr.resume()
  child.on('error', () => w.waiting?.(null))
  child.on('exit', () => {
    if (warm === w) warm = null
    w.waiting?.(null)
  })
  // The helper must not keep a finished script (a bench, a CLI) alive.
  child.unref()
  for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as { unref?: () => void }).unref?.()
  warm = w
  const first = await nextLine(w, WARM_START_MS)
  if (!first || !(JSON.parse(first) as { ready?: boolean }).ready) {
    killWarm()
    return null
  }
  return w
}

function canRead(path: string): boolean {
  try {
    accessSync(path, constants.R_OK)
    return true
  } catch {
    return false
  }
}

/** One document through the warm soffice; null when the warm path is unavailable (the caller goes cold). */
async function convertWarm(docx: Buffer, timeoutMs: number): Promise<PdfResult | null> {
  const soffice = findSoffice()
  if (!soffice) return null
  if (!warm) {
    if (Date.now() - warmFailedAt < WARM_RETRY_MS) return null
    if (!(await startWarm(soffice))) {
      warmFailedAt = Date.now()
      return null
    }
  }
  const w = warm as Warm
  const name = `document-${Date.now()}-${Math.random().toString(36).slice(2)}`
  const input = join(w.dir, `${name}.docx`)
  const output = join(w.dir, `${name}.pdf`)
  await writeFile(input, docx)
  try {
    w.child.stdin.write(`${JSON.stringify({ in: input, out: output })}\n`)
    const line = await nextLine(w, timeoutMs)
    if (line === null) {
      // Hung or died: a new soffice for the next document, the cold path for this one.
      killWarm()
      return null
    }
    const answer = JSON.parse(line) as { ok: boolean; error?: string }
    if (!answer.ok) return { ok: false, reason: `PDF не создан: ${answer.error ?? 'ошибка LibreOffice'}` }
    return { ok: true, pdf: await readFile(output) }
  } finally {
    await Promise.all([rm(input, { force: true }), rm(output, { force: true })])
  }
}

async function convertBatch(docxs: Buffer[], timeoutMs: number): Promise<PdfResult[]> {
  const results: PdfResult[] = []
  for (const docx of docxs) {
    const result = await convertWarm(docx, timeoutMs)
    if (!result) {
      // The cold fallback: one soffice run for the rest, with the time limit of each document.
      const rest = docxs.slice(results.length)
      return [...results, ...(await convertCold(rest, timeoutMs * rest.length))]
    }
    results.push(result)
  }
  return results
}

/** Stops the warm soffice (scripts that finish, tests of the restart). */
export function stopWarmPdf(): void {
  killWarm()
  warmFailedAt = 0
}

/** The cold path, today's before ADR 036: a fresh soffice for these documents. For bench/pdf. */
export function convertManyToPdfCold(docxs: Buffer[], timeoutMs = PDF_TIMEOUT_MS): Promise<PdfResult[]> {
  if (docxs.length === 0) return Promise.resolve([])
  return enqueue(() => convertCold(docxs, timeoutMs))
}

/** Converts several documents: through the warm soffice, else in one cold soffice run. */
export function convertManyToPdf(docxs: Buffer[], timeoutMs = PDF_TIMEOUT_MS): Promise<PdfResult[]> {
  if (docxs.length === 0) return Promise.resolve([])
  return enqueue(() => convertBatch(docxs, timeoutMs))
}

/** The PDF, or a reason why there is none (LibreOffice absent, timeout, conversion error). */
export async function convertToPdfResult(docx: Buffer, timeoutMs = PDF_TIMEOUT_MS): Promise<PdfResult> {
  const [result] = await convertManyToPdf([docx], timeoutMs)
  return result
}
