// `npm run restore -- <backup folder or .tar> [--force] [--database file:…] [--data-dir …]`
// Brings a backup made by scripts/backup.ts back: checks every SHA-256 of the manifest, refuses to overwrite a
// database that a running server holds open (unless --force), keeps the current database aside as
// <db>.before-restore-<time>, writes the backup through SQLite's backup API (never a raw file copy under an open
// connection), copies the stored files into DATA_DIR, then verifies the registration log against the anchors.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { verifyChain, type RegistrationLogRow } from '#workflows/registration-log'
import { DB_FILE, dbPathOf, FILES_DIR, readSummary, sha256File, type BackupManifest } from './backup.server'

export class RestoreError extends Error {}

/**
 * A server keeps the database open in WAL mode; WAL connections hold a shared lock on the file for as long as
 * they are open, so an exclusive lock cannot be taken while one exists (in this process or another).
 */
export function databaseInUse(dbFile: string): boolean {
  if (!fs.existsSync(dbFile)) return false
  const db = new Database(dbFile, { timeout: 0 })
  try {
    db.pragma('locking_mode = EXCLUSIVE')
    db.exec('BEGIN EXCLUSIVE; COMMIT')
    return false
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error && String(error.code).startsWith('SQLITE_BUSY')) return true
    throw error
  } finally {
    db.close()
  }
}

function unpack(source: string): { dir: string; cleanup: () => void } {
  if (!source.endsWith('.tar')) return { dir: source, cleanup: () => {} }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'restore-'))
  const tar = spawnSync('tar', ['-xf', source, '-C', tmp], { encoding: 'utf8' })
  if (tar.status !== 0) throw new RestoreError(`Не удалось распаковать ${source}: ${tar.stderr}`)
  const [inner] = fs.readdirSync(tmp)
  return { dir: path.join(tmp, inner), cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }) }
}

function readManifest(dir: string): BackupManifest {
  const file = path.join(dir, 'manifest.json')
  if (!fs.existsSync(file)) throw new RestoreError(`В ${dir} нет manifest.json: резервная копия неполная или это не она`)
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest
  const bad = [
    { ...manifest.database, full: path.join(dir, DB_FILE) },
    ...manifest.files.map((f) => ({ ...f, full: path.join(dir, FILES_DIR, f.path) })),
  ].filter((f) => !fs.existsSync(f.full) || sha256File(f.full) !== f.sha256)
  if (bad.length)
    throw new RestoreError(`Резервная копия повреждена — не совпадают контрольные суммы: ${bad.map((f) => f.path).join(', ')}`)
  return manifest
}

function verifyLogs(dbFile: string, anchors: BackupManifest['anchors']): string[] {
  const db = new Database(dbFile, { readonly: true })
  try {
    const problems: string[] = []
    for (const anchor of anchors) {
      const rows = (
        db.prepare('SELECT * FROM "RegistrationLogEntry" WHERE "schoolId" = ? ORDER BY "sequence"').all(anchor.schoolId) as Array<
          Record<string, unknown>
        >
      ).map((r) => ({ ...r, kinds: JSON.parse(String(r.kinds)) }) as unknown as RegistrationLogRow)
      const check = verifyChain(rows, { anchor })
      if (!check.ok) problems.push(check.messageRu)
    }
    return problems
  } finally {
    db.close()
  }
}

/**
 * Run as root (`sudo npm run restore`), the restore wrote the database and made folders and files owned by root, and the
 * server (another user) then failed every write to them — /healthz said so, but nothing gave them back. What the
 * restore wrote is handed to the owner of the folder it lies in (the data folder, the database's folder), as it was
 * before; null when nothing was handed over (not root, or the folder belongs to root too).
 */
function handBack(paths: string[], ownerOf: string): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null
  const { uid, gid } = fs.statSync(ownerOf)
  if (uid === 0) return null
  // lchown: a link is handed over itself, never the file it points to (restore clears links on its way, below).
  for (const p of paths) if (fs.existsSync(p)) fs.lchownSync(p, uid, gid)
  return { uid, gid }
}

/**
 * Run as root, a restore must not write through a symbolic link that the server's user left in the data folder
 * («uploads/2026-11/x.pdf → /etc/sudoers», or a month's folder → /etc): it would overwrite the file it points to and
 * then hand it to that user. Links between the data folder and `file` are removed (the restore puts real folders and
 * files there), and so is whatever stands at `file`.
 */
function clearLinks(root: string, file: string): void {
  for (const p of withFolders(root, file).reverse()) {
    const stat = fs.lstatSync(p, { throwIfNoEntry: false })
    if (!stat) return
    if (stat.isSymbolicLink() || (p === file && !stat.isDirectory())) fs.unlinkSync(p)
  }
}

/** `file` and every folder between `root` and it. */
function withFolders(root: string, file: string): string[] {
  const paths = [file]
  for (let dir = path.dirname(file); dir.startsWith(root + path.sep); dir = path.dirname(dir)) paths.push(dir)
  return paths
}

export type RestoreResult = {
  applications: number
  files: number
  previous: string | null
  logProblems: string[]
  /** Root ran the restore: what it wrote was given to the data folder's owner (uid:gid). */
  owner: { uid: number; gid: number } | null
}

