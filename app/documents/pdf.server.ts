// .docx → PDF with LibreOffice. ADR 036, 074: a pool of warm soffice processes (app/documents/pdf-warm.server.ts,
// driven through UNO by app/documents/pdf-worker.py), PDF_WORKERS of them (default: min(2, cores)), each with its
// own LibreOffice profile, converts one document at a time each; a batch is spread over the pool, results in the order
// of the inputs. When a warm soffice cannot start (no python3-uno), the cold path runs (soffice --headless
// --convert-to pdf, one process for the rest of the batch). One soffice at a time per profile (a second one would
// hand its job to the first, or fail), so each worker has its own profiles, per process and thread. A document past
// its limit (60 s) or a worker that dies is killed with its process group and that document goes cold; the worker
// starts afresh for the next one, and the others go on meanwhile.
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { threadId } from 'node:worker_threads'
import { convertWarm, executable, killWarm, startWarm, type Warm } from './pdf-warm.server'

export type PdfResult = { ok: true; pdf: Buffer } | { ok: false; reason: string }

const PDF_TIMEOUT_MS = 60_000

const CANDIDATES = [
  '/usr/bin/soffice',
  '/usr/local/bin/soffice',
  '/usr/lib/libreoffice/program/soffice',
  '/opt/libreoffice/program/soffice',
]

let sofficePath: string | null | undefined

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

/** How many warm soffice processes: PDF_WORKERS (1–16, app/utils/env.server.ts), else min(2, cores). Read on every use. */
export function pdfWorkers(): number {
  const n = Number(process.env.PDF_WORKERS)
  return Number.isInteger(n) && n >= 1 && n <= 16 ? n : Math.max(1, Math.min(2, cpus().length))
}

// ---------- the cold path ----------

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

