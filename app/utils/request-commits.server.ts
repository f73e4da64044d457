// Whether this request's action has saved something (ADR 104). The 503 page of the database away (ADR 095) said
// «Отправленные данные не сохранены» for every form, but the database may go away after the action's commit: Remix
// runs the page's loaders after an action that answers with data, and an action may write in more than one
// transaction (its operation, then its audit row). Told «not saved» of saved data, the sender sends it again — two
// applications, two checks. The database adapter (db.server.ts) reports each commit with the tables it wrote; a commit
// of the request's action that wrote the product's data marks the request, and the page then says «Сохранено».
import { AsyncLocalStorage } from 'node:async_hooks'
import type { ServerBuild } from '@remix-run/node'

type Scope = { actionDepth: number; saved: boolean }
const scopes = new AsyncLocalStorage<Scope>()

/**
 * Tables whose rows are the server's bookkeeping, not what a sender saves: a session's last look, a password try, a
 * throttle's count, an audit row (a look at a page, a throttled try). A commit that wrote only these saved nothing
 * of the form — requireUser in an action touches the session before the action's own transaction fails.
 */
const BOOKKEEPING = new Set(['Session', 'LoginAttempt', 'ThrottleCounter', 'AuditEvent'])

/** Runs one request (server/http-hardening.js): its answer may ask `requestSaved()`. */
export function trackRequestCommits<T>(run: () => Promise<T>): Promise<T> {
  return scopes.run({ actionDepth: 0, saved: false }, run)
}

/** The build whose route actions mark their time in the request's scope: commits of its loaders do not count. */
export function trackActions(build: ServerBuild): ServerBuild {
  const routes: ServerBuild['routes'] = {}
  for (const [id, route] of Object.entries(build.routes)) {
    const action = route.module.action
    if (!action) {
      routes[id] = route
      continue
    }
    const tracked: typeof action = async (args) => {
      const scope = scopes.getStore()
      if (!scope) return action(args)
      scope.actionDepth++
      try {
        return await action(args)
      } finally {
        scope.actionDepth--
      }
    }
    routes[id] = { ...route, module: { ...route.module, action: tracked } }
  }
  return { ...build, routes }
}

/** Statements that change rows: the tables they name (a WITH … INSERT too). SELECT … FOR UPDATE changes nothing. */
const WRITE_START = /^\s*(?:INSERT|UPDATE|DELETE|REPLACE|WITH)\b/i
const WRITE_TARGET = /\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+(?:[`"]?\w+[`"]?\.)?[`"]?(\w+)[`"]?/gi

/** The tables a statement writes (empty for a read). */
export function writtenTables(sql: string): string[] {
  if (!WRITE_START.test(sql)) return []
  return [...sql.matchAll(WRITE_TARGET)].map((m) => m[1]).filter((t) => !/^(SET|OF|NOWAIT|SKIP)$/i.test(t))
}

/**
 * The tables a statement changed rows of, by its result: `executeRaw`'s count of affected rows, or the rows a write
 * with RETURNING gave back (`queryRaw`: Prisma's create, update, delete, upsert). A write that matched no row (an
 * `updateMany` of nothing, a `deleteMany` of nothing) changed nothing and saved nothing. A write sent through
 * `queryRaw` without RETURNING tells no count and is not counted: such raw SQL goes through `$executeRaw`.
 */
function changedTables(sql: string, result: unknown): string[] {
  const rows = typeof result === 'number' ? result : ((result as { rows?: unknown[] } | null)?.rows?.length ?? 0)
  return rows > 0 ? writtenTables(sql) : []
}

/** The adapter: a transaction (or a statement outside one) that changed rows of these tables has committed. */
function noteCommit(tables: Iterable<string>): void {
  const scope = scopes.getStore()
  if (!scope || scope.actionDepth === 0 || scope.saved) return
  for (const table of tables) if (!BOOKKEEPING.has(table)) scope.saved = true
}

/** This request's action has committed the product's data (in this process). */
export function requestSaved(): boolean {
  return scopes.getStore()?.saved ?? false
}

type Query = { sql: string }
type Queryable = { queryRaw: (q: Query) => Promise<unknown>; executeRaw: (q: Query) => Promise<unknown> }
const COMMIT = /^\s*COMMIT\s*;?\s*$/i

/** A transaction whose COMMIT, once it has succeeded, reports the tables its statements changed rows of. */
function trackTransaction<T extends object>(tx: T): T {
  const tables = new Set<string>()
  const q = tx as unknown as Queryable
  for (const name of ['queryRaw', 'executeRaw'] as const) {
    const run = q[name].bind(tx)
    q[name] = async (query: Query) => {
      const result = await run(query)
      if (COMMIT.test(query.sql)) noteCommit(tables)
      else for (const t of changedTables(query.sql, result)) tables.add(t)
      return result
    }
  }
  return tx
}

/** An adapter connection: a write outside a transaction commits by itself (when it changed rows); a transaction is
 * tracked to its COMMIT. */
function trackConnection<T extends object>(adapter: T): T {
  const a = adapter as unknown as Queryable & { startTransaction: (...args: unknown[]) => Promise<object> }
  for (const name of ['queryRaw', 'executeRaw'] as const) {
    const run = a[name].bind(adapter)
    a[name] = async (query: Query) => {
      const result = await run(query)
      noteCommit(changedTables(query.sql, result))
      return result
    }
  }
  const start = a.startTransaction.bind(adapter)
  a.startTransaction = async (...args: unknown[]) => trackTransaction(await start(...args))
  return adapter
}

/** A driver adapter factory (SQLite's or PostgreSQL's) whose connections report their commits. */
export function commitReportingAdapter<F extends { connect: () => Promise<object> }>(factory: F): F {
  return new Proxy(factory, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown
      if (typeof value !== 'function') return value
      if (prop === 'connect') return async () => trackConnection(await t.connect())
      return value.bind(t)
    },
  })
}
