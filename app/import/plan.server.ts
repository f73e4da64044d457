// How the kinds turn checked rows into a Plan: the patch of a stored record, the counts, and the write of one
// table's new and changed rows.
import type { Client, Issue, Plan } from './types'

/** A plan that writes nothing: the whole file is refused for one reason. */
export function refused(message: string): Plan {
  return { errors: [{ line: null, message }], warnings: [], created: 0, updated: 0, unchanged: 0, write: async () => {} }
}

type Given<T> = Exclude<T, '' | null | undefined>

/**
 * The fields of `next` that are given and differ from `found`. Not given — '', null or undefined — means
 * «leave as it is»: an empty optional cell never erases a stored value. A field with its own rule is passed as
 * undefined when that rule says to leave it alone.
 */
export function changedFields<N extends Record<string, unknown>>(
  found: { [K in keyof N]: unknown },
  next: N,
): { [K in keyof N]?: Given<N[K]> } {
  const data: { [K in keyof N]?: Given<N[K]> } = {}
  for (const key of Object.keys(next) as Array<keyof N>) {
    const value = next[key]
    if (value !== '' && value !== null && value !== undefined && value !== found[key]) data[key] = value as Given<N[typeof key]>
  }
  return data
}

export type Change = 'created' | 'updated' | null

/** Counts rows by what each one did. */
export class Tally {
  created = 0
  updated = 0
  unchanged = 0

  count(change: Change) {
    if (change === 'created') this.created++
    else if (change === 'updated') this.updated++
    else this.unchanged++
  }

  plan(errors: Issue[], write: Plan['write']): Plan {
    return { errors, warnings: [], created: this.created, updated: this.updated, unchanged: this.unchanged, write }
  }
}

/** The two calls of a Prisma model delegate a plan writes with. */
type Table<C> = {
  createMany(args: { data: C[] }): PromiseLike<unknown>
  update(args: { where: { id: string }; data: object }): PromiseLike<unknown>
}

const CHUNK = 500

/** New and changed rows of one table; each row of the file is one create, one update or one unchanged. */
export class TableChanges<C> {
  readonly creates: C[] = []
  readonly updates: Array<{ id: string; data: object }> = []
  unchanged = 0

  create(row: C) {
    this.creates.push(row)
  }

  /** Updates `id` with `data`, or counts the row as unchanged when `data` is empty. */
  update(id: string, data: object) {
    if (Object.keys(data).length) this.updates.push({ id, data })
    else this.unchanged++
  }

  /** Writes the creates in chunks of 500, then each update. */
  plan(errors: Issue[], table: (tx: Client) => Table<C>): Plan {
    const { creates, updates } = this
    return {
      errors,
      warnings: [],
      created: creates.length,
      updated: updates.length,
      unchanged: this.unchanged,
      async write(tx) {
        const t = table(tx)
        for (let i = 0; i < creates.length; i += CHUNK) await t.createMany({ data: creates.slice(i, i + CHUNK) })
        for (const u of updates) await t.update({ where: { id: u.id }, data: u.data })
      },
    }
  }
}
