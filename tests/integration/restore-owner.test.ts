// `sudo npm run restore` (ADR 011): run as root, the restore left the database and the folders and files it made
// owned by root, and the server — another user — then failed every write to them (/healthz only said so). The restore
// now hands what it wrote to the owner of the data folder. A real command, real files, a real other user (uid 1000).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { dbReady } from '#app/utils/db.server'
import { backup } from '#app/backup/backup.server'
import { build } from './control-helpers'

const root = path.resolve(__dirname, '..', '..')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'restore-owner-'))
const school = path.join(tmp, 'school') // the server's DATA_DIR, with the database in it, owned by the server's user
const APP_UID = 1000
let copy: string

/** Every path below `dir` (and `dir`) whose owner is not `uid`. */
function notOwnedBy(dir: string, uid: number): string[] {
  const wrong = fs.statSync(dir).uid === uid ? [] : [dir]
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) wrong.push(...notOwnedBy(full, uid))
    else if (fs.statSync(full).uid !== uid) wrong.push(full)
  }
  return wrong
}

beforeAll(async () => {
  await dbReady()
  await build({ channel: 'post', className: '5А', receivedAt: '2026-11-02T09:00', register: { at: '2026-11-02T10:00' } })
  const source = path.join(tmp, 'source-data')
  fs.mkdirSync(path.join(source, 'uploads', '2026-11'), { recursive: true })
  fs.writeFileSync(path.join(source, 'uploads', '2026-11', 'upl_a.pdf'), '%PDF-1.4 скан')
  fs.mkdirSync(path.join(source, 'mail', '2026', '11'), { recursive: true })
  fs.writeFileSync(path.join(source, 'mail', '2026', '11', '1.eml'), 'Subject: заявление\r\n\r\nтекст')
  copy = (await backup({ databaseUrl: process.env.DATABASE_URL as string, dataDir: source, outDir: path.join(tmp, 'copies') })).dir
  // The school's server after a disk loss: its (empty) data folder, owned by its user.
  fs.chmodSync(tmp, 0o755)
  fs.mkdirSync(school)
  fs.chownSync(school, APP_UID, APP_UID)
}, 120_000)
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

it.runIf(process.getuid?.() === 0)(
  'run as root, hands the database, the folders and the files it wrote to the data folder’s owner, who can write them',
  () => {
    const dbFile = path.join(school, 'app.db')
    const run = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/restore.ts', copy], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: `file:${dbFile}`, DATA_DIR: school },
    })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain(`переданы владельцу папки данных (uid ${APP_UID}, gid ${APP_UID})`)
    expect(fs.existsSync(path.join(school, 'uploads', '2026-11', 'upl_a.pdf'))).toBe(true)
    expect(notOwnedBy(school, APP_UID)).toEqual([])
    // As the server's user: a new scan in the restored month's folder, a new letter, and a write to the database.
    const asServer = spawnSync(
      'setpriv',
      [
        `--reuid=${APP_UID}`,
        `--regid=${APP_UID}`,
        '--clear-groups',
        process.execPath,
        '-e',
        [
          `const fs = require('fs'); const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))})`,
          `fs.writeFileSync(${JSON.stringify(path.join(school, 'uploads', '2026-11', 'upl_b.pdf'))}, 'x')`,
          `fs.writeFileSync(${JSON.stringify(path.join(school, 'mail', '2026', '11', '2.eml'))}, 'x')`,
          `const db = new Database(${JSON.stringify(dbFile)}); db.pragma('journal_mode = WAL')`,
          `db.prepare('UPDATE "Setting" SET "value" = "value" WHERE rowid = (SELECT MIN(rowid) FROM "Setting")').run(); db.close()`,
          `console.log('записано')`,
        ].join('\n'),
      ],
      { encoding: 'utf8' },
    )
    expect(asServer.stderr).toBe('')
    expect(asServer.stdout.trim()).toBe('записано')
  },
  120_000,
)

it.runIf(process.getuid?.() === 0)(
  'run as root, writes through no link the server’s user left in the data folder, and hands no outside file over',
  () => {
    // A compromised server account prepares the data folder: a scan's place links to a root file, a month's folder to
    // a root folder. Restore must neither overwrite those nor give them to the account.
    const victim = path.join(tmp, 'victim.txt')
    const victimDir = path.join(tmp, 'victim-dir')
    fs.writeFileSync(victim, 'root only')
    fs.mkdirSync(victimDir)
    const linked = path.join(tmp, 'linked')
    fs.mkdirSync(path.join(linked, 'uploads', '2026-11'), { recursive: true })
    fs.symlinkSync(victim, path.join(linked, 'uploads', '2026-11', 'upl_a.pdf'))
    fs.mkdirSync(path.join(linked, 'mail'))
    fs.symlinkSync(victimDir, path.join(linked, 'mail', '2026'))
    fs.chownSync(linked, APP_UID, APP_UID)
    const run = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/restore.ts', copy], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: `file:${path.join(linked, 'app.db')}`, DATA_DIR: linked },
    })
    expect(run.status, run.stderr).toBe(0)
    expect(fs.readFileSync(victim, 'utf8')).toBe('root only')
    expect(fs.statSync(victim).uid).toBe(0)
    expect(fs.readdirSync(victimDir)).toEqual([])
    expect(fs.statSync(victimDir).uid).toBe(0)
    const scan = path.join(linked, 'uploads', '2026-11', 'upl_a.pdf')
    expect(fs.lstatSync(scan).isFile()).toBe(true)
    expect(fs.readFileSync(scan, 'utf8')).toBe('%PDF-1.4 скан')
    expect(fs.lstatSync(path.join(linked, 'mail', '2026')).isDirectory()).toBe(true)
    expect(fs.statSync(scan).uid).toBe(APP_UID)
  },
  120_000,
)
