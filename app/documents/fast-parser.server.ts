// The tag parser for our templates: plain paths ({pupil.fullName}, {school.name}) are looked up directly, anything
// else ({$index + 1}, filters, conditions) goes to docxtemplater's angular-expressions parser.
//
// Why: angular-expressions runs every evaluation inside runWithFunctionConstructorProtection, which deletes and
// redefines Function.prototype.constructor. Each time, V8 throws away the optimised code that depends on
// Function.prototype's shape — across the whole isolate, not only the renderer — and recompiles it on background
// threads. Rendering an extract spent about half its CPU in that recompilation, which also kept a second core busy,
// so two worker threads could not run twice as fast as one (bench/README.md, ADR 012).
//
// A plain path resolves exactly as docxtemplater/expressions.js (with its Proxy) and angular-expressions would:
// - the first name: the current scope's own non-null property, else the innermost scope in scopeList holding one;
//   null when some scope owns the name with a null value, undefined when none owns it;
// - each further name: an own property of the value before it, else undefined.
// A function, a dangerous object or an over-long string anywhere on the way is handed to the full parser, so its
// binding and security checks apply unchanged. fast-parser.test.ts compares both on every case.
import expressionParser from 'docxtemplater/expressions.js'

type Parser = typeof expressionParser
type ParsedTag = ReturnType<Parser>
// docxtemplater passes the parser a second argument (the part and scope path) that the typings leave out.
const angularParser = expressionParser as unknown as (tag: string, meta?: unknown) => ParsedTag
interface Context {
  scopeList: unknown[]
}

const PATH = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*$/
// Angular's literals and `this` mean something else; the rest are names worth the full parser's checks.
const NOT_PLAIN = new Set(['this', 'true', 'false', 'null', 'undefined', 'constructor', 'prototype', '__proto__'])
// angular-expressions throws "string too long" above this length (lib/parse.js MAX_STRING_LENGTH).
const MAX_STRING_LENGTH = 5 * 1024 * 1024

const hasOwn = (o: unknown, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)

/** Returned by resolvePlainPath when the value needs the full parser (a function, a dangerous object…). */
export const NEEDS_FULL_PARSER = Symbol('full parser')

function safe(v: unknown): unknown {
  if (typeof v === 'function' || v === globalThis) return NEEDS_FULL_PARSER
  if (typeof v === 'string' && v.length > MAX_STRING_LENGTH) return NEEDS_FULL_PARSER
  return v
}

function lookupRoot(name: string, scope: unknown, scopeList: unknown[]): unknown {
  // expressions.js getOwnPropertyDescriptor trap: does any scope own the name at all?
  let owned = Boolean(scope) && hasOwn(scope, name)
  for (let i = scopeList.length - 1; !owned && i >= 0; i--) owned = Boolean(scopeList[i]) && hasOwn(scopeList[i], name)
  if (!owned) return undefined
  // expressions.js get trap: the current scope, then the innermost scope with a non-null value.
  if (scope == null) return undefined
  const own = (scope as Record<string, unknown>)[name]
  if (hasOwn(scope, name) && own != null) return safe(own)
  for (let i = scopeList.length - 1; i >= 0; i--) {
    const s = scopeList[i]
    if (s != null && hasOwn(s, name)) {
      const v = (s as Record<string, unknown>)[name]
      if (v != null) return safe(v)
    }
  }
  return null
}

/** The names of a plain path tag ('pupil.fullName' → ['pupil', 'fullName']); null when angular must evaluate it. */
export function plainPath(tag: string): string[] | null {
  const m = typeof tag === 'string' ? PATH.exec(tag) : null
  const names = m ? m[1].split('.') : []
  return m && !names.some((n) => NOT_PLAIN.has(n)) ? names : null
}

/**
 * A plain path's value in `scope` (the innermost) and `scopeList` (the outer scopes; `scope` may be its last item
 * or not), exactly as the full parser would give it — or NEEDS_FULL_PARSER.
 */
export function resolvePlainPath(names: string[], scope: unknown, scopeList: unknown[]): unknown {
  let v = lookupRoot(names[0], scope, scopeList)
  for (let i = 1; i < names.length && v !== NEEDS_FULL_PARSER; i++) {
    v = v != null && hasOwn(v, names[i]) ? safe((v as Record<string, unknown>)[names[i]]) : undefined
  }
  return v
}

export const fastParser = ((tag: string, meta?: unknown): ParsedTag => {
  const names = plainPath(tag)
  if (!names) return angularParser(tag, meta)
  let full: ParsedTag | undefined
  const parsed = {
    get(scope: unknown, context: Context): unknown {
      const v = resolvePlainPath(names, scope, context.scopeList ?? [])
      if (v !== NEEDS_FULL_PARSER) return v
      full ??= angularParser(tag, meta)
      return full.get(scope, context as never)
    },
  }
  return parsed as unknown as ParsedTag
}) as Parser
