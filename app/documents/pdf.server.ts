// .docx → PDF with LibreOffice (soffice --headless --convert-to pdf).
// One soffice process at a time per LibreOffice profile (a second one would hand its job to the first, or fail),
// so conversions are queued; each process/thread gets its own profile. A stuck conversion is killed after 60 s.
import { spawn } from 'node:child_process'
import { accessSync, constants, rmSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { threadId } from 'node:worker_threads'

export type PdfResult = { ok: true; pdf: Buffer } | { ok: false; reason: string }

export const PDF_TIMEOUT_MS = 60_000

const CANDIDATES = ['/usr/bin/soffice', '/usr/local/bin/soffice', '/usr/lib/libreoffice/program/soffice', '/opt/libreoffice/program/soffice']

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
  const fromPath = (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'soffice'))
  sofficePath = [...fromPath, ...CANDIDATES].find(executable) ?? null
  return sofficePath
}

export function isPdfAvailable(): boolean {
  return findSoffice() !== null
}

// ---------- the queue ----------

const PROFILE = /^lo-profile-(\d+)-\d+$/
const profileDir = join(tmpdir(), `lo-profile-${process.pid}-${threadId}`)
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
    process.once('exit', () => rmSync(profileDir, { recursive: true, force: true }))
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

async function convertBatch(docxs: Buffer[], timeoutMs: number): Promise<PdfResult[]> {
  const soffice = findSoffice()
  if (!soffice) return docxs.map(() => ({ ok: false, reason: 'LibreOffice (soffice) не установлен: PDF недоступен' }))
  const dir = await mkdtemp(join(tmpdir(), 'docx-pdf-'))
  try {
    const inputs = docxs.map((_, i) => join(dir, `document-${i}.docx`))
    await Promise.all(docxs.map((buf, i) => writeFile(inputs[i], buf)))
    const args = [
      '--headless', '--norestore', '--nologo', '--nodefault', '--nolockcheck',
      `-env:UserInstallation=file://${profileDir}`,
      '--convert-to', 'pdf', '--outdir', dir, ...inputs,
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

/** Converts several documents in one soffice run (LibreOffice starts once: ≈ 1 s instead of ≈ 1 s each). */
export function convertManyToPdf(docxs: Buffer[], timeoutMs = PDF_TIMEOUT_MS): Promise<PdfResult[]> {
  if (docxs.length === 0) return Promise.resolve([])
  return enqueue(() => convertBatch(docxs, timeoutMs))
}

/** The PDF, or a reason why there is none (LibreOffice absent, timeout, conversion error). */
export async function convertToPdfResult(docx: Buffer, timeoutMs = PDF_TIMEOUT_MS): Promise<PdfResult> {
  const [result] = await convertManyToPdf([docx], timeoutMs)
  return result
}

/** The PDF, or null when it cannot be made (see convertToPdfResult for the reason). */
export async function convertToPdf(docx: Buffer, timeoutMs = PDF_TIMEOUT_MS): Promise<Buffer | null> {
  const result = await convertToPdfResult(docx, timeoutMs)
  return result.ok ? result.pdf : null
}
