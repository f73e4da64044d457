// `npm start` on a damaged SQLite file (pages overwritten, a torn copy): the migrator failed with a Rust backtrace
// («External error id#0»). After a failed migration the file is checked and the reason said in Russian; the file
// is only read.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, expect, it } from 'vitest'
import { sqliteDamageProblem } from '#app/utils/startup-checks.server'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'damaged-db-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex')

function database(name: string): string {
  const file = path.join(tmp, name)
  const conn = new Database(file)
  conn.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t_v ON t (v)')
  const insert = conn.prepare('INSERT INTO t (v) VALUES (?)')
  // One transaction: 2 000 separate commits are 2 000 fsyncs, which took over 30 s on a busy CI disk.
  conn.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(`строка ${i} `.repeat(10))
  })()
  conn.close()
  return file
}

it('a whole database is no problem', () => {
  expect(sqliteDamageProblem(database('whole.db'))).toBeNull()
})

it('overwritten pages are said in Russian with the way back (restore from a copy), and the file is left as it was', () => {
  const file = database('damaged.db')
  const fd = fs.openSync(file, 'r+')
  fs.writeSync(fd, Buffer.alloc(40_000, 0x5a), 0, 40_000, 4096)
  fs.closeSync(fd)
  const before = sha(file)
  const problem = sqliteDamageProblem(file)
  expect(problem).toMatch(new RegExp(`^Файл базы данных ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} повреждён \\(`))
  expect(problem).toContain('Сервер его не изменял')
  expect(problem).toContain('npm run restore -- <папка копии>')
  expect(sha(file)).toBe(before)
})
