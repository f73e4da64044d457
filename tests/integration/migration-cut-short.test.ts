// A migration cut short at start (kill -9, a power cut, a supervisor's start timeout while a big database migrates):
// Prisma applies a SQLite migration without a transaction, so the file stayed half-migrated with the migration's row
// unfinished, and every later start stopped at Prisma's English P3009. Real migrations, a real `prisma migrate deploy`.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { DB_FILE_RE } from '#app/backup/backup.server'
import { beforeMigrationCopy, guardSqliteMigrations, migrationsDone } from '../../scripts/db/sqlite-migration-guard'

const root = path.resolve(__dirname, '..', '..')
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'migration-cut-'))
const migrations = path.join(project, 'prisma', 'migrations')
const dbFile = path.join(project, 'app.db')
const all = fs
  .readdirSync(path.join(root, 'prisma', 'migrations'))
  .filter((n) => /^\d{14}_/.test(n))
  .sort()
const last = all.at(-1)!

/** `prisma migrate deploy` of this project's migrations on its database. */
function deploy() {
  return spawnSync(path.join(root, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: `file:${dbFile}` },
  })
}
const addMigration = (name: string) =>
  fs.cpSync(path.join(root, 'prisma', 'migrations', name), path.join(migrations, name), { recursive: true })

beforeAll(() => {
  // The database of the previous release: every migration but the last.
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(project, 'node_modules'))
  fs.copyFileSync(path.join(root, 'prisma.config.ts'), path.join(project, 'prisma.config.ts'))
  fs.copyFileSync(path.join(root, 'package.json'), path.join(project, 'package.json'))
  fs.mkdirSync(migrations, { recursive: true })
  fs.copyFileSync(path.join(root, 'prisma', 'schema.prisma'), path.join(project, 'prisma', 'schema.prisma'))
  for (const name of all.slice(0, -1)) addMigration(name)
  expect(deploy().status).toBe(0)
}, 120_000)
afterAll(() => fs.rmSync(project, { recursive: true, force: true }))

it('a start after a migration cut short puts back the copy made before it, keeps the half-migrated file aside, and migrates', async () => {
  addMigration(last)
  vi.spyOn(console, 'log').mockImplementation(() => {})
  expect(await guardSqliteMigrations(dbFile, migrations)).toEqual({ restored: null, copied: true })
  expect(fs.existsSync(beforeMigrationCopy(dbFile))).toBe(true)
  // What a kill during `prisma migrate deploy` leaves (seen with a failing statement): the migration's row started and
  // unfinished, its first statements applied.
  const half = new Database(dbFile)
  half.exec(fs.readFileSync(path.join(migrations, last, 'migration.sql'), 'utf8'))
  half
    .prepare(`INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('cut', 'x', ?, ?, 0)`)
    .run(last, Date.now())
  half.close()
  const stuck = deploy()
  expect(stuck.status).not.toBe(0)
  expect(stuck.stdout + stuck.stderr).toContain('P3009')

  const said = vi.spyOn(console, 'log').mockImplementation(() => {})
  expect(await guardSqliteMigrations(dbFile, migrations)).toEqual({ restored: last, copied: true })
  expect(said.mock.calls.flat().join(' ')).toContain(`Прошлое обновление базы данных было прервано на миграции ${last}`)
  expect(fs.existsSync(`${dbFile}.half-migrated`)).toBe(true)
  // Kept beside the database in DATA_DIR, it is the whole database again: not copied as a plain file by the backups.
  expect(
    [`${dbFile}.half-migrated`, beforeMigrationCopy(dbFile), `${dbFile}.before-restore-2026-12-07T08-00-00-000Z`].filter((f) =>
      DB_FILE_RE.test(f),
    ),
  ).toHaveLength(3)
  const again = deploy()
  expect(again.status, again.stdout + again.stderr).toBe(0)
  migrationsDone(dbFile)
  expect(fs.existsSync(beforeMigrationCopy(dbFile))).toBe(false)
  const db = new Database(dbFile, { readonly: true })
  expect(db.prepare('SELECT COUNT(*) AS n FROM _prisma_migrations WHERE finished_at IS NULL').get()).toEqual({ n: 0 })
  db.close()
  // Up to date: the next start copies nothing.
  expect(await guardSqliteMigrations(dbFile, migrations)).toEqual({ restored: null, copied: false })
}, 180_000)

it('half-migrated with no copy to put back: a Russian paragraph that names the migration and the way back', async () => {
  const db = new Database(dbFile)
  db.prepare(
    `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('cut2', 'x', 'z_next', ?, 0)`,
  ).run(Date.now())
  db.close()
  await expect(guardSqliteMigrations(dbFile, migrations)).rejects.toThrow(
    /^Обновление базы данных было прервано: миграция z_next начата и не закончена.*npm run restore -- <папка копии>/,
  )
})

it('no room for the copy before migrations: a Russian warning, no half copy left, and the migrations go ahead', async () => {
  const small = fs.mkdtempSync(path.join(os.tmpdir(), 'migration-small-'))
  const size = fs.statSync(dbFile).size
  // A disk that holds the database and not a second one (a real tmpfs; the tests run as root where mounting is allowed).
  const kb = Math.ceil((size * 1.3) / 1024)
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kb}k`, 'tmpfs', small]).status !== 0) return
  try {
    const file = path.join(small, 'app.db')
    fs.copyFileSync(dbFile, file)
    const db = new Database(file)
    db.prepare('DELETE FROM _prisma_migrations WHERE migration_name = ? OR finished_at IS NULL').run(last) // the last one pending again
    db.close()
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(await guardSqliteMigrations(file, migrations)).toEqual({ restored: null, copied: false })
    expect(warned.mock.calls.flat().join(' ')).toMatch(/Копия базы данных перед обновлением не сделана.*мало места/)
    warned.mockRestore()
    expect(fs.existsSync(beforeMigrationCopy(file))).toBe(false)
  } finally {
    spawnSync('umount', [small])
    fs.rmSync(small, { recursive: true, force: true })
  }
})
