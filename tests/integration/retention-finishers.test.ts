// Two finishers of one purge's files at once (ADR 096): the purge's own request removes its files after the commit,
// and the leftovers sweep — of the same process or another instance — may find the list before the request has
// dropped it. Both used to count every file: each one the other had removed as missing too (the run said 300 files
// removed and 300 missing of 300), and the bytes of a file both had measured twice. Real files, real database; the
// sweep runs over and over while the purge removes 300 files.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'

const dataDir = vi.hoisted(() => {
  const dir = `${process.cwd()}/tests/.tmp/data-retention-finishers-${process.pid}`
  process.env.DATA_DIR = dir
  return dir as string
})

import { db } from '#app/utils/db.server'
import { finishCutPurges, listRetentionRuns, purgeExpired } from '#app/models/retention.server'
import { build, T } from './control-helpers'

const root = path.resolve(__dirname, '..', '..')
const now = T('2032-11-20T12:00')
const FILES = 300
const GONE = 7 // lost before the purge: these are the run's missing files

/** An expired application with FILES scans, GONE of them already missing from the disk; returns it and their bytes. */
async function expiredWithScans(tag: string) {
  const app = await build({
    channel: 'email',
    receivedAt: '2026-10-05T09:00',
    register: { at: '2026-10-05T11:00' },
    forwardAt: '2026-10-12T10:00',
    decide: { at: '2026-10-14T10:00', outcome: 'grant' },
    deliver: { at: '2026-10-15T10:00' },
  })
  fs.mkdirSync(path.join(dataDir, 'uploads', '2026-10'), { recursive: true })
  let bytes = 0
  const paths: string[] = []
  for (let i = 0; i < FILES; i++) {
    const storagePath = `uploads/2026-10/upl_${tag}_${i}.pdf`
    const content = `%PDF-1.4 скан ${i} ${'x'.repeat(i)}`
    if (i >= GONE) {
      fs.writeFileSync(path.join(dataDir, storagePath), content)
      bytes += Buffer.byteLength(content)
      paths.push(storagePath)
    }
    await db.upload.create({
      data: {
        applicationId: app.id,
        kind: 'identity',
        fileName: `скан ${i}.pdf`,
        mime: 'application/pdf',
        size: 1,
        sha256: 'x',
        storagePath,
      },
    })
  }
  return { app, bytes, paths }
}

const purge = (schoolId: string) =>
  purgeExpired({ schoolId, user: { id: 'x', displayName: 'Админ' }, now, timeZone: 'Europe/Saratov', expectedCount: 1 })

beforeAll(() => fs.mkdirSync(dataDir, { recursive: true }))
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

