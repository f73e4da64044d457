// Prepared statements kept per SQLite connection (ADR 084). Prisma's better-sqlite3 adapter prepares every statement
// it runs afresh — `client.prepare(sql).bind(args)` — and better-sqlite3 lets a statement be bound only once, so the
// adapter cannot keep one. Here the connection's `prepare` answers from a cache of statements by their SQL (the least
// recently used go beyond STATEMENTS_KEPT) and hands the adapter a statement-like object whose `bind` keeps the
// arguments for that one run: a page sends the same dozen statements at every view, and SQLite compiles each once.
import { AsyncLocalStorage } from 'node:async_hooks'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import type Database from 'better-sqlite3'

/** Statements kept per connection; Prisma's SQL has its values as parameters, so a school's pages send a few hundred. */
const STATEMENTS_KEPT = 1_000

/** How the connections' statements were found (for the tests and the bench). */
export const statementStats = { prepared: 0, reused: 0, columnsRead: 0 }

/** The part of a better-sqlite3 statement the adapter uses, with the arguments bound for one run. */
type Run = {
  reader: boolean
  run: () => Database.RunResult
  columns: () => Database.ColumnDefinition[]
  raw: () => { all: () => unknown[] }
}
type Kept = {
  reader: boolean
  run: (...args: unknown[]) => Database.RunResult
  bind: (args: unknown[]) => Run
}

/**
 * Makes `client.prepare` answer from the connection's kept statements, each with its result columns once read. The
 * adapter asks a statement for its columns at every read (their names and declared types), and better-sqlite3 builds
 * them afresh each time — five objects of metadata per column, ≈ 0.25 ms for the application's 49: more than the read
 * of its row, and 2–5 ms of every page (ADR 117). A statement's columns are fixed by its SQL and the schema, so they are
 * kept with it; a schema change on the connection (a CREATE, ALTER or DROP prepared here or in a script) forgets them
 * all, and the statements with them.
 */
export function keepStatements(client: Database.Database, max = STATEMENTS_KEPT): void {
  const prepare = client.prepare.bind(client) as (sql: string) => Database.Statement
  const exec = client.exec.bind(client)
  const kept = new Map<string, Database.Statement>()
  let columnsOf = new WeakMap<Database.Statement, Database.ColumnDefinition[]>()
  // A kept `SELECT *` keeps the columns it was compiled with, even after SQLite has compiled it again for a new schema;
  // after a schema change every statement is compiled anew.
  const forget = () => {
    kept.clear()
    columnsOf = new WeakMap()
  }
  client.exec = (sql: string) => {
    if (SCHEMA_CHANGE_IN.test(sql)) forget()
    return exec(sql)
  }
  const find = (sql: string): Database.Statement => {
    if (SCHEMA_CHANGE.test(sql)) forget()
    const found = kept.get(sql)
    if (found) {
      statementStats.reused++
      kept.delete(sql) // the most recently used last
      kept.set(sql, found)
      return found
    }
    const stmt = prepare(sql) // a statement SQLite refuses throws here, as before, and is not kept
    statementStats.prepared++
    kept.set(sql, stmt)
    if (kept.size > max) kept.delete(kept.keys().next().value as string)
    return stmt
  }
  const columns = (stmt: Database.Statement): Database.ColumnDefinition[] => {
    let found = columnsOf.get(stmt)
    if (!found) {
      found = stmt.columns() // a statement that returns no data throws here, as before
      statementStats.columnsRead++
      columnsOf.set(stmt, found)
    }
    return found
  }
  const wrap = (stmt: Database.Statement): Kept => ({
    reader: stmt.reader,
    run: (...args) => stmt.run(...args),
    bind: (args) => ({
      reader: stmt.reader,
      run: () => stmt.run(args),
      columns: () => columns(stmt),
      // Raw mode is a setting of the statement: set at every run, since the same statement serves every caller.
      raw: () => ({ all: () => stmt.raw(true).all(args) as unknown[] }),
    }),
  })
  ;(client as unknown as { prepare: (sql: string) => Kept }).prepare = (sql) => wrap(find(sql))
}

/** A statement that changes the schema, and so may change what another statement's columns are; a script holding one. */
const SCHEMA_CHANGE = /^\s*(CREATE|ALTER|DROP)\b/i
const SCHEMA_CHANGE_IN = /\b(CREATE|ALTER|DROP)\b/i

type Factory = Pick<PrismaBetterSQLite3, 'provider' | 'adapterName' | 'connect' | 'connectToShadowDb'>
type Adapter = Awaited<ReturnType<Factory['connect']>>
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>

/**
 * A COMMIT that fails leaves the connection usable. SQLite keeps the transaction open when COMMIT fails (a full disk:
 * SQLITE_FULL while the pages go to the WAL; an I/O error; a deferred constraint), and Prisma's adapter releases its
 * transaction lock only on a commit or rollback the engine no longer calls after a failed COMMIT — so every later
 * transaction of the process waited for that lock forever: after one moment of a full disk the server took no
 * application, even once space was freed, while /healthz (reads only) said 200. Here the failed COMMIT (or ROLLBACK) is
 * rolled back and the lock released before the error goes on; the caller sees the write refused, as with any failed
 * transaction.
 */