export async function restore(opts: {
  source: string
  databaseUrl: string
  dataDir: string
  force?: boolean
  now?: Date
}): Promise<RestoreResult> {
  const target = dbPathOf(opts.databaseUrl)
  const { dir, cleanup } = unpack(path.resolve(opts.source))
  try {
    const manifest = readManifest(dir)
    if (!opts.force && databaseInUse(target)) {
      throw new RestoreError(
        `База данных ${target} открыта запущенным сервером. Остановите сервер и повторите; перезаписать её на ходу можно только с --force.`,
      )
    }
    let previous: string | null = null
    if (fs.existsSync(target)) {
      previous = `${target}.before-restore-${(opts.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`
      const current = new Database(target, { readonly: true })
      await current.backup(previous).finally(() => current.close())
    }
    fs.mkdirSync(path.dirname(target), { recursive: true })
    const source = new Database(path.join(dir, DB_FILE), { readonly: true })
    await source.backup(target).finally(() => source.close())

    const dataDir = path.resolve(opts.dataDir)
    fs.mkdirSync(dataDir, { recursive: true })
    const written: string[] = []
    for (const f of manifest.files) {
      const to = path.resolve(dataDir, f.path)
      if (!to.startsWith(dataDir + path.sep)) throw new RestoreError(`Недопустимый путь в резервной копии: ${f.path}`)
      clearLinks(dataDir, to)
      fs.mkdirSync(path.dirname(to), { recursive: true })
      // EXCL: a link put in its place since is not written through.
      fs.copyFileSync(path.join(dir, FILES_DIR, f.path), to, fs.constants.COPYFILE_EXCL)
      written.push(...withFolders(dataDir, to))
    }
    const { applications } = readSummary(target)
    const logProblems = verifyLogs(target, manifest.anchors)
    // After the last read: SQLite's companions (-wal, -shm) of the database exist by now.
    const database = [target, `${target}-wal`, `${target}-shm`, `${target}-journal`, ...(previous ? [previous] : [])]
    handBack(database, path.dirname(target))
    const owner = handBack([...new Set(written)], dataDir)
    return { applications, files: manifest.files.length, previous, logProblems, owner }
  } finally {
    cleanup()
  }
}

const DRILL_PREFIX = 'restore-drill-'

/**
 * A drill's folder holds a whole restored copy — every applicant's data and scans. A drill killed (kill -9, out of
 * memory, a power cut without a /tmp on tmpfs) left it in the temporary folder for good; the next drill removes the
 * folders of drills whose process is gone (the process id is in the name).
 */
function removeDeadDrills(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const pid = Number(/^restore-drill-(\d+)-/.exec(name)?.[1])
    if (pid && pid !== process.pid && !processAlive(pid)) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true })
  }
}

/** Whether a process runs: a zombie (killed, not yet reaped — a container's init often never reaps) does not. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH'
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true // not Linux: kill(0) answered
  }
}

/**
 * The restore drill (`npm run backup -- --verify`, and the nightly backup after each copy): restores the backup
 * into a temporary folder, as a disaster would, and checks what came back — the SHA-256 of the database and of every
 * file against the manifest, SQLite's integrity check, the number of rows of every table, and the registration
 * log's hash chain up to the anchors. The live database and DATA_DIR are not touched.
 */
export async function verifyBackup(source: string): Promise<{ ok: boolean; problems: string[]; applications: number; files: number }> {
  removeDeadDrills()
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `${DRILL_PREFIX}${process.pid}-`))
  const problems: string[] = []
  try {
    const dbFile = path.join(tmp, DB_FILE)
    const dataDir = path.join(tmp, 'data')
    let result: RestoreResult
    try {
      result = await restore({ source, databaseUrl: `file:${dbFile}`, dataDir })
    } catch (error) {
      return { ok: false, problems: [error instanceof Error ? error.message : String(error)], applications: 0, files: 0 }
    }
    problems.push(...result.logProblems)
    const conn = new Database(dbFile, { readonly: true })
    const integrity = conn.pragma('integrity_check', { simple: true })
    conn.close()
    if (integrity !== 'ok') problems.push(`Восстановленная база данных повреждена: ${String(integrity)}`)
    const { dir, cleanup } = unpack(path.resolve(source))
    const manifest = (() => {
      try {
        return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as BackupManifest
      } finally {
        cleanup()
      }
    })()
    const summary = readSummary(dbFile)
    if (summary.applications !== manifest.applications)
      problems.push(`Заявлений в восстановленной базе ${summary.applications}, в описи копии ${manifest.applications}.`)
    for (const [table, expected] of Object.entries(manifest.counts ?? {})) {
      const actual = summary.counts?.[table]
      if (actual !== expected)
        problems.push(`Таблица ${table}: строк в восстановленной базе ${actual ?? 'нет'}, в описи копии ${expected}.`)
    }
    for (const f of manifest.files) {
      const restored = path.join(dataDir, f.path)
      if (!fs.existsSync(restored)) problems.push(`Файл ${f.path} не восстановлен.`)
      else if (sha256File(restored) !== f.sha256) problems.push(`Файл ${f.path} восстановлен с другой контрольной суммой.`)
    }
    return { ok: problems.length === 0, problems, applications: summary.applications, files: manifest.files.length }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}
