// Prepared statements kept per SQLite connection (ADR 084): the product's client compiles each statement once, a kept
// statement runs with each call's own arguments, refused statements and constraint failures read as before, and a
// transaction rolled back leaves nothing behind.
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { Prisma } from '#app/generated/prisma/client'
import { db } from '#app/utils/db.server'
import { keepStatements, statementStats } from '#app/utils/sqlite-statements.server'

const raw = new Database(':memory:')
afterAll(() => raw.close())

describe('a connection keeps its statements', () => {
  it('compiles a statement once and runs it with each call’s arguments', () => {
    raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)')
    let compiled = 0
    const prepare = raw.prepare.bind(raw)
    raw.prepare = ((sql: string) => (compiled++, prepare(sql))) as typeof raw.prepare
    keepStatements(raw, 2)
    // As the adapter calls it: prepare(sql).bind(args), then run() or columns() and raw().all().
    const insert = (id: number, name: string) => raw.prepare('INSERT INTO t (id, name) VALUES (?, ?)').bind([id, name]).run()
    insert(1, 'Иванов')
    insert(2, 'Петрова')
    expect(compiled).toBe(1)
    const select = (id: number) => {
      const stmt = raw.prepare('SELECT id, name FROM t WHERE id = ?').bind([id])
      return { columns: stmt.columns().map((c) => c.name), rows: stmt.raw().all() }
    }
    expect(select(1)).toEqual({ columns: ['id', 'name'], rows: [[1, 'Иванов']] })
    expect(select(2)).toEqual({ columns: ['id', 'name'], rows: [[2, 'Петрова']] })
    expect(compiled).toBe(2)
    // Beyond the two kept, the least recently used goes: the insert is compiled again, the select is not.
    raw.prepare('SELECT count(*) FROM t').bind([]).raw().all()
    select(1)
    insert(3, 'Сидоров')
    expect(compiled).toBe(4)
    // A statement SQLite refuses throws as before and is not kept.
    expect(() => raw.prepare('SELEC 1')).toThrow(/syntax error/)
    expect(() => raw.prepare('SELEC 1')).toThrow(/syntax error/)
    expect(compiled).toBe(6)
  })
})

describe('a kept statement keeps its columns (ADR 117)', () => {
  it('reads them once, and again after the schema changed', () => {
    const conn = new Database(':memory:')
    try {
      conn.exec('CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT)')
      keepStatements(conn)
      const read = (sql: string) => {
        const stmt = conn.prepare(sql).bind([])
        return { columns: stmt.columns().map((c) => `${c.name}:${c.type}`), rows: stmt.raw().all() }
      }
      const before = statementStats.columnsRead
      expect(read('SELECT * FROM p')).toEqual({ columns: ['id:INTEGER', 'name:TEXT'], rows: [] })
      for (let i = 0; i < 3; i++) read('SELECT * FROM p')
      expect(statementStats.columnsRead - before).toBe(1)
      // A column added through a prepared statement, then through exec: the same SQL's columns are read anew each time.
      conn.prepare('ALTER TABLE p ADD COLUMN born TEXT').bind([]).run()
      conn.prepare('INSERT INTO p (id, name, born) VALUES (1, ?, ?)').bind(['Иванов', '2015-03-01']).run()
      expect(read('SELECT * FROM p')).toEqual({ columns: ['id:INTEGER', 'name:TEXT', 'born:TEXT'], rows: [[1, 'Иванов', '2015-03-01']] })
      conn.exec('ALTER TABLE p ADD COLUMN class INTEGER')
      expect(read('SELECT * FROM p').columns).toEqual(['id:INTEGER', 'name:TEXT', 'born:TEXT', 'class:INTEGER'])
      expect(statementStats.columnsRead - before).toBe(3)
    } finally {
      conn.close()
    }
  })
})

describe.skipIf(process.env.TEST_DB === 'postgres')('the product’s SQLite client keeps its statements', () => {
  it('reads again without compiling, and each read sees its own arguments and the latest rows', async () => {
    const schools = await db.school.findMany({ select: { id: true, shortName: true }, orderBy: { id: 'asc' } })
    expect(schools.length).toBeGreaterThan(0)
    const read = (id: string) => db.school.findUnique({ where: { id }, select: { shortName: true } })
    await read(schools[0].id)
    const before = { ...statementStats }
    for (let i = 0; i < 5; i++) for (const s of schools) expect((await read(s.id))?.shortName).toBe(s.shortName)
    // The same statement each time, with another school's id: compiled before, never again, its columns read once.
    expect(statementStats.prepared - before.prepared).toBe(0)
    expect(statementStats.columnsRead - before.columnsRead).toBe(0)
    expect(statementStats.reused - before.reused).toBeGreaterThanOrEqual(5 * schools.length)
    const renamed = `${schools[0].shortName} (переименована)`
    await db.school.update({ where: { id: schools[0].id }, data: { shortName: renamed } })
    expect((await read(schools[0].id))?.shortName).toBe(renamed)
    await db.school.update({ where: { id: schools[0].id }, data: { shortName: schools[0].shortName } })
  })

  it('a transaction rolled back on a kept statement leaves nothing, and a duplicate still reads as P2002', async () => {
    const user = await db.user.findFirstOrThrow({ select: { id: true, login: true, schoolId: true } })
    const count = await db.user.count()
    await expect(
      db.$transaction(async (tx) => {
        await tx.school.update({ where: { id: user.schoolId }, data: { shortName: 'Временное имя' } })
        throw new Error('отмена')
      }),
    ).rejects.toThrow('отмена')
    expect((await db.school.findUnique({ where: { id: user.schoolId } }))?.shortName).not.toBe('Временное имя')
    for (let i = 0; i < 2; i++) {
      const error = await db.user
        .create({ data: { login: user.login, passwordHash: 'x', schoolId: user.schoolId } })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError)
      expect((error as Prisma.PrismaClientKnownRequestError).code).toBe('P2002')
    }
    expect(await db.user.count()).toBe(count)
  })
})