it('another instance’s sweep finishing the same files at once: each file counted once — removed, bytes, missing exact', async () => {
  const { app, bytes, paths } = await expiredWithScans('other')
  // The other instance: a real process sweeping over and over until told to stop.
  const script = path.join(dataDir, 'sweep-loop.ts')
  const stop = path.join(dataDir, 'stop')
  fs.writeFileSync(
    script,
    [
      "import fs from 'node:fs'",
      "import { finishCutPurges } from '#app/models/retention.server'",
      'void (async () => {',
      '  let finished = 0',
      "  console.log('ready')",
      `  while (!fs.existsSync(${JSON.stringify(stop)})) finished += await finishCutPurges()`,
      '  console.log(`finished ${finished}`)',
      '  process.exit(0)',
      '})()',
    ].join('\n'),
  )
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [script], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout!.on('data', (c) => (out += c))
  const exited = new Promise((resolve) => child.on('exit', resolve))
  while (!out.includes('ready')) {
    if (child.exitCode !== null) throw new Error(out)
    await new Promise((r) => setTimeout(r, 20))
  }
  await new Promise((r) => setTimeout(r, 300))
  // This process removes a file every 10 ms (a slow disk, a big purge): the other sweeps meanwhile (at 2 ms a loaded
  // CI machine sometimes let this process finish before the other had read the list).
  // Its first removal waits until the other has taken the list and finished it (the list is committed before any file
  // goes): this one then goes on over files already gone — the overlap, the same on every machine, however busy.
  const unlink = fsp.unlink
  let waited = false
  const slow = vi.spyOn(fsp, 'unlink').mockImplementation(async (p) => {
    if (!waited) {
      waited = true
      const until = Date.now() + 30_000
      const listed = () => db.setting.count({ where: { key: { startsWith: 'retention.files.' } } })
      while ((await listed()) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
    }
    await new Promise((r) => setTimeout(r, 10))
    return unlink(p)
  })
  const report = await purge(app.schoolId).finally(() => slow.mockRestore())
  await new Promise((r) => setTimeout(r, 300))
  fs.writeFileSync(stop, '')
  await exited
  // The other instance did take the list while this one was removing its files: the race this is about happened.
  expect(Number(/finished (\d+)/.exec(out)?.[1])).toBeGreaterThanOrEqual(1)
  for (const p of paths) expect(fs.existsSync(path.join(dataDir, p))).toBe(false)
  const [stored] = await listRetentionRuns(app.schoolId)
  expect(stored).toMatchObject({ uploads: FILES, files: FILES - GONE, bytes, missingFiles: GONE })
  // This request's own report may miss what the other removed after it, never counts a file twice.
  if ('changed' in report) throw new Error('the list changed')
  expect(report.files + report.missingFiles).toBeLessThanOrEqual(FILES)
  expect(await finishCutPurges()).toBe(0)
}, 120_000)

it('this process’s sweep leaves a list its purge request is removing: the request’s report counts every file', async () => {
  const { app, bytes } = await expiredWithScans('same')
  let purging = true
  let sweeps = 0
  let finishedBySweep = 0
  const sweeping = (async () => {
    while (purging) {
      finishedBySweep += await finishCutPurges()
      sweeps++
      await new Promise((r) => setImmediate(r))
    }
  })()
  const report = await purge(app.schoolId).finally(() => (purging = false))
  await sweeping
  expect(sweeps).toBeGreaterThanOrEqual(1)
  expect(finishedBySweep).toBe(0)
  expect(report).toMatchObject({ files: FILES - GONE, bytes, missingFiles: GONE })
  const [stored] = await listRetentionRuns(app.schoolId)
  expect(stored).toMatchObject({ files: FILES - GONE, bytes, missingFiles: GONE })
}, 120_000)

it('a file that cannot be removed (not «gone») keeps the list: named in the log, removed and counted by the next sweep', async () => {
  const { app, paths } = await expiredWithScans('stuck')
  // A folder where the scan should be: unlink fails with EISDIR (root ignores file permissions, a folder does not).
  const stuck = path.join(dataDir, paths[0])
  fs.rmSync(stuck)
  fs.mkdirSync(path.join(stuck, 'inner'), { recursive: true })
  // Its own run (the earlier tests' runs share its time: PostgreSQL may list them in any order).
  const known = (await db.retentionRun.findMany({ select: { id: true } })).map((r) => r.id)
  const run = () => db.retentionRun.findFirstOrThrow({ where: { id: { notIn: known } } })
  const log = vi.spyOn(console, 'error').mockImplementation(() => {})
  await purge(app.schoolId)
  expect(log.mock.calls.some(([line]) => String(line).includes(stuck))).toBe(true)
  log.mockRestore()
  for (const p of paths.slice(1)) expect(fs.existsSync(path.join(dataDir, p))).toBe(false)
  expect(await run()).toMatchObject({ files: FILES - GONE - 1, missingFiles: GONE })
  // Still listed: the sweep tries again, and once the file can go it is removed and counted, the list dropped.
  fs.rmSync(stuck, { recursive: true })
  fs.writeFileSync(stuck, '%PDF-1.4 скан')
  expect(await finishCutPurges()).toBe(1)
  expect(fs.existsSync(stuck)).toBe(false)
  expect(await run()).toMatchObject({ files: FILES - GONE, missingFiles: GONE })
  expect(await finishCutPurges()).toBe(0)
}, 120_000)
