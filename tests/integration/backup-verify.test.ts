// The restore drill and the nightly backup (issue 18.8, ADR 025): a backup is proven by restoring it into a
// temporary folder — counts, the registration log's hash chain and every file's SHA-256 — and the worker keeps the
// newest BACKUP_KEEP nightly copies.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dbReady } from '#app/utils/db.server'
import { backup, DB_FILE, sha256File, type BackupManifest } from '#app/backup/backup.server'
import { verifyBackup } from '#app/backup/restore.server'
import { nightlyCopies, runNightlyBackup } from '#app/jobs/nightly-backup.server'
import { TASKS } from '#app/jobs/index.server'
import { build } from './control-helpers'

const root = path.resolve(__dirname, '..', '..')
const tmp = path.join(root, 'tests', '.tmp', `backup-verify-${process.pid}`)
const dataDir = path.join(tmp, 'data')
const liveUrl = process.env.DATABASE_URL as string

function rewriteManifest(dir: string, change: (m: BackupManifest) => void) {
  const file = path.join(dir, 'manifest.json')
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest
  change(manifest)
  fs.writeFileSync(file, JSON.stringify(manifest))
}

beforeAll(async () => {
  await dbReady()
  // Registered applications: rows of the registration log with their hash chain.
  for (const cls of ['5А', '6А'])
    await build({ channel: 'post', className: cls, receivedAt: '2026-11-02T09:00', register: { at: '2026-11-02T10:00' } })
  fs.rmSync(tmp, { recursive: true, force: true })
  fs.mkdirSync(path.join(dataDir, 'uploads', '2026-11'), { recursive: true })
  fs.writeFileSync(path.join(dataDir, 'uploads', '2026-11', 'upl_a.pdf'), '%PDF-1.4 скан заявления')
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

describe('npm run backup -- --verify', () => {
  it('makes a copy, restores it into a temporary folder and finds everything', () => {
    const run = spawnSync(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      ['scripts/backup.ts', '--verify', '--out', path.join(tmp, 'cli')],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: liveUrl, DATA_DIR: dataDir },
        timeout: 170_000,
      },
    )
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain('Проверка пройдена: восстановлено заявлений')
  }, 180_000)

  it('finds a changed file, a broken hash chain and a missing row', async () => {
    const { dir, manifest } = await backup({ databaseUrl: liveUrl, dataDir, outDir: path.join(tmp, 'copies') })
    expect(manifest.counts?.RegistrationLogEntry).toBeGreaterThan(0)
    expect(await verifyBackup(dir)).toMatchObject({ ok: true, problems: [] })

    // A stored file changed after the copy.
    fs.writeFileSync(path.join(dir, 'files', 'uploads', '2026-11', 'upl_a.pdf'), 'подмена')
    const changed = await verifyBackup(dir)
    expect(changed.ok).toBe(false)
    expect(changed.problems.join()).toContain('uploads/2026-11/upl_a.pdf')
    rewriteManifest(dir, (m) => {
      m.files[0].sha256 = sha256File(path.join(dir, 'files', m.files[0].path))
    })

    // A registration-log row edited inside the copy (its file's checksum updated to match, as a forger would).
    const conn = new Database(path.join(dir, DB_FILE))
    conn
      .prepare(
        'UPDATE "RegistrationLogEntry" SET "applicantName" = \'Подменённое Имя\' WHERE ' +
          '"sequence" = (SELECT MIN("sequence") FROM "RegistrationLogEntry")',
      )
      .run()
    conn.prepare('DELETE FROM "Setting" WHERE rowid = (SELECT MIN(rowid) FROM "Setting")').run()
    conn.close()
    rewriteManifest(dir, (m) => {
      m.database.sha256 = sha256File(path.join(dir, DB_FILE))
    })
    const forged = await verifyBackup(dir)
    expect(forged.ok).toBe(false)
    expect(forged.problems.some((p) => /журнал|цепоч|хеш|запис/i.test(p))).toBe(true)
    expect(forged.problems).toContainEqual(expect.stringMatching(/^Таблица Setting: строк в восстановленной базе \d+, в описи копии \d+\./))
  }, 120_000)
})

describe('the nightly backup task', () => {
  const settings = (dir: string, keep = 2) => ({
    enabled: true,
    databaseUrl: liveUrl,
    dataDir,
    dir,
    hour: 2,
    keep,
    timeZone: 'Europe/Saratov',
  })

  it('is one of the worker tasks (ADR 018)', () => {
    expect(TASKS.map((t) => t.name)).toContain('nightly-backup')
  })

  it('runs once a day after the hour, checks the copy, and keeps the newest copies', async () => {
    const dir = path.join(tmp, 'nightly')
    // 01:30 in Saratov (UTC+4): before the hour, nothing.
    expect((await runNightlyBackup(new Date('2026-12-01T21:30:00Z'), settings(dir))).made).toBeNull()
    const days = ['2026-12-01T23:00:00Z', '2026-12-02T23:00:00Z', '2026-12-03T23:00:00Z']
    for (const day of days) expect((await runNightlyBackup(new Date(day), settings(dir))).made).toMatch(/nightly-/)
    // The same local day again: nothing new.
    expect((await runNightlyBackup(new Date('2026-12-04T10:00:00Z'), settings(dir))).made).toBeNull()
    const kept = nightlyCopies(dir)
    expect(kept.map((c) => c.createdAt.toISOString())).toEqual(['2026-12-03T23:00:00.000Z', '2026-12-02T23:00:00.000Z'])
    // A copy made by hand is never rotated away.
    await backup({ databaseUrl: liveUrl, dataDir, outDir: dir, now: new Date('2026-11-01T00:00:00Z') })
    await runNightlyBackup(new Date('2026-12-04T23:00:00Z'), settings(dir))
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('backup-'))).toHaveLength(1)
    expect(nightlyCopies(dir)).toHaveLength(2)
    expect(await runNightlyBackup(new Date('2026-12-05T23:00:00Z'), { ...settings(dir), enabled: false })).toEqual({
      made: null,
      removed: [],
    })
  }, 240_000)

  it('is off on PostgreSQL, and the backup command says the city backs that database up with pg_dump or PITR', async () => {
    const dir = path.join(tmp, 'nightly-pg')
    const pg = { ...settings(dir), databaseUrl: 'postgresql://spravka:x@db.city.local:5432/spravka' }
    expect(await runNightlyBackup(new Date('2026-12-06T23:00:00Z'), pg)).toEqual({ made: null, removed: [] })
    expect(fs.existsSync(dir)).toBe(false)
    await expect(backup({ databaseUrl: pg.databaseUrl, dataDir, outDir: dir })).rejects.toThrow(
      /PostgreSQL: её копии делает pg_dump или PITR/,
    )
  })
})
