// `npm run backup [-- --out DIR] [--tar]`: a consistent copy of the database and the stored files, taken while the
// server runs (docs/decisions/011-retention-and-backup.md).
// - the database through SQLite's online backup API (better-sqlite3 `backup()`): a snapshot of one moment, with
//   writers continuing meanwhile; checked with PRAGMA integrity_check;
// - the files under DATA_DIR (uploads, mail …) except database files and the backups themselves;
// - manifest.json last: SHA-256 of every file, the number of applications and the last registration-log row of
//   each school (an anchor for verifyChain after a restore). A folder without manifest.json is incomplete.
import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { PENDING_FOLDER } from '#app/import/pending.server'

export type ManifestFile = { path: string; size: number; sha256: string }
export type BackupManifest = {
  format: 1
  createdAt: string
  database: ManifestFile
  applications: number
  /** Rows per table at the moment of the copy (absent in backups made before `--verify` existed). */
  counts?: Record<string, number>
  anchors: Array<{ schoolId: string; sequence: number; hash: string }>
  files: ManifestFile[]
}

export const DB_FILE = 'app.db'
export const FILES_DIR = 'files'
/**
 * A database file, its SQLite companions, or a whole copy of it kept beside it by the start (before migrations, a
 * half-migrated one) or by a restore: never copied as a plain file (each would be the whole database again in every
 * nightly copy).
 */
export const DB_FILE_RE = /\.(db|sqlite3?)(-wal|-shm|-journal|\.before-migration|\.half-migrated|\.before-restore-[\w-]+)?$/i

/** 'file:./data/app.db' → absolute path. */
export function dbPathOf(databaseUrl: string): string {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl))
    throw new Error(
      'База данных — PostgreSQL: её копии делает pg_dump или PITR на сервере баз данных ' +
        '(README, «Муниципальное развёртывание»); эта команда копирует базу SQLite.',
    )
  if (!databaseUrl.startsWith('file:')) throw new Error(`DATABASE_URL должен начинаться с file: — получено «${databaseUrl}»`)
  return path.resolve(databaseUrl.slice('file:'.length).split('?')[0])
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex')
}

/** Every file below `dir`, depth first; `skip` leaves out a file or a whole folder. */
export function* walk(dir: string, skip: (full: string) => boolean): Generator<string> {
  if (!fs.existsSync(dir)) return
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (skip(full)) continue
    if (entry.isDirectory()) yield* walk(full, skip)
    else if (entry.isFile()) yield full
  }
}

/** fsync of every file and folder under `dir` (a folder's entries are on the disk once the folder is synced). */
function syncTree(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) syncTree(full)
    else if (entry.isFile()) fsyncPath(full)
  }
  fsyncPath(dir)
}

