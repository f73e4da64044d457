// ADR 074: a pool of two warm LibreOffice processes (real /usr/bin/soffice). A batch is spread over both, each PDF read
// back in input order; a worker killed mid-batch costs nothing but time; stopWarmPdf leaves no soffice behind.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { threadId } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BENCH_EXTRACT, DEMO_DATA } from './demo-data'
import { convertManyToPdf, isPdfAvailable, pdfPoolState, stopWarmPdf, type PdfResult } from './pdf.server'
import { renderTemplate } from './render.server'

const hasSoffice = isPdfAvailable()
const dir = mkdtempSync(join(tmpdir(), 'pdf-pool-test-'))
const before = process.env.PDF_WORKERS

/** A one-page refusal notice whose outgoing number is `01-12/7<n>`: every letter's text differs from the others'. */
function letter(n: number): Buffer {
  const data = DEMO_DATA['otkaz-v-prieme']
  return renderTemplate('otkaz-v-prieme', { ...data, outgoing: { ...data.outgoing, number: `01-12/7${n}` } } as never)
}
const extract = () => renderTemplate('vypiska', BENCH_EXTRACT)

function text(result: PdfResult, name: string): string {
  if (!result.ok) throw new Error(`${name}: ${result.reason}`)
  expect(result.pdf.subarray(0, 5).toString()).toBe('%PDF-')
  const file = join(dir, `${name}.pdf`)
  writeFileSync(file, result.pdf)
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
}

/** Each letter's PDF carries its own number and no other letter's. */
function expectLetters(results: PdfResult[], letters: Map<number, number>): void {
  for (const [index, n] of letters) {
    const t = text(results[index], `letter-${index}`)
    expect(t).toContain(`01-12/7${n}`)
    for (const other of letters.values()) if (other !== n) expect(t).not.toMatch(new RegExp(`01-12/7${other}(?!\\d)`))
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** soffice processes running on a profile of this test process (their command line names it). */
function ourSoffice(): string[] {
  const out = spawnSync('pgrep', ['-af', `lo-profile-${process.pid}-${threadId}-`], { encoding: 'utf8' }).stdout
  return out
    .split('\n')
    .filter((l) => l.trim() && !l.includes('pgrep'))
    .map((l) => l.trim())
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10))
  return check()
}

const total = (key: 'warm' | 'cold' | 'lost') => pdfPoolState().reduce((sum, s) => sum + s[key], 0)

describe('PDF pool of two warm LibreOffice processes', () => {
  beforeAll(() => {
    process.env.PDF_WORKERS = '2'
  })
  afterAll(() => {
    stopWarmPdf()
    if (before === undefined) delete process.env.PDF_WORKERS
    else process.env.PDF_WORKERS = before
    rmSync(dir, { recursive: true, force: true })
  })

  it.skipIf(!hasSoffice)(
    'a batch is spread over both workers, every PDF in the order of the inputs',
    async () => {
      const results = await convertManyToPdf([0, 1, 2, 3, 4, 5].map(letter))
      expect(results).toHaveLength(6)
      expectLetters(results, new Map([0, 1, 2, 3, 4, 5].map((n) => [n, n])))
      const state = pdfPoolState()
      expect(state).toHaveLength(2)
      // Both converted warm: the batch did not wait for one soffice.
      for (const s of state) expect(s.warm).toBeGreaterThan(0)
      expect(total('warm')).toBe(6)
      expect(new Set(state.map((s) => s.pid)).size).toBe(2)
    },
    180_000,
  )

  it.skipIf(!hasSoffice)(
    'a worker killed mid-batch: every PDF still comes, and the worker starts afresh',
    async () => {
      const lostBefore = total('lost')
      // Letters between 10-page extracts, so a document is in flight when the kill comes.
      const docs = [letter(0), extract(), letter(1), extract(), letter(2), extract(), letter(3), extract()]
      const batch = convertManyToPdf(docs)
      expect(await until(() => pdfPoolState().some((s) => s.busy && s.pid !== null), 60_000)).toBe(true)
      const victim = pdfPoolState().find((s) => s.busy && s.pid !== null)?.pid as number
      process.kill(victim, 'SIGKILL')
      const results = await batch
      expect(results).toHaveLength(8)
      expectLetters(
        results,
        new Map([
          [0, 0],
          [2, 1],
          [4, 2],
          [6, 3],
        ]),
      )
      for (const i of [1, 3, 5, 7]) expect(text(results[i], `extract-${i}`)).toContain('Выписка верна.')
      expect(total('lost')).toBe(lostBefore + 1)
      expect(alive(victim)).toBe(false)
      // The killed worker's soffice went with it; the next documents start a new one.
      const again = await convertManyToPdf([letter(8), letter(9)])
      expectLetters(
        again,
        new Map([
          [0, 8],
          [1, 9],
        ]),
      )
      const pids = pdfPoolState().map((s) => s.pid)
      expect(pids.every((pid) => pid !== null && pid !== victim)).toBe(true)
    },
    240_000,
  )

  it.skipIf(!hasSoffice)(
    'a hung worker does not hold up the others: they finish the batch, the hung document is killed at its limit',
    async () => {
      const limit = 30_000
      const doneBefore = total('warm')
      const lostBefore = total('lost')
      const batch = convertManyToPdf([0, 1, 2, 3, 4, 5].map(letter), limit)
      expect(await until(() => pdfPoolState().some((s) => s.busy && s.pid !== null), 60_000)).toBe(true)
      const victim = pdfPoolState().find((s) => s.busy && s.pid !== null)?.pid as number
      const started = Date.now()
      process.kill(-victim, 'SIGSTOP') // the helper and its soffice freeze: no answer, no exit
      // The other five letters are converted by the other worker well before the hung one's limit.
      expect(await until(() => total('warm') - doneBefore >= 5, limit - 5_000)).toBe(true)
      expect(Date.now() - started).toBeLessThan(limit)
      const results = await batch
      expectLetters(results, new Map([0, 1, 2, 3, 4, 5].map((n) => [n, n])))
      expect(total('lost')).toBe(lostBefore + 1)
      expect(Date.now() - started).toBeGreaterThanOrEqual(limit - 1_000)
      expect(await until(() => !alive(victim), 5_000)).toBe(true)
    },
    180_000,
  )

  it.skipIf(!hasSoffice)(
    'stopWarmPdf leaves no soffice of this process running',
    async () => {
      await convertManyToPdf([letter(0), letter(1)])
      const helpers = pdfPoolState().map((s) => s.pid)
      expect(helpers.every((pid) => pid !== null)).toBe(true)
      expect(ourSoffice().length).toBeGreaterThanOrEqual(2)
      stopWarmPdf()
      expect(pdfPoolState().every((s) => s.pid === null)).toBe(true)
      // SIGKILL to each process group: gone within moments.
      expect(await until(() => ourSoffice().length === 0, 10_000), ourSoffice().join('\n')).toBe(true)
      expect(await until(() => helpers.every((pid) => !alive(pid as number)), 10_000)).toBe(true)
    },
    180_000,
  )
})
