// Prisma's query compiler (the `queryCompiler` engine, no Rust binary: ADR 001) turns every call into a query plan in
// WebAssembly — 0.4 ms for one model, 2 ms for the session with its user and roles — and keeps none: a parent's
// e-diary spent 17 ms of its 48 compiling the same 30 reads on every view. A read's plan is a pure function of the
// query's JSON (its values included) and of the compiler (its client's database and schema), so the plans of reads
// are kept here, by that JSON, in a bounded LRU per compiler (ADR 080). Only reads: a write's plan could carry what
// its execution must make afresh. Kept plans are frozen, so the executor can never change one another request runs.
//
// The same read with other values — another application's page, a count «before now» — would still be compiled
// afresh: the values are in the JSON. So a read's plan is also kept by its shape (ADR 082): the strings and instants
// its filters compare with are replaced by markers, the marked query is compiled once, and its plan is filled with
// the values asked. A shape is kept only when its plan carries each marker as a whole query argument and, filled with
// the first values asked, equals the plan compiled for them; otherwise that shape's reads are compiled as before.
// With PLAN_CHECK=1 (the test suites) every filled plan is compared with a fresh compile and a difference throws.

import { isDeepStrictEqual } from 'node:util'
import { hasLoneSurrogate } from '#workflows/text'

type Compiler = { compile(query: string): unknown; compileBatch(batch: string): unknown }
type CompilerModule = { QueryCompiler: { prototype: Compiler } }

/** At most this many plans, and none for a query longer than this (a list of a thousand ids is asked once). */
export const PLAN_CACHE_SIZE = 1_000
export const PLAN_KEY_LIMIT = 8_192

const READS = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'aggregate', 'groupBy'])

// One LRU per compiler: each PrismaClient has its own, and two clients (a PostgreSQL schema each, in the tests) write
// different SQL for the same query.
const cache = new WeakMap<object, Map<string, unknown>>()
const counts = { compiled: 0, reused: 0, filled: 0 }

/**
 * Since the process started: plans compiled for a query asked (a shape's marked query not counted), plans reused as
 * kept, plans filled from a kept shape (tests, bench).
 */
export function planCacheStats(): { compiled: number; reused: number; filled: number } {
  return { ...counts }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

function actionsOf(parsed: { action?: unknown; batch?: Array<{ action?: unknown }> }): string[] {
  const queries = Array.isArray(parsed.batch) ? parsed.batch : [parsed]
  return queries.map((query) => String(query.action))
}

/** Puts (or moves) the entry last — the least recently used is first — and lets the first go beyond the bound. */
function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key)
  map.set(key, value)
  if (map.size > PLAN_CACHE_SIZE) map.delete(map.keys().next().value as string)
}

// ---- Shapes (ADR 082) ----

/** A marker in place of the k-th value: a string of the Private Use Area, or an instant of the year 1001. */
const STRING_MARK = '\uE000'
const stringMarker = (k: number) => `${STRING_MARK}${k}\uE001`
const DATE_BASE = Date.UTC(1001, 0, 1)
const DATE_MARK = '1001-01-01T'
const dateMarker = (k: number) => new Date(DATE_BASE + k).toISOString()
/** A marker as it stands in a plan's JSON: a whole string, the k-th value's. */
const MARKER_TOKEN = /"(?:\uE000(\d+)\uE001|(1001-01-01T\d\d:\d\d:\d\d\.\d\d\dZ))"/g

/**
 * Values the compiler does not pass on as they are, so never filled: a string with half of a surrogate pair (its JSON
 * parser refuses it) and an instant not in the form it writes back (it rewrites `…:00Z` to `…:00.000Z` and refuses
 * `+010000-…`, which `Date.toISOString` gives for years past 9999). Such a query is compiled as asked, and fails as
 * it would without kept plans.
 */
const CANONICAL_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

/** A field's operators whose operand is passed on as it is (`contains` and its kind become a LIKE pattern: not marked). */
const OPERATORS = new Set(['equals', 'not', 'lt', 'lte', 'gt', 'gte'])
const LIST_OPERATORS = new Set(['in', 'notIn'])
const RELATION_FILTERS = new Set(['some', 'every', 'none', 'is', 'isNot'])
const COMBINATORS = new Set(['AND', 'OR', 'NOT'])
type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }
const isObject = (node: Json): node is JsonObject => node !== null && typeof node === 'object' && !Array.isArray(node)

/**
 * The query with the strings and instants its filters compare with (`where` and `cursor`, at every level of the
 * selection) replaced by markers, and those values in order; null when a value could be taken for a marker, or the
 * shape is longer than PLAN_KEY_LIMIT. Anything else — numbers, flags, nulls, orderings, a field compared with a
 * `mode`, patterns, composite keys — stays in the shape as asked.
 */
