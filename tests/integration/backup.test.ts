import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { db, dbReady } from '#app/utils/db.server'
import { backup, dbPathOf, type BackupManifest } from '../../scripts/backup'
import { databaseInUse, restore } from '../../scripts/restore'
import { build } from './control-helpers'

const root = path.resolve(__dirname, '..', '..')
const tmp = path.join(root, 'tests', '.tmp', `backup-${process.pid}`)
const dataDir = path.join(tmp, 'data')
const outDir = path.join(tmp, 'backups')
const liveUrl = process.env.DATABASE_URL as string
const files = { 'uploads/2026-11/upl_a.pdf': '%PDF-1.4 скан заявления', 'mail/inbound/1.eml': 'Subject: заявление\r\n\r\nтекст' }

function cli(script: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join('scripts', script), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: liveUrl, DATA_DIR: dataDir, ...env },
  })
}

const ids = (file: string) => {
  const conn = new Database(file, { readonly: true })
  try {
    return (conn.prepare('SELECT "id" FROM "Application" ORDER BY "id"').all() as Array<{ id: string }>).map((r) => r.id)
  } finally {
    conn.close()
  }
}

beforeAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true })
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dataDir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dataDir, rel), text)
  }
  fs.writeFileSync(path.join(dataDir, 'other.db'), 'not copied')
  // As the running server does: WAL journal, connection kept open. The newest writes then sit in the -wal file.
  await dbReady()
  for (const cls of ['5А', '6А', '7А'])
    await build({ channel: 'post', className: cls, receivedAt: '2026-11-02T09:00', register: { at: '2026-11-02T10:00' } })
  await build({ channel: 'email', receivedAt: '2026-11-03T09:00' })
})

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

describe('backup → restore', () => {
  let dir: string

  it('copies the open database and the stored files while the app runs', () => {
    expect(fs.existsSync(`${dbPathOf(liveUrl)}-wal`)).toBe(true)
    const run = cli('backup.ts', ['--out', outDir])
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    dir = path.join(outDir, fs.readdirSync(outDir)[0])
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as BackupManifest
    expect(manifest.applications).toBe(4)
    expect(manifest.files.map((f) => f.path).sort()).toEqual(Object.keys(files).sort())
    expect(manifest.anchors).toEqual([expect.objectContaining({ sequence: 3 })])
    expect(run.stdout).toContain('Заявлений: 4; файлов: 2')
  })

  it('restores into a new place and finds every application, file and an intact log', async () => {
    const target = path.join(tmp, 'restored', 'app.db')
    const run = cli('restore.ts', [dir, '--database', `file:${target}`, '--data-dir', path.join(tmp, 'restored', 'data')])
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('Журнал регистрации заявлений цел.')
    const live = (await db.application.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((a) => a.id)
    expect(ids(target)).toEqual(live)
    for (const [rel, text] of Object.entries(files)) expect(fs.readFileSync(path.join(tmp, 'restored', 'data', rel), 'utf8')).toBe(text)
  })

  it('refuses to overwrite the database of a running server without --force', () => {
    expect(databaseInUse(dbPathOf(liveUrl))).toBe(true)
    const run = cli('restore.ts', [dir])
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/открыта запущенным сервером.*--force/)
  })

  it('with --force writes through SQLite, keeps the old database aside, and the open connection sees the backup', async () => {
    const target = path.join(tmp, 'busy.db')
    fs.copyFileSync(path.join(dir, 'app.db'), target)
    const holder = new Database(target)
    holder.pragma('journal_mode = WAL')
    holder.prepare('DELETE FROM "Application" WHERE "registrationNumber" IS NULL').run()
    expect(databaseInUse(target)).toBe(true)
    const result = await restore({ source: dir, databaseUrl: `file:${target}`, dataDir: path.join(tmp, 'busy-data'), force: true })
    expect(result).toMatchObject({ applications: 4, files: 2, logProblems: [] })
    expect(ids(result.previous!)).toHaveLength(3)
    expect((holder.prepare('SELECT COUNT(*) AS n FROM "Application"').get() as { n: number }).n).toBe(4)
    holder.close()
  })

  it('round-trips through a .tar and refuses a damaged copy', async () => {
    const packed = await backup({ databaseUrl: liveUrl, dataDir, outDir: path.join(tmp, 'tar'), tar: true })
    const target = path.join(tmp, 'from-tar.db')
    expect(await restore({ source: packed.tarFile!, databaseUrl: `file:${target}`, dataDir: path.join(tmp, 'tar-data') })).toMatchObject({
      applications: 4,
      logProblems: [],
    })
    fs.appendFileSync(path.join(dir, 'files', 'mail', 'inbound', '1.eml'), 'подмена')
    await expect(restore({ source: dir, databaseUrl: `file:${path.join(tmp, 'x.db')}`, dataDir: path.join(tmp, 'x') })).rejects.toThrow(
      /контрольные суммы: mail\/inbound\/1\.eml/,
    )
  })
})

describe('a copy on the disk before its manifest', () => {
  it('fsyncs the database copy, every file and folder before the manifest is named', async () => {
    const opened = new Map<number, string>()
    const synced = new Set<string>()
    let atManifest: string[] = []
    const open = fs.openSync.bind(fs)
    vi.spyOn(fs, 'openSync').mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
      const fd = (open as (...a: unknown[]) => number)(file, ...rest)
      opened.set(fd, path.resolve(String(file)))
      return fd
    }) as typeof fs.openSync)
    const fsync = fs.fsyncSync.bind(fs)
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd: number) => {
      synced.add(opened.get(fd) ?? '')
      fsync(fd)
    })
    const rename = fs.renameSync.bind(fs)
    vi.spyOn(fs, 'renameSync').mockImplementation((from: fs.PathLike, to: fs.PathLike) => {
      if (String(to).endsWith('manifest.json')) atManifest = [...synced]
      rename(from, to)
    })
    try {
      const made = await backup({ databaseUrl: liveUrl, dataDir, outDir: path.join(tmp, 'synced') })
      const expected = [
        path.join(made.dir, 'app.db'),
        ...Object.keys(files).map((rel) => path.join(made.dir, 'files', rel)),
        path.join(made.dir, 'files', 'uploads', '2026-11'),
        path.join(made.dir, 'files'),
        made.dir,
      ]
      expect(atManifest).toEqual(expect.arrayContaining(expected))
    } finally {
      vi.restoreAllMocks()
    }
  })
})
