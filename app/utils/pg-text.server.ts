// PostgreSQL's text cannot hold the NUL character: a parameter carrying one fails the whole statement («invalid byte
// sequence for encoding "UTF8": 0x00») — a «?q=%00» typed into a staff page's address was a 500 on PostgreSQL while
// SQLite read it. Every string parameter (and every string in an array parameter) goes to PostgreSQL without it: a
// lookup finds what it would find without the NUL, and no text the product stores holds one (the forms and the import
// clean control characters away). The adapter is wrapped, not patched: its own connections and transactions.
import type { PrismaPg } from '@prisma/adapter-pg'

type Query = { sql: string; args: unknown[] }

const hasNul = (v: unknown): boolean => (typeof v === 'string' ? v.includes('\0') : Array.isArray(v) && v.some(hasNul))
const withoutNul = (v: unknown): unknown => (typeof v === 'string' ? v.replaceAll('\0', '') : Array.isArray(v) ? v.map(withoutNul) : v)

function cleanQuery<T extends Query>(query: T): T {
  return query.args.some(hasNul) ? { ...query, args: query.args.map(withoutNul) } : query
}

/** The adapter, a transaction: their queries' parameters without NUL; a transaction they start wrapped the same. */
function wrapQueryable<T extends object>(target: T): T {
  return new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown
      if (typeof value !== 'function') return value
      if (prop === 'queryRaw' || prop === 'executeRaw') return (query: Query) => value.call(t, cleanQuery(query))
      if (prop === 'startTransaction') return async (...args: unknown[]) => wrapQueryable(await value.apply(t, args))
      return value.bind(t)
    },
  })
}

/** The PrismaPg factory whose connections send no NUL to PostgreSQL. */
export function withoutNulParameters(factory: PrismaPg): PrismaPg {
  return new Proxy(factory, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown
      if (typeof value !== 'function') return value
      if (prop === 'connect') return async (...args: unknown[]) => wrapQueryable(await value.apply(t, args))
      return value.bind(t)
    },
  })
}