function shapeOf(parsed: Json): { shape: string; values: string[] } | null {
  const values: string[] = []
  let clash = false
  const mark = (value: string, marker: (k: number) => string): string => {
    if (value.includes(STRING_MARK) || value.startsWith(DATE_MARK) || hasLoneSurrogate(value)) clash = true
    values.push(value)
    return marker(values.length - 1)
  }
  const operand = (node: Json): Json => {
    if (typeof node === 'string') return mark(node, stringMarker)
    if (!isObject(node)) return node
    if (node.$type === 'DateTime' && typeof node.value === 'string') {
      // Only an instant written as the compiler writes it back: it rewrites others and refuses years past 9999.
      if (!CANONICAL_INSTANT.test(node.value)) clash = true
      return { ...node, value: mark(node.value, dateMarker) }
    }
    return '$type' in node ? node : field(node) // `not: { in: […] }`
  }
  // A field's filter: a bare value (equality), or its operators; a relation's filters hold another model's `where`.
  const field = (node: Json): Json => {
    if (!isObject(node) || '$type' in node) return operand(node)
    // A case-insensitive comparison may make a pattern of its operand (PostgreSQL's ILIKE): kept as asked.
    if ('mode' in node) return node
    const out: JsonObject = {}
    for (const [op, value] of Object.entries(node)) {
      if (OPERATORS.has(op)) out[op] = operand(value)
      else if (LIST_OPERATORS.has(op) && Array.isArray(value)) out[op] = value.map(operand)
      else if (RELATION_FILTERS.has(op)) out[op] = where(value)
      else out[op] = value
    }
    return out
  }
  const where = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(where)
    if (!isObject(node)) return node
    const out: JsonObject = {}
    for (const [key, value] of Object.entries(node)) out[key] = COMBINATORS.has(key) ? where(value) : field(value)
    return out
  }
  const selection = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(selection)
    if (!isObject(node)) return node
    const out: JsonObject = {}
    for (const [key, value] of Object.entries(node)) {
      if (key === 'arguments' && isObject(value)) {
        const args: JsonObject = {}
        for (const [name, arg] of Object.entries(value)) args[name] = name === 'where' || name === 'cursor' ? where(arg) : arg
        out[key] = args
      } else out[key] = selection(value)
    }
    return out
  }
  const shape = JSON.stringify(selection(parsed))
  return clash || shape.length > PLAN_KEY_LIMIT ? null : { shape, values }
}

/** A kept shape: its plan's JSON cut at the markers (the k-th value goes where k stands), or null: never kept. */
type Template = Array<string | number> | null

function templateOf(plan: unknown, count: number): Template {
  const text = JSON.stringify(plan)
  if (text === undefined) return null
  const pieces: Array<string | number> = []
  const used = new Set<number>()
  let last = 0
  for (const match of text.matchAll(MARKER_TOKEN)) {
    const k = match[1] !== undefined ? Number(match[1]) : new Date(match[2]).getTime() - DATE_BASE
    if (!(k >= 0 && k < count)) return null
    pieces.push(text.slice(last, match.index), k)
    used.add(k)
    last = (match.index ?? 0) + match[0].length
  }
  pieces.push(text.slice(last))
  // Every value stands in the plan, and only as a whole argument: a marker left inside another string (a LIKE
  // pattern, a name) means the value is not just passed on.
  const rest = pieces.filter((p): p is string => typeof p === 'string').join('')
  if (used.size !== count || rest.includes(STRING_MARK) || rest.includes(DATE_MARK)) return null
  return pieces
}

function fill(template: Array<string | number>, values: string[]): unknown {
  let text = ''
  for (const piece of template) text += typeof piece === 'number' ? JSON.stringify(values[piece]) : piece
  return JSON.parse(text)
}

const shapes = new WeakMap<object, Map<string, Template>>()

function cached(compile: (json: string) => unknown): (this: Compiler, json: string) => unknown {
  return function (this: Compiler, json: string) {
    let plans = cache.get(this)
    if (!plans) cache.set(this, (plans = new Map()))
    const known = plans.get(json)
    if (known !== undefined) {
      counts.reused++
      remember(plans, json, known)
      return known
    }
    const parsed = json.length > PLAN_KEY_LIMIT ? null : (JSON.parse(json) as Json)
    if (!isObject(parsed) || !actionsOf(parsed).every((action) => READS.has(action))) {
      counts.compiled++
      return compile.call(this, json)
    }
    const shaped = shapeOf(parsed)
    let kept = shapes.get(this)
    if (!kept) shapes.set(this, (kept = new Map()))
    const template = shaped ? kept.get(shaped.shape) : null
    let plan: unknown
    if (shaped && template) {
      plan = fill(template, shaped.values)
      counts.filled++
      remember(kept, shaped.shape, template)
      if (process.env.PLAN_CHECK === '1' && !isDeepStrictEqual(plan, compile.call(this, json)))
        throw new Error(`Заполненный план запроса отличается от составленного заново: ${json.slice(0, 500)}`)
    } else {
      plan = compile.call(this, json)
      counts.compiled++
      if (shaped && template === undefined) remember(kept, shaped.shape, shapeTemplate(this, compile, shaped, plan))
    }
    remember(plans, json, deepFreeze(plan))
    return plan
  }
}

/** The marked query compiled, cut at its markers, and checked against the plan compiled for the values asked. */
function shapeTemplate(
  compiler: Compiler,
  compile: (json: string) => unknown,
  shaped: { shape: string; values: string[] },
  plan: unknown,
): Template {
  if (shaped.values.length === 0) return null // nothing to fill: the exact plans do
  let marked: unknown
  try {
    marked = compile.call(compiler, shaped.shape)
  } catch {
    return null // a marker where the compiler wants a known word: this shape is compiled as asked
  }
  const template = templateOf(marked, shaped.values.length)
  return template && isDeepStrictEqual(fill(template, shaped.values), plan) ? template : null
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