/** One fresh soffice for these documents, `profile` its LibreOffice profile, `timeoutMs` for the whole run. */
async function convertCold(docxs: Buffer[], timeoutMs: number, profile: string): Promise<PdfResult[]> {
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
      `-env:UserInstallation=file://${profile}`,
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

// ---------- the pool ----------

/** After a failed warm start a worker uses the cold path for this long before it tries the warm one again. */
const WARM_RETRY_MS = 5 * 60_000
// lo-profile-<pid>-<thread>-<worker>[-warm]; names without the worker are those of earlier versions.
const PROFILE = /^lo-profile-(\d+)-\d+(-\d+)?(-warm)?$/
const profileBase = join(tmpdir(), `lo-profile-${process.pid}-${threadId}`)

type Slot = {
  warm: Warm | null
  failedAt: number
  busy: boolean
  /** Documents converted warm and cold, and warm processes lost (hung or died) — for tests and the bench. */
  counts: { warm: number; cold: number; lost: number }
  coldProfile: string
  // The warm soffice has its own profile: a cold run while it is still dying must not share its lock.
  warmProfile: string
}
type Task = { docx: Buffer; timeoutMs: number; batch: object; cold: boolean; done: (result: PdfResult) => void }

const slots: Slot[] = []
const pending: Task[] = []
let ready: Promise<void> | null = null
/** Bumped by stopWarmPdf: a warm start that was under way when it was called is killed as soon as it is up. */
let generation = 0

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

function started(): Promise<void> {
  if (!ready) {
    process.once('exit', () => {
      for (const s of slots) {
        if (s.warm) killWarm(s.warm)
        rmSync(s.coldProfile, { recursive: true, force: true })
        rmSync(s.warmProfile, { recursive: true, force: true })
      }
    })
    ready = removeStaleProfiles()
  }
  return ready
}

/** The tasks of `batch` no worker has taken yet, out of the queue. */
function takeBatch(batch: object): Task[] {
  const taken = pending.filter((t) => t.batch === batch)
  for (const t of taken) pending.splice(pending.indexOf(t), 1)
  return taken
}

/** Hands queued documents to free workers: one whose soffice is up first, so a lone letter starts no second one. */
function pump(): void {
  const size = pdfWorkers()
  while (slots.length < size) {
    const n = slots.length
    slots.push({
      warm: null,
      failedAt: 0,
      busy: false,
      counts: { warm: 0, cold: 0, lost: 0 },
      coldProfile: `${profileBase}-${n}`,
      warmProfile: `${profileBase}-${n}-warm`,
    })
  }
  while (pending.length > 0) {
    const free = slots.slice(0, size).filter((s) => !s.busy)
    const slot = free.find((s) => s.warm && !s.warm.dead) ?? free[0]
    if (!slot) return
    const task = pending.shift() as Task
    slot.busy = true
    // A cold batch (convertManyToPdfCold) is one soffice run, as before ADR 036.
    const tasks = task.cold ? [task, ...takeBatch(task.batch)] : [task]
    void run(slot, tasks).finally(() => {
      slot.busy = false
      pump()
    })
  }
}

/** The warm soffice of a worker, started if need be; null when none can start now. */
async function warmOf(slot: Slot): Promise<Warm | null> {
  if (slot.warm && !slot.warm.dead) return slot.warm
  slot.warm = null
  const soffice = findSoffice()
  if (!soffice || Date.now() - slot.failedAt < WARM_RETRY_MS) return null
  const gen = generation
  const warm = await startWarm(soffice, slot.warmProfile)
  if (!warm) slot.failedAt = Date.now()
  else if (gen !== generation) killWarm(warm)
  else slot.warm = warm
  return slot.warm
}

async function run(slot: Slot, tasks: Task[]): Promise<void> {
  try {
    if (!tasks[0].cold) {
      const warm = await warmOf(slot)
      if (warm) {
        const result = await convertWarm(warm, tasks[0].docx, tasks[0].timeoutMs)
        if (result) {
          slot.counts.warm++
          tasks[0].done(result)
          return
        }
        // Hung or died: killed; this document goes cold, the next one starts a new soffice.
        slot.counts.lost++
        slot.warm = null
      } else {
        // No warm soffice can start: the rest of the batch in the same cold run.
        tasks.push(...takeBatch(tasks[0].batch))
      }
    }
    const timeoutMs = tasks.reduce((sum, t) => sum + t.timeoutMs, 0)
    const results = await convertCold(
      tasks.map((t) => t.docx),
      timeoutMs,
      slot.coldProfile,
    )
    slot.counts.cold += tasks.length
    tasks.forEach((t, i) => t.done(results[i]))
  } catch (e) {
    const reason = `PDF не создан: ${e instanceof Error ? e.message : String(e)}`
    for (const t of tasks) t.done({ ok: false, reason })
  }
}

function submit(docxs: Buffer[], timeoutMs: number, cold: boolean): Promise<PdfResult[]> {
  if (docxs.length === 0) return Promise.resolve([])
  return started().then(() => {
    const batch = {}
    const results = docxs.map((docx) => new Promise<PdfResult>((done) => pending.push({ docx, timeoutMs, batch, cold, done })))
    pump()
    return Promise.all(results)
  })
}

/** Stops every warm soffice of the pool (scripts that finish, tests of the restart); the next document starts one. */
export function stopWarmPdf(): void {
  generation++
  for (const slot of slots) {
    if (slot.warm) killWarm(slot.warm)
    slot.warm = null
    slot.failedAt = 0
  }
}

/** The pool's workers: the warm helper's pid (null when none runs), busy, documents converted. For tests and bench/pdf. */
export function pdfPoolState(): Array<{ pid: number | null; busy: boolean; warm: number; cold: number; lost: number }> {
  return slots.map((s) => ({ pid: s.warm && !s.warm.dead ? (s.warm.child.pid ?? null) : null, busy: s.busy, ...s.counts }))
}

/** The cold path, the one before ADR 036: a fresh soffice for these documents, `timeoutMs` each. For bench/pdf. */
export function convertManyToPdfCold(docxs: Buffer[], timeoutMs = PDF_TIMEOUT_MS): Promise<PdfResult[]> {
  return submit(docxs, timeoutMs, true)
}

/** Converts several documents over the pool of warm soffice processes (else cold), `timeoutMs` each; in input order. */
export function convertManyToPdf(docxs: Buffer[], timeoutMs = PDF_TIMEOUT_MS): Promise<PdfResult[]> {
  return submit(docxs, timeoutMs, false)
}

/** The PDF, or a reason why there is none (LibreOffice absent, timeout, conversion error). */
export async function convertToPdfResult(docx: Buffer, timeoutMs = PDF_TIMEOUT_MS): Promise<PdfResult> {
  const [result] = await convertManyToPdf([docx], timeoutMs)
  return result
}
