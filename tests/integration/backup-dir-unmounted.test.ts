// The nightly copy's disk (ADR 025): a BACKUP_DIR set on purpose is another disk or a share. Unmounted, it was
// `backup.ok: true` on /healthz (a missing folder was skipped) and the copy made the folder on the data's own disk.
// A backup disk that fills up, and a log whose chain is broken, made a whole new copy at every pass (5 s).
// Real folders, and a real small disk (tmpfs; the tests run as root) where the machine allows mounting one.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { dbReady } from '#app/utils/db.server'
import { dbPathOf } from '#app/backup/backup.server'
import { checkHealth } from '#app/jobs/health.server'
import { nightlyCopies, runNightlyBackup } from '#app/jobs/nightly-backup.server'
import { build } from './control-helpers'

const root = path.resolve(__dirname, '..', '..')
const tmp = path.join(root, 'tests', '.tmp', `backup-dir-${process.pid}`)
const dataDir = path.join(tmp, 'data')
const liveUrl = process.env.DATABASE_URL as string
const small = path.join(tmp, 'small-disk')
let mounted = false

beforeAll(async () => {
  await dbReady()
  await build({ channel: 'post', className: '5А', receivedAt: '2026-11-02T09:00', register: { at: '2026-11-02T10:00' } })
  fs.rmSync(tmp, { recursive: true, force: true })
  fs.mkdirSync(path.join(dataDir, 'uploads', '2026-12'), { recursive: true })
  // A scan bigger than the small disk: the copy runs out of room.
  fs.writeFileSync(path.join(dataDir, 'uploads', '2026-12', 'upl_big.pdf'), Buffer.alloc(512 * 1024, 7))
  fs.mkdirSync(small)
  mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', small]).status === 0
})
afterAll(() => {
  if (mounted) spawnSync('umount', [small])
  fs.rmSync(tmp, { recursive: true, force: true })
})

const now = new Date('2026-12-07T23:00:00Z') // 03:00 in Saratov: the copy is due
const settings = (dir: string) => ({
  enabled: true,
  databaseUrl: liveUrl,
  dataDir,
  dir,
  explicit: true,
  hour: 2,
  keep: 2,
  timeZone: 'Europe/Saratov',
})

describe('/healthz and a BACKUP_DIR set on purpose', () => {
  it('missing (the share not mounted): backup not ok with a Russian reason, still 200, the path only in the log', async () => {
    const backupDir = path.join(tmp, 'mnt', 'nas')
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const health = await checkHealth(now, { dataDir, backupNightly: true, backupDir })
    const said = logged.mock.calls.flat().join(' ')
    logged.mockRestore()
    expect(health.ok).toBe(true)
    expect(health.backup).toEqual({
      nightly: true,
      ok: false,
      error: 'папки BACKUP_DIR нет (диск для копий не подключён?): ночная копия не будет сделана',
    })
    expect(JSON.stringify(health)).not.toContain(tmp)
    expect(said).toContain(`папки BACKUP_DIR (${backupDir}) нет`)
    expect(fs.existsSync(backupDir)).toBe(false)
    // A load balancer probes every few seconds: the lasting state is said once, not at every probe.
    const again = vi.spyOn(console, 'error').mockImplementation(() => {})
    for (let i = 0; i < 5; i++) expect((await checkHealth(now, { dataDir, backupNightly: true, backupDir })).backup.ok).toBe(false)
    expect(again).not.toHaveBeenCalled()
    again.mockRestore()
  })

  it('an empty mount point on the data’s own disk: not ok; a folder on another disk: ok', async () => {
    const mountPoint = path.join(tmp, 'mnt-empty')
    fs.mkdirSync(mountPoint)
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const same = await checkHealth(now, { dataDir, backupNightly: true, backupDir: mountPoint })
    logged.mockRestore()
    expect(same.ok).toBe(true)
    expect(same.backup).toEqual({
      nightly: true,
      ok: false,
      error: 'папка BACKUP_DIR на том же диске, что и данные (диск для копий не подключён?)',
    })
    // The default folder under DATA_DIR is on the data's disk by design: nothing to say.
    expect((await checkHealth(now, { dataDir, backupNightly: true, backupDir: undefined })).backup.ok).toBe(true)
    if (!mounted) return
    expect((await checkHealth(now, { dataDir, backupNightly: true, backupDir: small })).backup).toEqual({ nightly: true, ok: true })
  })
})