function releaseOnFailedCommit(client: Database.Database, tx: Transaction): Transaction {
  const guard =
    <A extends { sql: string }, R>(run: (query: A) => Promise<R>) =>
    async (query: A): Promise<R> => {
      try {
        return await run(query)
      } catch (error) {
        // A failed ROLLBACK too: SQLite may already have rolled the transaction back itself (SQLITE_FULL or an I/O
        // error in the middle of a large one), and Prisma's own ROLLBACK then fails with «no transaction is active»
        // before the adapter is told to release its lock. Whatever fails here, the lock is released (once: the
        // adapter's releaser ignores a second call).
        if (/^\s*(COMMIT|ROLLBACK)\s*;?\s*$/i.test(query.sql)) {
          try {
            if (client.inTransaction) client.exec('ROLLBACK')
          } catch {
            // the connection is left as SQLite leaves it; the lock is released all the same
          } finally {
            await tx.rollback()
          }
        }
        throw error
      }
    }
  tx.executeRaw = guard(tx.executeRaw.bind(tx))
  tx.queryRaw = guard(tx.queryRaw.bind(tx))
  return tx
}

/**
 * The work of one interactive transaction's callback (ADR 112): a statement sent there through the process's client
 * rather than the transaction's runs inside the open transaction, as it always has on SQLite's one connection, instead of
 * waiting for the transaction to end — which would wait for it.
 */
const transactionWork = new AsyncLocalStorage<true>()

/** Runs a `$transaction` callback as the transaction's own work (see `transactionWork`). */
export function asTransactionWork<T>(work: () => T): T {
  return transactionWork.run(true, work)
}

/** A first-come lock: `take()` resolves, in order, with the function that lets the next one in. */
function fifoLock() {
  let tail: Promise<void> = Promise.resolve()
  let holders = 0
  return {
    get busy() {
      return holders > 0
    },
    take(): Promise<() => void> {
      holders++
      let let_go!: () => void
      const released = new Promise<void>((resolve) => (let_go = resolve))
      const turn = tail.then(() => {
        let done = false
        return () => {
          if (done) return
          done = true
          holders--
          let_go()
        }
      })
      tail = tail.then(() => released)
      return turn
    },
  }
}

/**
 * One transaction at a time, and nothing else while it is open (ADR 112). better-sqlite3 is one connection: Prisma's
 * adapter keeps transactions apart with its lock, but a statement of another request sent while a transaction waits
 * between its statements ran inside that transaction — a write then went with the transaction's ROLLBACK (a parent's
 * acknowledged change, the outbox's «sent» mark: the letter went again), and a read saw rows never committed (the worker
 * could send a letter of an application that a failed check then took back). Here every statement outside a
 * transaction waits for the open one to end, in the order they came; the transaction's own statements do not.
 */
function oneAtATime(adapter: Adapter): void {
  const lock = fifoLock()
  const outside =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (!lock.busy || transactionWork.getStore()) return run(...args)
      const release = await lock.take()
      try {
        return await run(...args)
      } finally {
        release()
      }
    }
  adapter.queryRaw = outside(adapter.queryRaw.bind(adapter))
  adapter.executeRaw = outside(adapter.executeRaw.bind(adapter))
  adapter.executeScript = outside(adapter.executeScript.bind(adapter))
  const start = adapter.startTransaction.bind(adapter)
  adapter.startTransaction = async (isolationLevel) => {
    const release = await lock.take()
    let tx: Transaction
    try {
      tx = await start(isolationLevel)
    } catch (error) {
      release()
      throw error
    }
    const commit = tx.commit.bind(tx)
    const rollback = tx.rollback.bind(tx)
    tx.commit = async () => {
      try {
        return await commit()
      } finally {
        release()
      }
    }
    tx.rollback = async () => {
      try {
        return await rollback()
      } finally {
        release()
      }
    }
    return tx
  }
}

/** PrismaBetterSQLite3 whose connections keep their statements and run one transaction at a time. */
export function keptStatementsAdapter(config: { url: string; timeout: number }): Factory {
  const inner = new PrismaBetterSQLite3(config)
  const kept = async (connecting: ReturnType<Factory['connect']>) => {
    const adapter = await connecting
    const client = (adapter as unknown as { client: Database.Database }).client
    keepStatements(client)
    const start = adapter.startTransaction.bind(adapter)
    adapter.startTransaction = async (isolationLevel) => releaseOnFailedCommit(client, await start(isolationLevel))
    oneAtATime(adapter)
    return adapter
  }
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: () => kept(inner.connect()),
    connectToShadowDb: () => kept(inner.connectToShadowDb()),
  }
}
