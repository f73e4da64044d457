// Prisma's query compiler (the `queryCompiler` engine, no Rust binary: ADR 001) turns every call into a query plan in
// WebAssembly — 0.4 ms for one model, 2 ms for the session with its user and roles — and keeps none: a parent's
// e-diary spent 17 ms of its 48 compiling the same 30 reads on every view. A read's plan is a pure function of the
// query's JSON (its values included) and of the compiler (its client's database and schema), so the plans of reads
// are kept here, by that JSON, in a bounded LRU per compiler (ADR 080). Only reads: a write's plan could carry what
// its execution must make afresh. Kept plans are frozen, so the executor can never change one another request runs.

type Compiler = { compile(query: string): unknown; compileBatch(batch: string): unknown }
type CompilerModule = { QueryCompiler: { prototype: Compiler } }

/** At most this many plans, and none for a query longer than this (a list of a thousand ids is asked once). */
export const PLAN_CACHE_SIZE = 1_000
export const PLAN_KEY_LIMIT = 8_192

const READS = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'aggregate', 'groupBy'])

// One LRU per compiler: each PrismaClient has its own, and two clients (a PostgreSQL schema each, in the tests) write
// different SQL for the same query.
const cache = new WeakMap<object, Map<string, unknown>>()
const counts = { compiled: 0, reused: 0 }

/** How many plans were compiled and how many were reused since the process started (tests, bench). */
export function planCacheStats(): { compiled: number; reused: number } {
  return { ...counts }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

function actionsOf(json: string): string[] {
  const parsed = JSON.parse(json) as { action?: unknown; batch?: Array<{ action?: unknown }> }
  const queries = Array.isArray(parsed.batch) ? parsed.batch : [parsed]
  return queries.map((query) => String(query.action))
}

function cached(compile: (json: string) => unknown): (this: Compiler, json: string) => unknown {
  return function (this: Compiler, json: string) {
    let plans = cache.get(this)
    if (!plans) cache.set(this, (plans = new Map()))
    const known = plans.get(json)
    if (known !== undefined) {
      counts.reused++
      plans.delete(json) // to the end: the least recently used is first
      plans.set(json, known)
      return known
    }
    const plan = compile.call(this, json)
    counts.compiled++
    if (json.length <= PLAN_KEY_LIMIT && actionsOf(json).every((action) => READS.has(action))) {
      plans.set(json, deepFreeze(plan))
      if (plans.size > PLAN_CACHE_SIZE) plans.delete(plans.keys().next().value as string)
    }
    return plan
  }
}

const installed = new WeakSet<object>()

/** Keeps the plans of reads for the compiler of this provider (idempotent; db.server.ts calls it before connecting). */
export function keepQueryPlans(provider: 'sqlite' | 'postgresql'): void {
  // The same files the generated clients load (app/generated/*/internal/class.ts, compilerWasm.getRuntime): CommonJS
  // modules without types, read synchronously so the plans are kept from the first query on.
  const runtime = (
    provider === 'postgresql'
      ? // eslint-disable-next-line @typescript-eslint/no-require-imports
        require('@prisma/client/runtime/query_compiler_bg.postgresql.js')
      : // eslint-disable-next-line @typescript-eslint/no-require-imports
        require('@prisma/client/runtime/query_compiler_bg.sqlite.js')
  ) as CompilerModule
  const proto = runtime.QueryCompiler.prototype
  if (installed.has(proto)) return
  installed.add(proto)
  proto.compile = cached(proto.compile)
  proto.compileBatch = cached(proto.compileBatch)
}
