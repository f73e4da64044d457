// One warm LibreOffice (ADR 036, 074): app/documents/pdf-worker.py starts a headless soffice on a private pipe and
// converts one .docx per JSON line on stdin. The pool (pdf.server.ts) keeps several, each with its own profile; this
// module starts one, feeds it one document, and kills it with its whole process group (python, the soffice wrapper
// and soffice.bin) when a document hangs or the helper dies, so no soffice outlives it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PdfResult } from './pdf.server'

const WORKER_FILE = join(process.cwd(), 'app', 'documents', 'pdf-worker.py')
const PYTHONS = ['/usr/bin/python3', '/usr/local/bin/python3']
const WARM_START_MS = 60_000

export type Warm = {
  child: ChildProcessWithoutNullStreams
  lines: string[]
  waiting: ((line: string | null) => void) | null
  dir: string
  dead: boolean
}

function canAccess(path: string, mode: number): boolean {
  try {
    accessSync(path, mode)
    return true
  } catch {
    return false
  }
}

export const executable = (path: string) => canAccess(path, constants.X_OK)

/** Kills the helper with its process group (soffice started by it included); idempotent. */
export function killWarm(w: Warm): void {
  const first = !w.dead
  w.dead = true
  try {
    // The group outlives its leader: a helper killed from outside leaves soffice.bin in the group.
    if (w.child.pid) process.kill(-w.child.pid, 'SIGKILL')
  } catch {
    if (first) w.child.kill('SIGKILL')
  }
  w.waiting?.(null)
  if (first) void rm(w.dir, { recursive: true, force: true })
}

function nextLine(w: Warm, timeoutMs: number): Promise<string | null> {
  const ready = w.lines.shift()
  if (ready !== undefined) return Promise.resolve(ready)
  if (w.dead) return Promise.resolve(null)
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

/** A started warm soffice using `profile`, or null when it cannot start (no python3-uno, no answer within 60 s). */
export async function startWarm(soffice: string, profile: string): Promise<Warm | null> {
  const python = PYTHONS.find(executable)
  if (!python || !canAccess(WORKER_FILE, constants.R_OK)) return null
  const dir = await mkdtemp(join(tmpdir(), 'docx-pdf-warm-'))
  // detached: its own process group, so soffice.bin dies with the helper when a conversion hangs.
  const child = spawn(python, [WORKER_FILE, soffice, profile], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
  const w: Warm = { child, lines: [], waiting: null, dir, dead: false }
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
  child.stdin.on('error', () => undefined) // a write to a helper that just died: its exit handler reports it
  child.on('error', () => killWarm(w))
  // Died (killed from outside, crashed): its soffice goes too, and the document in flight goes cold.
  child.on('exit', () => killWarm(w))
  // The helper must not keep a finished script (a bench, a CLI) alive.
  child.unref()
  for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as { unref?: () => void }).unref?.()
  const first = await nextLine(w, WARM_START_MS)
  if (!first || !(JSON.parse(first) as { ready?: boolean }).ready) {
    killWarm(w)
    return null
  }
  return w
}

/** One document through a warm soffice; null when it hung past `timeoutMs` or died (it is killed: start a new one). */
export async function convertWarm(w: Warm, docx: Buffer, timeoutMs: number): Promise<PdfResult | null> {
  const name = `document-${Date.now()}-${Math.random().toString(36).slice(2)}`
  const input = join(w.dir, `${name}.docx`)
  const output = join(w.dir, `${name}.pdf`)
  try {
    await writeFile(input, docx)
    if (w.dead) return null
    w.child.stdin.write(`${JSON.stringify({ in: input, out: output })}\n`)
    const line = await nextLine(w, timeoutMs)
    if (line === null) {
      killWarm(w)
      return null
    }
    const answer = JSON.parse(line) as { ok: boolean; error?: string }
    if (!answer.ok) return { ok: false, reason: `PDF не создан: ${answer.error ?? 'ошибка LibreOffice'}` }
    return { ok: true, pdf: await readFile(output) }
  } catch {
    // The helper's folder went with it (killed while writing or reading).
    killWarm(w)
    return null
  } finally {
    await Promise.all([rm(input, { force: true }), rm(output, { force: true })])
  }
}
