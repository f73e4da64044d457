// The renderer's last line of defence (ADR 027): a value that XML cannot hold never refuses a document. Rows stored
// before the input boundaries cleaned text (a registration-log row with U+0001 in an address, a lesson topic with
// Word's U+000B) are rendered escaped — U+000B as a line break, U+0001 as «␁» — while the stored value, and the
// registration log's hash over it, stays untouched.
import { escapeControlChars, hasControlChars } from '#app/utils/text'

const isPlainObject = (v: object) => {
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/** The data with every string escaped and «№» bound to its number; the same object (no copy) when nothing needs it. */
export function escapeDocumentData<T>(data: T): T {
  return walk(data, 0) as T
}

/** «№ 8» → «№\u00a08»: the sign never ends a line away from its number (issue 19, item 4: «СОШ № 8» in every letter). */
const NUMBER_SIGN = /№[ \t]+(?=\S)/g
const typeset = (s: string) => (s.includes('№') ? s.replace(NUMBER_SIGN, '№\u00a0') : s)

function walk(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return typeset(hasControlChars(value) ? escapeControlChars(value) : value)
  if (value === null || typeof value !== 'object' || depth > 32) return value
  if (Array.isArray(value)) {
    let out: unknown[] | null = null
    for (let i = 0; i < value.length; i++) {
      const v = walk(value[i], depth + 1)
      if (v !== value[i]) (out ??= value.slice())[i] = v
    }
    return out ?? value
  }
  if (!isPlainObject(value)) return value
  let out: Record<string, unknown> | null = null
  for (const key of Object.keys(value)) {
    const before = (value as Record<string, unknown>)[key]
    const v = walk(before, depth + 1)
    if (v !== before) (out ??= { ...(value as Record<string, unknown>) })[key] = v
  }
  return out ?? value
}

/** Where the first string XML cannot hold sits in the data: «rows[3].topic» (for a message naming the data). */
export function findControlPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return hasControlChars(value) ? path : null
  if (value === null || typeof value !== 'object') return null
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [`${path}[${i}]`, v])
    : Object.entries(value).map(([k, v]) => [path ? `${path}.${k}` : k, v])
  for (const [p, v] of entries) {
    const hit = findControlPath(v, p)
    if (hit !== null) return hit
  }
  return null
}

/** «rows[3].topic» → «поле «topic», строка 4 списка «rows»». */
export function describeDataPath(path: string): string {
  const m = /^(?:(.*)\.)?([^.[\]]+)\[(\d+)\]\.(.+)$/.exec(path)
  if (m) return `поле «${m[4]}», строка ${Number(m[3]) + 1} списка «${m[1] ? `${m[1]}.` : ''}${m[2]}»`
  return `поле «${path}»`
}