describe('the nightly copy and its disk', () => {
  it('never makes a missing BACKUP_DIR on the data’s disk; says why, once an hour', async () => {
    const backupDir = path.join(tmp, 'mnt', 'nas')
    await expect(runNightlyBackup(now, settings(backupDir))).rejects.toThrow(
      `Ночная резервная копия не сделана: папки BACKUP_DIR (${backupDir}) нет`,
    )
    expect(fs.existsSync(backupDir)).toBe(false)
    // The next pass, seconds later: nothing tried, nothing said.
    expect(await runNightlyBackup(new Date(now.getTime() + 5_000), settings(backupDir))).toEqual({ made: null, removed: [] })
    await expect(runNightlyBackup(new Date(now.getTime() + 61 * 60_000), settings(backupDir))).rejects.toThrow('папки BACKUP_DIR')
    // Mounted at last: the copy is made there.
    fs.mkdirSync(backupDir, { recursive: true })
    const made = await runNightlyBackup(new Date(now.getTime() + 122 * 60_000), { ...settings(backupDir), explicit: false })
    expect(made.made).toMatch(/nightly-/)
  }, 120_000)

  it('a backup disk that fills up: what was copied is removed, and the next try waits an hour (not every pass)', async (ctx) => {
    if (!mounted) ctx.skip()
    const day = new Date('2026-12-08T23:00:00Z')
    await expect(runNightlyBackup(day, settings(small))).rejects.toThrow(/ENOSPC|disk is full/)
    expect(fs.readdirSync(small)).toEqual([])
    const started = Date.now()
    expect(await runNightlyBackup(new Date(day.getTime() + 5_000), settings(small))).toEqual({ made: null, removed: [] })
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(fs.readdirSync(small)).toEqual([])
    await expect(runNightlyBackup(new Date(day.getTime() + 61 * 60_000), settings(small))).rejects.toThrow(/ENOSPC|disk is full/)
    expect(fs.readdirSync(small)).toEqual([])
  }, 120_000)

  it('a copy failed by its drill (the live log’s chain broken) is the day’s one try, not a new copy every pass', async () => {
    const dir = path.join(tmp, 'drill-fails')
    const live = new Database(dbPathOf(liveUrl))
    live
      .prepare(
        'UPDATE "RegistrationLogEntry" SET "applicantName" = \'Подменённое Имя\' ' +
          'WHERE "sequence" = (SELECT MIN("sequence") FROM "RegistrationLogEntry")',
      )
      .run()
    live.close()
    const day = new Date('2026-12-09T23:00:00Z')
    await expect(runNightlyBackup(day, { ...settings(dir), explicit: false })).rejects.toThrow('Ночная резервная копия не прошла проверку')
    for (const minutes of [1, 2, 90])
      expect(await runNightlyBackup(new Date(day.getTime() + minutes * 60_000), { ...settings(dir), explicit: false })).toEqual({
        made: null,
        removed: [],
      })
    expect(fs.readdirSync(dir)).toEqual(['failed-nightly-2026-12-09T23-00-00-000Z'])
    expect(nightlyCopies(dir)).toEqual([])
    // The next days try again; failed copies kept for inspection are the newest `keep` (2).
    for (const next of ['2026-12-10T23:00:00Z', '2026-12-11T23:00:00Z'])
      await expect(runNightlyBackup(new Date(next), { ...settings(dir), explicit: false })).rejects.toThrow('не прошла проверку')
    expect(fs.readdirSync(dir).sort()).toEqual(['failed-nightly-2026-12-10T23-00-00-000Z', 'failed-nightly-2026-12-11T23-00-00-000Z'])
  }, 180_000)
})
