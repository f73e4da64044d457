// /healthz and the folders written under DATA_DIR: a `restore` run as root left uploads/ owned by root, the probe
// file went into DATA_DIR itself, and the page said 200 while every /apply with scans failed with EACCES.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { checkHealth } from '#app/jobs/health.server'
import { dataDirProblem } from '#app/utils/startup-checks.server'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'healthz-folders-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))
afterEach(() => vi.restoreAllMocks())

/** As a folder owned by root does for anyone else (the tests run as root, so chmod would not refuse). */
function refuseWritesUnder(dir: string) {
  const write = fs.writeFileSync
  vi.spyOn(fs, 'writeFileSync').mockImplementation((file, ...rest) => {
    if (path.dirname(String(file)) === dir) throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' })
    return write(file, ...rest)
  })
}

describe('/healthz and the folders the product writes into', () => {
  const now = new Date('2026-12-07T10:00:00Z')

  it.each([['uploads'], ['uploads/2026-12'], ['uploads/mail'], ['mail/2026/12'], ['import-pending']])(
    'is not ok when %s cannot be written, and names the folder without its path',
    async (folder) => {
      const dataDir = path.join(tmp, folder.replaceAll('/', '_'))
      fs.mkdirSync(path.join(dataDir, folder), { recursive: true })
      expect((await checkHealth(now, { dataDir })).dataDir).toEqual({ ok: true })
      refuseWritesUnder(path.join(dataDir, folder))
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
      const health = await checkHealth(now, { dataDir })
      expect(health.ok).toBe(false)
      expect(health.dataDir).toEqual({ ok: false, error: `в папку ${folder} нельзя записывать`, folder })
      expect(JSON.stringify(health)).not.toContain(tmp)
      expect(logged.mock.calls.flat().join(' ')).toContain(`в папку ${path.join(dataDir, folder)} нельзя записывать (EACCES)`)
      expect(fs.readdirSync(path.join(dataDir, folder))).toEqual([])
    },
  )

  it('a nightly copy folder that cannot be written is said on its own: applications are still taken (200, not 503)', async () => {
    const dataDir = path.join(tmp, 'backup-only')
    fs.mkdirSync(path.join(dataDir, 'backups'), { recursive: true })
    expect((await checkHealth(now, { dataDir, backupNightly: true })).backup).toEqual({ nightly: true, ok: true })
    refuseWritesUnder(path.join(dataDir, 'backups'))
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const health = await checkHealth(now, { dataDir, backupNightly: true })
    expect(health.ok).toBe(true)
    expect(health.dataDir).toEqual({ ok: true })
    expect(health.backup).toEqual({ nightly: true, ok: false, error: 'в папку backups нельзя записывать: ночная копия не будет сделана' })
    expect(JSON.stringify(health)).not.toContain(tmp)
    expect(logged.mock.calls.flat().join(' ')).toContain(`в папку ${path.join(dataDir, 'backups')} нельзя записывать (EACCES)`)
    expect((await checkHealth(now, { dataDir, backupNightly: false })).backup).toEqual({ nightly: false, ok: true })
  })

  it('a folder not made yet is no problem: its first write makes it inside a folder already checked', async () => {
    const dataDir = path.join(tmp, 'fresh')
    fs.mkdirSync(dataDir)
    expect(await checkHealth(now, { dataDir })).toMatchObject({ ok: true, dataDir: { ok: true } })
    expect(fs.readdirSync(dataDir)).toEqual([])
  })
})

it('a full disk at start says to start again; to a running server, that it goes on by itself', () => {
  const dir = path.join(tmp, 'full')
  fs.mkdirSync(dir)
  const write = fs.writeFileSync
  vi.spyOn(fs, 'writeFileSync').mockImplementation((file, ...rest) => {
    if (path.dirname(String(file)) === dir) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
    return write(file, ...rest)
  })
  const atStart = dataDirProblem(dir, { demo: false })
  expect(atStart).toMatch(/Освободите место на диске \(или увеличьте квоту\) и запустите сервер снова\.$/)
  expect(atStart).not.toContain('перезапуск не нужен')
  expect(dataDirProblem(dir, { demo: false, running: true })).toMatch(/сервер продолжит работу сам, перезапуск не нужен\.$/)
})