/** Puts a file's bytes, or a folder's entries, on the disk. */
export function fsyncPath(full: string): void {
  const fd = fs.openSync(full, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

export function readSummary(dbFile: string): Pick<BackupManifest, 'applications' | 'anchors' | 'counts'> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true })
  try {
    const applications = (db.prepare('SELECT COUNT(*) AS n FROM "Application"').get() as { n: number }).n
    const anchors = db
      .prepare(
        'SELECT "schoolId", "sequence", "hash" FROM "RegistrationLogEntry" e WHERE "sequence" = (SELECT ' +
          'MAX("sequence") FROM "RegistrationLogEntry" x WHERE x."schoolId" = e."schoolId")',
      )
      .all() as BackupManifest['anchors']
    const tables = db
      .prepare(
        `SELECT "name" FROM sqlite_master WHERE "type" = 'table' AND "name" NOT LIKE ` +
          `'sqlite_%' AND "name" NOT LIKE '_prisma%' ORDER BY "name"`,
      )
      .all() as Array<{ name: string }>
    const counts = Object.fromEntries(
      tables.map(({ name }) => [name, (db.prepare(`SELECT COUNT(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }).n]),
    )
    return { applications, anchors, counts }
  } finally {
    db.close()
  }
}

export async function backup(opts: {
  databaseUrl: string
  dataDir: string
  outDir: string
  now?: Date
  tar?: boolean
  prefix?: string
}): Promise<{ dir: string; manifest: BackupManifest; tarFile?: string }> {
  const dbPath = dbPathOf(opts.databaseUrl)
  const dataDir = path.resolve(opts.dataDir)
  const outDir = path.resolve(opts.outDir)
  if (!fs.existsSync(dbPath)) throw new Error(`Файл базы данных не найден: ${dbPath}`)
  const stamp = (opts.now ?? new Date()).toISOString().replace(/[:.]/g, '-')
  const dir = path.join(outDir, `${opts.prefix ?? 'backup'}-${stamp}`)
  // The copy holds every applicant's data and scans: readable by the server's user only, whatever the umask (a
  // BACKUP_DIR on a shared disk or another user's machine would otherwise show it to every local account).
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  fs.chmodSync(dir, 0o700)

  const source = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: 10_000 })
  try {
    await source.backup(path.join(dir, DB_FILE))
  } finally {
    source.close()
  }
  const copy = new Database(path.join(dir, DB_FILE), { readonly: true })
  const check = copy.pragma('integrity_check', { simple: true })
  copy.close()
  if (check !== 'ok') throw new Error(`Копия базы данных повреждена: ${String(check)}`)

  const files: ManifestFile[] = []
  const pending = path.join(dataDir, PENDING_FOLDER)
  const skip = (full: string) => full === outDir || full.startsWith(outDir + path.sep) || DB_FILE_RE.test(full) || full === pending
  for (const file of walk(dataDir, skip)) {
    const rel = path.relative(dataDir, file)
    const target = path.join(dir, FILES_DIR, rel)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    try {
      fs.copyFileSync(file, target)
    } catch (error) {
      // Removed since the folder was listed (a refused submission's scan, a mail store's .tmp renamed, the sweep): the
      // server runs on while the copy is made, and a file gone is not the copy's failure.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw error
    }
    files.push({ path: rel.split(path.sep).join('/'), size: fs.statSync(target).size, sha256: sha256File(target) })
  }

  const dbCopy = path.join(dir, DB_FILE)
  const manifest: BackupManifest = {
    format: 1,
    createdAt: (opts.now ?? new Date()).toISOString(),
    database: { path: DB_FILE, size: fs.statSync(dbCopy).size, sha256: sha256File(dbCopy) },
    ...readSummary(dbCopy),
    files,
  }
  // The database copy and every file on the disk before the manifest says they are whole: a power cut after it must not
  // leave a copy whose manifest checks out against a torn database (the nightly drill then names it checked).
  syncTree(dir)
  // On the disk before it is named: after a power cut the copy has a whole manifest or none (then it is incomplete).
  const fd = fs.openSync(path.join(dir, 'manifest.json.tmp'), 'w')
  try {
    fs.writeFileSync(fd, JSON.stringify(manifest, null, 2))
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(path.join(dir, 'manifest.json.tmp'), path.join(dir, 'manifest.json'))
  if (!opts.tar) return { dir, manifest }
  const tarFile = `${dir}.tar`
  // Made 0600 before tar writes into it (tar truncates it and keeps the mode): no other account can open it meanwhile.
  fs.closeSync(fs.openSync(tarFile, 'w', 0o600))
  fs.chmodSync(tarFile, 0o600)
  const tar = spawnSync('tar', ['-cf', tarFile, '-C', outDir, path.basename(dir)], { encoding: 'utf8' })
  if (tar.status !== 0) throw new Error(`tar: ${tar.stderr}`)
  fs.chmodSync(tarFile, 0o600)
  fs.rmSync(dir, { recursive: true })
  return { dir, manifest, tarFile }
}

export function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
