// Prepared statements kept per SQLite connection (ADR 084). Prisma's better-sqlite3 adapter prepares every statement
// it runs afresh — `client.prepare(sql).bind(args)` — and better-sqlite3 lets a statement be bound only once, so the
// adapter cannot keep one. Here the connection's `prepare` answers from a cache of statements by their SQL (the least
// recently used go beyond STATEMENTS_KEPT) and hands the adapter a statement-like object whose `bind` keeps the
// arguments for that one run: a page sends the same dozen statements at every view, and SQLite compiles each once.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import type Database from 'better-sqlite3'

/** Statements kept per connection; Prisma's SQL has its values as parameters, so a school's pages send a few hundred. */
const STATEMENTS_KEPT = 1_000

/** How the connections' statements were found (for the tests and the bench). */
export const statementStats = { prepared: 0, reused: 0 }

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

/** Makes `client.prepare` answer from the connection's kept statements. */
export function keepStatements(client: Database.Database, max = STATEMENTS_KEPT): void {
  const prepare = client.prepare.bind(client) as (sql: string) => Database.Statement
  const kept = new Map<string, Database.Statement>()
  const find = (sql: string): Database.Statement => {
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
  const wrap = (stmt: Database.Statement): Kept => ({
    reader: stmt.reader,
    run: (...args) => stmt.run(...args),
    bind: (args) => ({
      reader: stmt.reader,
      run: () => stmt.run(args),
      columns: () => stmt.columns(),
      // Raw mode is a setting of the statement: set at every run, since the same statement serves every caller.
      raw: () => ({ all: () => stmt.raw(true).all(args) as unknown[] }),
    }),
  })
  ;(client as unknown as { prepare: (sql: string) => Kept }).prepare = (sql) => wrap(find(sql))
}

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

/** PrismaBetterSQLite3 whose connections keep their statements. */
export function keptStatementsAdapter(config: { url: string; timeout: number }): Factory {
  const inner = new PrismaBetterSQLite3(config)
  const kept = async (connecting: ReturnType<Factory['connect']>) => {
    const adapter = await connecting
    const client = (adapter as unknown as { client: Database.Database }).client
    keepStatements(client)
    const start = adapter.startTransaction.bind(adapter)
    adapter.startTransaction = async (isolationLevel) => releaseOnFailedCommit(client, await start(isolationLevel))
    return adapter
  }
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: () => kept(inner.connect()),
    connectToShadowDb: () => kept(inner.connectToShadowDb()),
  }
}
